"""Benchmark: deliver one segmented broadcast to N recipients with W delivery workers, against linesim at LINE's
real rate limits (multicast 200 requests/s), and compare the time with the physical bound ⌈N/500⌉/200 s.

Starts a throwaway redis-server (on a Unix socket, as `citybot run` does, unless `--redis tcp`; without
persistence unless `--aof everysec` or `--aof always`, the embedded Redis's setting) and
`python -m linesim --limits line`, creates N friends in linesim and the same N consenting followers in Redis,
then for each worker count: starts W delivery workers (`citybot worker --queue delivery`, as a city runs
them), approves a broadcast to the segment, and times it from the moment its start job is queued to its final
state.
Workers keep the project's default delivery settings (196 requests/s: a 2 % margin under LINE's limit).
After each run the linesim ledger must show every recipient exactly once more than before. Each run also
reports the CPU time per batch of the workers, Redis and linesim (all three share this machine's cores) and
the share of the machine's CPU time the hypervisor gave to other machines ("steal").
Prints one JSON line. Target: time ≤ 1.15 × bound at 1,000,000 recipients.

Full size (about 3 minutes here, and a few GB of RAM):
    .venv/bin/python bench/delivery.py
Quick check (20,000 recipients, about 15 seconds):
    .venv/bin/python bench/delivery.py --quick
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import datetime, time as clock, timezone
from pathlib import Path

import redis as redis_py
from rq import Worker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._servers import redis_server  # noqa: E402
from config import Config  # noqa: E402
from linesim import process as linesim_process  # noqa: E402
from messages import approval, broadcasts, jobs, lifecycle, progress, templates  # noqa: E402
from messages import keys as message_keys  # noqa: E402
from segments import keys  # noqa: E402
from segments.follower import GRANTED, Follower, memberships, to_fields  # noqa: E402
from services import Services  # noqa: E402

TARGET_RATIO = 1.15
LINE_MULTICAST_PER_SECOND, BATCH = 200, 500
SEGMENT = "district:中央"
USERS_PER_CALL, FOLLOWERS_PER_PIPELINE = 50_000, 5_000
POLL_SECONDS = 0.05
"""How often the run's state is read: within 0.5 % of the bound at 1,000,000, and it leaves the cores alone."""
MESSAGES = {"ja": [templates.notice("防災訓練のお知らせ", "11月30日(日) 9時から、市内全域で防災訓練を行います。",
                                    "2026年11月30日", "https://www.example.lg.jp/bousai")]}


def bound_seconds(recipients: int) -> float:
    """The fastest LINE allows: ⌈N/500⌉ multicast requests at 200 per second."""
    return math.ceil(recipients / BATCH) / LINE_MULTICAST_PER_SECOND


def add_recipients(redis, sim, count: int) -> None:
    """N friends in linesim, and the same users as consenting followers in district 中央 in Redis."""
    now = datetime.now(timezone.utc)
    for first in range(0, count, USERS_PER_CALL):
        user_ids = sim.create_users(min(USERS_PER_CALL, count - first), follow=True)
        for start in range(0, len(user_ids), FOLLOWERS_PER_PIPELINE):
            with redis.pipeline(transaction=False) as pipe:
                for user_id in user_ids[start:start + FOLLOWERS_PER_PIPELINE]:
                    follower = Follower(user_id=user_id, active=True, followed_at=now, consent=GRANTED,
                                        consent_version="2026-04", district="中央", language="ja")
                    pipe.hset(keys.follower(user_id), mapping=to_fields(follower))
                    for key in memberships(follower):
                        pipe.sadd(key, user_id)
                pipe.execute()


def start_workers(count: int, environment: dict, redis_url: str, log) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "cli", "worker", "--queue", jobs.QUEUE]
    workers = [subprocess.Popen(command, cwd=ROOT, env={**os.environ, **environment}, stdout=log,
                                stderr=subprocess.STDOUT) for _ in range(count)]
    connection = redis_py.Redis.from_url(redis_url)
    deadline = time.monotonic() + 60
    while Worker.count(connection=connection) < count:
        if time.monotonic() > deadline:
            raise RuntimeError("the delivery workers did not start")
        time.sleep(0.05)
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> tuple[int, float]:
    """Stop the workers; return the largest peak resident memory (VmHWM) of any of them in kB, and the CPU
    seconds they used together."""
    peak = max(_peak_rss_kb(worker.pid) for worker in workers)
    cpu = sum(_cpu_seconds(worker.pid) for worker in workers)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    return peak, cpu


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime + stime


def _machine_ticks() -> list[int]:
    """The machine's CPU time by kind (/proc/stat: user, nice, system, idle, iowait, irq, softirq, steal)."""
    return [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]


def _steal_percent(before: list[int], after: list[int]) -> float:
    """CPU time the hypervisor gave to other machines during the run: results with much of it are noise."""
    used = [late - early for early, late in zip(before, after)]
    return round(100 * used[7] / max(sum(used), 1), 1)


def _peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def approve_broadcast(services: Services) -> str:
    """A broadcast to the whole segment, approved: its start job is queued (approval itself, which counts the
    recipients for the quota check, is not delivery and is not timed)."""
    draft = broadcasts.create(services.redis, actor="bench-writer", title="防災訓練", segment=SEGMENT,
                              variants=MESSAGES)
    broadcasts.submit(services.redis, services.config.city, draft.id, actor="bench-writer")
    approval.approve(services, draft.id, actor="bench-approver")
    return draft.id


