"""Redis I/O: drafts, reports, their photos' state, status history, the daily limit and erasure."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timezone
from typing import NamedTuple

from redis import Redis
from ulid import ULID

from civic import keys
from civic.dialog import Draft

DRAFT_SECONDS = 24 * 3600
"""A draft left for a day expires; a later tap on its buttons gets a polite 'please start again'."""

STATUSES = {"received": "受付", "in_progress": "対応中", "done": "完了", "declined": "対応不可"}
CLOSED = ("done", "declined")
DUPLICATE_METRES = 30
DUPLICATE_DAYS = 30
"""Reports of the same category within 30 m and 30 days are flagged as possibly the same problem."""
PLACE_IN_INDEX = 60


class QueueRow(NamedTuple):
    """What the queue shows of a report, read for 10,000 reports at once (a tuple, not a parsed hash)."""

    report_id: str
    receipt: str
    category: str
    status: str
    received_ms: int
    latitude: float | None
    longitude: float | None
    photo_count: int
    duplicate: bool
    place: str

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def received_at(self) -> datetime:
        return datetime.fromtimestamp(self.received_ms / 1000, timezone.utc)

    def line(self) -> str:
        return "\t".join((self.receipt, self.category, self.status, str(self.received_ms),
                          "" if self.latitude is None else repr(self.latitude),
                          "" if self.longitude is None else repr(self.longitude), str(self.photo_count),
                          "1" if self.duplicate else "0", self.place[:PLACE_IN_INDEX].replace("\t", " ")))

    @classmethod
    def parse(cls, report_id: str, line: str) -> "QueueRow":
        receipt, category, status, received, lat, lon, photos, duplicate, place = line.split("\t")
        return cls(report_id, receipt, category, status, int(received), float(lat) if lat else None,
                   float(lon) if lon else None, int(photos), duplicate == "1", place)


@dataclass(frozen=True)
class Report:
    report_id: str
    receipt: str
    category: str
    status: str
    received_at: datetime
    updated_at: datetime
    latitude: float | None
    longitude: float | None
    place: str
    comment: str
    photo_count: int
    user_id: str
    """The reporter's LINE user ID for status messages; empty once they erased their data."""
    public_comment: str = ""
    reason: str = ""
    closed_at: datetime | None = None

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]


def new_report_id() -> str:
    return str(ULID())


def load_draft(redis: Redis, user_id: str) -> Draft | None:
    raw = redis.get(keys.draft(user_id))
    if raw is None:
        return None
    try:
        fields = json.loads(raw)
        return Draft(**{**fields, "photos": tuple(fields.get("photos", ()))})
    except (ValueError, TypeError):
        return None


def keep_draft(redis: Redis, user_id: str, draft: Draft | None) -> None:
    if draft is None:
        redis.delete(keys.draft(user_id))
    else:
        redis.set(keys.draft(user_id), json.dumps(asdict(draft), ensure_ascii=False), ex=DRAFT_SECONDS)


def sent_today(redis: Redis, user_id: str, day) -> int:
    return int(redis.get(keys.daily(user_id, day)) or 0)


def submit(redis: Redis, user_id: str, draft: Draft, at: datetime) -> Report:
    """Store the draft as a report (status 受付) with a receipt number like 26-00042; photos start pending."""
    number = redis.incr(keys.receipt_counter(at.year))
    receipt = f"{at.year % 100:02d}-{number:05d}"
    if draft.latitude is not None:
        draft = replace(draft, latitude=round(draft.latitude, 6), longitude=round(draft.longitude, 6))  # ≈ 10 cm
    twins = _same_problem_nearby(redis, draft, at)
    row = QueueRow(draft.report_id, receipt, draft.category, "received", int(at.timestamp() * 1000), draft.latitude,
                   draft.longitude, len(draft.photos), bool(twins), draft.place)
    fields = {"receipt": receipt, "category": draft.category, "status": "received",
              "received_at": at.isoformat(), "updated_at": at.isoformat(), "place": draft.place,
              "comment": draft.comment, "photo_count": len(draft.photos), "user_id": user_id,
              "latitude": "" if draft.latitude is None else repr(draft.latitude),
              "longitude": "" if draft.longitude is None else repr(draft.longitude)}
    with redis.pipeline(transaction=True) as pipe:
        pipe.hset(keys.report(draft.report_id), mapping=fields)
        pipe.zadd(keys.REPORTS, {draft.report_id: int(at.timestamp() * 1000)})
        pipe.hset(keys.RECEIPTS, receipt, draft.report_id)
        pipe.hset(keys.INDEX, mapping={draft.report_id: row.line(), **{twin.report_id: twin._replace(duplicate=True).line()
                                                                       for twin in twins}})
        pipe.sadd(keys.by_user(user_id), draft.report_id)
        if draft.latitude is not None:
            pipe.geoadd(keys.GEO, (draft.longitude, draft.latitude, draft.report_id))
        for index in range(len(draft.photos)):
            pipe.hsetnx(keys.photos(draft.report_id), str(index), "pending")
        pipe.incr(keys.daily(user_id, at.date()))
        pipe.expire(keys.daily(user_id, at.date()), keys.DAILY_TTL)
        pipe.delete(keys.draft(user_id))
        pipe.execute()
    return get(redis, draft.report_id)


