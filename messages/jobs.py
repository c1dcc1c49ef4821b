"""Redis and LINE I/O: the RQ jobs of the "delivery" queue — start a run, cut it into batches, send each batch,
recover after crashes.

Jobs take IDs only and reach Redis and LINE through `services.current()`. Any of them may run twice, late,
or concurrently on several machines: each step is claimed atomically in Redis (messages/delivery.py).
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from redis import Redis
from rq import Queue

from messages import broadcasts, delivery, keys, lifecycle, tuning
from messages.batching import backoff_delay, uses_broadcast_endpoint
from messages.errors import DeliveryError
from messages.gateway import Sent
from messages.ratelimit import SharedRateLimiter
from messages.record import Broadcast
from messages.schedule import iso_week
from segments import keys as segment_keys
from segments.expr import parse
from segments.nodes import All
from services import Services, current

QUEUE = "delivery"
JOB_TIMEOUT, RESULT_TTL, FAILURE_TTL = 600, 600, 7 * 24 * 3600
JOB_OPTIONS = {"job_timeout": JOB_TIMEOUT, "result_ttl": RESULT_TTL, "failure_ttl": FAILURE_TTL}
QUEUE_STEP = 100
"""Cutting jobs queued per round trip: a million recipients take 21 steps, and the first jobs run at once."""
DUE_GRACE = 120
"""Seconds past its time after which a scheduled broadcast that has not started is started by recovery."""


def enqueue_start(services: Services, broadcast: Broadcast) -> str:
    """Queue the start of the broadcast's next run at its time (now, and ahead of other work, when urgent)."""
    queue = services.queue(QUEUE)
    args = (start_run, broadcast.id, broadcast.version)
    when = broadcast.next_run_at
    if when and when > datetime.now(timezone.utc):
        job = queue.enqueue_at(when, *args, at_front=broadcast.urgent, **JOB_OPTIONS)
    else:
        job = queue.enqueue(*args, at_front=broadcast.urgent, **JOB_OPTIONS)
    broadcasts.set_job(services.redis, broadcast.id, job.id)
    return job.id


def start_run(broadcast_id: str, version: int) -> str:
    """Begin the run the broadcast was approved for (if still scheduled and unedited), then plan it."""
    started = broadcasts.begin_run(current().redis, broadcast_id, version)
    if started is None:
        return "stale: edited, cancelled or already started"
    return plan_run(broadcast_id, started.run)


def plan_run(broadcast_id: str, run: int) -> str:
    """Freeze the recipients once and queue one job per batch (each cuts its own); safe to run again after a
    crash."""
    services = current()
    redis, settings = services.redis, tuning.load(services.redis)
    lock = keys.plan_lock(broadcast_id, run)
    lock_ms = int(settings.lease_seconds * 1000)
    if not redis.set(lock, "1", nx=True, px=lock_ms):
        return "planned by another worker"
    try:
        refused = _plan(services, broadcast_id, run, settings, on_step=lambda: redis.pexpire(lock, lock_ms))
    finally:
        redis.delete(lock)
    if refused:
        _rearm_if_recurring(services, broadcasts.finish_run(redis, broadcast_id, run, lifecycle.FAILED,
                                                            error=refused, tz=services.config.tz))
        return refused
    _finish_if_done(services, broadcast_id, run, delivery.mark_planned(redis, broadcast_id, run))
    return "planned"


def _plan(services: Services, broadcast_id: str, run: int, settings: tuning.Tuning, on_step) -> str:
    """Freeze the run and queue its batch jobs; return a reason when it must not be sent at all (quota)."""
    redis, config = services.redis, services.config
    snapshot = delivery.snapshot(redis, broadcast_id, run)
    expr = parse(snapshot["segment"], config.city)
    urgent, variants = snapshot["urgent"] == "1", snapshot["variants"].split(",")
    cap = 0 if urgent else config.weekly_cap
    messages = {variant: json.loads(snapshot[f"messages:{variant}"]) for variant in variants}
    fresh = int(snapshot.get("batches") or 0) == 0
    category = snapshot["category"] or None
    if uses_broadcast_endpoint(isinstance(expr, All), messages, urgent=urgent, weekly_cap=cap, category=category):
        refused = _over_quota(services, redis.scard(segment_keys.ACTIVE)) if fresh else ""
        if not refused:
            delivery.cut_broadcast_batch(redis, broadcast_id, run, expr,
                                         lease_until=time.time() + settings.lease_seconds)
            services.queue(QUEUE).enqueue(send_batch, broadcast_id, run, 1, at_front=urgent, **JOB_OPTIONS)
        return refused
    recipients = delivery.freeze(redis, broadcast_id, run, expr, category=category, variants=variants)
    refused = _over_quota(services, recipients) if fresh else ""
    if not refused:
        run_key = keys.run(broadcast_id, run)        # a planner run again keeps the week the jobs were given
        redis.hsetnx(run_key, "week", iso_week(datetime.now(timezone.utc), config.tz))
        redis.hset(run_key, "weekly_cap", cap)
        week = redis.hget(run_key, "week").decode()
        numbered = delivery.number_batches(redis, broadcast_id, run, variants, now=time.time())
        queue_cutting_jobs(services, broadcast_id, run, numbered, delivery.snapshot(redis, broadcast_id, run),
                           urgent=urgent, weekly_cap=cap, week=week, on_step=on_step)
    else:
        delivery.close_view(redis, broadcast_id, run)
    return refused


