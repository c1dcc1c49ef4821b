"""Quality of the FAQ search on the public faq-dev set (shared/faq-dev), through the real CLI.

Converts faq-dev into an import file and a query file in a temporary directory, starts a throw-away
Redis there, runs `citybot faq import` and `citybot faq eval`, and prints one JSON line per split.
Nothing from faq-dev is written into the project.

    .venv/bin/python bench/faq_dev_eval.py                       # development split
    .venv/bin/python bench/faq_dev_eval.py --split holdout       # the held-out split (use rarely)
    .venv/bin/python bench/faq_dev_eval.py --lexical             # without the dense model
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embedded_redis import EmbeddedRedis  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "faq-dev"


def write_inputs(data: Path, split: str, workdir: Path) -> tuple[Path, Path]:
    corpus = json.loads((data / "corpus.json").read_text(encoding="utf-8"))
    faqs = [{"id": str(item["faq_id"]), "question": item["question"], "answer": item["answer"],
             "category": item["category1"]} for item in corpus]
    faq_file = workdir / "faq-dev.json"
    faq_file.write_text(json.dumps(faqs, ensure_ascii=False), encoding="utf-8")
    queries = json.loads((data / f"{split}.json").read_text(encoding="utf-8"))
    query_file = workdir / f"{split}.jsonl"
    query_file.write_text("".join(json.dumps({"id": q["query_id"], "text": q["query"], "faq_ids": [str(q["faq_id"])]},
                                             ensure_ascii=False) + "\n" for q in queries), encoding="utf-8")
    return faq_file, query_file


def citybot(args: list[str], env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"citybot {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", action="append", choices=["development", "holdout"])
    parser.add_argument("--lexical", action="store_true", help="rank without the dense model even if installed")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        server = EmbeddedRedis.start(Path(workdir))
        try:
            env = {**os.environ, "REDIS_URL": server.url, "CITYBOT_DATA_DIR": workdir}
            for split in options.split or ["development"]:
                faq_file, query_file = write_inputs(options.data, split, Path(workdir))
                citybot(["faq", "import", str(faq_file)], env)
                lexical = ["--lexical"] if options.lexical else []
                figures = json.loads(citybot(["faq", "eval", "--queries", str(query_file), *lexical], env))
                print(json.dumps({"benchmark": "faq_dev_eval", "split": split, **figures}, ensure_ascii=False))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
