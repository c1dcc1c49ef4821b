from __future__ import annotations

from datetime import datetime, timedelta, timezone

from segments import consent
from segments.jobs import purge_expired_followers
from segments.store import FollowerStore
from tests.segments.helpers import user


def test_the_daily_job_erases_those_who_blocked_longer_ago_than_the_retention_period(citybot_services):
    services = citybot_services
    store = FollowerStore(services.redis, services.config.city)
    now = datetime.now(timezone.utc)
    days = services.config.retention_days
    for number, blocked_days_ago in enumerate([days + 1, days - 1, days + 30]):
        store.follow(user(number), at=now - timedelta(days=400), unblocked=False)
        store.record_consent(user(number), granted=True, at=now - timedelta(days=400))
        store.unfollow(user(number), at=now - timedelta(days=blocked_days_ago))
    store.follow(user(9), at=now - timedelta(days=400), unblocked=False)
    assert purge_expired_followers() == 2
    assert [store.get(user(number)) is None for number in (0, 1, 2, 9)] == [True, False, True, False]
    assert [entry.reason for entry in consent.entries(services.redis) if entry.event == "erased"] == ["retention"] * 2
    assert purge_expired_followers() == 0

