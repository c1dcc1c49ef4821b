"""Pure: the broadcast record staff work on, and how it is stored in its Redis hash."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime

from messages import schedule
from messages.lifecycle import DRAFT

EDITABLE = ("title", "segment", "category", "urgent", "variants", "schedule")
"""Fields staff may change; changing any of them returns the broadcast to draft."""

ALL_FRIENDS = "all"
"""The segment expression meaning every friend (LINE's broadcast endpoint when possible)."""


@dataclass(frozen=True)
class Broadcast:
    id: str
    title: str
    created_by: str
    created_at: datetime
    state: str = DRAFT
    segment: str = ALL_FRIENDS
    category: str | None = None          # the opt-out category (「配信停止」) this broadcast belongs to
    urgent: bool = False                  # 防災: ignores quiet hours and the weekly cap, skips the queue
    variants: dict[str, list[dict]] = field(default_factory=dict)   # language → LINE messages
    schedule: schedule.Rule | None = None  # None: send as soon as approved
    authors: frozenset[str] = frozenset()  # everyone who wrote or edited it; none of them may approve
    approver: str | None = None
    version: int = 1                      # bumped by every edit; a scheduled job for an older version does nothing
    run: int = 0                          # number of the latest delivery run
    next_run_at: datetime | None = None
    comment: str = ""                     # the approver's note when returning it to draft
    updated_at: datetime | None = None
    job_id: str = ""                      # RQ job that starts the next run

    @property
    def is_recurring(self) -> bool:
        return self.schedule is not None and not isinstance(self.schedule, schedule.Once)


def to_fields(broadcast: Broadcast) -> dict[str, str]:
    """Every field as a string, as HSET stores it."""
    encoded = {}
    for item in fields(Broadcast):
        encoded[item.name] = _encode(item.name, getattr(broadcast, item.name))
    return encoded


def from_fields(raw: dict[bytes, bytes]) -> Broadcast:
    text = {key.decode(): value.decode() for key, value in raw.items()}
    known = [item.name for item in fields(Broadcast) if item.name in text]
    return Broadcast(**{name: _decode(name, text[name]) for name in known})


def changes(old: Broadcast, new: Broadcast) -> dict:
    """What an edit changed, for the audit log: short fields with old and new value, content by name only."""
    changed = {}
    for name in EDITABLE:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changed[name] = ("変更あり" if name == "variants"
                             else {"old": _encode(name, before), "new": _encode(name, after)})
    return changed


def _encode(name: str, value) -> str:
    if value is None:
        return ""
    if name == "schedule":
        return json.dumps(schedule.to_dict(value), ensure_ascii=False)
    if name == "variants":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if name == "authors":
        return json.dumps(sorted(value), ensure_ascii=False)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _decode(name: str, raw: str):
    if name in ("version", "run"):
        return int(raw)
    if name == "urgent":
        return raw == "1"
    if name == "authors":
        return frozenset(json.loads(raw))
    if name == "variants":
        return json.loads(raw)
    if name in ("created_at", "updated_at", "next_run_at"):
        return datetime.fromisoformat(raw) if raw else None
    if name == "schedule":
        return schedule.from_dict(json.loads(raw)) if raw else None
    if name in ("category", "approver"):
        return raw or None
    return raw
