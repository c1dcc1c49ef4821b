"""Pure: a segment expression as one Japanese sentence for staff previews (「…の方」).

Conditions joined by AND read as one run of clauses (「中央地区にお住まいで、10代の方」). Alternatives of one
attribute merge (「防災または子育てに関心があり」). Anything that plain clauses would make ambiguous (an OR
of different attributes inside an AND, a NOT of a group) is quoted in 「」 as a whole, so the sentence
keeps the expression's precedence.
"""

from __future__ import annotations

from dataclasses import dataclass

from segments.nodes import All, And, Expr, Not, Or, Term

LANGUAGE_NAMES = {"ja": "日本語", "ja-easy": "やさしい日本語", "en": "英語", "zh": "中国語", "ko": "韓国語", "vi": "ベトナム語"}
"""Language codes as staff call them (citizens see each language's own name instead)."""

EVERYONE = "友だち全員 (同意や登録の有無を問わず)"

_FORMS = {
    "district": {"affirmed": ("{}にお住まいで", "{}にお住まいの"),
                 "denied": ("{}にお住まいではなく", "{}にお住まいではない"),
                 "none": ("{}のいずれにもお住まいではなく", "{}のいずれにもお住まいではない")},
    "age": {"affirmed": ("{}で", "{}の"),
            "denied": ("{}ではなく", "{}ではない"),
            "none": ("{}のいずれでもなく", "{}のいずれでもない")},
    "interest": {"affirmed": ("{}に関心があり", "{}に関心がある"),
                 "denied": ("{}に関心がなく", "{}に関心がない"),
                 "none": ("{}のいずれにも関心がなく", "{}のいずれにも関心がない")},
    "language": {"affirmed": ("言語に{}を選んでいて", "言語に{}を選んでいる"),
                 "denied": ("言語に{}を選んでおらず", "言語に{}を選んでいない"),
                 "none": ("言語に{}のいずれも選んでおらず", "言語に{}のいずれも選んでいない")},
}
"""Per attribute and mood (affirmed, denied, none of several): the joining and the final form of a clause."""


@dataclass(frozen=True)
class _Phrase:
    joining: str  # the form followed by another clause: 「中央地区にお住まいで」
    final: str  # the form followed by 「方」: 「中央地区にお住まいの」


def describe(expr: Expr) -> str:
    """「中央地区にお住まいで、防災または子育てに関心があり、10代ではない方」"""
    return EVERYONE if isinstance(expr, All) else _sentence(expr)


def _sentence(expr: Expr) -> str:
    if isinstance(expr, Or) and _single_attribute(expr) is None:
        return "、または".join(_alternative(operand) for operand in expr.operands)
    return _phrase(expr).final + "方"


def _phrase(expr: Expr) -> _Phrase:
    if isinstance(expr, Term):
        return _predicate(expr.attribute, [expr.value], negative=False)
    if isinstance(expr, And):
        phrases = [_phrase(operand) for operand in expr.operands]
        leading = "".join(phrase.joining + "、" for phrase in phrases[:-1])
        return _Phrase(leading + phrases[-1].joining, leading + phrases[-1].final)
    if isinstance(expr, Or):
        return _either(expr)
    if isinstance(expr, Not):
        return _negation(expr.operand)
    raise ValueError("all (友だち全員) は単独でしか使えません")


def _either(expr: Or) -> _Phrase:
    merged = _single_attribute(expr)
    if merged is not None:
        return _predicate(merged, [operand.value for operand in expr.operands], negative=False)
    quoted = "または".join(f"「{_sentence(operand)}」" for operand in expr.operands)
    return _Phrase(f"{quoted}のいずれかに当てはまり", f"{quoted}のいずれかに当てはまる")


def _negation(operand: Expr) -> _Phrase:
    if isinstance(operand, Term):
        return _predicate(operand.attribute, [operand.value], negative=True)
    merged = _single_attribute(operand) if isinstance(operand, Or) else None
    if merged is not None:
        return _predicate(merged, [term.value for term in operand.operands], negative=True)
    quoted = f"「{_sentence(operand)}」"
    return _Phrase(f"{quoted}に当てはまらず", f"{quoted}に当てはまらない")


def _alternative(operand: Expr) -> str:
    """One side of a top-level OR: plain if it is a single condition, quoted if it is a group."""
    text = _sentence(operand)
    plain = isinstance(operand, Term) or (isinstance(operand, Not) and isinstance(operand.operand, Term))
    return text if plain else f"「{text}」"


def _single_attribute(expr: Or) -> str | None:
    """The attribute when every alternative is a plain condition on that same attribute."""
    attributes = {operand.attribute if isinstance(operand, Term) else None for operand in expr.operands}
    return next(iter(attributes)) if len(attributes) == 1 else None


def _predicate(attribute: str, values: list[str], *, negative: bool) -> _Phrase:
    """How one attribute reads, for one value or several alternatives, affirmed or denied."""
    names = [_value_name(attribute, value) for value in values]
    mood = "none" if negative and len(names) > 1 else "denied" if negative else "affirmed"
    words = _none_of(names) if mood == "none" else _one_of(names)
    joining, final = _FORMS[attribute][mood]
    return _Phrase(joining.format(words), final.format(words))


def _value_name(attribute: str, value: str) -> str:
    if attribute == "district":
        return value if value.endswith("地区") else f"{value}地区"
    if attribute == "language":
        return LANGUAGE_NAMES.get(value, value)
    return value


def _one_of(names: list[str]) -> str:
    """「A」, 「AまたはB」, 「A、BまたはC」"""
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "または" + names[-1]


def _none_of(names: list[str]) -> str:
    """「AとB」, 「A、BとC」 (followed by 「のいずれにも…ない」)"""
    return "、".join(names[:-1]) + "と" + names[-1]
