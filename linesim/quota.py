"""Pure: the monthly message quota (plan `none` or `limited`) and its use, one per recipient per JST month."""

from __future__ import annotations

from collections import Counter

from linesim.clock import jst_date

PLANS = ("none", "limited")


class Quota:
    def __init__(self, limit: int | None):
        self.limit = limit
        self._used: Counter[str] = Counter()

    def set_plan(self, kind: str, value: int | None) -> None:
        if kind not in PLANS:
            raise ValueError(f"quota type must be one of {PLANS}")
        if kind == "limited" and (not isinstance(value, int) or value < 0):
            raise ValueError("a limited quota needs a value: a whole number of messages, 0 or more")
        self.limit = None if kind == "none" else value

    def try_use(self, count: int, now_ms: int) -> bool:
        """Count `count` messages if they all fit; nothing is counted when they do not (LINE sends nothing)."""
        month = _month(now_ms)
        if self.limit is not None and self._used[month] + count > self.limit:
            return False
        self._used[month] += count
        return True

    def used(self, now_ms: int) -> int:
        return self._used[_month(now_ms)]

    def remaining(self, now_ms: int) -> int | None:
        return None if self.limit is None else max(self.limit - self.used(now_ms), 0)

    def to_dict(self) -> dict:
        """The body of GET /v2/bot/message/quota."""
        if self.limit is None:
            return {"type": "none"}
        return {"type": "limited", "value": self.limit}


def _month(now_ms: int) -> str:
    return jst_date(now_ms).strftime("%Y-%m")
