"""Pure: rank the FAQs for a question and decide how sure we are (answer, ask back, or nothing).

A wrong confident answer is worse than an honest "I don't know": we answer only when the best FAQ
contains most of the question's rare words and clearly beats the runner-up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from bot.faq.index import KANA_SHARE, FaqIndex, kana_share
from bot.faq.model import Hit, Lookup
from bot.faq.normalize import normalize
from bot.faq.tokenize import Analysis


@dataclass(frozen=True)
class Thresholds:
    nothing_below: float = 0.25
    """Coverage under which nothing is good enough: the question is about something the FAQs do not hold."""
    nothing_similarity: float = 1.0
    """...unless the meaning is this close (cosine, with vectors): a situation told in other words."""
    answer_coverage: float = 0.5
    """Coverage needed for a confident answer..."""
    answer_similarity: float = 1.0
    """...or, with vectors, this cosine to the best FAQ."""
    answer_margin: float = 0.15
    """How far (relative to its score) the best FAQ must lead the second for a confident answer."""
    tie_margin: float = 0.4
    """When the runner-up contains the question's words as fully as the best FAQ, the lead needed to answer."""
    candidate_ratio: float = 0.75
    """When asking back, offer the best two and any others scoring at least this share of the best one."""
    max_candidates: int = 3


LEXICAL_THRESHOLDS = Thresholds(nothing_below=0.15, answer_coverage=0.5, answer_margin=0.3, tie_margin=0.4)
"""Without vectors: calibrated like DENSE_THRESHOLDS by `bench/faq_calibrate.py --lexical` (docs/faq.md)."""

DENSE_THRESHOLDS = Thresholds(nothing_below=0.35, nothing_similarity=0.86, answer_coverage=0.7,
                              answer_similarity=0.88, answer_margin=0.1, tie_margin=0.3)
"""With vectors: calibrated on the dev parts of our citizen query sets and of the long-answer stand-in by
`bench/faq_calibrate.py`, which prints the score distributions, the sweep and the rates these values give
(docs/faq.md)."""

PREFERRED_BOOST = 1.3
"""How much a preferred category's FAQs gain: enough to win a close call, not to beat a clearly better FAQ."""


def thresholds_for(*, dense: bool) -> Thresholds:
    return DENSE_THRESHOLDS if dense else LEXICAL_THRESHOLDS


def lookup(index: FaqIndex, question: str, *, top: int = 10, query_vector: np.ndarray | None = None,
           thresholds: Thresholds = LEXICAL_THRESHOLDS, prefer: str | None = None) -> Lookup:
    """The best `top` FAQs for a question, best first, with the verdict.

    `prefer` names a category whose FAQs win close calls (disaster mode prefers 防災): their scores are
    multiplied by PREFERRED_BOOST before ranking; the verdict is still decided on the best FAQ's own match.
    """
    if not len(index) or not question.strip():
        return Lookup(question, (), "none")
    analysis = index.analyzer.analyze(question, question=True)
    kana = kana_share(normalize(question)) >= KANA_SHARE
    scores = index.channel_scores(analysis, query_vector)
    fused = index.fused(scores, kana=kana)
    if prefer:
        fused = np.where([faq.category == prefer for faq in index.faqs], fused * PREFERRED_BOOST, fused)
    order = np.argsort(-fused, kind="stable")[:top]
    hits = tuple(Hit(index.faqs[i], float(fused[i])) for i in order if fused[i] > 0)
    if not hits:
        return Lookup(question, (), "none")
    plain = index.analyzer.analyze(question)
    coverage = _coverage(index, plain, int(order[0]), kana)
    runner_up = _coverage(index, plain, int(order[1]), kana) if len(hits) > 1 else 0.0
    found = Lookup(question, hits, "none", coverage, _margin(hits), (), _similarity(scores, int(order[0])),
                   runner_up)
    chosen = verdict(found, thresholds)
    offered = ask_back_candidates(hits, thresholds) if chosen == "ask" else ()
    return replace(found, verdict=chosen, candidates=offered)


def ask_back_candidates(hits: tuple[Hit, ...], thresholds: Thresholds) -> tuple[Hit, ...]:
    """The best two, and any others up to the limit scoring close enough to the best."""
    return hits[:2] + tuple(hit for hit in hits[2:thresholds.max_candidates]
                            if hit.score >= thresholds.candidate_ratio * hits[0].score)


def _similarity(scores: dict[str, np.ndarray], position: int) -> float | None:
    cosines = [float(scores[name][position]) for name in ("dense", "dense_answer") if name in scores]
    return max(cosines) if cosines else None


def _coverage(index: FaqIndex, plain: Analysis, position: int, kana: bool) -> float:
    """Word coverage; for a kana question also reading coverage, as its words are Sudachi's guesses."""
    words = index.coverage(plain.units, position)
    return max(words, index.reading_coverage(plain.reading, position)) if kana else words


def _margin(hits: tuple[Hit, ...]) -> float:
    if len(hits) < 2:
        return 1.0
    return (hits[0].score - hits[1].score) / hits[0].score


def verdict(found: Lookup, thresholds: Thresholds) -> str:
    """Answer, ask back or nothing for a ranked lookup. 「住民票」 alone, with two FAQs about 住民票, is a close
    call even if one scores a little higher."""
    close = found.similarity or 0.0
    if found.coverage < thresholds.nothing_below and close < thresholds.nothing_similarity:
        return "none"
    needed = thresholds.tie_margin if found.runner_up_coverage >= found.coverage else thresholds.answer_margin
    if found.margin >= needed and (found.coverage >= thresholds.answer_coverage
                                   or close >= thresholds.answer_similarity):
        return "answer"
    return "ask"
