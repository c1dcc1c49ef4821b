"""Follow and unfollow (block): keep the follower store, the growth counters and block attribution in step."""

from __future__ import annotations

from datetime import datetime

from bot.context import BotContext
from bot.dialogs.route import greet
from bot.events import Incoming
from campaigns.store import note_block
from menus.store import forget_friend as forget_menu
from messages.attribution import record_block
from reports.counters import count_event
from segments.store import FollowerStore


def _event_time(incoming: Incoming, ctx: BotContext) -> datetime:
    return datetime.fromtimestamp(incoming.timestamp_ms / 1000, ctx.services.config.tz)


def on_follow(incoming: Incoming, ctx: BotContext) -> list[dict]:
    """A new friend or an unblock: store them (restoring held choices) and greet."""
    at = _event_time(incoming, ctx)
    redis = ctx.services.redis
    follower = FollowerStore(redis, ctx.city).follow(incoming.user_id, at=at, unblocked=incoming.is_unblocked)
    count_event(redis, "unblock" if incoming.is_unblocked else "follow", at.date())
    return greet(follower, ctx)


def on_unfollow(incoming: Incoming, ctx: BotContext) -> list[dict]:
    """A block: out of every segment at once, counted, and attributed to a recent broadcast if any."""
    at = _event_time(incoming, ctx)
    redis = ctx.services.redis
    store = FollowerStore(redis, ctx.city)
    follower = store.get(incoming.user_id)
    store.unfollow(incoming.user_id, at=at)
    forget_menu(redis, incoming.user_id)        # an unblock links their menu again (bot.dialogs.route.greet)
    record_block(redis, incoming.user_id, at)
    note_block(redis, incoming.user_id, at)
    count_event(redis, "block", at.date(), _attributes(follower))
    return []


def _attributes(follower) -> dict | None:
    if follower is None or follower.consent != "granted":
        return None
    return {"district": follower.district, "age": follower.age, "interests": sorted(follower.interests)}
