"""Pure: delivering messages to simulated users as LINE does: friends only, one quota message per recipient."""

from __future__ import annotations

from typing import Iterable

from linesim.errors import MONTHLY_LIMIT, LineError
from linesim.events import next_message_id, quote_token
from linesim.state import SimState
from linesim.users import FRIEND, User

QUOTABLE = frozenset({"text", "textV2", "sticker", "image", "video"})
"""Message types a user can quote, so push and reply answers give them a quoteToken."""


def deliver(state: SimState, endpoint: str, request_id: str, messages: list[dict],
            recipients: Iterable[User], *, counted: bool = True) -> list[str]:
    """Record the delivery to every recipient who is a friend; return their IDs.

    Blocked users and non-friends get nothing and are not counted, yet the request succeeds (LINE answers
    200 too). A counted send that does not fit the monthly quota sends nothing: 429.
    """
    friend_ids = [user.user_id for user in recipients if user.status == FRIEND]
    deliver_to_friends(state, endpoint, request_id, messages, friend_ids, counted=counted)
    return friend_ids


def deliver_to_friends(state: SimState, endpoint: str, request_id: str, messages: list[dict], friend_ids: list[str],
                       *, counted: bool = True) -> None:
    """`deliver` to users already known to be friends (a multicast finds its 500 in one pass)."""
    now = state.clock.now_ms()
    if counted and not state.quota.try_use(len(friend_ids), now):
        raise LineError(429, MONTHLY_LIMIT)
    state.ledger.record(endpoint, request_id, now, messages, friend_ids)


def sent_messages(messages: list[dict]) -> list[dict]:
    """The `sentMessages` of a push or reply answer."""
    return [{"id": next_message_id(), **({"quoteToken": quote_token()} if m.get("type") in QUOTABLE else {})}
            for m in messages]
