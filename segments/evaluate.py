"""Pure: the meaning of a segment expression over Python sets (the reference that Redis evaluation must match).

`Term` is the set of consenting friends who chose that value; `NOT` is taken against `universe` (current
friends who consented); `all` is `everyone` (every current friend, consented or not).
"""

from __future__ import annotations

from typing import AbstractSet, Callable

from segments.nodes import All, And, Expr, Not, Term

Members = Callable[[str, str], AbstractSet[str]]
"""members(attribute, value) -> the user IDs in that segment."""


def evaluate(expr: Expr, *, members: Members, universe: AbstractSet[str], everyone: AbstractSet[str]) -> set[str]:
    """The user IDs the expression selects."""
    if isinstance(expr, All):
        return set(everyone)
    if isinstance(expr, Term):
        return set(members(expr.attribute, expr.value)) & universe
    if isinstance(expr, Not):
        return set(universe) - evaluate(expr.operand, members=members, universe=universe, everyone=everyone)
    parts = [evaluate(operand, members=members, universe=universe, everyone=everyone) for operand in expr.operands]
    return set.intersection(*parts) if isinstance(expr, And) else set.union(*parts)
