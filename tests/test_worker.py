import time

from rq import Queue, SimpleWorker
from rq.suspension import resume, suspend

from worker import BOOKKEEPING_INTERVAL, InProcessWorker

JOBS = 40


def heartbeats_while_working(monkeypatch, worker_class, redis) -> tuple[int, float]:
    """How many liveness heartbeats the worker loop sent (outside jobs) while working off JOBS jobs."""
    sent = []
    original = SimpleWorker.heartbeat

    def counting(self, timeout=None, pipeline=None):
        if pipeline is None:
            sent.append(timeout)
        return original(self, timeout, pipeline)

    monkeypatch.setattr(SimpleWorker, "heartbeat", counting)
    queue = Queue("default", connection=redis)
    jobs = [queue.enqueue(time.time) for _ in range(JOBS)]
    started = time.monotonic()
    worker_class([queue], connection=redis).work(burst=True)
    assert all(job.get_status(refresh=True) == "finished" for job in jobs)
    return len(sent), time.monotonic() - started


def test_a_busy_worker_sends_its_heartbeat_about_once_a_second_not_several_times_a_job(monkeypatch, redis):
    sent, seconds = heartbeats_while_working(monkeypatch, InProcessWorker, redis)
    assert sent <= 2 + seconds / BOOKKEEPING_INTERVAL
    plain, _ = heartbeats_while_working(monkeypatch, SimpleWorker, redis)
    assert plain >= 2 * JOBS                  # what RQ's own loop sends, and why the worker throttles it


def test_a_suspended_worker_takes_no_job(redis):
    queue = Queue("default", connection=redis)
    job = queue.enqueue(time.time)
    suspend(redis)
    try:
        InProcessWorker([queue], connection=redis).work(burst=True)
    finally:
        resume(redis)
    assert job.get_status(refresh=True) == "queued"
    InProcessWorker([queue], connection=redis).work(burst=True)
    assert job.get_status(refresh=True) == "finished"
