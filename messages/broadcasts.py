"""Redis I/O: broadcasts as staff see them — create, edit, submit, return, cancel — and every state change.

Each change reads the record under WATCH, asks the pure state machine (messages/lifecycle.py) whether it
is allowed, and writes the new record, its indexes and an audit entry (who, when, what changed) in one
MULTI/EXEC: a change and its audit entry never exist without each other.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Callable

from redis import Redis, WatchError
from rq.exceptions import NoSuchJobError
from rq.job import Job
from ulid import ULID

import audit
from messages import delivery, keys, lifecycle, record, schedule
from messages.errors import BroadcastNotFound, InvalidBroadcast, TransitionError
from messages.record import Broadcast
from messages.validate import Problem, check_variants
from segments.city import City
from segments.expr import SegmentSyntaxError, parse

SYSTEM = "system"
"""The actor of transitions the delivery jobs make."""

Decision = Callable[[Broadcast], tuple[Broadcast, dict] | None]


def create(redis: Redis, *, actor: str, title: str, segment: str = record.ALL_FRIENDS,
           variants: dict[str, list[dict]] | None = None, category: str | None = None, urgent: bool = False,
           schedule: schedule.Rule | None = None, now: datetime | None = None) -> Broadcast:
    """A new draft; nothing is checked against LINE's limits until it is submitted."""
    now = now or _now()
    broadcast = Broadcast(id=str(ULID()), title=title.strip() or "(無題)", created_by=actor, created_at=now,
                          updated_at=now, segment=segment, variants=variants or {}, category=category, urgent=urgent,
                          schedule=schedule, authors=frozenset({actor}))
    with redis.pipeline(transaction=True) as pipe:
        pipe.hset(keys.broadcast(broadcast.id), mapping=record.to_fields(broadcast))
        pipe.zadd(keys.INDEX, {broadcast.id: now.timestamp()})
        audit.record(redis, actor=actor, action="broadcast.create", target=broadcast.id,
                     details={"title": broadcast.title, "segment": segment, "urgent": urgent}, pipeline=pipe)
        pipe.execute()
    return broadcast


def get(redis: Redis, broadcast_id: str) -> Broadcast:
    raw = redis.hgetall(keys.broadcast(broadcast_id))
    if not raw:
        raise BroadcastNotFound(broadcast_id)
    return record.from_fields(raw)


def recent(redis: Redis, *, state: str | None = None, limit: int = 50) -> list[Broadcast]:
    """The newest broadcasts first, optionally only those in one state."""
    found = []
    for broadcast_id in redis.zrevrange(keys.INDEX, 0, -1):
        broadcast = get(redis, broadcast_id.decode())
        if state is None or broadcast.state == state:
            found.append(broadcast)
        if len(found) >= limit:
            break
    return found


def edit(redis: Redis, broadcast_id: str, *, actor: str, now: datetime | None = None, **changes) -> Broadcast:
    """Change title, segment, category, urgent, variants or schedule; an approved broadcast needs approval again."""
    unknown = set(changes) - set(record.EDITABLE)
    if unknown:
        raise TransitionError(f"変更できない項目です: {', '.join(sorted(unknown))}")

    def decide(old: Broadcast):
        new = replace(old, **changes, state=lifecycle.next_state(old.state, lifecycle.EDIT), version=old.version + 1,
                      authors=old.authors | {actor}, approver=None, next_run_at=None, job_id="")
        return new, {"changes": record.changes(old, new)}

    return _change(redis, broadcast_id, decide, actor=actor, action=lifecycle.EDIT, now=now)


def submit(redis: Redis, city: City, broadcast_id: str, *, actor: str, now: datetime | None = None) -> Broadcast:
    """Ask for approval; refused with every problem listed when LINE would not accept the content."""
    def decide(old: Broadcast):
        state = lifecycle.next_state(old.state, lifecycle.SUBMIT)
        problems = problems_of(old, city)
        if problems:
            raise InvalidBroadcast(problems)
        return replace(old, state=state, comment=""), {}

    return _change(redis, broadcast_id, decide, actor=actor, action=lifecycle.SUBMIT, now=now)


def problems_of(broadcast: Broadcast, city: City) -> list[Problem]:
    """Everything to fix before submission: the messages against LINE's limits, the segment, the category."""
    problems = check_variants(broadcast.variants, city.languages)
    try:
        parse(broadcast.segment, city)
    except SegmentSyntaxError as error:
        problems.append(Problem("segment", "配信対象", error.report()))
    if broadcast.category and broadcast.category not in city.interests:
        problems.append(Problem("category", "配信カテゴリ",
                                f"「{broadcast.category}」はありません (使えるもの: {', '.join(city.interests)})。"))
    return problems


def return_to_draft(redis: Redis, broadcast_id: str, *, actor: str, comment: str,
                    now: datetime | None = None) -> Broadcast:
    """The approver sends it back with a comment saying what to change."""
    def decide(old: Broadcast):
        state = lifecycle.next_state(old.state, lifecycle.RETURN)
        return replace(old, state=state, comment=comment), {"comment": comment}

    return _change(redis, broadcast_id, decide, actor=actor, action=lifecycle.RETURN, now=now)


