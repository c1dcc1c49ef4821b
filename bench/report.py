"""Benchmark: produce the weekly report (read Redis, compute, draw both charts, write HTML/CSV) for 3 years of days.

Seeds a throwaway redis-server with daily LINE numbers and webhook counts, then times `reports.weekly.produce`
the way the weekly job calls it. Prints one JSON line; the target is under 5 s per report.

    .venv/bin/python bench/report.py              # full size: 3 years of daily data, 5 runs
    .venv/bin/python bench/report.py --quick      # 90 days, 1 run (to check that it works)
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from redis import Redis  # noqa: E402

from bench._servers import redis_server  # noqa: E402
from config import DEFAULT_CITY_FILE, Config  # noqa: E402
from reports import snapshots, weekly  # noqa: E402
from reports.counters import count_event  # noqa: E402
from reports.growth import IsoWeek  # noqa: E402
from segments.city import load_city  # noqa: E402

TARGET_SECONDS = 5.0
WEEK = IsoWeek(2026, 47)


def seed(redis: Redis, days: int, rng: random.Random) -> None:
    """LINE numbers for every day up to WEEK's Sunday, and a few attributed webhook events per day."""
    city = load_city(DEFAULT_CITY_FILE)
    followers, blocks = 12_000, 1_500
    fetched = datetime(2026, 11, 23, tzinfo=timezone.utc)
    for offset in range(days - 1, -1, -1):
        day = WEEK.end - timedelta(days=offset)
        followers += rng.randint(0, 14)
        blocks += rng.randint(0, 4) - (rng.random() < 0.3)
        snapshots.store_insight(redis, day, status="ready", followers=followers, targeted_reaches=followers - blocks,
                                blocks=blocks, fetched_at=fetched)
        for _ in range(3):
            count_event(redis, rng.choice(["follow", "registration", "block"]), day,
                        {"district": rng.choice(city.districts), "age": rng.choice(city.age_groups),
                         "interests": rng.sample(city.interests, 2)})


def time_reports(redis: Redis, data_dir: Path, runs: int) -> list[float]:
    config = Config(city=load_city(DEFAULT_CITY_FILE), data_dir=data_dir)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        weekly.produce(redis, config, WEEK, now=datetime(2026, 11, 23, 9, 0, tzinfo=config.tz))
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3 * 365 + 1, help="days of data (default: 3 years)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="90 days, one run")
    args = parser.parse_args()
    days, runs = (90, 1) if args.quick else (args.days, args.runs)
    with redis_server() as url, tempfile.TemporaryDirectory() as data_dir:
        redis = Redis.from_url(url)
        seed(redis, days, random.Random(20261123))
        seconds = time_reports(redis, Path(data_dir), runs)
        size = sum(path.stat().st_size for path in (Path(data_dir) / "reports" / str(WEEK)).iterdir())
    print(json.dumps({
        "benchmark": "report", "days": days, "runs": runs,
        "first_s": round(seconds[0], 3), "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3), "target_s": TARGET_SECONDS, "within_target": max(seconds) < TARGET_SECONDS,
        "output_bytes": size,
    }))


if __name__ == "__main__":
    main()
