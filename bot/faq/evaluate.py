"""Pure: retrieval quality of ranked FAQ IDs against labelled queries (P@1, MRR, SR@5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bot.faq.model import Lookup


@dataclass(frozen=True)
class Quality:
    queries: int
    p_at_1: float
    """Share of queries whose first FAQ is a correct one (= success@1)."""
    mrr: float
    """Mean of 1 / rank of the first correct FAQ (0 when none is in the list)."""
    sr_at_5: float
    """Share of queries with a correct FAQ among the first five."""

    def as_dict(self) -> dict:
        return {"queries": self.queries, "p_at_1": round(self.p_at_1, 4), "mrr": round(self.mrr, 4),
                "sr_at_5": round(self.sr_at_5, 4)}


def first_correct_rank(ranked: list[str], correct: set[str]) -> int | None:
    """1-based rank of the first correct ID, or None."""
    for position, faq_id in enumerate(ranked, start=1):
        if faq_id in correct:
            return position
    return None


def quality(results: list[tuple[list[str], set[str]]]) -> Quality:
    """Quality over (ranked IDs, correct IDs) pairs, one per query."""
    ranks = [first_correct_rank(ranked, correct) for ranked, correct in results]
    count = len(ranks)
    if not count:
        return Quality(0, 0.0, 0.0, 0.0)
    return Quality(
        queries=count,
        p_at_1=sum(1 for rank in ranks if rank == 1) / count,
        mrr=sum(1 / rank for rank in ranks if rank) / count,
        sr_at_5=sum(1 for rank in ranks if rank and rank <= 5) / count,
    )


def evaluate_queries(ask_fn: Callable[[str], Lookup], queries: list[dict]) -> dict:
    """Quality over answerable queries, and how the verdicts split (confident answers: how often right)."""
    ranked, verdicts, confident_right, declined = [], {"answer": 0, "ask": 0, "none": 0}, 0, 0
    unanswerable = [query for query in queries if not query.get("faq_ids")]
    for query in queries:
        found = ask_fn(str(query["text"]))
        correct = {str(faq_id) for faq_id in query.get("faq_ids", [])}
        if not correct:
            declined += found.verdict == "none"
            continue
        verdicts[found.verdict] += 1
        confident_right += found.verdict == "answer" and found.best.id in correct
        ranked.append(([hit.faq.id for hit in found.hits], correct))
    figures = quality(ranked).as_dict()
    figures["verdicts"] = verdicts
    figures["confident_precision"] = round(confident_right / verdicts["answer"], 4) if verdicts["answer"] else None
    if unanswerable:
        figures["unanswerable"] = {"queries": len(unanswerable), "declined": declined}
    return figures
