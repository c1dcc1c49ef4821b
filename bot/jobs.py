"""RQ job: handle one webhook event in a worker (enqueued by bot.intake)."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from redis import Redis
from redis.exceptions import LockError
from rq import get_current_job

import services
from bot import keys, replies
from bot.context import BotContext
from bot.dispatch import dispatch, send_reply
from bot.events import to_incoming
from bot.intake import owns_event
from messages.errors import DeliveryError

log = logging.getLogger(__name__)

USER_LOCK_SECONDS = 30
"""The longest one event may hold its citizen's lock: a reply takes milliseconds, a dead worker's lock frees."""
USER_WAIT_SECONDS = 15
"""How long an event waits for the citizen's previous one before it is handled anyway (and logged)."""


def handle_event(event: dict, received_ms: int | None = None) -> None:
    """The single error boundary for citizens' events: apologise, then let RQ record the failure."""
    current = services.current()
    job = get_current_job()
    if job is not None and not owns_event(current.redis, event, job.id):
        return  # a duplicate delivery of an event another job handles
    incoming = to_incoming(event, received_ms)
    ctx = BotContext.for_services(current)
    try:
        with one_at_a_time(current.redis, incoming.user_id):
            dispatch(incoming, ctx)
    except Exception:
        log.exception("event %s (%s) failed", incoming.event_id, incoming.type)
        if incoming.type in ("message", "postback") and incoming.from_user_chat:
            try:
                send_reply(incoming, ctx, [replies.apology(ctx.city)])
            except DeliveryError:
                log.warning("could not send the apology for event %s", incoming.event_id)
        raise


@contextmanager
def one_at_a_time(redis: Redis, user_id: str | None):
    """One citizen's events one after another, even with several workers: three photos sent together would
    otherwise each read the same draft and two of them be lost."""
    if not user_id:
        yield
        return
    lock = redis.lock(keys.USER_EVENTS_LOCK.format(user_id=user_id), timeout=USER_LOCK_SECONDS)
    held = lock.acquire(blocking_timeout=USER_WAIT_SECONDS)
    if not held:
        log.warning("user %s: the previous event is still being handled after %s s; going ahead",
                    user_id, USER_WAIT_SECONDS)
    try:
        yield
    finally:
        if held:
            try:
                lock.release()
            except LockError:
                log.warning("user %s: the event took longer than its lock (%s s)", user_id, USER_LOCK_SECONDS)
