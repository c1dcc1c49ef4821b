"""Redis I/O: accept a verified webhook body — drop duplicate events, enqueue the rest on the `events` queue.

The HTTP side (signature, size, status codes) is in app.py; this module only knows Redis and RQ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError
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


def accept(redis: Redis, queue: Queue, events: list[dict]) -> Accepted:
    """Enqueue each event not seen before; both steps succeed or the seen-marks are taken back."""
    with redis.pipeline(transaction=False) as pipe:
        for event in events:
            pipe.set(_seen_key(event), 1, nx=True, ex=SEEN_EVENT_TTL)
        first_time = pipe.execute()
    fresh = [event for event, new in zip(events, first_time) if new]
    if fresh:
        try:
            with redis.pipeline() as pipe:
                queue.enqueue_many([_job(event) for event in fresh], pipeline=pipe)
                pipe.execute()
        except RedisError:
            redis.delete(*(_seen_key(event) for event in fresh))
            raise
    return Accepted(enqueued=len(fresh), duplicates=len(events) - len(fresh))


def _seen_key(event: dict) -> str:
    return SEEN_EVENT.format(event_id=event["webhookEventId"])


def _job(event: dict):
    return Queue.prepare_data(EVENT_JOB, args=(event,), result_ttl=EVENT_RESULT_TTL,
                              description=f"{event['type']} {event['webhookEventId']}")
