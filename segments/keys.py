"""Pure: every Redis key name of the segments package (followers, segment sets, consent ledger)."""

from __future__ import annotations

ACTIVE = "citybot:followers:active"
"""Set of the user IDs of every current friend (consented or not): the audience of `all`."""

CONSENTED = "citybot:followers:consented"
"""Set of current friends who consented: the universe that `NOT` is taken against."""

BLOCKED = "citybot:followers:blocked"
"""Sorted set of former friends scored by the time they blocked (ms), for the retention job."""

CONSENT_LEDGER = "citybot:consent:ledger"
"""Stream of consent events (grant, refuse, withdraw, change, erased); entries are never edited."""


def follower(user_id: str) -> str:
    """Hash of one follower (short field names, see segments/follower.py)."""
    return f"citybot:follower:{user_id}"


def segment(attribute: str, value: str) -> str:
    """Set of current, consenting friends who chose `value` for `attribute`."""
    return f"citybot:seg:{attribute}:{value}"


def optout(category: str) -> str:
    """Set of current friends who turned the category off with 「配信停止」."""
    return f"citybot:seg:optout:{category}"


SCRATCH_PREFIX = "citybot:seg:tmp:"
"""Intermediate results of segment evaluations; each transaction deletes its own before it ends."""


def scratch(token: str, number: int) -> str:
    return f"{SCRATCH_PREFIX}{token}:{number}"


VIEWS = "citybot:seg:views"
"""Hash of the open frozen views (segments/views.py): view ID → what the follower store keeps for it."""
