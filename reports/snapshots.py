"""Redis I/O: one hash per JST date with LINE's insight numbers (`line:*`) beside our own counts (`event:*`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterator

from redis import Redis

from reports import keys
from reports.counters import EVENT_FIELD
from reports.growth import DayFigures

READY, UNREADY, OUT_OF_SERVICE = "ready", "unready", "out_of_service"
"""LINE's insight statuses: numbers known; not computed yet (about a day); before 2016-11-01 (never known)."""

INSIGHT_FIRST_DAY = date(2016, 11, 1)
"""LINE keeps insight numbers from this date on."""


def days_between(start: date, end: date) -> Iterator[date]:
    """Every day from `start` to `end`, both included."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def store_insight(redis: Redis, day: date, *, status: str, followers: int | None, targeted_reaches: int | None,
                  blocks: int | None, fetched_at: datetime) -> None:
    """Record LINE's answer for `day`; the numbers only when `status` is ready."""
    fields = {"line:status": status, "line:fetched_at": fetched_at.isoformat(timespec="seconds")}
    if status == READY:
        fields.update({"line:followers": followers, "line:targeted_reaches": targeted_reaches or 0,
                       "line:blocks": blocks})
    with redis.pipeline(transaction=True) as pipeline:
        pipeline.hset(keys.day(day), mapping=fields)
        if status == READY:
            pipeline.zadd(keys.DAYS, {day.isoformat(): day.toordinal()})
        pipeline.execute()


def missing_days(redis: Redis, start: date, end: date) -> list[date]:
    """Days from `start` to `end` whose numbers LINE may still give (not ready, not out of service), newest first."""
    days = list(days_between(max(start, INSIGHT_FIRST_DAY), end))
    with redis.pipeline(transaction=False) as pipeline:
        for day in days:
            pipeline.hget(keys.day(day), "line:status")
        statuses = pipeline.execute()
    settled = {READY.encode(), OUT_OF_SERVICE.encode()}
    return [day for day, status in reversed(list(zip(days, statuses))) if status not in settled]


def first_stored_day(redis: Redis) -> date | None:
    """The earliest day with LINE numbers, or None before the first snapshot."""
    first = redis.zrange(keys.DAYS, 0, 0)
    return date.fromisoformat(first[0].decode()) if first else None


def read_days(redis: Redis, start: date, end: date) -> list[DayFigures]:
    """Figures of every day from `start` to `end` that has any (LINE numbers or our counts), oldest first."""
    days = list(days_between(start, end))
    with redis.pipeline(transaction=False) as pipeline:
        for day in days:
            pipeline.hgetall(keys.day(day))
        hashes = pipeline.execute()
    return [_figures(day, raw) for day, raw in zip(days, hashes) if raw]


def _figures(day: date, raw: dict[bytes, bytes]) -> DayFigures:
    fields = {name.decode(): value.decode() for name, value in raw.items()}
    ready = fields.get("line:status") == READY
    number = (lambda name: int(fields[name])) if ready else (lambda name: None)
    events = {name[len(EVENT_FIELD):]: int(value) for name, value in fields.items() if name.startswith(EVENT_FIELD)}
    return DayFigures(day=day, followers=number("line:followers"), blocks=number("line:blocks"),
                      targeted_reaches=number("line:targeted_reaches"), events=events)


def history_start(redis: Redis, default: date) -> date:
    """The first day the daily job keeps numbers for (set with `citybot report backfill --since`)."""
    stored = redis.get(keys.HISTORY_START)
    return date.fromisoformat(stored.decode()) if stored else default


def set_history_start(redis: Redis, day: date) -> None:
    redis.set(keys.HISTORY_START, max(day, INSIGHT_FIRST_DAY).isoformat())
