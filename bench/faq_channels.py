"""What each ranking channel adds: success@1 / MRR / success@5 / MAP with channels taken out of the default fusion.

In process, on our citizen query sets (dev and held-out parts, answerable queries) over the demo FAQ and, if
present beside the repo, the faq-dev corpus. Prints one JSON line per set, split and configuration. Each
configuration weighs kana questions like the others, so its "default" row can differ a little from
`bench/faq_quality.py`, which measures the engine as it runs.

    .venv/bin/python bench/faq_channels.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._faq_sets import query_sets  # noqa: E402
from bot.faq import dense, rank  # noqa: E402
from bot.faq.engine import analyzer  # noqa: E402
from bot.faq.evaluate import quality  # noqa: E402
from bot.faq.index import DENSE_WEIGHTS, LEXICAL_WEIGHTS, FaqIndex, Weights  # noqa: E402

NO_LEXICAL = dict(question_words=0.0, answer_words=0.0, question_chars=0.0, question_readings=0.0)
CONFIGURATIONS: dict[str, tuple[Weights, bool]] = {
    "lexical (no model)": (LEXICAL_WEIGHTS, False),
    "BM25 question + answer only": (Weights(question_words=1.0, answer_words=1.0, question_chars=0.0,
                                            question_readings=0.0), False),
    "dense question only": (Weights(**NO_LEXICAL, dense=1.0), True),
    "dense question + answer only": (Weights(**NO_LEXICAL, dense=1.0, dense_answer=1.0), True),
    "default without answer channels": (replace(DENSE_WEIGHTS, answer_words=0.0, dense_answer=0.0, learned=0.0),
                                        True),
    "default without the learned channel": (replace(DENSE_WEIGHTS, learned=0.0), True),
    "default without dense answer": (replace(DENSE_WEIGHTS, dense_answer=0.0), True),
    "default (all channels)": (DENSE_WEIGHTS, True),
}


def main() -> None:
    if not dense.available():
        raise SystemExit("the dense model is not available")
    for name, faqs, queries in query_sets():
        vectors = dense.faq_vectors(faqs)
        query_vectors = {query["text"]: dense.embed_query(query["text"]) for query in queries}
        for label, (weights, with_vectors) in CONFIGURATIONS.items():
            index = FaqIndex(faqs, analyzer(), weights, vectors if with_vectors else None, kana_weights=weights)
            for split in ("dev", "heldout"):
                results = []
                for query in queries:
                    if query["faq_ids"] and query["split"] == split:
                        found = rank.lookup(index, query["text"], top=20,
                                            query_vector=query_vectors[query["text"]] if with_vectors else None)
                        results.append(([hit.faq.id for hit in found.hits], set(query["faq_ids"])))
                print(json.dumps({"benchmark": "faq_channels", "set": name, "split": split, "channels": label,
                                  **quality(results).as_dict()}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
