"""Redis I/O: the periodic job of the segments package, deleting the data of citizens who left long ago."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import services as services_module
from segments.store import FollowerStore


def purge_expired_followers() -> int:
    """Erase everyone who blocked more than `retention_days` ago (config, default 180); returns how many."""
    services = services_module.current()
    before = datetime.now(timezone.utc) - timedelta(days=services.config.retention_days)
    return FollowerStore(services.redis, services.config.city).purge_blocked(before=before)


CRON_JOBS = [("30 3 * * *", purge_expired_followers, "default")]
"""(cron expression in the city's local time, job, queue): every night at 03:30."""