def queue_cutting_jobs(services: Services, broadcast_id: str, run: int, numbered: list[tuple[str, int]],
                       fields: dict[str, str], *, urgent: bool, weekly_cap: int, week: str, on_step) -> None:
    """One cut_and_send job per batch number, queued QUEUE_STEP at a time (calling `on_step()` after each); a
    planner that runs again after a crash queues only those not queued before."""
    run_key = keys.run(broadcast_id, run)
    queued = int(services.redis.hget(run_key, "queued") or 0)
    queue = services.queue(QUEUE)
    for start in range(queued, len(numbered), QUEUE_STEP):
        step = numbered[start:start + QUEUE_STEP]
        with services.redis.pipeline(transaction=True) as pipe:
            queue.enqueue_many([Queue.prepare_data(cut_and_send, (broadcast_id, run, no, variant, weekly_cap, week,
                                                                  delivery.scans(fields, variant)),
                                                   timeout=JOB_TIMEOUT, result_ttl=RESULT_TTL,
                                                   failure_ttl=FAILURE_TTL, at_front=urgent)
                                for variant, no in step], pipeline=pipe)
            pipe.hincrby(run_key, "queued", len(step))
            pipe.execute()
        on_step()


def _over_quota(services: Services, cost: int) -> str:
    """Why the run must not be sent (it would exceed this month's quota, or LINE refuses to tell), or ""."""
    try:
        remaining = services.gateway.quota().remaining
    except DeliveryError as error:
        if error.retryable:
            raise                     # the run stays unplanned; recovery plans it again a minute later
        return f"LINE から今月の残りメッセージ数を取得できないため送信しませんでした ({error.message})。"
    if remaining is not None and cost > remaining:
        return f"今月の残りメッセージ数 ({remaining:,}通) を超えるため送信しませんでした (必要: {cost:,}通)。"
    return ""


def cut_and_send(broadcast_id: str, run: int, batch_no: int, variant: str, weekly_cap: int, week: str,
                 scan: list[str]) -> str:
    """Cut the batch from its pool (`scan`: see delivery.scans), then send it; when the pool is used up already,
    see whether the run is done."""
    services = current()
    settings = tuning.recent(services.redis)
    exists, claim = delivery.cut_and_claim(services.redis, broadcast_id, run, batch_no, variant, scan=scan,
                                           weekly_cap=weekly_cap, week=week, lease_seconds=settings.lease_seconds,
                                           now=time.time())
    if not exists:
        _finish_if_done(services, broadcast_id, run, delivery.progress(services.redis, broadcast_id, run))
        return "nobody left to cut"
    return _send(services, settings, claim)


def send_batch(broadcast_id: str, run: int, batch_no: int) -> str:
    """One LINE request for one batch, under the shared rate limit; retried with backoff when LINE is busy."""
    services = current()
    settings = tuning.recent(services.redis)
    return _send(services, settings, delivery.claim(services.redis, broadcast_id, run, batch_no,
                                                    lease_seconds=settings.lease_seconds, now=time.time()))


def _send(services: Services, settings: tuning.Tuning, claim: delivery.Claim | None) -> str:
    if claim is None:
        return "done, or held by another worker"
    _limiter(services.redis.connection_pool, _rates(settings)).acquire(claim.endpoint)
    try:
        sent = _request(services, claim)
    except DeliveryError as error:
        return _after_error(services, claim, error, settings)
    return _after_success(services, claim, sent)


def _request(services: Services, claim: delivery.Claim) -> Sent:
    if claim.endpoint == delivery.BROADCAST:
        return services.gateway.broadcast(claim.messages, claim.retry_key)
    return services.gateway.multicast(claim.recipients, claim.messages, claim.retry_key)


def _after_success(services: Services, claim: delivery.Claim, sent: Sent) -> str:
    progress = delivery.settle(services.redis, claim, delivery.SENT, request_id=sent.request_id,
                               accepted_request_id=sent.accepted_request_id)
    if progress is None:
        return "claim lost; the worker that took over records the result"
    _finish_if_done(services, claim.broadcast_id, claim.run, progress)
    return "sent (already accepted before)" if sent.was_duplicate else "sent"


