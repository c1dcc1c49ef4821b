"""LINE and Redis I/O: fetch LINE's insight numbers for the days still missing, within 60 requests/hour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from limits import RateLimitItemPerHour
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter
from redis import Redis

from messages.errors import DeliveryError
from messages.gateway import LineGateway
from reports import keys, snapshots

INSIGHT_REQUESTS_PER_HOUR = 60
"""LINE's limit for GET /v2/bot/insight/followers, shared by every worker through Redis."""

INSIGHT_LIMIT_NAME = "insight-followers"


@dataclass
class Collected:
    """What one run achieved; `waiting` days are left for a later run (rate limit, unready, LINE trouble)."""

    stored: list[date] = field(default_factory=list)
    unready: list[date] = field(default_factory=list)
    not_attempted: list[date] = field(default_factory=list)
    retry_in_seconds: float | None = None
    problem: str = ""

    @property
    def waiting(self) -> int:
        return len(self.unready) + len(self.not_attempted)


class InsightLimiter:
    """A moving window in Redis, so all workers together stay under LINE's hourly limit."""

    def __init__(self, redis: Redis, per_hour: int = INSIGHT_REQUESTS_PER_HOUR):
        storage = RedisStorage("redis://", connection_pool=redis.connection_pool, key_prefix=keys.RATE_LIMIT_PREFIX)
        self._limiter = MovingWindowRateLimiter(storage)
        self._item = RateLimitItemPerHour(per_hour)

    def acquire(self) -> bool:
        return self._limiter.hit(self._item, INSIGHT_LIMIT_NAME)

    def seconds_until_free(self, now: float) -> float:
        return max(self._limiter.get_window_stats(self._item, INSIGHT_LIMIT_NAME).reset_time - now, 1.0)


def collect(redis: Redis, gateway: LineGateway, *, start: date, end: date, now: datetime,
            limiter: InsightLimiter | None = None) -> Collected:
    """Ask LINE for each missing day from `end` back to `start` until the hourly budget is spent.

    A permanent LINE error (bad token, plan without insight) is raised: retrying cannot help.
    """
    limiter = limiter or InsightLimiter(redis)
    result = Collected()
    missing = snapshots.missing_days(redis, start, end)
    for position, day in enumerate(missing):
        if not limiter.acquire():
            result.not_attempted = missing[position:]
            result.retry_in_seconds = limiter.seconds_until_free(now.timestamp())
            break
        try:
            answer = gateway.insight_followers(day)
        except DeliveryError as error:
            if error.permanent:
                raise
            result.not_attempted, result.problem = missing[position:], str(error)
            break
        snapshots.store_insight(redis, day, status=answer.status, followers=answer.followers,
                                targeted_reaches=answer.targeted_reaches, blocks=answer.blocks, fetched_at=now)
        if answer.status == snapshots.READY:
            result.stored.append(day)
        elif answer.status == snapshots.UNREADY:
            result.unready.append(day)
    return result
