"""Hypothesis strategies: random segment expressions and followers over a few of the demo city's values."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from segments.nodes import All, And, Not, Or, Term

VALUES = {
    "district": ("中央", "北部", "みなと"),
    "age": ("10代", "30代", "70代以上"),
    "interest": ("防災", "子育て", "健康・福祉"),
    "language": ("ja", "en"),
}
"""A few values per attribute, so that random followers and random expressions overlap often."""

terms = st.sampled_from([Term(attribute, value) for attribute, values in VALUES.items() for value in values])




@st.composite
def conditions(draw, depth: int = 3):
    """Expressions without `all` (which only stands alone), up to `depth` operators deep.

    Drawn level by level rather than with st.recursive, which mostly yields single terms and would
    seldom produce the groups inside conjunctions that the Redis evaluation treats specially.
    """
    kind = draw(st.sampled_from(["and", "or", "not", "term"] if depth else ["term"]))
    if kind == "term":
        return draw(terms)
    if kind == "not":
        return Not(draw(conditions(depth - 1)))
    operands = tuple(draw(st.lists(conditions(depth - 1), min_size=2, max_size=3)))
    return And(operands) if kind == "and" else Or(operands)


expressions = st.one_of(conditions(), st.just(All()))


@dataclass(frozen=True)
class Citizen:
    active: bool
    consent: str  # "granted" | "refused" | ""
    district: str | None
    age: str | None
    interests: frozenset[str]
    language: str | None
    optouts: frozenset[str]


def _optional(attribute: str):
    return st.none() | st.sampled_from(VALUES[attribute])


citizens = st.builds(
    Citizen,
    active=st.booleans(),
    consent=st.sampled_from(["granted", "granted", "refused", ""]),
    district=_optional("district"),
    age=_optional("age"),
    interests=st.frozensets(st.sampled_from(VALUES["interest"]), max_size=3),
    language=_optional("language"),
    optouts=st.frozensets(st.sampled_from(VALUES["interest"]), max_size=2),
)

populations = st.lists(citizens, min_size=4, max_size=20)
