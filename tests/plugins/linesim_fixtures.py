"""Fixtures that start linesim (the LINE platform emulator) for tests: one process per session, reset per test."""

from __future__ import annotations

import pytest

from linesim import process
from linesim.client import LinesimHandle

CHANNEL_SECRET = "test-channel-secret"
ACCESS_TOKEN = "test-access-token"


@pytest.fixture(scope="session")
def linesim_server(tmp_path_factory) -> LinesimHandle:
    """linesim on a free port over real HTTP, with rate limits off (`--limits fast`).

    Its output goes to linesim.log in the session's temporary directory.
    """
    log_path = tmp_path_factory.mktemp("linesim") / "linesim.log"
    running = process.start(channel_secret=CHANNEL_SECRET, access_token=ACCESS_TOKEN, limits="fast",
                            log_path=log_path)
    try:
        yield running.handle
    finally:
        running.stop()


@pytest.fixture
def linesim(linesim_server: LinesimHandle) -> LinesimHandle:
    """The session's linesim with everything forgotten: users, ledger, keys, faults, limits, webhook URL."""
    linesim_server.reset()
    return linesim_server
