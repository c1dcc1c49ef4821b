"""Pure: what an FAQ entry is, and the outcome of looking a question up."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

FIELDS = ("id", "question", "answer", "category", "department", "phone", "url", "aliases")
"""Columns of the import/export files, in order."""


@dataclass(frozen=True)
class Faq:
    id: str
    question: str
    answer: str
    category: str = ""
    department: str = ""
    phone: str = ""
    url: str = ""
    aliases: tuple[str, ...] = ()
    """Other ways citizens ask the same question; they are matched like the question itself."""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> "Faq":
        data = json.loads(text)
        return cls(**{**data, "aliases": tuple(data.get("aliases", ()))})


@dataclass(frozen=True)
class Hit:
    faq: Faq
    score: float
    """Fused ranking score, comparable between the FAQs of one question only."""


@dataclass(frozen=True)
class Lookup:
    """Ranked FAQs for one question and how sure we are of the first one."""

    question: str
    hits: tuple[Hit, ...]
    verdict: str
    """"answer" (one confident answer), "ask" (a close call: ask back) or "none" (nothing good)."""
    coverage: float = 0.0
    """Share of the question's weight (by word rarity) that the best FAQ contains, 0–1."""
    margin: float = 0.0
    """Top score minus the second one, relative to the top one."""
    candidates: tuple[Hit, ...] = field(default=())
    """The FAQs to offer when asking back."""
    similarity: float | None = None
    """Cosine of the question to the best FAQ's closest question variant or answer; None without vectors."""
    runner_up_coverage: float = 0.0
    """Coverage of the second FAQ (two FAQs holding the question's words as fully make a close call)."""

    @property
    def best(self) -> Faq | None:
        return self.hits[0].faq if self.hits else None
