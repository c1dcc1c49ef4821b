"""Redis I/O: a delivery run's recipients, batches and batch states — each step atomic, so nobody is sent twice.

The segment is evaluated once into pools, one set per language variant; a segment that is one set is not
copied but read through a frozen view (segments/views.py), which holds it as it was at the freeze. The planner
only numbers the batches a pool needs; each batch's job cuts its batch when it runs, with a Lua script that
takes the next 500 of the pool's scan and records them with their retry key in the same step (a crash loses no
one and places no one twice). Cutting is spread over the run instead of holding Redis for seconds before the
first request; and a pool is scanned, not popped: SPOP costs Redis microseconds per member, a scan page no more
than the batch. A worker claims a batch with a lease; only the holder of the claim token may settle it. An
expired lease lets another worker take it over: the retry key makes the repeated request harmless.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis import Redis

from messages import keys, scripts
from messages.batching import BATCH_SIZE, retry_key
from messages.variants import BASE_LANGUAGE, pool_order
from segments import audience, views
from segments import keys as segment_keys
from segments.frozen_view import View
from segments.nodes import Expr, Term

RUN_TTL = int(timedelta(days=7).total_seconds())
"""A run's recipients, pools and batches are kept a week at most (to investigate), then expire."""

WEEK_TTL = int(timedelta(days=8).total_seconds())
PENDING, CLAIMED, RETRYING, SENT, FAILED = "pending", "claimed", "retrying", "sent", "failed"
BATCH_STATES = (PENDING, CLAIMED, RETRYING, SENT, FAILED)
MULTICAST, BROADCAST = "multicast", "broadcast"
SPARE_SLOTS = 1
"""Batch numbers beyond ⌈pool / 500⌉ per pool: the job that finds the pool used up closes it."""


@dataclass(frozen=True)
class Claim:
    broadcast_id: str
    run: int
    batch_no: int
    token: str
    attempts: int
    retry_key: str
    endpoint: str
    messages: list[dict]
    urgent: bool
    recipients: list[str]


@dataclass(frozen=True)
class Progress:
    """A run's counters: planned (every batch's job queued), pools not yet used up, batches cut so far, batches
    settled each way."""

    planned: bool
    pools_open: int
    batches: int
    sent: int
    failed: int

    @property
    def complete(self) -> bool:
        return self.planned and self.pools_open == 0 and self.sent + self.failed == self.batches


def open_run(pipe, broadcast_id: str, run: int, *, segment: str, category: str | None, urgent: bool,
             variants: dict[str, list[dict]], started_at: datetime) -> None:
    """Snapshot what this run sends (edits cannot happen while sending, but a recurring broadcast changes later),
    and list the run among the recent ones that blocks are attributed to."""
    contents = {f"messages:{language}": json.dumps(messages, ensure_ascii=False)
                for language, messages in variants.items()}
    fields = {"segment": segment, "category": category or "", "urgent": int(urgent),
              "started_at": started_at.isoformat(), "variants": ",".join(pool_order(variants)), **contents,
              **{f"n_{state}": 0 for state in BATCH_STATES}}
    pipe.hset(keys.run(broadcast_id, run), mapping=fields)
    for index in (keys.RECENT, keys.RUNS):
        pipe.zadd(index, {keys.run_member(broadcast_id, run): started_at.timestamp()})


def snapshot(redis: Redis, broadcast_id: str, run: int) -> dict[str, str]:
    return {key.decode(): value.decode() for key, value in redis.hgetall(keys.run(broadcast_id, run)).items()}


