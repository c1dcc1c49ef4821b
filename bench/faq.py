"""FAQ speed at 2,000 FAQs with the dense model on: time per question (target p95 ≤ 100 ms), embedding the
set at import, building the index with its learned channel (target ≤ 60 s), retraining after one staff edit,
importing the set again as a file with 20 answers changed, and the process's memory (target RSS ≤ 600 MB).

The 2,000 FAQs are synthesised in memory from the faq-dev corpus (shared/faq-dev, beside the repo) or,
without it, from the demo FAQ; nothing is written into the project. Their answers are long, as real cities'
are (several hundred characters: each joins four entries' answers), since every answer window is embedded.
Each question goes the way a citizen's does: the version check in Redis, then ranking and the verdict. Prints
one JSON line.

    .venv/bin/python bench/faq.py            # full size
    .venv/bin/python bench/faq.py --quick    # 300 FAQs, 100 questions
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, replace
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.faq import dense, editing, store  # noqa: E402
from bot.faq.engine import Engine, analyzer  # noqa: E402
from bot.faq.io import read_faqs, write_faqs  # noqa: E402
from bot.faq.model import Faq  # noqa: E402
from embedded_redis import EmbeddedRedis  # noqa: E402

FAQ_DEV = ROOT.parent / "shared" / "faq-dev"
DEMO_FAQ = ROOT / "cities" / "demo_faq.csv"
REIMPORT_EDITED = 20
"""Answers changed in the re-imported file: a month of staff edits to a 2,000-FAQ set, say."""


def source_entries() -> tuple[list[tuple[str, str, str]], list[str], str]:
    """(question, answer, category) triples and sample questions, from faq-dev or the demo FAQ."""
    if (FAQ_DEV / "corpus.json").exists():
        corpus = json.loads((FAQ_DEV / "corpus.json").read_text(encoding="utf-8"))
        queries = [item["query"] for name in ("development", "holdout")
                   for item in json.loads((FAQ_DEV / f"{name}.json").read_text(encoding="utf-8"))]
        return [(item["question"], item["answer"], item["category1"]) for item in corpus], queries, "faq-dev"
    faqs = read_faqs(DEMO_FAQ.read_bytes(), DEMO_FAQ.name)
    return [(faq.question, faq.answer, faq.category) for faq in faqs], [faq.question for faq in faqs], "demo_faq"


def synthesise(entries: list[tuple[str, str, str]], count: int) -> list[Faq]:
    """`count` distinct FAQs: the originals, then each question paired with another entry's topic; every answer
    followed by three other entries' answers, each headed by its own number so that no two FAQs share a window
    (shared windows would be embedded once and flatter the import time)."""
    faqs = []
    for number in range(count):
        question, answer, category = entries[number % len(entries)]
        if number >= len(entries):
            question = f"{entries[(number * 7 + 3) % len(entries)][2]}について、{question}"
        others = [f"【{number}-{part}】{entries[(number * step + 1) % len(entries)][1]}"
                  for part, step in enumerate((11, 13, 17), start=1)]
        faqs.append(Faq(id=f"s{number}", question=question, answer="\n".join([answer, *others]), category=category))
    return faqs


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(redis, faqs: list[Faq], questions: list[str], use_dense: bool) -> dict:
    analyzer().analyze("準備")  # the dictionary and tokenizer load once per process, not per index build
    started = time.perf_counter()
    vectors = dense.faq_vectors(faqs) if use_dense else {}
    embed_s = time.perf_counter() - started
    texts = len({text for faq in faqs for text in dense.faq_texts(faq)}) if vectors else 0
    store.replace_all(redis, faqs, at=datetime.now(timezone.utc), vectors=vectors,
                      model=dense.MODEL_NAME if vectors else "")
    engine = Engine(use_dense=use_dense)
    started = time.perf_counter()
    engine.index(redis)
    build_s = time.perf_counter() - started
    timings = []
    for question in questions:
        started = time.perf_counter()
        engine.ask(redis, question)
        timings.append((time.perf_counter() - started) * 1000)
    edited = {**asdict(faqs[0]), "answer": faqs[0].answer + "\n（受付時間が変わりました）"}
    started = time.perf_counter()
    editing.save(redis, edited, actor="bench", at=datetime.now(timezone.utc), replacing=faqs[0].id)
    engine.ask(redis, questions[0])                 # the next question finds the new version and retrains
    retrain_s = time.perf_counter() - started
    return {"embed_s": round(embed_s, 1), "embedded_texts": texts,
            "answer_chars_median": sorted(len(faq.answer) for faq in faqs)[len(faqs) // 2],
            "build_s": round(build_s, 3), "retrain_after_edit_s": round(retrain_s, 3),
            "reimport_s": round(reimport(redis, faqs), 1),
            "p50_ms": round(percentile(timings, 0.5), 2), "p95_ms": round(percentile(timings, 0.95), 2),
            "max_ms": round(max(timings), 2), "rss_mb": round(rss_kb() / 1024, 1), "dense": bool(vectors)}


def reimport(redis, faqs: list[Faq], edited: int = REIMPORT_EDITED) -> float:
    """Seconds to import the set again as a file with `edited` answers changed, in a process that has embedded
    nothing yet (a worker started after the last import): the unchanged FAQs keep their stored vectors."""
    changed = [replace(faq, answer="（受付時間が変わりました）" + faq.answer) if number < edited else faq
               for number, faq in enumerate(faqs)]
    data = write_faqs(changed, "faq.json")
    dense.forget()
    started = time.perf_counter()
    editing.import_file(redis, data, "faq.json", actor="bench", at=datetime.now(timezone.utc))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--faqs", type=int, default=2000)
    parser.add_argument("--lexical", action="store_true", help="without the dense model even if installed")
    options = parser.parse_args()
    count, limit = (300, 100) if options.quick else (options.faqs, 1000)
    entries, queries, source = source_entries()
    questions = (queries * (limit // max(1, len(queries)) + 1))[:limit]
    with tempfile.TemporaryDirectory() as workdir:
        server = EmbeddedRedis.start(Path(workdir))
        try:
            from redis import Redis

            figures = measure(Redis.from_url(server.url), synthesise(entries, count), questions,
                              use_dense=not options.lexical and dense.available())
        finally:
            server.stop()
    print(json.dumps({"benchmark": "faq", "faqs": count, "questions": len(questions), "source": source,
                      **figures, "target_p95_ms": 100, "target_build_s": 60, "target_rss_mb": 600}))


if __name__ == "__main__":
    main()
