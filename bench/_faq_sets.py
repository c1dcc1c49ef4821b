"""The FAQ sets and labelled query sets the FAQ benchmarks measure on (faq-dev is read beside the repo, never
copied into it)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.faq.io import read_faqs
from bot.faq.model import Faq

ROOT = Path(__file__).resolve().parent.parent
FAQ_DEV = ROOT.parent / "shared" / "faq-dev"
DEMO_FAQ = ROOT / "cities" / "demo_faq.csv"
DEMO_QUERIES = ROOT / "cities" / "demo_citizen_queries.jsonl"
FAQ_DEV_QUERIES = ROOT / "bench" / "data" / "faq_dev_citizen_queries.jsonl"
"""Our own citizen-style questions over the faq-dev corpus (labels are faq-dev IDs)."""


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def demo_faqs() -> list[Faq]:
    return read_faqs(DEMO_FAQ.read_bytes(), DEMO_FAQ.name)


def faq_dev_faqs(data: Path = FAQ_DEV) -> list[Faq] | None:
    """The faq-dev corpus as FAQs, or None when shared/faq-dev is not beside the repository."""
    if not (data / "corpus.json").exists():
        return None
    corpus = json.loads((data / "corpus.json").read_text(encoding="utf-8"))
    return [Faq(id=str(item["faq_id"]), question=item["question"], answer=item["answer"], category=item["category1"])
            for item in corpus]


def faq_dev_queries(split: str, data: Path = FAQ_DEV) -> list[dict]:
    """faq-dev's own labelled queries (`development` or `holdout`) in our query-file shape."""
    return [{"id": q["query_id"], "text": q["query"], "faq_ids": [str(q["faq_id"])]}
            for q in json.loads((data / f"{split}.json").read_text(encoding="utf-8"))]


def query_sets() -> list[tuple[str, list[Faq], list[dict]]]:
    """(name, FAQs, our citizen queries with their dev/heldout split) for the demo FAQ and, if present, faq-dev."""
    sets = [("demo", demo_faqs(), read_jsonl(DEMO_QUERIES))]
    faq_dev = faq_dev_faqs()
    if faq_dev is not None:
        sets.append(("faq-dev", faq_dev, read_jsonl(FAQ_DEV_QUERIES)))
    return sets
