"""Redis I/O: the follower store. One hash per citizen, and the sets that segments are computed from.

Every change reads the follower under WATCH, decides the new record with the pure functions of
segments/follower.py, and writes the hash, the set memberships that differ and any consent-ledger entry
in one MULTI/EXEC transaction: a block takes a citizen out of every segment at once. The same transaction
keeps the moment of any frozen view the change touches (segments/views.py), so it also WATCHes their registry.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable, Iterable

from redis import Redis

from segments import consent, keys, views
from segments.city import ATTRIBUTE_VALUE, City
from segments.errors import UnknownFollower
from segments.follower import (
    Follower,
    as_text,
    consent_given,
    epoch_ms,
    followed,
    from_fields,
    memberships,
    to_fields,
    unfollowed,
    with_attributes,
    with_optout,
)

__all__ = ["Follower", "FollowerStore"]

CREATE_IF_ABSENT = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
for i = 2, #KEYS do redis.call('SADD', KEYS[i], ARGV[1]) end
return 1
"""
"""Store a follower only if we know nothing of them yet (atomic, so a concurrent follow event wins)."""

Decision = tuple[Follower, Callable | None]
"""The new record and optional extra writes (e.g. a ledger entry) queued in the same transaction."""


class FollowerStore:
    """Followers of one city's account, their consent and their choices."""

    def __init__(self, redis: Redis, city: City):
        self.redis, self.city = redis, city
        self._create_if_absent = redis.register_script(CREATE_IF_ABSENT)

    def follow(self, user_id: str, *, at: datetime, unblocked: bool) -> Follower:
        """A follow event: active again; an unblock restores the held choices and their segments."""
        return self._change(user_id, lambda old: (followed(old, user_id, at, unblocked=unblocked), None))

    def unfollow(self, user_id: str, *, at: datetime) -> None:
        """A block: inactive and out of every segment in one transaction; choices kept for an unblock."""
        self._change(user_id, lambda old: (unfollowed(old, user_id, at), None))

    def get(self, user_id: str) -> Follower | None:
        """What we hold about the citizen, or None (never seen, or erased)."""
        return _decode(user_id, self.redis.hgetall(keys.follower(user_id)))

    def record_consent(self, user_id: str, *, granted: bool, at: datetime) -> None:
        """The citizen's answer to the current privacy notice, recorded in the hash and in the ledger."""
        version = self.city.privacy_version

        def decide(old: Follower | None) -> Decision:
            new, event = consent_given(old, user_id, granted=granted, version=version)
            return new, lambda pipe: consent.append(pipe, user_id=user_id, event=event, version=version, at=at)

        self._change(user_id, decide)

    def update(self, user_id: str, *, district=..., age=..., interests=..., language=...) -> Follower:
        """Change only the attributes given (None clears one); values are checked against the city.

        Raises UnknownFollower, ConsentRequired (no consent: nothing but the ID is kept) or InvalidAttribute.
        """
        given = {"district": district, "age": age, "interests": interests, "language": language}
        changes = {name: value for name, value in given.items() if value is not ...}

        def decide(old: Follower | None) -> Decision:
            if old is None:
                raise UnknownFollower(user_id)
            return with_attributes(old, self.city, changes), None

        return self._change(user_id, decide)

    def opt_out(self, user_id: str, category: str) -> None:
        """「配信停止」 of one category; broadcasts of that category leave the citizen out."""
        self._set_optout(user_id, category, wanted=True)

    def opt_in(self, user_id: str, category: str) -> None:
        self._set_optout(user_id, category, wanted=False)

    def erase(self, user_id: str) -> None:
        """Everything we hold about the citizen, ledger entries included; an "erased" entry remains."""
        self._erase([user_id], reason="request", when=lambda old: True)

    def count_active(self) -> int:
        return self.redis.scard(keys.ACTIVE)

    def count_consented(self) -> int:
        return self.redis.scard(keys.CONSENTED)

    def purge_blocked(self, *, before: datetime) -> int:
        """Erase citizens who blocked before `before` and have not come back; returns how many."""
        cutoff = epoch_ms(before)
        candidates = [as_text(user_id) for user_id in self.redis.zrangebyscore(keys.BLOCKED, "-inf", f"({cutoff}")]

        def expired(old: Follower | None) -> bool:
            """Checked again inside the transaction: someone may have come back since the range was read."""
            return old is not None and not old.active and epoch_ms(old.blocked_at) < cutoff

        return self._erase(candidates, reason="retention", when=expired)

    def add_unknown(self, user_ids: Iterable[str]) -> int:
        """Store friends we have never seen (from LINE's follower IDs) as active, without consent.

        Known citizens are left untouched. Returns how many were added.
        """
        with self.redis.pipeline(transaction=False) as pipe:
            for user_id in user_ids:
                fresh = Follower(user_id=user_id, active=True)
                fields = [part for pair in to_fields(fresh).items() for part in pair]
                self._create_if_absent(keys=[keys.follower(user_id), *memberships(fresh)],
                                       args=[user_id, *fields], client=pipe)
            return sum(pipe.execute())

    def _set_optout(self, user_id: str, category: str, *, wanted: bool) -> None:
        if not ATTRIBUTE_VALUE.match(category):
            raise ValueError(f"配信停止の分類名として使えません: {category!r}")
        self._change(user_id, lambda old: (with_optout(old, user_id, category, wanted=wanted), None))

    def _change(self, user_id: str, decide: Callable[[Follower | None], Decision]) -> Follower:
        """Read under WATCH, decide, write in MULTI/EXEC; retried by redis-py if the follower changed meanwhile."""
        key = keys.follower(user_id)

        def transaction(pipe) -> Follower:
            old = _decode(user_id, pipe.hgetall(key))
            new, extra = decide(old)
            _write(pipe, user_id, old, new)
            if extra is not None:
                extra(pipe)
            return new

        return self.redis.transaction(transaction, key, views.REGISTRY, value_from_callable=True)

    def _erase(self, user_ids: list[str], *, reason: str, when: Callable[[Follower | None], bool]) -> int:
        at = datetime.now(timezone.utc)
        erased = {user_id for user_id in user_ids if self._erase_one(user_id, reason=reason, at=at, when=when)}
        consent.forget(self.redis, erased)
        return len(erased)

    def _erase_one(self, user_id: str, *, reason: str, at: datetime, when: Callable[[Follower | None], bool]) -> bool:
        key = keys.follower(user_id)

        def transaction(pipe) -> bool:
            old = _decode(user_id, pipe.hgetall(key))
            if not when(old):
                return False
            _write(pipe, user_id, old, None)
            consent.append_erasure(pipe, reason=reason, at=at)
            return True

        return self.redis.transaction(transaction, key, views.REGISTRY, value_from_callable=True)


def _decode(user_id: str, raw: dict) -> Follower | None:
    return from_fields(user_id, raw) if raw else None


def _write(pipe, user_id: str, old: Follower | None, new: Follower | None) -> None:
    """Start MULTI and queue the hash and the membership changes that turn `old` into `new` (None: nothing
    held), keeping the moment of the frozen views they touch."""
    key = keys.follower(user_id)
    before, after = memberships(old), memberships(new)
    touched = views.views_to_preserve(pipe, user_id, before, after)
    pipe.multi()
    views.preserve(pipe, touched, user_id, before)
    pipe.delete(key)
    if new is not None:
        pipe.hset(key, mapping=to_fields(new))
    for gone in before - after:
        pipe.srem(gone, user_id)
    for joined in after - before:
        pipe.sadd(joined, user_id)
    if new is not None and not new.active and new.blocked_at is not None:
        pipe.zadd(keys.BLOCKED, {user_id: epoch_ms(new.blocked_at)})
    else:
        pipe.zrem(keys.BLOCKED, user_id)
