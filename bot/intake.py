"""Redis I/O: accept a verified webhook body — enqueue its events on the `events` queue, recognising duplicates.

The HTTP side (signature, size, status codes) is in app.py; this module only knows Redis and RQ.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from redis import Redis
from rq import Queue

from bot.events import MalformedEvent, check_event
from bot.keys import SEEN_EVENT, SEEN_EVENT_TTL

EVENT_JOB = "bot.jobs.handle_event"
"""The job that handles one event in a worker (by dotted name: the web process need not import it)."""

EVENT_RESULT_TTL = 60
"""Handled events leave nothing behind for long: results are not read by anyone."""


@dataclass(frozen=True)
class Accepted:
    enqueued: int
    duplicates: int


def parse_body(body: str) -> list[dict]:
    """The events of a webhook body; raise MalformedEvent for anything LINE would not send."""
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise MalformedEvent(f"the body is not JSON: {error}") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise MalformedEvent("the body must be an object with an `events` list")
    for event in payload["events"]:
        check_event(event)
    return payload["events"]


def accept(redis: Redis, queue: Queue, events: list[dict], received_ms: int) -> Accepted:
    """Mark each event seen and enqueue its job in ONE Redis transaction (one round trip per webhook).

    `received_ms` (when the webhook arrived) goes with each job: a reply token is LINE's for a minute from then.

    The mark (`SET NX`) holds the ID of the job that owns the event. A duplicate's job is enqueued in the
    same transaction but finds in the worker that it does not own its event, and does nothing.
    """
    job_ids = [str(uuid.uuid4()) for _ in events]
    with redis.pipeline() as pipe:
        for event, job_id in zip(events, job_ids):
            pipe.set(_seen_key(event), job_id, nx=True, ex=SEEN_EVENT_TTL)
        if events:
            queue.enqueue_many([_job(event, job_id, received_ms) for event, job_id in zip(events, job_ids)],
                               pipeline=pipe)
        first_time = pipe.execute()[:len(events)]
    enqueued = sum(1 for new in first_time if new)
    return Accepted(enqueued=enqueued, duplicates=len(events) - enqueued)


def owns_event(redis: Redis, event: dict, job_id: str) -> bool:
    """True unless another job was accepted first for the same webhookEventId (a redelivered duplicate)."""
    owner = redis.get(_seen_key(event))
    return owner is None or owner.decode() == job_id


def _seen_key(event: dict) -> str:
    return SEEN_EVENT.format(event_id=event["webhookEventId"])


def _job(event: dict, job_id: str, received_ms: int):
    return Queue.prepare_data(EVENT_JOB, args=(event,), kwargs={"received_ms": received_ms}, job_id=job_id,
                              result_ttl=EVENT_RESULT_TTL,
                              description=f"{event['type']} {event['webhookEventId']}")
