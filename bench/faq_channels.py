"""What each ranking channel adds: success@1 / MRR / success@5 / MAP with channels taken out of the default fusion.

In process, on our citizen query sets (dev and held-out parts, answerable queries) over the demo FAQ and, if
present beside the repo, the faq-dev corpus and its long-answer stand-in (`bench/_faq_sets.long_answer_set`).
Prints one JSON line per set, split (dev, held-out, both), style (all questions, the "situation" batch, the
"long" batch, the stand-in's "moved" questions) and configuration. Each configuration weighs kana
questions like the others, so its "default" row can differ a little from `bench/faq_quality.py`, which measures
the engine as it runs.

Two reference rows are issue 17's own baselines, built here as that issue describes them (not our engine):
plain BM25 over question + answer with SudachiPy mode A, and that plus multilingual-e5-small over question +
answer, min-max fused. They were measured on real citizens' questions (0.41 and 0.55 success@1), so the same
rows on our sets tell how much easier our sets are.

    .venv/bin/python bench/faq_channels.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import bm25s
import numpy as np
from sudachipy import Dictionary, SplitMode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._faq_sets import query_sets  # noqa: E402
from bot.faq import dense, rank  # noqa: E402
from bot.faq.engine import analyzer  # noqa: E402
from bot.faq.evaluate import quality  # noqa: E402
from bot.faq.index import DENSE_WEIGHTS, LEXICAL_WEIGHTS, FaqIndex, Weights  # noqa: E402
from bot.faq.normalize import normalize  # noqa: E402

NO_LEXICAL = dict(question_words=0.0, question_chars=0.0, question_readings=0.0)
CONFIGURATIONS: dict[str, tuple[Weights, bool]] = {
    "lexical (no model)": (LEXICAL_WEIGHTS, False),
    "FAQ words only": (Weights(**NO_LEXICAL, faq_words=1.0), False),
    "dense question only": (Weights(**NO_LEXICAL, dense=1.0), True),
    "dense question + answer only": (Weights(**NO_LEXICAL, dense=1.0, dense_answer=1.0), True),
    "default without answer channels": (replace(DENSE_WEIGHTS, faq_words=0.0, dense_answer=0.0, learned=0.0), True),
    "default without FAQ words": (replace(DENSE_WEIGHTS, faq_words=0.0), True),
    "default without the learned channel": (replace(DENSE_WEIGHTS, learned=0.0), True),
    "default without dense answer": (replace(DENSE_WEIGHTS, dense_answer=0.0), True),
    "default (all channels)": (DENSE_WEIGHTS, True),
}


STYLES = {"all": lambda query: True, "situation": lambda query: query.get("style") == "situation",
          "long": lambda query: query.get("style") == "long", "moved": lambda query: query.get("moved", False)}
"""Query batches; "moved" are the long-answer stand-in's questions whose FAQ title was merged away."""


class References:
    """Issue 17's baselines over one FAQ set: plain BM25 (Sudachi mode A words) and e5, both over question +
    answer as one text."""

    def __init__(self, faqs):
        self.tokenizer = Dictionary().tokenizer(mode=SplitMode.A)
        self.faq_ids = [faq.id for faq in faqs]
        texts = [f"{faq.question}\n{faq.answer}" for faq in faqs]
        self.bm25 = bm25s.BM25()
        self.bm25.index([self.words(text) or [""] for text in texts], show_progress=False)
        self.vectors = dense.embed_passages(texts)

    def words(self, text: str) -> list[str]:
        return [morpheme.normalized_form() for morpheme in self.tokenizer.tokenize(normalize(text))
                if morpheme.part_of_speech()[0] not in ("補助記号", "空白")]

    def ranked(self, text: str, query_vector: np.ndarray, with_dense: bool) -> list[str]:
        fused = _min_max(self.bm25.get_scores(self.words(text)))
        if with_dense:
            fused = fused + _min_max(self.vectors @ query_vector)
        return [self.faq_ids[i] for i in np.argsort(-fused, kind="stable")[:20]]


def _min_max(values: np.ndarray) -> np.ndarray:
    span = values.max() - values.min()
    return (values - values.min()) / span if span > 0 else np.zeros_like(values)


def main() -> None:
    if not dense.available():
        raise SystemExit("the dense model is not available")
    for name, faqs, queries in query_sets():
        vectors = dense.faq_vectors(faqs)
        query_vectors = {query["text"]: dense.embed_query(query["text"]) for query in queries}
        answerable = [query for query in queries if query["faq_ids"]]
        rankings: dict[str, dict[str, list[str]]] = {}
        for label, (weights, with_vectors) in CONFIGURATIONS.items():
            index = FaqIndex(faqs, analyzer(), weights, vectors if with_vectors else None, kana_weights=weights)
            rankings[label] = {query["id"]: [hit.faq.id for hit in rank.lookup(
                index, query["text"], top=20, query_vector=query_vectors[query["text"]] if with_vectors else None).hits]
                for query in answerable}
        references = References(faqs)
        for label, with_dense in (("reference: plain BM25 question + answer (Sudachi A)", False),
                                  ("reference: e5 + plain BM25 question + answer, min-max", True)):
            rankings[label] = {query["id"]: references.ranked(query["text"], query_vectors[query["text"]], with_dense)
                               for query in answerable}
        for label, ranked in rankings.items():
            for split in ("dev", "heldout", "all"):
                for style, wanted in STYLES.items():
                    chosen = [query for query in answerable if split in ("all", query["split"]) and wanted(query)]
                    results = [(ranked[query["id"]], set(query["faq_ids"])) for query in chosen]
                    print(json.dumps({"benchmark": "faq_channels", "set": name, "split": split, "style": style,
                                      "channels": label, **quality(results).as_dict()}, ensure_ascii=False),
                          flush=True)


if __name__ == "__main__":
    main()
