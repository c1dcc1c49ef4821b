"""Redis I/O: one rate limiter per LINE endpoint, shared by every worker on every machine (the `limits` library).

A moving window is the strictest reading of "N requests per second": no interval of that length ever
holds more than N requests, whichever way LINE counts, so LINE never has reason to answer 429.
"""

from __future__ import annotations

import random
import time

from limits import RateLimitItem, parse
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter
from redis import Redis

from messages import keys


class SharedRateLimiter:
    def __init__(self, redis: Redis, rates: dict[str, str]):
        storage = RedisStorage("redis://", connection_pool=redis.connection_pool, key_prefix=keys.RATE_LIMIT_PREFIX)
        self._limiter = MovingWindowRateLimiter(storage)
        self._items: dict[str, RateLimitItem] = {endpoint: parse(rate) for endpoint, rate in rates.items()}

    def allow(self, endpoint: str, *identifiers: str) -> bool:
        """Count one request if it fits in the window (per identifiers, e.g. a client address); never waits."""
        return self._limiter.hit(self._items[endpoint], endpoint, *identifiers)

    def seconds_until_free(self, endpoint: str) -> float:
        """How long until the window has room again (0 when it has room now)."""
        reset_at = self._limiter.get_window_stats(self._items[endpoint], endpoint).reset_time
        return max(reset_at - time.time(), 0.0)

    def acquire(self, endpoint: str) -> float:
        """Wait until one more request to `endpoint` fits in the window; return the seconds waited."""
        waited = 0.0
        while not self.allow(endpoint):
            pause = self.seconds_until_free(endpoint) + random.uniform(0.0005, 0.003)
            time.sleep(pause)
            waited += pause
        return waited
