"""RQ job: handle one webhook event in a worker (enqueued by bot.intake)."""

from __future__ import annotations

import logging

from rq import get_current_job

import services
from bot import replies
from bot.context import BotContext
from bot.dispatch import dispatch, send_reply
from bot.events import to_incoming
from bot.intake import owns_event
from messages.errors import DeliveryError

log = logging.getLogger(__name__)


def handle_event(event: dict, received_ms: int | None = None) -> None:
    """The single error boundary for citizens' events: apologise, then let RQ record the failure."""
    current = services.current()
    job = get_current_job()
    if job is not None and not owns_event(current.redis, event, job.id):
        return  # a duplicate delivery of an event another job handles
    incoming = to_incoming(event, received_ms)
    ctx = BotContext.for_services(current)
    try:
        dispatch(incoming, ctx)
    except Exception:
        log.exception("event %s (%s) failed", incoming.event_id, incoming.type)
        if incoming.type in ("message", "postback") and incoming.from_user_chat:
            try:
                send_reply(incoming, ctx, [replies.apology(ctx.city)])
            except DeliveryError:
                log.warning("could not send the apology for event %s", incoming.event_id)
        raise
