"""Pure: linesim's clock, real time plus an offset that tests move forward (reply-token expiry, 24 h keys, dates)."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")
"""LINE's insight dates and the monthly quota follow Japan Standard Time (UTC+9)."""


class Clock:
    """Wall-clock time shifted by `offset` seconds; rate limits deliberately use real time instead."""

    def __init__(self, offset: float = 0.0):
        self.offset = offset

    def now(self) -> float:
        return time.time() + self.offset

    def now_ms(self) -> int:
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def jst(self) -> datetime:
        return datetime.fromtimestamp(self.now(), JST)


def jst_date(ms: int) -> date:
    return datetime.fromtimestamp(ms / 1000, JST).date()


def iso_utc(ms: int) -> str:
    """ISO 8601 in UTC with milliseconds, the form of LINE's narrowcast progress times."""
    moment = datetime.fromtimestamp(ms / 1000, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