def cancel(redis: Redis, broadcast_id: str, *, actor: str, reason: str = "", now: datetime | None = None) -> Broadcast:
    """Possible until sending starts; a scheduled start job then finds it cancelled and does nothing."""
    def decide(old: Broadcast):
        state = lifecycle.next_state(old.state, lifecycle.CANCEL)
        return replace(old, state=state, next_run_at=None), {"reason": reason}

    return _change(redis, broadcast_id, decide, actor=actor, action=lifecycle.CANCEL, now=now)


def approve(redis: Redis, broadcast_id: str, *, actor: str, expected_version: int, run_at: datetime,
            now: datetime | None = None) -> Broadcast:
    """Mark it approved and scheduled for `run_at` (the checks that need LINE are in messages/approval.py)."""
    def decide(old: Broadcast):
        if old.version != expected_version:
            raise TransitionError("確認中に配信が編集されました。内容を確かめてから、もう一度承認してください。")
        state = lifecycle.next_state(old.state, lifecycle.APPROVE)
        lifecycle.check_approver(actor, old.authors)
        return replace(old, state=state, approver=actor, next_run_at=run_at), {"run_at": run_at.isoformat()}

    return _change(redis, broadcast_id, decide, actor=actor, action=lifecycle.APPROVE, now=now)


def set_job(redis: Redis, broadcast_id: str, job_id: str) -> None:
    redis.hset(keys.broadcast(broadcast_id), "job_id", job_id)


def begin_run(redis: Redis, broadcast_id: str, version: int, *, now: datetime | None = None) -> Broadcast | None:
    """Start sending, if it is still scheduled and unchanged since it was approved; else None (nothing to do)."""
    now = now or _now()

    def decide(old: Broadcast):
        if old.state != lifecycle.SCHEDULED or old.version != version:
            return None
        new = replace(old, state=lifecycle.SENDING, run=old.run + 1, next_run_at=None, job_id="")
        return new, {"run": new.run}

    def also(pipe, new: Broadcast) -> None:
        delivery.open_run(pipe, new.id, new.run, segment=new.segment, category=new.category, urgent=new.urgent,
                          variants=new.variants, started_at=now)

    return _change(redis, broadcast_id, decide, actor=SYSTEM, action=lifecycle.START, now=now, also=also)


def finish_run(redis: Redis, broadcast_id: str, run: int, outcome: str, *, now: datetime | None = None,
               error: str = "", tz=schedule.JST) -> Broadcast | None:
    """End a run with its outcome; a recurring broadcast is scheduled again for its next occurrence."""
    now = now or _now()

    def decide(old: Broadcast):
        if old.state != lifecycle.SENDING or old.run != run:
            return None
        upcoming = schedule.next_occurrence(old.schedule, now, tz) if old.is_recurring else None
        action = lifecycle.REARM if upcoming else lifecycle.FINISH[outcome]
        new = replace(old, state=lifecycle.next_state(old.state, action), next_run_at=upcoming)
        return new, {"run": run, "outcome": outcome, "error": error, "next_run_at": upcoming}

    def also(pipe, new: Broadcast) -> None:
        pipe.hset(keys.run(broadcast_id, run), mapping={"outcome": outcome, "error": error,
                                                        "finished_at": now.isoformat()})

    return _change(redis, broadcast_id, decide, actor=SYSTEM, action="finish", now=now, also=also)


def _change(redis: Redis, broadcast_id: str, decide: Decision, *, actor: str, action: str, now: datetime | None,
            also: Callable | None = None) -> Broadcast | None:
    key = keys.broadcast(broadcast_id)
    with redis.pipeline() as pipe:
        while True:
            try:
                pipe.watch(key)
                raw = pipe.hgetall(key)
                if not raw:
                    raise BroadcastNotFound(broadcast_id)
                old = record.from_fields(raw)
                decided = decide(old)
                if decided is None:
                    return None
                new, details = decided
                new = replace(new, updated_at=now or _now())
                pipe.multi()
                _write(pipe, old, new)
                if also:
                    also(pipe, new)
                audit.record(redis, actor=actor, action=f"broadcast.{action}", target=broadcast_id, pipeline=pipe,
                             details={"from": old.state, "to": new.state, "version": new.version, **details})
                pipe.execute()
                break
            except WatchError:
                continue
    if old.job_id and new.state in (lifecycle.DRAFT, lifecycle.CANCELLED):
        _discard_job(redis, old.job_id)
    return new


def _write(pipe, old: Broadcast, new: Broadcast) -> None:
    pipe.hset(keys.broadcast(new.id), mapping=record.to_fields(new))
    if new.state == lifecycle.SCHEDULED and new.next_run_at:
        pipe.zadd(keys.DUE, {new.id: new.next_run_at.timestamp()})
    else:
        pipe.zrem(keys.DUE, new.id)
    if new.state == lifecycle.SENDING:
        pipe.sadd(keys.SENDING, new.id)
    elif old.state == lifecycle.SENDING:
        pipe.srem(keys.SENDING, new.id)


def _discard_job(redis: Redis, job_id: str) -> None:
    """Remove a start job that no longer applies (its broadcast was edited or cancelled)."""
    try:
        Job.fetch(job_id, connection=redis).delete()
    except NoSuchJobError:
        pass


def _now() -> datetime:
    return datetime.now(timezone.utc)
