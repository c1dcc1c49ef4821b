"""Fixtures that start linesim (the LINE platform emulator) for tests: one process per session, reset per test."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
import time_machine

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
    """The session's linesim with everything forgotten: users, ledger, keys, faults, limits, webhook URL.

    Its clock is set to this process's, so a test run under a shifted clock shifts linesim's too.
    """
    linesim_server.reset()
    follow_this_process(linesim_server)
    return linesim_server


def follow_this_process(linesim: LinesimHandle) -> None:
    linesim.set_clock(datetime.now(timezone.utc))


@pytest.fixture
def travel(linesim: LinesimHandle):
    """`with travel(moment):` moves this process's clock (time-machine) and linesim's to the same moment.

    Frozen there unless `tick=True`; afterwards linesim follows this process's clock again.
    """

    @contextmanager
    def to(moment: datetime, tick: bool = False):
        with time_machine.travel(moment, tick=tick):
            linesim.set_clock(moment, frozen=not tick)
            yield
        follow_this_process(linesim)

    return to
