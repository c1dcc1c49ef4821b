"""Redis I/O: who a segment expression selects, by set algebra on the segment sets, without listing anyone.

Each evaluation runs as one MULTI/EXEC transaction (one round trip, one consistent moment): intermediate
results go to scratch sets that the same transaction deletes at its end. Groups are evaluated within the
sets already selected (`A AND (B OR C)` as `(A∩B) ∪ (A∩C)`), so intermediate sets stay small.
"""

from __future__ import annotations

import uuid
import weakref
from typing import Iterator

from redis import Redis

from segments import keys
from segments.follower import as_text
from segments.nodes import All, And, Expr, Not, Or, Term

_sintercard_support: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def count(redis: Redis, expr: Expr) -> int:
    """How many friends the expression selects (exact: show staff `display_count` of it)."""
    if isinstance(expr, All):
        return redis.scard(keys.ACTIVE)
    if isinstance(expr, Term):
        return redis.scard(_segment_key(expr))
    if isinstance(expr, And) and all(isinstance(operand, Term) for operand in expr.operands) and _has_sintercard(redis):
        return redis.sintercard(len(expr.operands), [_segment_key(operand) for operand in expr.operands])
    with redis.pipeline(transaction=True) as pipe:
        plan = _Plan(pipe)
        pipe.scard(plan.key_for(expr, within=None))
        return plan.execute()


def freeze(redis: Redis, expr: Expr, dest_key: str, *, exclude_optout: str | None = None,
           ttl_seconds: int | None = None) -> int:
    """Evaluate once into the set `dest_key` (replacing it) and return its size.

    Only current friends who consented, except for `all` (every current friend); minus those who turned
    `exclude_optout` off with 「配信停止」. An empty result leaves no key (Redis drops empty sets).
    """
    with redis.pipeline(transaction=True) as pipe:
        plan = _Plan(pipe)
        source = keys.ACTIVE if isinstance(expr, All) else plan.key_for(expr, within=None)
        excluded = [keys.optout(exclude_optout)] if exclude_optout else []
        pipe.sdiffstore(dest_key, [source, *excluded])
        if ttl_seconds is not None:
            pipe.expire(dest_key, ttl_seconds)
        pipe.scard(dest_key)
        return plan.execute()


def members(redis: Redis, key: str, *, batch: int = 1000) -> Iterator[str]:
    """The user IDs in a frozen set, fetched `batch` at a time with SSCAN (never one huge reply)."""
    for member in redis.sscan_iter(key, count=batch):
        yield as_text(member)


class _Plan:
    """Queues the set operations of one evaluation on a MULTI pipeline, and cleans up after them."""

    def __init__(self, pipe):
        self.pipe, self.token, self.scratch = pipe, uuid.uuid4().hex, []

    def key_for(self, expr: Expr, *, within: str | None) -> str:
        """A key holding the selection of `expr` inside `within` (None: inside every consenting friend)."""
        if isinstance(expr, Term):
            return _segment_key(expr) if within is None else self.store("sinterstore", within, _segment_key(expr))
        if isinstance(expr, Or):
            return self.store("sunionstore", *[self.key_for(operand, within=within) for operand in expr.operands])
        if isinstance(expr, Not):
            return self.store("sdiffstore", within or keys.CONSENTED, self.excluded(expr.operand, within))
        if isinstance(expr, And):
            return self.conjunction(expr.operands, within)
        raise ValueError("all (友だち全員) は単独でしか使えません")

    def conjunction(self, operands: tuple[Expr, ...], within: str | None) -> str:
        terms = [_segment_key(operand) for operand in operands if isinstance(operand, Term)]
        groups = [operand for operand in operands if isinstance(operand, (And, Or))]
        negated = [operand.operand for operand in operands if isinstance(operand, Not)]
        sources = ([within] if within else []) + terms
        current = sources[0] if len(sources) == 1 else self.store("sinterstore", *sources) if sources else None
        for group in groups:
            current = self.key_for(group, within=current)
        if negated:
            current = self.store("sdiffstore", current or keys.CONSENTED,
                                 *[self.excluded(operand, current) for operand in negated])
        return current

    def excluded(self, expr: Expr, within: str | None) -> str:
        """The key to subtract for NOT expr: a plain segment set needs no narrowing first."""
        return _segment_key(expr) if isinstance(expr, Term) else self.key_for(expr, within=within)

    def store(self, command: str, *sources: str) -> str:
        dest = keys.scratch(self.token, len(self.scratch))
        self.scratch.append(dest)
        getattr(self.pipe, command)(dest, list(sources))
        return dest

    def execute(self) -> int:
        """Run the transaction, deleting the scratch sets in it; the result of the last command before that."""
        if self.scratch:
            self.pipe.delete(*self.scratch)
        results = self.pipe.execute()
        return results[-2] if self.scratch else results[-1]


def _segment_key(term: Term) -> str:
    return keys.segment(term.attribute, term.value)


def _has_sintercard(redis: Redis) -> bool:
    """SINTERCARD (Redis 7) counts an intersection without storing it; older servers store and count."""
    pool = redis.connection_pool
    if pool not in _sintercard_support:
        major = int(str(redis.info("server")["redis_version"]).split(".")[0])
        _sintercard_support[pool] = major >= 7
    return _sintercard_support[pool]
