"""LINE and Redis I/O: fetch LINE's insight numbers for the days still missing, within 60 requests/hour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from redis import Redis

from messages.errors import DeliveryError
from messages.gateway import LineGateway
from messages.ratelimit import SharedRateLimiter
from reports import snapshots

INSIGHT_REQUESTS_PER_HOUR = 60
"""LINE's limit for GET /v2/bot/insight/followers, shared by every worker through Redis."""

INSIGHT_LIMIT_NAME = "insight-followers"


def insight_limiter(redis: Redis, per_hour: int = INSIGHT_REQUESTS_PER_HOUR) -> SharedRateLimiter:
    """The moving window that keeps all workers together under LINE's hourly insight limit."""
    return SharedRateLimiter(redis, {INSIGHT_LIMIT_NAME: f"{per_hour}/hour"})


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


def collect(redis: Redis, gateway: LineGateway, *, start: date, end: date, now: datetime,
            limiter: SharedRateLimiter | None = None) -> Collected:
    """Ask LINE for each missing day from `end` back to `start` until the hourly budget is spent.

    A permanent LINE error (bad token, plan without insight) is raised: retrying cannot help.
    """
    limiter = limiter or insight_limiter(redis)
    result = Collected()
    missing = snapshots.missing_days(redis, start, end)
    for position, day in enumerate(missing):
        if not limiter.allow(INSIGHT_LIMIT_NAME):
            result.not_attempted = missing[position:]
            result.retry_in_seconds = max(limiter.seconds_until_free(INSIGHT_LIMIT_NAME), 1.0)
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
