"""A real worker process is killed with SIGKILL mid-send while LINE answers 10 % 500s and 5 % 429s."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from messages import jobs, lifecycle, progress, templates, tuning
from tests.broadcasts.conftest import add_followers, approved_broadcast, linesim_environment

ROOT = Path(__file__).resolve().parents[2]


def start_worker(environment: dict, redis_url: str, log: Path) -> subprocess.Popen:
    """`rq worker delivery --with-scheduler` with citybot's worker class (jobs run in the worker process, as
    `citybot worker` runs them), so killing it kills the job mid-request."""
    with open(log, "ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "rq.cli", "worker", "delivery", "--url", redis_url, "--with-scheduler",
             "--worker-class", "worker.InProcessWorker"],
            cwd=ROOT, env={**os.environ, **environment}, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True)


def kill(worker: subprocess.Popen) -> None:
    """SIGKILL the worker and every process under it (its scheduler; a work horse would be in its own session)."""
    for pid in [worker.pid, *descendants(worker.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    worker.wait(timeout=10)


def descendants(pid: int) -> list[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def wait_for(condition, timeout: float, what: str, every: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def workers(redis_url, linesim, tmp_path):
    started: list[subprocess.Popen] = []
    environment = linesim_environment(redis_url, linesim, tmp_path)

    def start() -> subprocess.Popen:
        started.append(start_worker(environment, redis_url, tmp_path / "workers.log"))
        return started[-1]

    yield start
    for worker in started:
        kill(worker)


def test_killing_a_worker_mid_send_under_faults_loses_no_one_and_sends_no_one_twice(services, linesim, workers):
    users = add_followers(services, linesim, 3000, district="北部")
    bystanders = add_followers(services, linesim, 20, district="南部")
    tuning.save(services.redis, multicast_rate="4/second", lease_seconds=2.0, backoff_base=0.2)
    linesim.faults(endpoint="multicast", error_500=0.10, error_429=0.05, latency_ms=300)
    approved = approved_broadcast(services, segment="district:北部", variants={"ja": [templates.text("停電のお知らせ")]})

    first = workers()
    wait_for(lambda: _batches(services, approved.id)["sent"] >= 2 and _batches(services, approved.id)["claimed"] >= 1,
             timeout=30, what="the first worker to be mid-send")
    kill(first)
    workers(), workers()                                  # restarted, and a second one alongside
    wait_for(lambda: jobs.recover() and progress.status(services.redis, approved.id)["state"] in lifecycle.FINAL,
             timeout=45, what="delivery to finish", every=0.3)

    ledger = linesim.ledger()
    assert Counter(len(ledger.get(user, [])) for user in users) == Counter({1: 3000})   # 0 missing, 0 duplicates
    assert all(user not in ledger for user in bystanders)
    run = progress.status(services.redis, approved.id, with_batches=True)["latest_run"]
    assert (run["delivered"], run["batches"]) == (3000, 6)
    assert max(batch["attempts"] for batch in run["batches_detail"]) >= 2   # the killed worker's batch was taken over


def _batches(services, broadcast_id: str) -> dict[str, int]:
    run = progress.status(services.redis, broadcast_id)["latest_run"]
    return run["batch_states"] if run else Counter()