def freeze(redis: Redis, broadcast_id: str, run: int, expr: Expr, *, category: str | None,
           variants: list[str]) -> int:
    """Evaluate the segment once into the run's pools (one per language variant); later calls change nothing.
    Returns the number of recipients."""
    run_key = keys.run(broadcast_id, run)
    if redis.hexists(run_key, "frozen"):
        return int(redis.hget(run_key, "recipients"))
    languages = [language for language in variants if language != BASE_LANGUAGE]
    if isinstance(expr, Term):
        return _freeze_view(redis, broadcast_id, run, segment_keys.segment(expr.attribute, expr.value),
                            category=category, languages=languages)
    audience.freeze(redis, expr, keys.evaluation(broadcast_id, run), exclude_optout=category, ttl_seconds=RUN_TTL)
    split = [key for language in languages for key in (segment_keys.segment("language", language),
                                                       keys.pool(broadcast_id, run, language))]
    return scripts.COMMIT_FREEZE(keys=[run_key, keys.evaluation(broadcast_id, run),
                                       keys.pool(broadcast_id, run, BASE_LANGUAGE), *split],
                                 args=[RUN_TTL, BASE_LANGUAGE, *languages], client=redis)


def _freeze_view(redis: Redis, broadcast_id: str, run: int, segment: str, *, category: str | None,
                 languages: list[str]) -> int:
    """Freeze a segment that is one set without copying it: the base pool is a view of it (segments/views.py)."""
    language_sets = [segment_keys.segment("language", language) for language in languages]
    excluded = ([segment_keys.optout(category)] if category else []) + language_sets
    view = View(keys.view(broadcast_id, run, BASE_LANGUAGE), segment, tuple(excluded),
                      keys.decided(broadcast_id, run, BASE_LANGUAGE), keys.pinned(broadcast_id, run, BASE_LANGUAGE),
                      until=time.time() + RUN_TTL)
    pools = [keys.pool(broadcast_id, run, language) for language in languages]
    return scripts.FREEZE_VIEW(
        keys=[keys.run(broadcast_id, run), segment, views.REGISTRY, keys.evaluation(broadcast_id, run), *excluded,
              *pools],
        args=[RUN_TTL, BASE_LANGUAGE, view.id, view.to_json(), json.dumps([segment, *excluded]), int(bool(category)),
              *languages], client=redis)


def close_view(redis: Redis, broadcast_id: str, run: int) -> None:
    """A run that will not be sent stops its view (the follower store keeps nothing more for it)."""
    views.close(redis, keys.view(broadcast_id, run, BASE_LANGUAGE))


def scans(fields: dict[str, str], variant: str) -> list[str]:
    """What the cutting jobs of a pool scan, from the run's `snapshot`: the segment set and the sets its view leaves
    out, or [] when the pool is the run's own set."""
    return json.loads(fields.get(f"scan:{variant}") or "[]")


def number_batches(redis: Redis, broadcast_id: str, run: int, variants: list[str], *,
                   now: float) -> list[tuple[str, int]]:
    """(variant, batch number) of every batch the run's pools need, numbered once: a planner that runs again
    after a crash gets the same numbers."""
    run_key = keys.run(broadcast_id, run)
    stored = redis.hget(run_key, "numbering")
    if stored is None:
        sizes = redis.hmget(run_key, [f"size:{variant}" for variant in variants])
        numbering, next_no = [], 1
        for variant, size in zip(variants, sizes):
            if int(size or 0):
                count = math.ceil(int(size) / BATCH_SIZE) + SPARE_SLOTS
                numbering.append((variant, next_no, count))
                next_no += count
        stored = json.dumps(numbering)
        redis.hset(run_key, mapping={"numbering": stored, "slots": next_no - 1, "pools_open": len(numbering),
                                     "expected_batches": next_no - 1 - SPARE_SLOTS * len(numbering), "cut_at": now})
    return [(variant, no) for variant, first, count in json.loads(stored) for no in range(first, first + count)]


def more_numbers(redis: Redis, broadcast_id: str, run: int, variant: str, scan: list[str]) -> list[int]:
    """New batch numbers for an open pool whose jobs were lost: enough for whoever it may still hold (a view's
    pool: at most everyone not placed yet)."""
    run_key = keys.run(broadcast_id, run)
    with redis.pipeline(transaction=False) as pipe:
        pipe.hget(run_key, "recipients")
        pipe.scard(keys.recipients(broadcast_id, run))
        pipe.scard(keys.pool(broadcast_id, run, variant))
        pipe.llen(keys.carry(broadcast_id, run, variant))
        frozen, placed, pooled, carried = (int(count or 0) for count in pipe.execute())
    remaining = (max(frozen - placed, 0) if scan else pooled) + carried
    count = math.ceil(remaining / BATCH_SIZE) + SPARE_SLOTS
    last = redis.hincrby(run_key, "slots", count)
    return list(range(last - count + 1, last + 1))


