"""Redis I/O: what the console remembers for staff — the form a message was composed in, and what an approver saw.

Broadcasts store finished LINE messages. To edit a card in the form it was written in, the console keeps
each message's form description under the hash of the message itself: a message changed elsewhere (the
CLI) simply has no description and is shown as JSON.
"""

from __future__ import annotations

import hashlib
import json

from redis import Redis

from admin import keys

KEEP_SECONDS = 400 * 24 * 3600
"""Long enough to edit last year's recurring notice again."""


def _digest(message: dict) -> str:
    canonical = json.dumps(message, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def remember_specs(redis: Redis, specs: dict[str, list[dict]], messages: dict[str, list[dict]]) -> None:
    """Keep each message's form description (the spec it was built from)."""
    with redis.pipeline(transaction=False) as pipe:
        for language, built in messages.items():
            for spec, message in zip(specs.get(language, []), built):
                pipe.set(keys.message_spec(_digest(message)), json.dumps(spec, ensure_ascii=False), ex=KEEP_SECONDS)
        pipe.execute()


def recall_specs(redis: Redis, messages: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The form description of each message, or the message itself when none is known."""
    recalled = {}
    for language, built in messages.items():
        stored = redis.mget([keys.message_spec(_digest(message)) for message in built]) if built else []
        recalled[language] = [json.loads(raw) if raw else message for raw, message in zip(stored, built)]
    return recalled


def remember_review(redis: Redis, broadcast_id: str, version: int, lines: list[str]) -> None:
    redis.set(keys.reviewed(broadcast_id), json.dumps({"version": version, "lines": lines}, ensure_ascii=False),
              ex=KEEP_SECONDS)


def recall_review(redis: Redis, broadcast_id: str) -> dict | None:
    """{"version": n, "lines": [...]} as the approver last saw it, or None."""
    raw = redis.get(keys.reviewed(broadcast_id))
    return json.loads(raw) if raw else None
