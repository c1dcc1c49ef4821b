"""Pure: errors of the follower store (segment syntax errors live in segments/expr.py)."""

from __future__ import annotations


class UnknownFollower(KeyError):
    """The user ID is not in the follower store (never followed, or erased)."""


class ConsentRequired(Exception):
    """Attributes are kept only for citizens who consented to the privacy notice."""


class InvalidAttribute(ValueError):
    """A value the city file does not offer for this attribute."""

    def __init__(self, attribute: str, value: str, allowed: tuple[str, ...]):
        self.attribute, self.value, self.allowed = attribute, value, allowed
        super().__init__(f"{attribute} に「{value}」は使えません (使える値: {'、'.join(allowed)})")

