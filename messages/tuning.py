"""Redis I/O: delivery settings every worker on every machine shares (rate limits, lease, backoff).

They live in Redis, not in each process, so one change (an operator lowering the rate because another
system shares the channel, or a test speeding up recovery) reaches all workers within a second.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import asdict, dataclass, fields, replace

from limits import parse
from redis import Redis

from messages import keys


@dataclass(frozen=True)
class Tuning:
    multicast_rate: str = "196/second"   # LINE: multicast 200 requests/s; 2 % margin for jitter on the way
    broadcast_rate: str = "60/hour"      # LINE: broadcast 60 requests/hour
    lease_seconds: float = 60.0          # a claimed batch is another worker's after this; > LINE timeouts (18 s)
    backoff_base: float = 1.0            # first retry after 0.5–1 s, doubling per attempt
    max_attempts: int = 10               # then the batch fails (well inside the retry key's 24 h)

    def rate(self, endpoint: str) -> str:
        return getattr(self, f"{endpoint}_rate")


RECENT_SECONDS = 1.0
"""How old the settings a batch job uses may be: a change reaches every worker within a second."""

_recent: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Connection pool → (when loaded, settings)."""


def recent(redis: Redis) -> Tuning:
    """`load`, read at most once a second per process: batch jobs run 200 times a second."""
    loaded_at, tuning = _recent.get(redis.connection_pool, (float("-inf"), None))
    if time.monotonic() - loaded_at >= RECENT_SECONDS:
        tuning = load(redis)
        _recent[redis.connection_pool] = (time.monotonic(), tuning)
    return tuning


def load(redis: Redis) -> Tuning:
    stored = {key.decode(): value.decode() for key, value in redis.hgetall(keys.SETTINGS).items()}
    defaults = Tuning()
    return Tuning(**{item.name: type(getattr(defaults, item.name))(stored[item.name])
                     for item in fields(Tuning) if item.name in stored})


def save(redis: Redis, **changes) -> Tuning:
    """Change some settings for every worker; rates are checked (e.g. "200/second") before anything is stored."""
    tuning = replace(load(redis), **changes)
    for endpoint in ("multicast", "broadcast"):
        parse(tuning.rate(endpoint))
    redis.hset(keys.SETTINGS, mapping={name: str(value) for name, value in asdict(tuning).items()})
    _recent.pop(redis.connection_pool, None)            # this process sees its own change at once
    return tuning
