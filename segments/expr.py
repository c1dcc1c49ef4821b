"""Pure: the segment expression language staff write, e.g. `district:中央 AND (interest:防災 OR interest:子育て)`.

Grammar (keywords and English attribute names in any case; the text is NFKC-normalised first, so
full-width spaces, parentheses and colons work too):

    expression := or
    or         := and ("OR" and)*
    and        := unary ("AND" unary)*
    unary      := "NOT"* primary
    primary    := "(" or ")" | attribute ":" value | "all"

`all` (every friend, with or without consent) stands alone. Errors say where (the character position in
the text as typed, with a caret line) and why, in Japanese.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterator

from segments.city import City
from segments.nodes import ATTRIBUTES, All, And, Expr, Not, Or, Term, to_text
from segments.wording import LANGUAGE_NAMES, describe

__all__ = ["All", "And", "Expr", "Not", "Or", "SegmentSyntaxError", "Term", "describe", "parse", "to_text"]

MAX_DEPTH = 30
"""Deepest nesting of parentheses accepted; no real segment comes close."""

QUOTES = "\"'「」『』“”‘’"
"""Quote marks are not part of the language; values never need them."""

EXAMPLE = "例: district:中央 AND (interest:防災 OR interest:子育て)"
_OPERATORS = ("AND", "OR", "NOT")
_NAMES = {**{name: name for name in ATTRIBUTES}, **{alias: name for name, alias in ATTRIBUTES.items()}}


class SegmentSyntaxError(ValueError):
    """An expression that cannot be read: `position` (0-based, in the text as typed) and the reason."""

    def __init__(self, position: int, message_ja: str, text: str = ""):
        self.position, self.message_ja, self.text = position, message_ja, text
        super().__init__(self.report())

    def caret_line(self) -> str:
        """Spaces up to the position (wide characters count twice, as a terminal shows them) and a caret."""
        return " " * _display_width(_one_line(self.text[: self.position])) + "^"

    def report(self) -> str:
        return f"{self.position + 1}文字目: {self.message_ja}\n  {_one_line(self.text)}\n  {self.caret_line()}"


@dataclass(frozen=True)
class _Token:
    kind: str  # "(" | ")" | "word" | "end"
    text: str
    start: int  # index in the normalised text


def parse(text: str, city: City | None = None) -> Expr:
    """Read an expression; with `city`, values are checked against it and spelled as the city file does.

    Raises SegmentSyntaxError.
    """
    return _Parser(text, city).expression()


class _Parser:
    def __init__(self, text: str, city: City | None):
        self.text, self.city = text, city
        self.normal, self.origins = _normalise(text)
        self.tokens = list(_tokens(self.normal, self.fail))
        self.index, self.depth = 0, 0
        self.all_token: _Token | None = None

    def fail(self, start: int, message: str):
        raise SegmentSyntaxError(self.origins[start], message, self.text)

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        self.index += 1
        return self.tokens[self.index - 1]

    def at_keyword(self, keyword: str) -> bool:
        token = self.peek()
        return token.kind == "word" and token.text.upper() == keyword

    def expression(self) -> Expr:
        if self.peek().kind == "end":
            self.fail(0, f"条件が空です。{EXAMPLE}")
        expr = self.disjunction()
        token = self.peek()
        if token.kind == ")":
            self.fail(token.start, "対応する「(」がない「)」です。")
        if token.kind != "end":
            self.fail(token.start, "条件と条件の間には AND か OR が必要です (否定は「AND NOT」と書きます)。")
        if self.all_token is not None and not isinstance(expr, All):
            self.fail(self.all_token.start, "all (友だち全員) は単独で使ってください。他の条件と組み合わせられません。")
        return expr

    def disjunction(self) -> Expr:
        return self.chain("OR", Or, self.conjunction)

    def conjunction(self) -> Expr:
        return self.chain("AND", And, self.negation)

    def chain(self, keyword: str, node: type, operand) -> Expr:
        operands = [operand()]
        while self.at_keyword(keyword):
            self.advance()
            operands.append(operand())
        return operands[0] if len(operands) == 1 else node(tuple(operands))

    def negation(self) -> Expr:
        count = 0
        while self.at_keyword("NOT"):
            self.advance()
            count += 1
        expr = self.primary()
        for _ in range(count):
            expr = Not(expr)
        return expr

    def primary(self) -> Expr:
        previous = self.tokens[self.index - 1] if self.index else None
        token = self.advance()
        if token.kind == "(":
            return self.group(token)
        if token.kind == "word" and token.text.upper() == "ALL":
            self.all_token = token
            return All()
        if token.kind == "word" and token.text.upper() not in _OPERATORS:
            return self.term(token)
        if token.kind == "word" and (previous is None or previous.kind == "("):
            self.fail(token.start, f"「{token.text}」の前に条件がありません。")
        if previous is None:
            self.fail(token.start, "対応する「(」がない「)」です。")
        self.fail(token.start, f"「{previous.text}」の後に条件がありません。")

    def group(self, opening: _Token) -> Expr:
        if self.peek().kind == ")":
            self.fail(self.peek().start, "括弧の中に条件がありません。")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(opening.start, f"括弧の入れ子が深すぎます ({MAX_DEPTH} 段まで)。")
        inner = self.disjunction()
        if self.peek().kind != ")":
            self.fail(opening.start, "この「(」を閉じる「)」がありません。")
        self.advance()
        self.depth -= 1
        return inner

    def term(self, token: _Token) -> Term:
        name, colon, value = token.text.partition(":")
        if not colon:
            self.fail(token.start, f"「{token.text}」は条件として読めません。「属性:値」の形で書いてください。{EXAMPLE}")
        attribute = _NAMES.get(name) or _NAMES.get(name.lower())
        if attribute is None:
            problem = f"属性「{name}」はありません。" if name else "「:」の前に属性名がありません。"
            self.fail(token.start, f"{problem}使える属性: {_attribute_list()}")
        value_start = token.start + len(name) + 1
        if not value:
            self.fail(value_start, f"「{name}:」の後に値がありません。{EXAMPLE}")
        if ":" in value:
            self.fail(value_start + value.index(":"), "値に「:」は使えません。条件ごとに AND や OR でつないでください。")
        return Term(attribute, self.city_value(attribute, value, value_start))

    def city_value(self, attribute: str, value: str, start: int) -> str:
        if self.city is None:
            return value
        allowed = self.city.attribute_values()[attribute]
        for candidate in allowed:
            if _folded(candidate) == _folded(value):
                return candidate
        self.fail(start, f"{ATTRIBUTES[attribute]}「{value}」はありません。使える値: {_value_list(attribute, allowed)}")


def _tokens(normal: str, fail) -> Iterator[_Token]:
    index = 0
    while index < len(normal):
        char = normal[index]
        if char.isspace():
            index += 1
        elif char in "()":
            yield _Token(char, char, index)
            index += 1
        elif char in QUOTES:
            fail(index, "引用符は要りません。district:中央 のように、そのまま書いてください。")
        else:
            end = index
            while end < len(normal) and not (normal[end].isspace() or normal[end] in "()" + QUOTES):
                end += 1
            yield _Token("word", normal[index:end], index)
            index = end
    yield _Token("end", "", len(normal))


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFKC of the text, and for each character of the result (and its end) the index it came from."""
    parts, origins = [], []
    for start, cluster in _clusters(text):
        normal = unicodedata.normalize("NFKC", cluster)
        parts.append(normal)
        origins.extend([start] * len(normal))
    return "".join(parts), origins + [len(text)]


def _clusters(text: str) -> Iterator[tuple[int, str]]:
    """A character with the marks NFKC merges into it (combining marks, half-width ﾞ and ﾟ)."""
    start = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and unicodedata.combining(unicodedata.normalize("NFKC", text[end])[0]):
            end += 1
        yield start, text[start:end]
        start = end


def _folded(value: str) -> str:
    return unicodedata.normalize("NFKC", value).casefold()


def _attribute_list() -> str:
    return "、".join(f"{name} ({alias})" for name, alias in ATTRIBUTES.items())


def _value_list(attribute: str, allowed: tuple[str, ...]) -> str:
    if attribute == "language":
        return "、".join(f"{code} ({LANGUAGE_NAMES.get(code, code)})" for code in allowed)
    return "、".join(allowed)


def _one_line(text: str) -> str:
    return "".join(" " if char in "\t\r\n" else char for char in text)


def _display_width(text: str) -> int:
    return sum(0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
               for char in text)
