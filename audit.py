"""Redis I/O: the append-only audit log (who did what, when, to what) that 管理者 read and export."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from redis import Redis

AUDIT_STREAM = "citybot:audit"
"""One Redis stream for every staff action and broadcast transition; entries are never edited."""


@dataclass(frozen=True)
class AuditEntry:
    entry_id: str
    at: datetime
    actor: str
    action: str
    target: str
    details: dict


def record(redis: Redis, *, actor: str, action: str, target: str = "", details: dict | None = None,
           pipeline=None) -> None:
    """Append one entry. Pass `pipeline` to make it part of the caller's atomic change."""
    fields = {
        "at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        "actor": actor,
        "action": action,
        "target": target,
        "details": json.dumps(details or {}, ensure_ascii=False, default=str),
    }
    (pipeline or redis).xadd(AUDIT_STREAM, fields)


def entries(redis: Redis, *, newest_first: bool = True, count: int | None = None) -> list[AuditEntry]:
    raw = redis.xrevrange(AUDIT_STREAM, count=count) if newest_first else redis.xrange(AUDIT_STREAM, count=count)
    return [_entry(entry_id, fields) for entry_id, fields in raw]


def export_csv(redis: Redis) -> str:
    """The whole log, oldest first, as CSV with Japanese headers (opens in Excel: UTF-8 with BOM)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["日時", "操作者", "操作", "対象", "詳細"])
    for entry in entries(redis, newest_first=False):
        writer.writerow([entry.at.isoformat(), entry.actor, entry.action, entry.target,
                         json.dumps(entry.details, ensure_ascii=False)])
    return out.getvalue()


def _entry(entry_id: bytes, fields: dict[bytes, bytes]) -> AuditEntry:
    text = {key.decode(): value.decode() for key, value in fields.items()}
    return AuditEntry(
        entry_id=entry_id.decode(),
        at=datetime.fromisoformat(text["at"]),
        actor=text["actor"],
        action=text["action"],
        target=text["target"],
        details=json.loads(text["details"]),
    )
