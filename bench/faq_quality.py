"""FAQ answer quality through the real CLI (`citybot faq import` then `citybot faq eval`), as a city would run it.

Starts a throw-away Redis in a temporary directory and measures, with the dense model (the default) and with
`--lexical`:
- the demo FAQ with our citizen questions (cities/demo_citizen_queries.jsonl), dev and held-out parts;
- the faq-dev corpus (shared/faq-dev, beside the repo) with our citizen questions over it
  (bench/data/faq_dev_citizen_queries.jsonl), dev and held-out parts, and with faq-dev's own development
  queries (`--faq-dev-holdout` adds its holdout split: run it rarely);
- the long-answer stand-in built from faq-dev (`bench/_faq_sets.long_answer_set`) with the same questions.
Prints one JSON line per measurement. Nothing from faq-dev is written into the project.

    .venv/bin/python bench/faq_quality.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._faq_sets import (DEMO_FAQ, DEMO_QUERIES, FAQ_DEV_QUERIES, faq_dev_faqs,  # noqa: E402
                             faq_dev_queries, long_answer_set)
from embedded_redis import EmbeddedRedis  # noqa: E402


def citybot(args: list[str], env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"citybot {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def write_faq_file(path: Path, faqs) -> Path:
    path.write_text(json.dumps([asdict(faq) for faq in faqs], ensure_ascii=False), encoding="utf-8")
    return path


def measurements(workdir: Path, holdout: bool) -> list[tuple[str, Path, list[tuple[str, Path, str | None]]]]:
    """(set name, FAQ file to import, [(query set name, query file, split)])."""
    sets = [("demo", DEMO_FAQ, [("citizen", DEMO_QUERIES, "dev"), ("citizen", DEMO_QUERIES, "heldout")])]
    faqs = faq_dev_faqs()
    if faqs is not None:
        faq_file = write_faq_file(workdir / "faq-dev.json", faqs)
        own = [("faq-dev development", write_jsonl(workdir / "development.jsonl",
                                                   faq_dev_queries("development")), None)]
        if holdout:
            own.append(("faq-dev holdout", write_jsonl(workdir / "holdout.jsonl", faq_dev_queries("holdout")), None))
        sets.append(("faq-dev", faq_file, [("citizen", FAQ_DEV_QUERIES, "dev"),
                                           ("citizen", FAQ_DEV_QUERIES, "heldout"), *own]))
        long_faqs, long_queries = long_answer_set()
        long_file = write_jsonl(workdir / "long.jsonl", long_queries)
        sets.append(("faq-dev long answers", write_faq_file(workdir / "faq-dev-long.json", long_faqs),
                     [("citizen + faq-dev development", long_file, "dev"), ("citizen", long_file, "heldout")]))
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faq-dev-holdout", action="store_true", help="also faq-dev's own holdout queries")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        server = EmbeddedRedis.start(Path(workdir))
        try:
            env = {**os.environ, "REDIS_URL": server.url, "CITYBOT_DATA_DIR": workdir}
            for name, faq_file, query_sets in measurements(Path(workdir), options.faq_dev_holdout):
                citybot(["faq", "import", str(faq_file)], env)
                for queries, query_file, split in query_sets:
                    for mode in ("dense", "lexical"):
                        args = ["faq", "eval", "--queries", str(query_file), *(["--split", split] if split else []),
                                *(["--lexical"] if mode == "lexical" else [])]
                        figures = json.loads(citybot(args, env))
                        print(json.dumps({"benchmark": "faq_quality", "faqs": name, "queries": queries,
                                          "split": split or "all", "mode": mode, **figures}, ensure_ascii=False),
                              flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
