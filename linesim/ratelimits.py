"""In-memory: per-endpoint rate limits (LINE's documented ones in `line` mode, none in `fast`) plus overrides.

Rates are read with the `limits` library; the moving window itself is a deque of hit times per endpoint.
(limits' MemoryStorage starts a timer thread every 10 ms to expire hits: at LINE's multicast rate that thread
cost linesim a fifth of its CPU, and linesim shares the machine with the workers it is measuring.)
"""

from __future__ import annotations

import time
from collections import deque
from typing import Mapping

from limits import RateLimitItem, parse

MODES = ("line", "fast")

LINE_LIMITS = {
    "multicast": "200/second",
    "narrowcast": "60/hour",
    "broadcast": "60/hour",
    "insight_followers": "60/hour",
    "webhook_test": "60/hour",
    "webhook_endpoint_get": "1000/minute",
    "webhook_endpoint_set": "1000/minute",
    "loading_animation": "100/second",
    "richmenu_create": "100/hour",
    "richmenu_delete": "100/hour",
    "richmenu_alias_delete": "100/hour",
}
"""[REF]#rate-limits, per channel and per endpoint; a different HTTP method is a different endpoint."""

LINE_DEFAULT = "2000/second"
"""[REF]#rate-limits: "all other endpoints"."""


def check_rate(text: str) -> str:
    """Raise ValueError unless `text` is a rate such as `200/second` or `60/hour`."""
    parse(text)
    return text


def parse_rate_option(text: str) -> tuple[str, str]:
    """`multicast=5/second` → ("multicast", "5/second")."""
    endpoint, equals, rate = text.partition("=")
    if not equals or not endpoint.strip():
        raise ValueError(f"expected ENDPOINT=RATE such as multicast=200/second, got {text!r}")
    return endpoint.strip(), check_rate(rate.strip())


class MovingWindow:
    """At most `item.amount` hits in any interval of `item.get_expiry()` seconds: the strictest reading of
    "N requests per second"."""

    def __init__(self, item: RateLimitItem):
        self.limit, self.seconds = item.amount, item.get_expiry()
        self._hits: deque[float] = deque()

    def hit(self, now: float) -> bool:
        hits = self._hits
        while hits and hits[0] <= now - self.seconds:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        return True


class RateLimits:
    """Moving-window limits in real time (the simulated clock offset does not touch them)."""

    def __init__(self, mode: str, overrides: Mapping[str, str] | None = None):
        self.configure(mode, overrides or {})

    def configure(self, mode: str, overrides: Mapping[str, str]) -> None:
        """Start over: forget every hit, set the mode and the overrides."""
        if mode not in MODES:
            raise ValueError(f"limits must be one of {MODES}, not {mode!r}")
        self.mode = mode
        self._overrides: dict[str, RateLimitItem | None] = {}
        self._windows: dict[str, MovingWindow] = {}
        for endpoint, rate in overrides.items():
            self.override(endpoint, rate)

    def override(self, endpoint: str, rate: str | None) -> None:
        """Set one endpoint's limit; None means unlimited, whatever the mode."""
        self._overrides[endpoint] = parse(rate) if rate else None
        self._windows.pop(endpoint, None)

    def allow(self, endpoint: str) -> bool:
        window = self._windows.get(endpoint)
        if window is None:
            item = self._item(endpoint)
            if item is None:
                return True
            window = self._windows[endpoint] = MovingWindow(item)
        return window.hit(time.monotonic())

    def _item(self, endpoint: str) -> RateLimitItem | None:
        if endpoint in self._overrides:
            return self._overrides[endpoint]
        if self.mode == "fast":
            return None
        return _LINE_ITEMS.get(endpoint, _LINE_DEFAULT_ITEM)

    def to_dict(self) -> dict:
        overrides = {name: (str(item) if item else None) for name, item in self._overrides.items()}
        return {"mode": self.mode, "overrides": overrides}


_LINE_ITEMS = {endpoint: parse(rate) for endpoint, rate in LINE_LIMITS.items()}
_LINE_DEFAULT_ITEM = parse(LINE_DEFAULT)
