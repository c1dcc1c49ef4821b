"""Shared set-up for the campaign tests: a fixed moment (the wall clock is moved there) and one campaign."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from campaigns import store
from campaigns.model import Campaign

JST = ZoneInfo("Asia/Tokyo")
WEDNESDAY = datetime(2026, 12, 2, 10, 0, tzinfo=JST)
WEEK_START, WEEK_END = date(2026, 11, 30), date(2026, 12, 6)
POSTER = Campaign("HK7QA", "市役所1階のポスター", "ポスター", date(2026, 12, 1), date(2026, 12, 31), cost=6000)
ENDED = Campaign("MN3PX", "秋の防災フェア", "イベント", date(2026, 10, 1), date(2026, 11, 15))


@pytest.fixture
def campaigns(citybot_services):
    for campaign in (POSTER, ENDED):
        store.save(citybot_services.redis, campaign, actor="test", at=WEDNESDAY, created=True)
    return citybot_services
