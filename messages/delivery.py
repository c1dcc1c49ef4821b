"""Redis I/O: a delivery run's recipients, batches and batch states — each step atomic, so nobody is sent twice.

The segment is evaluated once into pools, one set per language variant; batches are cut from a pool by a Lua
script that takes the next 500 of the pool's scan and records them with their retry key in the same step (a
crash loses no one and places no one twice). A pool is scanned, not popped: SPOP costs Redis microseconds per
member and copying a million into a list takes a second, while a scan page costs no more than the batch. A worker claims a batch with a lease; only the holder of the claim token may settle
it. An expired lease lets another worker take it over: the retry key makes the repeated request harmless.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from redis import Redis

from messages import keys, scripts
from messages.batching import BATCH_SIZE, retry_key
from messages.variants import BASE_LANGUAGE, pool_order
from segments import audience
from segments import keys as segment_keys
from segments.nodes import Expr

RUN_TTL = int(timedelta(days=7).total_seconds())
"""A run's recipients, pools and batch lists are kept a week at most (to investigate), then expire."""

WEEK_TTL = int(timedelta(days=8).total_seconds())
PENDING, CLAIMED, RETRYING, SENT, FAILED = "pending", "claimed", "retrying", "sent", "failed"
BATCH_STATES = (PENDING, CLAIMED, RETRYING, SENT, FAILED)
MULTICAST, BROADCAST = "multicast", "broadcast"
CUT_STEP = 20
"""Batches cut per script call: few round trips for a million recipients, yet the first jobs start at once."""


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
    """A run's counters: planned (all batches cut), batches cut so far, batches settled each way."""

    planned: bool
    batches: int
    sent: int
    failed: int

    @property
    def complete(self) -> bool:
        return self.planned and self.sent + self.failed == self.batches


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
    audience.freeze(redis, expr, keys.evaluation(broadcast_id, run), exclude_optout=category, ttl_seconds=RUN_TTL)
    languages = [language for language in variants if language != BASE_LANGUAGE]
    split = [key for language in languages for key in (segment_keys.segment("language", language),
                                                       keys.pool(broadcast_id, run, language))]
    return scripts.COMMIT_FREEZE(keys=[run_key, keys.evaluation(broadcast_id, run),
                                       keys.pool(broadcast_id, run, BASE_LANGUAGE), *split], args=[RUN_TTL],
                                 client=redis)


def cut_batches(redis: Redis, broadcast_id: str, run: int, variants: list[str], *, weekly_cap: int, week: str,
                lease_seconds: float, now: float, on_batches: Callable[[list[int]], None],
                step: int = CUT_STEP) -> None:
    """Cut every pool into batches of ≤ 500, `step` at a time (calling `on_batches(numbers)` after each step);
    resumes where a crash left off."""
    for variant in variants:
        while cut := _cut(redis, broadcast_id, run, variant, endpoint=MULTICAST, weekly_cap=weekly_cap, week=week,
                          lease_until=now + lease_seconds, count=step):
            on_batches(cut)


def cut_broadcast_batch(redis: Redis, broadcast_id: str, run: int, expr: Expr, *, lease_until: float,
                        on_batches: Callable[[list[int]], None]) -> None:
    """The single request of an "all friends" run through LINE's broadcast endpoint (its recipients, for
    attribution, are the friends we know of)."""
    recipients = freeze(redis, broadcast_id, run, expr, category=None, variants=[])
    pool = keys.pool(broadcast_id, run, BASE_LANGUAGE)
    if redis.exists(pool):              # LINE chooses the recipients, not us: nothing is cut from the pool
        redis.rename(pool, keys.recipients(broadcast_id, run))
    if int(redis.hget(keys.run(broadcast_id, run), "batches") or 0) == 0:
        on_batches(_cut(redis, broadcast_id, run, BASE_LANGUAGE, endpoint=BROADCAST, weekly_cap=0, week="",
                        lease_until=lease_until, count=1, size=recipients))


def _cut(redis: Redis, broadcast_id: str, run: int, variant: str, *, endpoint: str, weekly_cap: int, week: str,
         lease_until: float, count: int, size: int = BATCH_SIZE) -> list[int]:
    """Cut up to `count` batches in one atomic step; the numbers of those cut (none when the pool is empty)."""
    first = int(redis.hget(keys.run(broadcast_id, run), "batches") or 0) + 1
    numbers = list(range(first, first + count))
    batch_keys = [key for no in numbers for key in (keys.batch(broadcast_id, run, no),
                                                    keys.batch_members(broadcast_id, run, no))]
    cut = scripts.CUT_BATCHES(
        keys=[keys.run(broadcast_id, run), keys.pool(broadcast_id, run, variant), keys.weekly_count(week),
              keys.skipped(broadcast_id, run), keys.LEASES, keys.recipients(broadcast_id, run),
              keys.carry(broadcast_id, run, variant), *batch_keys],
        args=[first, size, weekly_cap, variant, lease_until, WEEK_TTL, endpoint, RUN_TTL,
              keys.lease_prefix(broadcast_id, run), *[retry_key(broadcast_id, run, no) for no in numbers]],
        client=redis)
    if cut < 0:
        raise RuntimeError(f"batch {first} of {broadcast_id} run {run} was cut by another planner")
    return numbers[:cut]


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
    token = uuid.uuid4().hex
    with redis.pipeline(transaction=False) as pipe:     # one round trip; the list is read only when claimed
        scripts.CLAIM(keys=[keys.batch(broadcast_id, run, batch_no), keys.run(broadcast_id, run), keys.LEASES],
                      args=[now, now + lease_seconds, token, keys.lease_member(broadcast_id, run, batch_no)],
                      client=pipe)
        pipe.lrange(keys.batch_members(broadcast_id, run, batch_no), 0, -1)
        found, members = pipe.execute()
    if found is None:
        return None
    attempts, key, endpoint, messages, urgent = found
    return Claim(broadcast_id, run, batch_no, token, int(attempts), key.decode(), endpoint.decode(),
                 json.loads(messages), urgent == b"1", [user.decode() for user in members])


def settle(redis: Redis, claim: Claim, state: str, *, lease_until: float | None = None, **record) -> Progress | None:
    """Record the attempt's result (SENT, FAILED, or RETRYING until `lease_until`); None if the claim was lost."""
    fields = [item for name, value in record.items() for item in (name, "" if value is None else value)]
    found = scripts.SETTLE(
        keys=[keys.batch(claim.broadcast_id, claim.run, claim.batch_no), keys.run(claim.broadcast_id, claim.run),
              keys.LEASES, keys.batch_members(claim.broadcast_id, claim.run, claim.batch_no),
              keys.recipients(claim.broadcast_id, claim.run)],
        args=[claim.token, state, keys.lease_member(claim.broadcast_id, claim.run, claim.batch_no),
              "" if lease_until is None else lease_until, RUN_TTL, *fields], client=redis)
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
    count = int(redis.hget(keys.run(broadcast_id, run), "batches") or 0)
    with redis.pipeline(transaction=False) as pipe:
        for batch_no in range(1, count + 1):
            pipe.hgetall(keys.batch(broadcast_id, run, batch_no))
        raw = pipe.execute()
    return [{key.decode(): value.decode() for key, value in record.items()} for record in raw]


def _progress_fields(client, broadcast_id: str, run: int):
    return client.hmget(keys.run(broadcast_id, run), "planned", "batches", f"n_{SENT}", f"n_{FAILED}")


def _progress(values) -> Progress:
    planned, batches, sent, failed = (int(value or 0) for value in values)
    return Progress(planned=bool(planned), batches=batches, sent=sent, failed=failed)
