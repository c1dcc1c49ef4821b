"""Pure: the Redis key names of the reports package (every one under `citybot:report:`)."""

from __future__ import annotations

from datetime import date

PREFIX = "citybot:report"

DAYS = f"{PREFIX}:days"
"""Sorted set of JST dates (ISO text) whose LINE insight numbers are stored; score = date ordinal."""

HISTORY_START = f"{PREFIX}:history_start"
"""The first JST date the daily job backfills from (ISO text); set by `citybot report backfill --since`."""

SNAPSHOT_FOLLOWUP = f"{PREFIX}:snapshot:followup"
"""Present while a follow-up snapshot run is scheduled, so retries never pile up (SET NX with a TTL)."""


def day(day_: date) -> str:
    """Hash of one JST day: LINE's insight numbers (`line:*`) and our webhook counts (`event:*`)."""
    return f"{PREFIX}:day:{day_.isoformat()}"


def weekly_claim(week: str) -> str:
    """SET NX by the worker producing the week's report; "done" once produced, so it happens once."""
    return f"{PREFIX}:weekly:{week}:claim"


def weekly_delivery(week: str) -> str:
    """Hash recipient → "sent" | "failed: reason" for the week's summary (LINE IDs and "email")."""
    return f"{PREFIX}:weekly:{week}:delivery"
