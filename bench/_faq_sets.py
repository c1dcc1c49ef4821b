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


SERVICE_PART = 6
"""FAQs of one service merged into one long-answer entry at most."""


def long_answer_set(data: Path = FAQ_DEV) -> tuple[list[Faq], list[dict]] | None:
    """A long-answer stand-in built from faq-dev, with its questions; None without faq-dev beside the repo.

    Real cities' answers are long (several hundred characters) and their titles rarely share the question's
    words; faq-dev's are short. So consecutive FAQs of one service (`service_name`; FAQs without one stay
    alone) are merged by up to SERVICE_PART into one entry: the first FAQ's question as title, all their
    answers in order as one answer (412 characters in the median merged entry). Questions are our faq-dev
    citizen set (dev / held-out, unanswerable ones included) and faq-dev's own development queries (dev),
    relabelled with the merged entries; a question is `moved` when none of its FAQs was the first of its
    service: its title is gone and only the answer can find it.
    """
    if not (data / "corpus.json").exists():
        return None
    services: dict[str, list[dict]] = {}
    for item in json.loads((data / "corpus.json").read_text(encoding="utf-8")):
        alone = item["service_name"] in (None, "", "null")
        services.setdefault(str(item["faq_id"]) if alone else item["service_name"], []).append(item)
    parts = [items[start:start + SERVICE_PART] for items in services.values()
             for start in range(0, len(items), SERVICE_PART)]
    faqs, merged_into = [], {}
    for items in parts:
        first = str(items[0]["faq_id"])
        faqs.append(Faq(id=first, question=items[0]["question"], category=items[0]["category1"],
                        answer="\n\n".join(item["answer"] for item in items)))
        merged_into.update((str(item["faq_id"]), first) for item in items)
    development = [{**query, "split": "dev"} for query in faq_dev_queries("development", data)]
    queries = read_jsonl(FAQ_DEV_QUERIES) + development
    return faqs, [{**query, "faq_ids": sorted({merged_into[faq_id] for faq_id in query["faq_ids"]}),
                   "moved": bool(query["faq_ids"]) and not set(query["faq_ids"]) & set(merged_into.values())}
                  for query in queries]


def query_sets() -> list[tuple[str, list[Faq], list[dict]]]:
    """(name, FAQs, queries with their dev/heldout split): the demo FAQ and our citizen questions and, if faq-dev
    is present, the faq-dev corpus with ours and the long-answer stand-in."""
    sets = [("demo", demo_faqs(), read_jsonl(DEMO_QUERIES))]
    faq_dev = faq_dev_faqs()
    if faq_dev is not None:
        sets.append(("faq-dev", faq_dev, read_jsonl(FAQ_DEV_QUERIES)))
        sets.append(("faq-dev long answers", *long_answer_set()))
    return sets
