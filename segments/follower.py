"""Pure: the follower record, how it changes, how it is encoded in its Redis hash, and the sets it belongs to.

The hash uses one-letter field names and integer timestamps so that Redis keeps it in its compact
(ziplist/listpack) encoding: a follower with its segment memberships stays well under 1 KB.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Iterator, Mapping

from segments import keys
from segments.city import City
from segments.errors import ConsentRequired, InvalidAttribute

GRANTED, REFUSED, NOT_ASKED = "granted", "refused", ""
"""Values of `Follower.consent`."""

SEPARATOR = "\t"
"""Joins several interests or opt-outs in one hash field; city values never contain whitespace."""

_CONSENT_CODES = {GRANTED: "g", REFUSED: "r"}
_CONSENT_NAMES = {code: name for name, code in _CONSENT_CODES.items()}
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Follower:
    """What we hold about one citizen; without consent only the ID, the status and opt-outs are kept."""

    user_id: str
    active: bool
    followed_at: datetime | None = None
    blocked_at: datetime | None = None
    consent: str = NOT_ASKED
    consent_version: str = ""
    district: str | None = None
    age: str | None = None
    interests: frozenset[str] = field(default_factory=frozenset)
    language: str | None = None
    optouts: frozenset[str] = field(default_factory=frozenset)

    @property
    def consented(self) -> bool:
        return self.consent == GRANTED

    def segment_values(self) -> Iterator[tuple[str, str]]:
        """(attribute, value) pairs this follower chose, as used in segment expressions."""
        for attribute, value in (("district", self.district), ("age", self.age), ("language", self.language)):
            if value is not None:
                yield attribute, value
        for interest in sorted(self.interests):
            yield "interest", interest


def memberships(follower: Follower | None) -> frozenset[str]:
    """Every set the follower belongs in: none when inactive, segment sets only with consent."""
    if follower is None or not follower.active:
        return frozenset()
    found = {keys.ACTIVE} | {keys.optout(category) for category in follower.optouts}
    if follower.consented:
        found.add(keys.CONSENTED)
        found.update(keys.segment(attribute, value) for attribute, value in follower.segment_values())
    return frozenset(found)


def followed(old: Follower | None, user_id: str, at: datetime, *, unblocked: bool) -> Follower:
    """A follow event. An unblock restores what we hold; a first follow (per LINE) starts afresh."""
    if old is not None and old.active:
        return old
    if old is not None and unblocked:
        return replace(old, active=True, followed_at=at, blocked_at=None)
    return Follower(user_id=user_id, active=True, followed_at=at)


def unfollowed(old: Follower | None, user_id: str, at: datetime) -> Follower:
    """A block: inactive, choices kept (for an unblock) until the retention job purges them."""
    return replace(old or Follower(user_id=user_id, active=False), active=False, blocked_at=at)


def consent_given(old: Follower | None, user_id: str, *, granted: bool, version: str) -> tuple[Follower, str]:
    """The new record and the ledger event: grant, change (new notice version), refuse or withdraw.

    Refusing or withdrawing drops every attribute: without consent we keep only the ID and status.
    """
    current = old or Follower(user_id=user_id, active=True)
    if granted:
        event = "change" if current.consented and current.consent_version != version else "grant"
        return replace(current, consent=GRANTED, consent_version=version), event
    event = "withdraw" if current.consented else "refuse"
    cleared = replace(current, district=None, age=None, interests=frozenset(), language=None)
    return replace(cleared, consent=REFUSED, consent_version=version), event


def with_attributes(old: Follower, city: City, changes: Mapping[str, object]) -> Follower:
    """Apply the given attribute changes (None clears one) after checking them against the city."""
    if not old.consented:
        raise ConsentRequired(f"{old.user_id}: 同意がないため属性は保存できません")
    return replace(old, **{name: _checked(city, name, value) for name, value in changes.items()})


def with_optout(old: Follower | None, user_id: str, category: str, *, wanted: bool) -> Follower:
    """Turn one category off (wanted) or back on; a citizen we did not know yet is a current friend."""
    current = old or Follower(user_id=user_id, active=True)
    chosen = current.optouts | {category} if wanted else current.optouts - {category}
    return replace(current, optouts=chosen)


def _checked(city: City, name: str, value):
    if name != "interests":
        if value is not None:
            _require(city, name, value)
        return value
    if isinstance(value, str):
        raise TypeError("interests must be a collection of values, not one string")
    chosen = frozenset(value or ())
    for item in sorted(chosen):
        _require(city, "interest", item)
    return chosen


def _require(city: City, attribute: str, value: str) -> None:
    allowed = city.attribute_values()[attribute]
    if value not in allowed:
        raise InvalidAttribute(attribute, value, allowed)


def to_fields(follower: Follower) -> dict[str, str | int]:
    """The hash fields of a follower; empty values are left out."""
    fields = {
        "a": int(follower.active),
        "f": _ms(follower.followed_at),
        "b": _ms(follower.blocked_at),
        "c": _CONSENT_CODES.get(follower.consent),
        "v": follower.consent_version,
        "d": follower.district,
        "g": follower.age,
        "i": SEPARATOR.join(sorted(follower.interests)),
        "l": follower.language,
        "o": SEPARATOR.join(sorted(follower.optouts)),
    }
    return {name: value for name, value in fields.items() if value not in (None, "")}


def from_fields(user_id: str, raw: Mapping) -> Follower:
    """Decode a follower hash as read from Redis (bytes or str)."""
    fields = {as_text(name): as_text(value) for name, value in raw.items()}
    return Follower(
        user_id=user_id,
        active=fields.get("a") == "1",
        followed_at=_time(fields.get("f")),
        blocked_at=_time(fields.get("b")),
        consent=_CONSENT_NAMES.get(fields.get("c", ""), NOT_ASKED),
        consent_version=fields.get("v", ""),
        district=fields.get("d"),
        age=fields.get("g"),
        interests=_split(fields.get("i")),
        language=fields.get("l"),
        optouts=_split(fields.get("o")),
    )


def epoch_ms(at: datetime) -> int:
    """Milliseconds since the epoch of a time-zone-aware datetime (naive ones are refused)."""
    if at.tzinfo is None:
        raise ValueError("a time-zone-aware datetime is required")
    return (at - _EPOCH) // timedelta(milliseconds=1)


def _ms(at: datetime | None) -> int | None:
    return None if at is None else epoch_ms(at)


def _time(ms: str | None) -> datetime | None:
    return None if ms is None else _EPOCH + timedelta(milliseconds=int(ms))


def _split(joined: str | None) -> frozenset[str]:
    return frozenset(joined.split(SEPARATOR)) if joined else frozenset()


def as_text(value) -> str:
    """A value read from Redis as text, whether the client decodes responses or not."""
    return value.decode() if isinstance(value, bytes) else str(value)