def _same_problem_nearby(redis: Redis, draft: Draft, at: datetime) -> list[QueueRow]:
    if draft.latitude is None:
        return []
    near = [value.decode() for value in redis.geosearch(keys.GEO, longitude=draft.longitude, latitude=draft.latitude,
                                                         radius=DUPLICATE_METRES, unit="m")]
    if not near:
        return []
    since_ms = (at.timestamp() - DUPLICATE_DAYS * 86_400) * 1000
    rows = [QueueRow.parse(report_id, line.decode())
            for report_id, line in zip(near, redis.hmget(keys.INDEX, near)) if line]
    return [row for row in rows if row.category == draft.category and row.received_ms >= since_ms]


def queue_rows(redis: Redis) -> list[QueueRow]:
    """Every report as the queue needs it, in one HGETALL."""
    return [QueueRow.parse(report_id.decode(), line.decode()) for report_id, line in redis.hgetall(keys.INDEX).items()]


def get(redis: Redis, report_id: str) -> Report | None:
    raw = redis.hgetall(keys.report(report_id))
    return _report(report_id, raw) if raw else None


def by_receipt(redis: Redis, receipt: str) -> Report | None:
    report_id = redis.hget(keys.RECEIPTS, receipt)
    return get(redis, report_id.decode()) if report_id else None


def all_reports(redis: Redis) -> list[Report]:
    """Every report, newest first (10,000 in one pipelined read)."""
    return many(redis, [value.decode() for value in redis.zrevrange(keys.REPORTS, 0, -1)])


def many(redis: Redis, ids: list[str]) -> list[Report]:
    """These reports in this order, in one pipelined read (a deleted one is left out)."""
    with redis.pipeline(transaction=False) as pipe:
        for report_id in ids:
            pipe.hgetall(keys.report(report_id))
        return [_report(report_id, raw) for report_id, raw in zip(ids, pipe.execute()) if raw]


def _report(report_id: str, raw: dict) -> Report:
    f = {name.decode(): value.decode() for name, value in raw.items()}
    return Report(report_id=report_id, receipt=f["receipt"], category=f["category"], status=f["status"],
                  received_at=datetime.fromisoformat(f["received_at"]),
                  updated_at=datetime.fromisoformat(f["updated_at"]),
                  latitude=float(f["latitude"]) if f.get("latitude") else None,
                  longitude=float(f["longitude"]) if f.get("longitude") else None,
                  place=f.get("place", ""), comment=f.get("comment", ""), photo_count=int(f.get("photo_count", 0)),
                  user_id=f.get("user_id", ""), public_comment=f.get("public_comment", ""),
                  reason=f.get("reason", ""),
                  closed_at=datetime.fromisoformat(f["closed_at"]) if f.get("closed_at") else None)


def photo_states(redis: Redis, report_id: str) -> dict[int, str]:
    return {int(index): state.decode() for index, state in redis.hgetall(keys.photos(report_id)).items()}


def set_photo_state(redis: Redis, report_id: str, index: int, state: str) -> None:
    redis.hset(keys.photos(report_id), str(index), state)


def change_status(redis: Redis, report_id: str, status: str, *, public_comment: str, reason: str, actor: str,
                  at: datetime) -> int:
    """Record a status change; returns its number (the citizen's message is keyed by it, so sent once)."""
    if status not in STATUSES:
        raise ValueError(status)
    fields = {"status": status, "updated_at": at.isoformat(), "public_comment": public_comment, "reason": reason,
              "closed_at": at.isoformat() if status in CLOSED else ""}
    entry = json.dumps({"status": status, "public_comment": public_comment, "reason": reason, "actor": actor,
                        "at": at.isoformat()}, ensure_ascii=False)
    line = redis.hget(keys.INDEX, report_id)
    with redis.pipeline(transaction=True) as pipe:
        pipe.hset(keys.report(report_id), mapping=fields)
        if line:
            pipe.hset(keys.INDEX, report_id, QueueRow.parse(report_id, line.decode())._replace(status=status).line())
        pipe.rpush(keys.history(report_id), entry)
        number = pipe.execute()[-1]
    return number


def history(redis: Redis, report_id: str) -> list[dict]:
    return [json.loads(entry) for entry in redis.lrange(keys.history(report_id), 0, -1)]


def nearby(redis: Redis, report: Report, metres: int) -> list[str]:
    """Other reports within `metres` of this one (candidates for duplicates)."""
    if report.latitude is None:
        return []
    found = redis.geosearch(keys.GEO, longitude=report.longitude, latitude=report.latitude, radius=metres, unit="m")
    return [value.decode() for value in found if value.decode() != report.report_id]


def forget_user(redis: Redis, user_id: str, today: date) -> None:
    """Erasure: the reports stay (the pothole is still there) but no longer name the citizen; no draft left."""
    report_ids = [value.decode() for value in redis.smembers(keys.by_user(user_id))]
    with redis.pipeline(transaction=True) as pipe:
        for report_id in report_ids:
            pipe.hset(keys.report(report_id), "user_id", "")
        pipe.delete(keys.by_user(user_id), keys.draft(user_id), *keys.dailies(user_id, today))
        pipe.execute()
