"""Redis I/O: the consent ledger, an append-only stream of every grant, refusal, withdrawal and change.

Events: grant / refuse (the answer to the notice), withdraw (a grant taken back), change (consent to a new
notice version), erased (someone's data was deleted: the entry says when and why, never who).
Entries are never edited. The one exception is erasure: when a citizen's data is erased (on request or by
the retention job) their entries are deleted too, and an "erased" entry without any personal data remains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import AbstractSet, Iterator

from redis import Redis

from segments import keys
from segments.follower import as_text

PAGE = 1000
"""Stream entries read per round trip when searching the ledger."""


@dataclass(frozen=True)
class ConsentEntry:
    entry_id: str
    event: str
    at: datetime
    user_id: str = ""
    version: str = ""
    reason: str = ""


def append(pipe, *, user_id: str, event: str, version: str, at: datetime) -> None:
    """Queue one consent event on the caller's pipeline (part of the same transaction as the change)."""
    pipe.xadd(keys.CONSENT_LEDGER, {"event": event, "user": user_id, "version": version, "at": at.isoformat()})


def append_erasure(pipe, *, reason: str, at: datetime) -> None:
    """Queue the trace of an erasure: when and why, with no user ID."""
    pipe.xadd(keys.CONSENT_LEDGER, {"event": "erased", "reason": reason, "at": at.isoformat()})


def entries(redis: Redis, *, user_id: str | None = None) -> list[ConsentEntry]:
    """The ledger oldest first, optionally one citizen's entries only."""
    return [entry for entry in _scan(redis) if user_id is None or entry.user_id == user_id]


def forget(redis: Redis, user_ids: AbstractSet[str]) -> int:
    """Delete every entry naming one of these citizens; returns how many were deleted."""
    doomed = [entry.entry_id for entry in _scan(redis) if entry.user_id in user_ids]
    for start in range(0, len(doomed), PAGE):
        redis.xdel(keys.CONSENT_LEDGER, *doomed[start:start + PAGE])
    return len(doomed)


def _scan(redis: Redis) -> Iterator[ConsentEntry]:
    start = "-"
    while True:
        page = redis.xrange(keys.CONSENT_LEDGER, min=start, count=PAGE)
        for entry_id, fields in page:
            yield _entry(entry_id, fields)
        if len(page) < PAGE:
            return
        start = "(" + as_text(page[-1][0])


def _entry(entry_id, fields: dict) -> ConsentEntry:
    text = {as_text(name): as_text(value) for name, value in fields.items()}
    return ConsentEntry(
        entry_id=as_text(entry_id),
        event=text["event"],
        at=datetime.fromisoformat(text["at"]),
        user_id=text.get("user", ""),
        version=text.get("version", ""),
        reason=text.get("reason", ""),
    )
