"""Pure: linesim's clock, which tests set, freeze and move (reply-token expiry, 24 h keys, insight dates, quota)."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")
"""LINE's insight dates and the monthly quota follow Japan Standard Time (UTC+9)."""


class Clock:
    """Wall-clock time shifted by `offset` seconds, or stopped at `frozen_at`; rate limits keep real time.

    A test that freezes its own clock at a moment sets linesim's to the same moment, so "today", "yesterday"
    and "not ready yet" mean the same thing in both processes whatever the date the test runs on.
    """

    def __init__(self, offset: float = 0.0):
        self.offset = offset
        self.frozen_at: float | None = None

    def reset(self) -> None:
        """Back to real time."""
        self.offset, self.frozen_at = 0.0, None

    def now(self) -> float:
        return self.frozen_at if self.frozen_at is not None else time.time() + self.offset

    def now_ms(self) -> int:
        return int(self.now() * 1000)

    def set(self, moment: float, frozen: bool = False) -> None:
        """Make `moment` (seconds since the epoch) the time now; a frozen clock stays there until moved."""
        self.offset = moment - time.time()
        self.frozen_at = moment if frozen else None

    def advance(self, seconds: float) -> None:
        self.offset += seconds
        if self.frozen_at is not None:
            self.frozen_at += seconds

    def jst(self) -> datetime:
        return datetime.fromtimestamp(self.now(), JST)


def jst_date(ms: int) -> date:
    return datetime.fromtimestamp(ms / 1000, JST).date()


def iso_utc(ms: int) -> str:
    """ISO 8601 in UTC with milliseconds, the form of LINE's narrowcast progress times."""
    moment = datetime.fromtimestamp(ms / 1000, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
