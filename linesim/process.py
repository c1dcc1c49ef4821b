"""Process I/O: start `python -m linesim` as a child process and wait until it answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import urllib3

from linesim.client import LinesimHandle

START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LinesimProcess:
    process: subprocess.Popen
    handle: LinesimHandle

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not stopped within 10 s."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(*, channel_secret: str, access_token: str, port: int | None = None, webhook_url: str | None = None,
          limits: str = "fast", extra_args: Sequence[str] = (), log_path: Path | None = None) -> LinesimProcess:
    """Start linesim on 127.0.0.1 (a free port unless given); raises RuntimeError if it does not come up."""
    port = port or free_port()
    command = [sys.executable, "-m", "linesim", "--port", str(port), "--channel-secret", channel_secret,
               "--access-token", access_token, "--limits", limits, *extra_args]
    if webhook_url:
        command += ["--webhook-url", webhook_url]
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL
    try:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).parent.parent)
    finally:
        if log_path:
            log.close()
    handle = LinesimHandle(f"http://127.0.0.1:{port}", channel_secret, access_token)
    wait_until_up(process, handle.url)
    return LinesimProcess(process, handle)


def wait_until_up(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    http = urllib3.PoolManager(retries=False)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"linesim exited with code {process.returncode} while starting")
        try:
            if http.request("GET", url + "/_sim/health", timeout=1.0).status == 200:
                return
        except urllib3.exceptions.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"linesim did not answer at {url} within {START_TIMEOUT} s")
