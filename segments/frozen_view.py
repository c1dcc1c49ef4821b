"""Pure: a frozen view of a segment set (segments/views.py keeps it in Redis) and which changes touch it."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    id: str
    source: str
    excluded: tuple[str, ...]
    decided: str
    pinned: str
    until: float
    """When the view's keys expire: the follower store keeps nothing for it after that."""

    def holds(self, memberships: frozenset[str]) -> bool:
        """Whether a follower with these set memberships is in the view."""
        return self.source in memberships and not memberships.intersection(self.excluded)

    def touched_by(self, before: frozenset[str], after: frozenset[str]) -> bool:
        """Whether a change of memberships from `before` to `after` can change the follower's place in the view."""
        read = {self.source, *self.excluded}
        return before & read != after & read

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "excluded": list(self.excluded), "decided": self.decided,
                           "pinned": self.pinned, "until": self.until})

    @classmethod
    def from_json(cls, view_id: str, text: str) -> View:
        fields = json.loads(text)
        return cls(view_id, fields["source"], tuple(fields["excluded"]), fields["decided"], fields["pinned"],
                   fields["until"])