def wait_until_final(services: Services, broadcast_id: str, recipients: int) -> float:
    """Seconds until the broadcast reaches its final state."""
    started = time.perf_counter()
    deadline = started + 60 + 5 * bound_seconds(recipients)
    while (state := _state(services.redis, broadcast_id)) not in lifecycle.FINAL:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"delivery to {recipients} did not finish in time ({state})")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def _state(redis, broadcast_id: str) -> str:
    """Only the state field: the poll shares the cores it measures, so it reads as little as it can."""
    return redis.hget(message_keys.broadcast(broadcast_id), "state").decode()


def one_run(services: Services, sim, linesim_pid: int, environment: dict, recipients: int, workers: int,
            runs_before: int, log) -> dict:
    running = start_workers(workers, environment, services.config.redis_url, log)
    redis_pid = services.redis.info("server")["process_id"]
    try:
        idle_cpu = sum(_cpu_seconds(worker.pid) for worker in running)   # start-up: imports, connections
        broadcast_id = approve_broadcast(services)
        machine_before = _machine_ticks()
        shared_before = _cpu_seconds(redis_pid), _cpu_seconds(linesim_pid)
        seconds = wait_until_final(services, broadcast_id, recipients)
        redis_cpu, linesim_cpu = (_cpu_seconds(pid) - before
                                  for pid, before in zip((redis_pid, linesim_pid), shared_before))
        machine_after = _machine_ticks()
    finally:
        peak_kb, cpu = stop_workers(running)
    run = progress.status(services.redis, broadcast_id, with_batches=True)["latest_run"]
    counts = Counter(sim.delivery_counts().values())
    per_batch = 1000 / max(run["batches"], 1)
    return {
        "recipients": recipients, "workers": workers, "seconds": round(seconds, 2),
        "bound_seconds": round(bound_seconds(recipients), 2), "ratio": round(seconds / bound_seconds(recipients), 3),
        "worker_max_rss_mb": round(peak_kb / 1024, 1),
        "worker_cpu_ms_per_batch": round((cpu - idle_cpu) * per_batch, 1),
        "redis_cpu_ms_per_batch": round(redis_cpu * per_batch, 1),
        "linesim_cpu_ms_per_batch": round(linesim_cpu * per_batch, 1),
        "state": run["outcome"], "batches": run["batches"],
        "retries": sum(batch["attempts"] - 1 for batch in run["batches_detail"]),
        "exactly_once": counts == Counter({runs_before + 1: recipients}),
        "cpu_steal_percent": _steal_percent(machine_before, machine_after),
    }


def services_for(redis_url: str, sim, data_dir: str) -> tuple[Services, dict]:
    environment = {"REDIS_URL": redis_url, "LINE_API_ENDPOINT": sim.url, "LINE_CHANNEL_SECRET": sim.channel_secret,
                   "LINE_CHANNEL_ACCESS_TOKEN": sim.access_token, "CITYBOT_DATA_DIR": data_dir}
    config = Config.from_env(environment, dotenv=None)
    no_quiet_hours = (clock(0, 0), clock(0, 0))  # the benchmark may run at night
    return Services.from_config(replace(config, quiet_hours=no_quiet_hours)), environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, nargs="+", default=[20_000, 1_000_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--limits", choices=["line", "fast"], default="line", help="linesim's rate limits")
    parser.add_argument("--quick", action="store_true", help="20,000 recipients with 1 and 2 workers")
    parser.add_argument("--redis", choices=["unix", "tcp"], default="unix",
                        help="how workers reach Redis: a Unix socket (as `citybot run` does) or TCP on loopback")
    parser.add_argument("--aof", choices=["no", "everysec", "always"], default="no",
                        help="Redis persistence: none (default), or an append-only file synced every second, or "
                             "after every write (as `citybot run`'s embedded Redis does)")
    args = parser.parse_args()
    if args.quick:
        args.recipients, args.workers = [20_000], [1, 2]
    results = []
    persistence = () if args.aof == "no" else ("--appendonly", "yes", "--appendfsync", args.aof)
    with redis_server(persistence, unix_socket=args.redis == "unix") as redis_url, \
            tempfile.TemporaryDirectory() as data_dir, \
            open(Path(data_dir) / "workers.log", "ab") as log:
        running = linesim_process.start(channel_secret="bench-secret", access_token="bench-token",
                                        limits=args.limits)
        try:
            services, environment = services_for(redis_url, running.handle, data_dir)
            for recipients in args.recipients:
                running.handle.reset()
                services.redis.flushall()
                add_recipients(services.redis, running.handle, recipients)
                for runs_before, workers in enumerate(args.workers):
                    results.append(one_run(services, running.handle, running.process.pid, environment,
                                           recipients, workers, runs_before, log))
                    print(json.dumps(results[-1]), file=sys.stderr, flush=True)
        finally:
            running.stop()
    at_scale = [run["ratio"] for run in results if run["recipients"] >= 1_000_000]
    print(json.dumps({"benchmark": "delivery", "limits": args.limits, "redis": args.redis, "aof": args.aof,
                      "target_ratio": TARGET_RATIO,
                      "best_ratio_at_1m": min(at_scale) if at_scale else None,
                      "met": (min(at_scale) <= TARGET_RATIO and all(run["exactly_once"] for run in results))
                      if at_scale else None,
                      "runs": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
