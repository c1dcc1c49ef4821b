"""Pure: retrieval quality of ranked FAQ IDs against labelled queries, and what the verdicts did with them.

Ranking: success@1, success@5, MRR (first correct FAQ) and MAP (every correct FAQ, for queries that several
FAQs answer). Verdicts: how often the bot answered, asked back or fell back on answerable questions, how often
an answer was right (or an ask-back offered the right FAQ), and how often a question no FAQ answers still got
a confident answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bot.faq.model import Lookup


@dataclass(frozen=True)
class Quality:
    queries: int
    success_at_1: float
    """Share of queries whose first FAQ is a correct one."""
    success_at_5: float
    """Share of queries with a correct FAQ among the first five."""
    mrr: float
    """Mean of 1 / rank of the first correct FAQ (0 when none is in the list)."""
    map: float
    """Mean over queries of the average precision over all their correct FAQs (missing ones count 0)."""

    def as_dict(self) -> dict:
        return {"queries": self.queries, "success_at_1": round(self.success_at_1, 4),
                "success_at_5": round(self.success_at_5, 4), "mrr": round(self.mrr, 4), "map": round(self.map, 4)}


def first_correct_rank(ranked: list[str], correct: set[str]) -> int | None:
    """1-based rank of the first correct ID, or None."""
    for position, faq_id in enumerate(ranked, start=1):
        if faq_id in correct:
            return position
    return None


def average_precision(ranked: list[str], correct: set[str]) -> float:
    found, total = 0, 0.0
    for position, faq_id in enumerate(ranked, start=1):
        if faq_id in correct:
            found += 1
            total += found / position
    return total / len(correct) if correct else 0.0


def quality(results: list[tuple[list[str], set[str]]]) -> Quality:
    """Quality over (ranked IDs, correct IDs) pairs, one per query."""
    ranks = [first_correct_rank(ranked, correct) for ranked, correct in results]
    count = len(ranks)
    if not count:
        return Quality(0, 0.0, 0.0, 0.0, 0.0)
    return Quality(
        queries=count,
        success_at_1=sum(1 for rank in ranks if rank == 1) / count,
        success_at_5=sum(1 for rank in ranks if rank and rank <= 5) / count,
        mrr=sum(1 / rank for rank in ranks if rank) / count,
        map=sum(average_precision(ranked, correct) for ranked, correct in results) / count,
    )


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def evaluate_queries(ask_fn: Callable[[str], Lookup], queries: list[dict]) -> dict:
    """Ranking quality over answerable queries, and the verdicts over all of them."""
    ranked, verdicts = [], dict.fromkeys(("answer", "ask", "none"), 0)
    answered_right = asked_with_right = unanswerable = answered_unanswerable = 0
    for query in queries:
        found = ask_fn(str(query["text"]))
        correct = {str(faq_id) for faq_id in query.get("faq_ids", [])}
        if not correct:
            unanswerable += 1
            answered_unanswerable += found.verdict == "answer"
            continue
        verdicts[found.verdict] += 1
        answered_right += found.verdict == "answer" and found.best.id in correct
        asked_with_right += found.verdict == "ask" and any(hit.faq.id in correct for hit in found.candidates)
        ranked.append(([hit.faq.id for hit in found.hits], correct))
    answerable = len(ranked)
    return {
        **quality(ranked).as_dict(),
        "answer_rate": _share(verdicts["answer"], answerable),
        "ask_back_rate": _share(verdicts["ask"], answerable),
        "fallback_rate": _share(verdicts["none"], answerable),
        "answered_right": _share(answered_right, verdicts["answer"]),
        "ask_back_offers_right": _share(asked_with_right, verdicts["ask"]),
        "unanswerable": {"queries": unanswerable, "answered": _share(answered_unanswerable, unanswerable)},
    }
