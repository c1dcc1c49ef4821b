"""Redis I/O: the first route — a message carrying a campaign code (the text the short link prefilled).

It is answered before the dialogs so that the greeting's open question (consent) stays open: the citizen
can still tap its buttons after sending the code.
"""

from __future__ import annotations

from datetime import datetime

from bot.context import BotContext
from bot.dialogs.replies import text
from bot.dialogs.texts import say
from bot.events import Incoming
from campaigns import store
from campaigns.model import code_in
from segments.store import FollowerStore


def route(incoming: Incoming, ctx: BotContext) -> list[dict] | None:
    if incoming.type != "message" or incoming.message_type != "text" or not incoming.text or not incoming.user_id:
        return None
    code, meant = code_in(incoming.text)
    redis = ctx.services.redis
    campaign = store.get(redis, code) if code else None
    if campaign is None and not meant:
        return None                                     # a bare word that no campaign has: the FAQ's
    follower = FollowerStore(redis, ctx.city).get(incoming.user_id)
    language = follower.language if follower else None
    at = datetime.fromtimestamp(incoming.timestamp_ms / 1000, ctx.services.config.tz)
    outcome = store.attribute(redis, incoming.user_id, code, followed_at=follower and follower.followed_at,
                              at=at) if campaign else "unknown"
    if outcome == "counted":
        replies = [text(say("campaign_thanks", language, campaign=campaign.name, city=ctx.city.name))]
    else:
        replies = [text(say("campaign_noted", language))]
    if follower is None or not follower.consented:
        replies.append(text(say("campaign_register_hint", language)))
    return replies
