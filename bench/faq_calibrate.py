"""Calibrate the answer / ask-back / fallback thresholds (with vectors, or `--lexical`) on the dev parts.

For the demo FAQ (cities/), the faq-dev corpus (shared/faq-dev, beside the repo; skipped without it) and its
long-answer stand-in (`bench/_faq_sets.long_answer_set`) it ranks every dev query of our own citizen sets (and of
faq-dev's development queries over the stand-in), prints how the similarity and coverage of the best FAQ are
distributed for right answers, wrong answers and questions no FAQ answers, sweeps the thresholds, and prints
the best setting with its rates on dev and, for the record only, on the held-out part (never tuned on).

Scoring of a verdict: +1 right answer, -3 wrong answer (or any answer to an unanswerable question), +0.5 an
ask-back offering the right FAQ, -0.5 one that does not, -1 a fallback on an answerable question, +1 on an
unanswerable one.

    .venv/bin/python bench/faq_calibrate.py
    .venv/bin/python bench/faq_calibrate.py --lexical     # the thresholds without vectors
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._faq_sets import query_sets  # noqa: E402
from bot.faq import dense, rank  # noqa: E402
from bot.faq.engine import analyzer  # noqa: E402
from bot.faq.index import FaqIndex  # noqa: E402

GRID = {
    "nothing_below": (0.15, 0.25, 0.35),
    "nothing_similarity": (0.82, 0.84, 0.86, 0.88, 1.0),
    "answer_coverage": (0.5, 0.7, 1.01),
    "answer_similarity": (0.88, 0.9, 0.92, 0.94, 1.0),
    "answer_margin": (0.1, 0.15, 0.2, 0.3),
    "tie_margin": (0.3, 0.4),
}

LEXICAL_GRID = {
    "nothing_below": (0.15, 0.25, 0.35, 0.45),
    "answer_coverage": (0.5, 0.7, 0.85, 1.01),
    "answer_margin": (0.1, 0.15, 0.2, 0.3),
    "tie_margin": (0.3, 0.4, 0.5),
}
"""`--lexical`: for a process without the model (no similarity to decide on)."""


def lookups(index: FaqIndex, queries: list[dict]) -> list[tuple[dict, object]]:
    """Each query with its lookup under thresholds that never decide (the verdict is re-decided per setting)."""
    permissive = rank.Thresholds(nothing_below=0.0)
    return [(query, rank.lookup(index, query["text"], thresholds=permissive, query_vector=dense.embed_query(
        query["text"]) if index.dense is not None else None)) for query in queries]


def outcomes(rows, thresholds: rank.Thresholds) -> dict:
    tally = dict.fromkeys(("right", "wrong", "ask_right", "ask_wrong", "none_answerable", "answered_unanswerable",
                           "asked_unanswerable", "declined_unanswerable"), 0)
    for query, found in rows:
        correct = set(query["faq_ids"])
        verdict = rank.verdict(found, thresholds)
        if not correct:
            tally[{"answer": "answered_unanswerable", "ask": "asked_unanswerable",
                   "none": "declined_unanswerable"}[verdict]] += 1
        elif verdict == "answer":
            tally["right" if found.best.id in correct else "wrong"] += 1
        elif verdict == "ask":
            offered = {hit.faq.id for hit in rank.ask_back_candidates(found.hits, thresholds)}
            tally["ask_right" if offered & correct else "ask_wrong"] += 1
        else:
            tally["none_answerable"] += 1
    return tally


def utility(tally: dict) -> float:
    return (tally["right"] - 3 * tally["wrong"] + 0.5 * tally["ask_right"] - 0.5 * tally["ask_wrong"]
            - tally["none_answerable"] - 3 * tally["answered_unanswerable"] - 0.5 * tally["asked_unanswerable"]
            + tally["declined_unanswerable"])


def rates(tally: dict) -> dict:
    answerable = sum(tally[k] for k in ("right", "wrong", "ask_right", "ask_wrong", "none_answerable"))
    unanswerable = sum(tally[k] for k in ("answered_unanswerable", "asked_unanswerable", "declined_unanswerable"))
    answered = tally["right"] + tally["wrong"]
    return {"answer_rate": round(answered / answerable, 3),
            "ask_back_rate": round((tally["ask_right"] + tally["ask_wrong"]) / answerable, 3),
            "fallback_rate": round(tally["none_answerable"] / answerable, 3),
            "answered_right": round(tally["right"] / answered, 3) if answered else None,
            "unanswerable_answered": round(tally["answered_unanswerable"] / unanswerable, 3) if unanswerable else None}


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    return " / ".join(f"{np.percentile(values, share):.3f}" for share in (10, 50, 90))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexical", action="store_true", help="the thresholds without vectors")
    lexical = parser.parse_args().lexical
    if not lexical and not dense.available():
        raise SystemExit("the dense model is not available: nothing to calibrate")
    rows = {"dev": [], "heldout": []}
    for name, faqs, queries in query_sets():
        index = FaqIndex(faqs, analyzer(), vectors=None if lexical else dense.faq_vectors(faqs))
        for query, found in lookups(index, queries):
            rows[query.get("split", "dev")].append((query, found))
        print(f"{name}: {len(faqs)} FAQs, {len(queries)} queries", file=sys.stderr)

    groups = {"right top-1": [], "wrong top-1": [], "unanswerable": []}
    for query, found in rows["dev"]:
        label = ("unanswerable" if not query["faq_ids"] else
                 "right top-1" if found.best and found.best.id in query["faq_ids"] else "wrong top-1")
        groups[label].append(found)
    print("dev distributions (10th / 50th / 90th percentile):")
    for label, found in groups.items():
        print(f"  {label:13s} n={len(found):3d}  similarity {percentiles([f.similarity or 0 for f in found])}"
              f"  coverage {percentiles([f.coverage for f in found])}  margin {percentiles([f.margin for f in found])}")

    grid = LEXICAL_GRID if lexical else GRID
    names = list(grid)
    best = max((rank.Thresholds(**dict(zip(names, values))) for values in itertools.product(*grid.values())),
               key=lambda thresholds: utility(outcomes(rows["dev"], thresholds)))
    chosen = {name: getattr(best, name) for name in names}
    print("chosen:", json.dumps(chosen))
    for split in ("dev", "heldout"):
        tally = outcomes(rows[split], best)
        print(split, json.dumps({"utility": utility(tally), **rates(tally), **tally}))
    current = rank.thresholds_for(dense=not lexical)
    if replace(current, max_candidates=best.max_candidates) != best:
        print("the thresholds in bot/faq/rank.py differ from the chosen setting:", current)


if __name__ == "__main__":
    main()