def _after_error(services: Services, claim: delivery.Claim, error: DeliveryError, settings: tuning.Tuning) -> str:
    if error.status == 409:      # the retry key was accepted before: delivered
        return _after_success(services, claim, Sent(error.request_id or "", error.accepted_request_id))
    failure = {"error": error.message, "error_status": error.status,
               "error_details": json.dumps(error.details, ensure_ascii=False)}
    if error.retryable and claim.attempts < settings.max_attempts:
        delay = backoff_delay(claim.attempts, base=settings.backoff_base)
        now = time.time()
        if delivery.settle(services.redis, claim, delivery.RETRYING, lease_until=now + delay + settings.lease_seconds,
                           **failure) is None:
            return "claim lost"
        services.queue(QUEUE).enqueue_in(timedelta(seconds=delay), send_batch, claim.broadcast_id, claim.run,
                                         claim.batch_no, at_front=claim.urgent, **JOB_OPTIONS)
        return f"retry in {delay:.1f}s: {error}"
    progress = delivery.settle(services.redis, claim, delivery.FAILED, **failure)
    _finish_if_done(services, claim.broadcast_id, claim.run, progress)
    return f"failed: {error}"


def _finish_if_done(services: Services, broadcast_id: str, run: int, progress: delivery.Progress | None) -> None:
    if progress is None or not progress.complete:
        return
    outcome = lifecycle.run_outcome(progress.sent, progress.failed)
    _rearm_if_recurring(services, broadcasts.finish_run(services.redis, broadcast_id, run, outcome,
                                                        tz=services.config.tz))


def _rearm_if_recurring(services: Services, finished: Broadcast | None) -> None:
    """A recurring broadcast whose run ended is scheduled again: queue the start of its next occurrence."""
    if finished is not None and finished.state == lifecycle.SCHEDULED:
        enqueue_start(services, finished)


def recover() -> dict[str, int]:
    """Every minute: re-queue batches whose worker died or whose job was lost, restart stalled planning and
    cutting, finish runs whose last step was interrupted, and start scheduled broadcasts whose start job was
    lost."""
    services = current()
    redis, settings, now = services.redis, tuning.load(services.redis), time.time()
    queue = services.queue(QUEUE)
    stale = delivery.expired_leases(redis, now=now, extend_to=now + settings.lease_seconds)
    for broadcast_id, run, batch_no in stale:
        queue.enqueue(send_batch, broadcast_id, run, batch_no, **JOB_OPTIONS)
    replanned = recut = 0
    for member in redis.smembers(keys.SENDING):
        broadcast = broadcasts.get(redis, member.decode())
        progress = delivery.progress(redis, broadcast.id, broadcast.run)
        if progress.complete:
            _finish_if_done(services, broadcast.id, broadcast.run, progress)
        elif not progress.planned and not redis.exists(keys.plan_lock(broadcast.id, broadcast.run)):
            queue.enqueue(plan_run, broadcast.id, broadcast.run, **JOB_OPTIONS)
            replanned += 1
        elif progress.planned and progress.pools_open:
            recut += _resume_cutting(redis, queue, broadcast.id, broadcast.run, now - settings.lease_seconds)
    overdue = [member.decode() for member in redis.zrangebyscore(keys.DUE, "-inf", now - DUE_GRACE)]
    for broadcast_id in overdue:
        queue.enqueue(start_run, broadcast_id, broadcasts.get(redis, broadcast_id).version, **JOB_OPTIONS)
    return {"batches": len(stale), "plans": replanned, "cuts": recut, "starts": len(overdue)}


def _resume_cutting(redis: Redis, queue: Queue, broadcast_id: str, run: int, stalled_before: float) -> int:
    """Queue cutting jobs again for the open pools of a run that has cut nothing since `stalled_before` (its
    jobs were lost with a worker); how many were queued."""
    fields = delivery.snapshot(redis, broadcast_id, run)
    if float(fields.get("cut_at") or 0) > stalled_before:
        return 0
    queued = 0
    for variant in delivery.open_pools(fields):
        scan = delivery.scans(fields, variant)
        for batch_no in delivery.more_numbers(redis, broadcast_id, run, variant, scan):
            queue.enqueue(cut_and_send, broadcast_id, run, batch_no, variant, int(fields.get("weekly_cap") or 0),
                          fields.get("week", ""), scan, **JOB_OPTIONS)
            queued += 1
    redis.hset(keys.run(broadcast_id, run), "cut_at", time.time())
    return queued


CRON_JOBS = [("* * * * *", recover, QUEUE)]
"""(cron expression, function, queue) for worker.py to register with RQ's cron scheduler."""


def _rates(settings: tuning.Tuning) -> tuple[tuple[str, str], ...]:
    return tuple((endpoint, settings.rate(endpoint)) for endpoint in (delivery.MULTICAST, delivery.BROADCAST))


@lru_cache(maxsize=8)
def _limiter(pool, rates: tuple[tuple[str, str], ...]) -> SharedRateLimiter:
    """One limiter object per process and setting (its state is in Redis, shared by all workers)."""
    return SharedRateLimiter(Redis(connection_pool=pool), dict(rates))
