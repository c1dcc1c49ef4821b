"""Fixtures of the segments tests: the demo city and a follower store on the test Redis."""

from __future__ import annotations

import pytest

from config import DEFAULT_CITY_FILE
from segments.city import City, load_city
from segments.store import FollowerStore


@pytest.fixture(scope="session")
def city() -> City:
    return load_city(DEFAULT_CITY_FILE)


@pytest.fixture
def store(redis, city) -> FollowerStore:
    return FollowerStore(redis, city)