def open_pools(fields: dict[str, str]) -> list[str]:
    """The variants whose pools are not used up yet, from the run's `snapshot`."""
    return [variant for variant, _, _ in json.loads(fields.get("numbering") or "[]")
            if f"closed:{variant}" not in fields]


def cut_broadcast_batch(redis: Redis, broadcast_id: str, run: int, expr: Expr, *, lease_until: float) -> None:
    """Batch 1, the single request of an "all friends" run through LINE's broadcast endpoint (its recipients,
    for attribution, are the friends we know of)."""
    recipients = freeze(redis, broadcast_id, run, expr, category=None, variants=[])
    pool = keys.pool(broadcast_id, run, BASE_LANGUAGE)
    if redis.exists(pool):              # LINE chooses the recipients, not us: nothing is cut from the pool
        redis.rename(pool, keys.recipients(broadcast_id, run))
    redis.hset(keys.run(broadcast_id, run), mapping={"slots": 1, "expected_batches": 1})
    _cut(redis, broadcast_id, run, 1, BASE_LANGUAGE, scan=[], endpoint=BROADCAST, weekly_cap=0, week="",
         lease_until=lease_until, now=time.time(), size=recipients)


def _cut(client, broadcast_id: str, run: int, batch_no: int, variant: str, *, scan: list[str], endpoint: str,
         weekly_cap: int, week: str, lease_until: float, now: float, size: int = BATCH_SIZE):
    """Cut (or queue the cut on a pipeline): 1 when the batch exists, 0 when nobody was left for it."""
    source, *excluded = scan or [keys.pool(broadcast_id, run, variant)]
    return scripts.CUT_BATCH(
        keys=[keys.run(broadcast_id, run), source, keys.weekly_count(week), keys.skipped(broadcast_id, run),
              keys.LEASES, keys.recipients(broadcast_id, run), keys.carry(broadcast_id, run, variant),
              keys.batch(broadcast_id, run, batch_no), keys.batch_members(broadcast_id, run, batch_no),
              keys.decided(broadcast_id, run, variant), keys.pinned(broadcast_id, run, variant), views.REGISTRY,
              *excluded],
        args=[batch_no, size, weekly_cap, variant, lease_until, WEEK_TTL, endpoint, RUN_TTL,
              keys.lease_member(broadcast_id, run, batch_no), retry_key(broadcast_id, run, batch_no), now,
              keys.view(broadcast_id, run, variant) if scan else ""],
        client=client)


def mark_planned(redis: Redis, broadcast_id: str, run: int) -> Progress:
    with redis.pipeline(transaction=True) as pipe:
        pipe.hset(keys.run(broadcast_id, run), "planned", 1)
        _progress_fields(pipe, broadcast_id, run)
        return _progress(pipe.execute()[-1])


def progress(redis: Redis, broadcast_id: str, run: int) -> Progress:
    return _progress(_progress_fields(redis, broadcast_id, run))


def claim(redis: Redis, broadcast_id: str, run: int, batch_no: int, *, lease_seconds: float,
          now: float) -> Claim | None:
    """Take the batch for one attempt, or None when it is done or held by a live worker."""
    with redis.pipeline(transaction=False) as pipe:     # one round trip
        token = _claim(pipe, broadcast_id, run, batch_no, lease_seconds=lease_seconds, now=now)
        found, members = pipe.execute()
    return _claimed(broadcast_id, run, batch_no, token, found, members)


