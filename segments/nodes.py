"""Pure: the syntax tree of segment expressions and its canonical text form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

ATTRIBUTES: dict[str, str] = {"district": "地区", "age": "年代", "interest": "関心", "language": "言語"}
"""Attribute names used in expressions and in Redis keys, with the Japanese alias staff may type instead."""


@dataclass(frozen=True)
class All:
    """Every current friend, whether they consented or not (only valid as a whole expression)."""


@dataclass(frozen=True)
class Term:
    """Consenting friends who chose `value` for `attribute`."""

    attribute: str
    value: str


@dataclass(frozen=True)
class Not:
    operand: "Expr"


@dataclass(frozen=True)
class And:
    operands: tuple["Expr", ...]


@dataclass(frozen=True)
class Or:
    operands: tuple["Expr", ...]


Expr = Union[All, Term, Not, And, Or]

_PRECEDENCE = {Or: 1, And: 2, Not: 3, Term: 4, All: 4}


def to_text(expr: Expr) -> str:
    """The canonical spelling: English names, upper-case operators, parentheses only where needed."""
    if isinstance(expr, All):
        return "all"
    if isinstance(expr, Term):
        return f"{expr.attribute}:{expr.value}"
    if isinstance(expr, Not):
        return f"NOT {_operand_text(expr.operand, Not)}"
    joiner = " AND " if isinstance(expr, And) else " OR "
    return joiner.join(_operand_text(operand, type(expr)) for operand in expr.operands)


def _operand_text(operand: Expr, parent: type) -> str:
    text = to_text(operand)
    # An operand binding no tighter than its parent (e.g. OR inside AND, AND inside NOT) needs parentheses;
    # an AND inside an AND is wrapped too, so that nesting survives the round trip through parse().
    return f"({text})" if _PRECEDENCE[type(operand)] <= _PRECEDENCE[parent] else text
