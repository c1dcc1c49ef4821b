"""An S3-compatible bucket for the photo-store tests: a real s3rver process (from npm, `.ci/find-s3rver`)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bench._servers import free_port, process

ROOT = Path(__file__).resolve().parents[2]
SHIFTED_CLOCK = ROOT / "tests" / "shifted_clock" / "shift.cjs"
"""Shifts s3rver's clock with the tests' (.ci/test-on-other-days), or it refuses their signatures."""
BUCKET = "citybot-photos"
KEYS = {"AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER", "AWS_DEFAULT_REGION": "us-east-1"}
"""s3rver's own account: it checks each request's signature with it."""


@pytest.fixture(scope="session")
def s3rver(tmp_path_factory):
    """The endpoint URL of an s3rver holding an empty bucket `citybot-photos`."""
    binary = os.environ.get("S3RVER_PATH") or subprocess.run(
        ["sh", str(ROOT / ".ci" / "find-s3rver")], check=True, capture_output=True, text=True).stdout.strip()
    port = free_port()
    command = ["node", "--require", str(SHIFTED_CLOCK), binary, "--directory", str(tmp_path_factory.mktemp("s3")),
               "--address", "127.0.0.1", "--port", str(port), "--silent", "--configure-bucket", BUCKET]
    with process(command, port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def bucket_account(monkeypatch):
    """boto3 signs with s3rver's account (set in the environment, as a city's deployment would)."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
