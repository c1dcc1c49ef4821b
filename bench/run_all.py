"""`make bench`: run every benchmark at full size, one after another, and keep their JSON lines.

Each benchmark prints one JSON line of figures; they are collected in bench/results/latest.jsonl so they can
be copied into docs/benchmarks.md together with the command that produced them.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCHMARKS = ["linesim_throughput.py", "webhook.py", "segments.py", "faq.py", "faq_quality.py", "delivery.py",
              "report.py", "richmenu_switch.py", "civic_queue.py"]
"""In this order; anything not yet present is reported as missing, never silently skipped."""


def main() -> int:
    here = Path(__file__).resolve().parent
    results = here / "results"
    results.mkdir(exist_ok=True)
    failures = 0
    with (results / "latest.jsonl").open("w", encoding="utf-8") as out:
        for name in BENCHMARKS + sys.argv[1:]:
            script = here / name
            if not script.exists():
                print(f"MISSING {name}", file=sys.stderr)
                failures += 1
                continue
            started = time.monotonic()
            print(f"== {name}", file=sys.stderr, flush=True)
            finished = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
            lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
            if finished.returncode != 0 or not lines:
                print(f"FAILED {name}:\n{finished.stderr[-2000:]}", file=sys.stderr)
                failures += 1
                continue
            for line in lines:
                print(line, flush=True)
                out.write(line + "\n")
            print(f"   ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
