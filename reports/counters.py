"""Redis I/O: our own daily counts from webhooks (follows, unblocks, blocks, consents, registrations).

They live in the same per-day hash as LINE's insight numbers (see snapshots.py), as fields
`event:{kind}` and `event:{kind}:{attribute}:{value}`, so a day is read in one HGETALL.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping

from redis import Redis

from reports import keys

KINDS = ("follow", "unblock", "block", "consent", "registration")
"""Event kinds the bot reports (the contract with bot handlers)."""

EVENT_FIELD = "event:"
"""Prefix of our counts inside a day hash; LINE's numbers use `line:`."""

ATTRIBUTE_NAMES = {"interests": "interest"}
"""Bot handlers may name the multi-valued attribute as the follower field does; counts use segment names."""


def event_names(kind: str, attributes: Mapping[str, str | Iterable[str] | None] | None = None) -> list[str]:
    """The count names one event adds to: the kind, then `kind:attribute:value` per value given."""
    if kind not in KINDS:
        raise ValueError(f"unknown event kind {kind!r} (expected one of {', '.join(KINDS)})")
    names = [kind]
    for attribute, values in sorted((attributes or {}).items()):
        if values is None:
            continue
        for value in [values] if isinstance(values, str) else sorted(values):
            names.append(f"{kind}:{ATTRIBUTE_NAMES.get(attribute, attribute)}:{value}")
    return names


def count_event(redis: Redis, kind: str, day: date, attributes: Mapping | None = None) -> None:
    """Add one event of `kind` on JST `day`, and one per attribute value (e.g. {"interests": ["防災"]}).

    Only aggregate numbers are stored (no user IDs), so they are kept for trends and open data.
    """
    with redis.pipeline(transaction=True) as pipeline:
        for name in event_names(kind, attributes):
            pipeline.hincrby(keys.day(day), EVENT_FIELD + name, 1)
        pipeline.execute()
