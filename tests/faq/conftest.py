"""FAQ test fixtures: a small FAQ set of our own (tests/faq/data/sample_faq.csv) and its index."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.context import BotContext
from bot.faq import store
from bot.faq.engine import analyzer
from bot.faq.index import FaqIndex
from bot.faq.io import read_faqs

SAMPLE = Path(__file__).parent / "data" / "sample_faq.csv"


@pytest.fixture(scope="session")
def sample_file() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_faqs():
    return read_faqs(SAMPLE.read_bytes(), SAMPLE.name)


@pytest.fixture(scope="session")
def sample_index(sample_faqs) -> FaqIndex:
    return FaqIndex(sample_faqs, analyzer())


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 5, 11, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.fixture
def stored_faqs(redis, sample_faqs, now) -> str:
    """The sample set imported into the test Redis (lexically: no vectors); returns its version."""
    return store.replace_all(redis, sample_faqs, at=now, source=SAMPLE.name)


@pytest.fixture
def ctx(citybot_services, now) -> BotContext:
    return BotContext(services=citybot_services, now=now)
