"""Routing of one event to its handler, and sending the handler's reply.

Routes are tried in priority order: an open dialog or a command first, then the FAQ, then the
fallback. A route returns the messages to reply with, [] to reply nothing, or None for "not mine".
"""

from __future__ import annotations

import time
import uuid
from typing import Callable

from bot import campaign_code, civic_route, friendship, replies
from bot.context import BotContext
from bot import faq
from bot.dialogs import route as dialogs
from bot.events import Incoming
from messages.errors import DeliveryError
from messages.gateway import INVALID_REPLY_TOKEN

Route = Callable[[Incoming, BotContext], "list[dict] | None"]

PUSH_FALLBACK_NAMESPACE = uuid.UUID("6f1d1b2e-3c1a-4f38-9a55-6b0e2f7c9d41")
"""Retry keys for replies sent by push are uuid5(this, event ID): a retried job never pushes twice."""


def fallback(incoming: Incoming, ctx: BotContext) -> list[dict]:
    """Last route: a sticker, a photo, a location or an empty text gets a hint on how to ask; other events nothing."""
    return [replies.not_text(ctx.city)] if incoming.type == "message" else []


ROUTES: list[Route] = [campaign_code.route, civic_route.route, dialogs.route, faq.route, fallback]


def on_chat(incoming: Incoming, ctx: BotContext) -> list[dict]:
    for route in ROUTES:
        messages = route(incoming, ctx)
        if messages is not None:
            return messages
    return []


def on_join(incoming: Incoming, ctx: BotContext) -> list[dict]:
    return [replies.group_notice(ctx.city)]


EVENT_HANDLERS: dict[str, Route] = {
    "follow": friendship.on_follow,
    "unfollow": friendship.on_unfollow,
    "message": on_chat,
    "postback": on_chat,
}


def dispatch(incoming: Incoming, ctx: BotContext) -> None:
    """Handle one event and send its reply. Standby mode must not send; groups and rooms get one notice on join."""
    if incoming.mode != "active":
        return
    if incoming.from_user_chat:
        handler = EVENT_HANDLERS.get(incoming.type)
    else:
        handler = on_join if incoming.type == "join" else None
    if handler is not None:
        send_reply(incoming, ctx, handler(incoming, ctx))


def send_reply(incoming: Incoming, ctx: BotContext, messages: list[dict]) -> None:
    """Reply with the event's token while LINE still takes it; otherwise push instead (to a citizen only).

    A token is tried once and only within its minute. Should LINE refuse it all the same (its clock ahead of
    ours), the push still goes.
    """
    if not messages:
        return
    gateway = ctx.services.gateway
    token = incoming.reply_token
    if token and token not in ctx.tried_reply_tokens and incoming.reply_token_usable(int(time.time() * 1000)):
        ctx.tried_reply_tokens.add(token)
        try:
            gateway.reply(token, messages)
            return
        except DeliveryError as error:
            if not (error.status == 400 and INVALID_REPLY_TOKEN in error.message):
                raise
    if incoming.source_type == "user" and incoming.user_id:
        retry_key = str(uuid.uuid5(PUSH_FALLBACK_NAMESPACE, incoming.event_id))
        gateway.push(incoming.user_id, messages, retry_key=retry_key)