def cut_and_claim(redis: Redis, broadcast_id: str, run: int, batch_no: int, variant: str, *, scan: list[str],
                  weekly_cap: int, week: str, lease_seconds: float, now: float) -> tuple[bool, Claim | None]:
    """Cut the batch (unless it is cut already), then claim it, in one round trip: (whether it exists, the
    claim). `scan` is the pool's (`scans`)."""
    with redis.pipeline(transaction=False) as pipe:
        _cut(pipe, broadcast_id, run, batch_no, variant, scan=scan, endpoint=MULTICAST, weekly_cap=weekly_cap,
             week=week, lease_until=now + lease_seconds, now=now)
        token = _claim(pipe, broadcast_id, run, batch_no, lease_seconds=lease_seconds, now=now)
        exists, found, members = pipe.execute()
    return bool(exists), _claimed(broadcast_id, run, batch_no, token, found, members)


def _claim(pipe, broadcast_id: str, run: int, batch_no: int, *, lease_seconds: float, now: float) -> str:
    """Queue the claim of a batch and the read of its members on `pipe`; the claim's token."""
    token = uuid.uuid4().hex
    scripts.CLAIM(keys=[keys.batch(broadcast_id, run, batch_no), keys.run(broadcast_id, run), keys.LEASES],
                  args=[now, now + lease_seconds, token, keys.lease_member(broadcast_id, run, batch_no)], client=pipe)
    pipe.get(keys.batch_members(broadcast_id, run, batch_no))
    return token


def _claimed(broadcast_id: str, run: int, batch_no: int, token: str, found, members) -> Claim | None:
    if found is None:
        return None
    attempts, key, endpoint, messages, urgent = found
    return Claim(broadcast_id, run, batch_no, token, int(attempts), key.decode(), endpoint.decode(),
                 json.loads(messages), urgent == b"1", members.decode().split(",") if members else [])


def settle(redis: Redis, claim: Claim, state: str, *, lease_until: float | None = None, **record) -> Progress | None:
    """Record the attempt's result (SENT, FAILED, or RETRYING until `lease_until`); None if the claim was lost."""
    fields = [item for name, value in record.items() for item in (name, "" if value is None else value)]
    found = scripts.SETTLE(
        keys=[keys.batch(claim.broadcast_id, claim.run, claim.batch_no), keys.run(claim.broadcast_id, claim.run),
              keys.LEASES, keys.batch_members(claim.broadcast_id, claim.run, claim.batch_no),
              keys.recipients(claim.broadcast_id, claim.run)],
        args=[claim.token, state, keys.lease_member(claim.broadcast_id, claim.run, claim.batch_no),
              "" if lease_until is None else lease_until, *fields], client=redis)
    return None if found is None else _progress(found)


def expired_leases(redis: Redis, *, now: float, extend_to: float) -> list[tuple[str, int, int]]:
    """Batches whose claim or retry wait ran out (their worker died, or their job was lost), leased again until
    `extend_to` so the next recovery pass does not pick them up again at once."""
    members = [member.decode() for member in redis.zrangebyscore(keys.LEASES, "-inf", now)]
    if members:
        redis.zadd(keys.LEASES, {member: extend_to for member in members}, xx=True)
    return [keys.parse_lease_member(member) for member in members]


def batch_records(redis: Redis, broadcast_id: str, run: int) -> list[dict[str, str]]:
    """Every batch's record (no, status, retry key, attempts, LINE request ID, error), in batch order."""
    numbers = int(redis.hget(keys.run(broadcast_id, run), "slots") or 0)
    with redis.pipeline(transaction=False) as pipe:
        for batch_no in range(1, numbers + 1):
            pipe.hgetall(keys.batch(broadcast_id, run, batch_no))
        raw = pipe.execute()
    return [{key.decode(): value.decode() for key, value in record.items()} for record in raw if record]


def _progress_fields(client, broadcast_id: str, run: int):
    return client.hmget(keys.run(broadcast_id, run), "planned", "pools_open", "batches", f"n_{SENT}", f"n_{FAILED}")


def _progress(values) -> Progress:
    planned, pools_open, batches, sent, failed = (int(value or 0) for value in values)
    return Progress(planned=bool(planned), pools_open=pools_open, batches=batches, sent=sent, failed=failed)
