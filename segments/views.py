"""Redis I/O: a segment set frozen at one moment without copying it (copy on write).

A delivery run sends to its segment as it was when the run started. Copying a segment of a million into a set
of the run's own held Redis for most of a second while nothing was sent. A view reads the live segment set
instead, and the follower store, the only writer of segment sets, keeps the view's moment for everyone it
changes afterwards: the first change that touches a member's place in a view marks the member `decided` (a
scan of the live set passes them by) and, if the member was in the view, appends them to the view's `pinned`
list. So a view always holds exactly who was in it when it opened, however the segment changes.

A view is `source` minus every set in `excluded`, all of them sets the follower store writes. (The store's
`add_unknown` only adds to the set of all friends, which no view reads.)
"""

from __future__ import annotations

import time

from redis import Redis

from segments import keys
from segments.follower import as_text
from segments.frozen_view import View

REGISTRY = keys.VIEWS


def views_to_preserve(pipe, user_id: str, before: frozenset[str], after: frozenset[str]) -> list[View]:
    """The open views whose moment a change of `user_id` from `before` to `after` would alter. Reads at once:
    call it on a pipeline that WATCHes REGISTRY and the follower, before MULTI."""
    if before == after:
        return []
    now = time.time()
    touched = [view for view in _open(pipe) if view.until > now and view.touched_by(before, after)]
    return [view for view in touched if not pipe.sismember(view.decided, user_id)]


def preserve(pipe, touched: list[View], user_id: str, before: frozenset[str]) -> None:
    """Queue (inside MULTI) what keeps each touched view's moment for `user_id`, whose memberships were `before`."""
    now = time.time()
    for view in touched:
        ttl = max(int(view.until - now), 1)
        pipe.sadd(view.decided, user_id)
        pipe.expire(view.decided, ttl)
        if view.holds(before):
            pipe.rpush(view.pinned, user_id)
            pipe.expire(view.pinned, ttl)


def close(redis: Redis, view_id: str) -> None:
    """Stop keeping the view's moment (its reader is done with it)."""
    redis.hdel(REGISTRY, view_id)


def _open(client: Redis) -> list[View]:
    return [View.from_json(as_text(view_id), as_text(text)) for view_id, text in client.hgetall(REGISTRY).items()]
