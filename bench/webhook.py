"""Benchmark: signed webhook requests against gunicorn, beside a bare Flask route as the ceiling.

Prints one JSON line: sustained events/s (closed loop) for citybot and for the bare route, and
p50/p99 milliseconds to the 200 at a fixed open-loop rate (default 500 events/s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

import aiohttp
from ulid import ULID

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._servers import free_port, process, redis_server  # noqa: E402
from tests.plugins.citybot_fixtures import sign  # noqa: E402

SECRET = "bench-secret"
USER = "U" + "a" * 32
MAX_RATE = 15_000
"""More requests per second than one Python client can send: the pre-built bodies never run out."""


def signed_bodies(count: int) -> list[tuple[bytes, str]]:
    """Pre-built (body, signature) pairs, so the client spends its time sending, not signing."""
    bodies = []
    for number in range(count):
        event = {
            "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": USER}, "webhookEventId": str(ULID()),
            "deliveryContext": {"isRedelivery": False}, "replyToken": f"{number:032x}",
            "message": {"id": str(number), "type": "text", "text": "粗大ごみの出し方を教えて", "quoteToken": "q"},
        }
        body = json.dumps({"destination": USER, "events": [event]}, ensure_ascii=False)
        bodies.append((body.encode(), sign(body, SECRET)))
    return bodies


async def post(session, url, body, signature) -> float:
    started = time.perf_counter()
    async with session.post(url, data=body, headers={"X-Line-Signature": signature,
                                                     "Content-Type": "application/json"}) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"status {response.status}")
    return (time.perf_counter() - started) * 1000


async def closed_loop(url: str, bodies, concurrency: int, seconds: float) -> float:
    """Requests per second with `concurrency` requests always in flight."""
    done = 0
    deadline = time.perf_counter() + seconds
    iterator = iter(bodies)

    async def client(session):
        nonlocal done
        while time.perf_counter() < deadline:
            body, signature = next(iterator)
            await post(session, url, body, signature)
            done += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
        return done / (time.perf_counter() - started)


async def open_loop(url: str, bodies, rate: float, seconds: float) -> list[float]:
    """Send at a fixed rate regardless of answers; return each request's time to its 200 in ms."""
    total = int(rate * seconds)
    connector = aiohttp.TCPConnector(limit=256)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        tasks = []
        for number in range(total):
            delay = started + number / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            body, signature = bodies[number]
            tasks.append(asyncio.create_task(post(session, url, body, signature)))
        return await asyncio.gather(*tasks)


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def gunicorn(app: str, port: int, env: dict) -> list[str]:
    return [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--threads", "4",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app]


def measure(url: str, args) -> dict:
    asyncio.run(closed_loop(url, signed_bodies(MAX_RATE), args.concurrency, 1.0))  # warm-up
    throughput = asyncio.run(closed_loop(url, signed_bodies(int(args.seconds * MAX_RATE)), args.concurrency,
                                         args.seconds))
    latencies = asyncio.run(open_loop(url, signed_bodies(int(args.rate * args.seconds)), args.rate, args.seconds))
    return {"events_per_s": round(throughput), "p50_ms": round(percentile(latencies, 0.50), 2),
            "p99_ms": round(percentile(latencies, 0.99), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=500.0, help="open-loop events/s for the latency figures")
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    with redis_server() as redis_url:
        env = dict(os.environ, PYTHONPATH=str(root), REDIS_URL=redis_url, LINE_CHANNEL_SECRET=SECRET,
                   LINE_CHANNEL_ACCESS_TOKEN="bench-token", LINE_API_ENDPOINT="http://127.0.0.1:9",
                   CITYBOT_SECRET_KEY="bench", CITYBOT_DATA_DIR=str(root / "bench" / "results" / "data"))
        port = free_port()
        with process(gunicorn("app:create_app()", port, env), port, env):
            citybot = measure(f"http://127.0.0.1:{port}/callback", args)
        port = free_port()
        with process(gunicorn("bench.bare_app:app", port, env), port, env):
            bare = measure(f"http://127.0.0.1:{port}/callback", args)
    print(json.dumps({
        "benchmark": "webhook", "server": "gunicorn 2 workers x 4 threads", "citybot": citybot, "bare_flask": bare,
        "share_of_ceiling": round(citybot["events_per_s"] / bare["events_per_s"], 3),
        "open_loop_rate": args.rate, "seconds": args.seconds,
    }))


if __name__ == "__main__":
    main()
