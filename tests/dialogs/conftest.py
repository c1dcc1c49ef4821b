"""Fixtures for the dialog tests: the demo city, a city with long lists (paging), and citizens' choices."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.dialogs.model import Choices
from config import DEFAULT_CITY_FILE
from segments.city import City, load_city


def demo_city() -> City:
    return load_city(Path(DEFAULT_CITY_FILE))


def big_city() -> City:
    """More districts and interests than one quick reply can show."""
    return replace(demo_city(), districts=tuple(f"地区{number:02d}" for number in range(1, 31)),
                   interests=tuple(f"関心{number:02d}" for number in range(1, 21)))


def consented(city: City, **fields) -> Choices:
    return Choices(consent="granted", consent_version=city.privacy_version, **fields)


@pytest.fixture
def city() -> City:
    return demo_city()


@pytest.fixture
def many() -> City:
    return big_city()
