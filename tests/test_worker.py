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


def test_a_worker_with_jobs_waiting_marks_itself_idle_only_when_the_queues_are_empty(monkeypatch, redis):
    idle_writes = []
    original = SimpleWorker.set_state

    def recording(self, state, pipeline=None):
        if pipeline is None and state == "idle":
            idle_writes.append(time.monotonic())
        return original(self, state, pipeline)

    monkeypatch.setattr(SimpleWorker, "set_state", recording)
    queue = Queue("default", connection=redis)
    jobs = [queue.enqueue(time.time) for _ in range(JOBS)]
    InProcessWorker([queue], connection=redis).work(burst=True)
    assert len(idle_writes) == 1                       # once, after the last job, before giving up waiting
    finished = [job.fetch(job.id, connection=redis) for job in jobs]
    assert all(job.get_status() == "finished" and job.ended_at and job.last_heartbeat for job in finished)


def test_a_worker_takes_the_jobs_of_its_first_queue_first(redis):
    urgent, later = Queue("events", connection=redis), Queue("delivery", connection=redis)
    waiting = [later.enqueue(time.time) for _ in range(3)] + [urgent.enqueue(time.time) for _ in range(3)]
    InProcessWorker([urgent, later], connection=redis).work(burst=True)
    done = sorted(waiting, key=lambda job: job.fetch(job.id, connection=redis).ended_at)
    assert [job.origin for job in done] == ["events"] * 3 + ["delivery"] * 3
