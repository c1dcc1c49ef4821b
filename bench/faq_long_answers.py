"""Long answers: how well questions are found when what they ask is written deep in a long answer.

Real cities' FAQ answers are long (several hundred characters) and our FAQ sets' are short, so this measures on
the long-answer stand-in built from faq-dev (`bench/_faq_sets.long_answer_set`: the FAQs of one service merged
into one entry with one long answer). "Moved" questions lost their FAQ's title in the merge: only the answer
can find them.

Configurations: the default engine (every answer window embedded), the same with only the answer's first window
(how answers were embedded before), and the default at the dense answer weight used before windows (0.5).

    .venv/bin/python bench/faq_long_answers.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._faq_sets import long_answer_set  # noqa: E402
from bot.faq import dense, rank  # noqa: E402
from bot.faq.engine import analyzer  # noqa: E402
from bot.faq.evaluate import quality  # noqa: E402
from bot.faq.index import DENSE_WEIGHTS, FaqIndex  # noqa: E402


def first_window_only(faqs, vectors: dict) -> dict:
    return {faq.id: vectors[faq.id][:len(faq.aliases) + 2] for faq in faqs}


def main() -> None:
    stand_in = long_answer_set()
    if stand_in is None:
        raise SystemExit("shared/faq-dev is not beside the repository")
    if not dense.available():
        raise SystemExit("the dense model is not available")
    faqs, queries = stand_in[0], [query for query in stand_in[1] if query["faq_ids"]]
    windows = [len(dense.answer_windows(faq.answer)) for faq in faqs]
    print(json.dumps({"benchmark": "faq_long_answers", "faqs": len(faqs), "windows_per_faq":
                      round(sum(windows) / len(faqs), 2), "longer_than_one_window": sum(n > 1 for n in windows)}),
          flush=True)
    vectors = dense.faq_vectors(faqs)
    query_vectors = {query["text"]: dense.embed_query(query["text"]) for query in queries}
    configurations = {
        "default (all answer windows)": FaqIndex(faqs, analyzer(), DENSE_WEIGHTS, vectors),
        "first answer window only": FaqIndex(faqs, analyzer(), DENSE_WEIGHTS, first_window_only(faqs, vectors)),
        "all windows, dense answer 0.5": FaqIndex(faqs, analyzer(), replace(DENSE_WEIGHTS, dense_answer=0.5),
                                                  vectors),
    }
    for label, index in configurations.items():
        ranked = {query["id"]: [hit.faq.id for hit in rank.lookup(
            index, query["text"], top=20, query_vector=query_vectors[query["text"]],
            thresholds=rank.DENSE_THRESHOLDS).hits] for query in queries}
        for split in ("dev", "heldout"):
            for moved in (True, False):
                chosen = [query for query in queries if query["split"] == split and query["moved"] == moved]
                results = [(ranked[query["id"]], set(query["faq_ids"])) for query in chosen]
                print(json.dumps({"benchmark": "faq_long_answers", "configuration": label, "split": split,
                                  "questions": "moved (found only in the answer)" if moved else "title kept",
                                  **quality(results).as_dict()}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
