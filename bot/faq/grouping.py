"""Pure: group logged questions that say the same thing, so staff see each gap once with a count."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.faq.normalize import fold

SIMILAR = 0.5
"""Character-bigram Jaccard similarity from which two questions count as the same question."""

NOISE = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class GapEntry:
    kind: str
    """"unanswered" (nothing good was found) or "unhelpful" (the citizen tapped 役に立たなかった)."""
    text: str
    faq_id: str | None
    at: datetime


@dataclass(frozen=True)
class Gap:
    text: str
    """The most frequent wording of the group (the latest one among equals)."""
    count: int
    kind: str
    faq_id: str | None
    last_at: datetime


def signature(text: str) -> frozenset[str]:
    """Character bigrams of the folded text without spaces and punctuation."""
    core = NOISE.sub("", fold(text))
    return frozenset(core[i:i + 2] for i in range(len(core) - 1)) or frozenset([core])


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class _Group:
    def __init__(self, entry: GapEntry, shape: frozenset[str]):
        self.kind, self.faq_id, self.shape = entry.kind, entry.faq_id, shape
        self.entries: list[GapEntry] = [entry]

    def gap(self) -> Gap:
        wordings: dict[str, int] = {}
        for entry in self.entries:
            wordings[entry.text] = wordings.get(entry.text, 0) + 1
        latest = {entry.text: entry.at for entry in self.entries}
        text = max(wordings, key=lambda wording: (wordings[wording], latest[wording]))
        last_at = max(entry.at for entry in self.entries)
        return Gap(text, len(self.entries), self.kind, self.faq_id, last_at)


def group(entries: list[GapEntry], limit: int | None = None) -> list[Gap]:
    """Near-identical questions of the same kind (and FAQ) counted together; most frequent first."""
    groups: list[_Group] = []
    for entry in sorted(entries, key=lambda entry: entry.at):
        shape = signature(entry.text)
        match = next((candidate for candidate in groups if candidate.kind == entry.kind
                      and candidate.faq_id == entry.faq_id and jaccard(candidate.shape, shape) >= SIMILAR), None)
        if match is None:
            groups.append(_Group(entry, shape))
        else:
            match.entries.append(entry)
    gaps = sorted((candidate.gap() for candidate in groups), key=lambda gap: (-gap.count, -gap.last_at.timestamp()))
    return gaps[:limit] if limit is not None else gaps
