"""Pure: how a run is cut into LINE requests — batch size, retry keys, which endpoint, and retry backoff."""

from __future__ import annotations

import random
import uuid

from messages.limits import MULTICAST_RECIPIENTS
from messages.variants import BASE_LANGUAGE

BATCH_SIZE = MULTICAST_RECIPIENTS
"""As many recipients per request as LINE's multicast takes: the fewest requests under its rate limit."""

NAMESPACE = uuid.UUID("6f1d8a52-3c0e-5b7a-9d4e-2a61c0b7f35d")
"""Fixed namespace of citybot's retry keys: the same batch always gets the same key."""


def retry_key(broadcast_id: str, run: int, batch_no: int) -> str:
    """The X-Line-Retry-Key of one batch of one run: any retry, by any worker, sends the same key and LINE
    executes the request once (a repeat gets 409, which means delivered)."""
    return str(uuid.uuid5(NAMESPACE, f"{broadcast_id}:{run}:{batch_no}"))


def uses_broadcast_endpoint(all_friends: bool, variants: dict[str, list[dict]], *, urgent: bool, weekly_cap: int,
                            category: str | None) -> bool:
    """"all" goes through LINE's broadcast endpoint (it reaches friends we hold no record of) — unless there are
    language variants, a weekly cap or category opt-outs to respect, which need per-citizen multicast to the
    friends we know."""
    only_base = [language for language, messages in variants.items() if messages] == [BASE_LANGUAGE]
    return all_friends and only_base and category is None and (urgent or weekly_cap == 0)


def backoff_delay(attempt: int, *, base: float, ceiling: float = 300.0, rand=random.random) -> float:
    """Seconds to wait after the `attempt`-th failure: exponential, with jitter so workers do not retry in step."""
    step = min(ceiling, base * 2 ** (attempt - 1))
    return step / 2 + rand() * step / 2
