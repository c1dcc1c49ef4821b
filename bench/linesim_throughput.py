"""Benchmark: how many multicast requests of 500 recipients linesim accepts per second with rate limits off.

Starts `python -m linesim --limits fast`, creates friends, then keeps `--concurrency` requests in flight for
`--duration` seconds (each with its own X-Line-Retry-Key, parsed by linesim with the SDK's models), and
checks the ledger: every accepted request must have reached every recipient exactly once.
Prints one JSON line. Goal: at least 2x LINE's 200 multicast requests/s, i.e. 400/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linesim import process  # noqa: E402

TARGET_PER_SECOND = 400
RECIPIENTS = 500
NOTICE = [
    {"type": "text", "text": "【防災訓練のお知らせ】11月30日(日) 9時から、市内全域で防災訓練を行います。"},
    {"type": "flex", "altText": "防災訓練のお知らせ", "contents": {"type": "bubble", "body": {
        "type": "box", "layout": "vertical", "contents": [
            {"type": "text", "text": "防災訓練のお知らせ", "weight": "bold", "size": "lg", "wrap": True},
            {"type": "text", "text": "集合場所: 各地区の指定避難所。持ち物: 飲み物、タオル。", "wrap": True},
            {"type": "button", "style": "primary",
             "action": {"type": "uri", "label": "詳しく見る", "uri": "https://www.example.lg.jp/bousai"}}]}}},
]


def bodies(user_ids: list[str], variants: int = 10) -> list[bytes]:
    """Pre-encoded request bodies (the client should not be the bottleneck), each to 500 different friends."""
    step = max(1, (len(user_ids) - RECIPIENTS) // variants)
    return [json.dumps({"to": user_ids[n * step:n * step + RECIPIENTS], "messages": NOTICE},
                       ensure_ascii=False).encode() for n in range(variants)]


async def load(url: str, token: str, payloads: list[bytes], duration: float, concurrency: int) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + duration
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def worker(offset: int) -> None:
            n = offset
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                async with session.post(url + "/v2/bot/message/multicast", data=payloads[n % len(payloads)],
                                        headers={**headers, "X-Line-Retry-Key": str(uuid.uuid4())}) as response:
                    await response.read()
                latencies.append(time.perf_counter() - started)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                n += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "latencies": latencies, "statuses": statuses}


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), to show what one request costs linesim."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report(run: dict, ledger: dict, cpu: float | None, args: argparse.Namespace) -> dict:
    accepted = run["statuses"].get(200, 0)
    per_second = accepted / run["elapsed"]
    quantiles = statistics.quantiles(run["latencies"], n=100) if len(run["latencies"]) > 1 else [0.0] * 99
    return {
        "benchmark": "linesim_throughput", "duration_s": round(run["elapsed"], 2), "concurrency": args.concurrency,
        "recipients_per_request": RECIPIENTS, "requests_accepted": accepted,
        "statuses": {str(k): v for k, v in sorted(run["statuses"].items())},
        "requests_per_s": round(per_second, 1), "recipients_per_s": round(per_second * RECIPIENTS),
        "latency_p50_ms": round(quantiles[49] * 1000, 2), "latency_p99_ms": round(quantiles[98] * 1000, 2),
        "linesim_cpu_ms_per_request": round(cpu * 1000 / accepted, 3) if cpu and accepted else None,
        "ledger_deliveries": ledger["deliveries"], "exactly_once": ledger["deliveries"] == accepted * RECIPIENTS,
        "target_requests_per_s": TARGET_PER_SECOND, "meets_target": per_second >= TARGET_PER_SECOND,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load (default 20)")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight (default 16)")
    parser.add_argument("--users", type=int, default=5000, help="friends to spread recipients over")
    parser.add_argument("--quick", action="store_true", help="a 3-second smoke run")
    args = parser.parse_args()
    duration = 3.0 if args.quick else args.duration
    running = process.start(channel_secret="bench-secret", access_token="bench-token", limits="fast")
    try:
        handle = running.handle
        payloads = bodies(handle.create_users(args.users))
        cpu_before = cpu_seconds(running.process.pid)
        run = asyncio.run(load(handle.url, handle.access_token, payloads, duration, args.concurrency))
        cpu_after = cpu_seconds(running.process.pid)
        cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
        summary = handle.call("GET", "/_sim/ledger?view=summary")
    finally:
        running.stop()
    print(json.dumps(report(run, summary, cpu, args)))


if __name__ == "__main__":
    main()
