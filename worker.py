"""The worker processes: RQ workers (with the scheduler for `enqueue_at`) and the cron scheduler.

Job bodies live in their packages (bot.jobs, messages.jobs, reports.jobs, segments.jobs), never here:
run as a script this module is `__main__`, which RQ cannot import.
"""

from __future__ import annotations

import importlib
import os
import time

from rq import SimpleWorker, Worker
from rq.cron import CronScheduler
from rq.utils import now

from bot.faq.engine import warm_up

import services as services_module
from services import QUEUES, Services

CRON_MODULES = ("segments.jobs", "messages.jobs", "menus.jobs", "reports.jobs")
"""Modules exposing CRON_JOBS: (cron expression in the city's local time, function, queue name)."""

JOB_MODULES = ("bot.jobs", "bot.faq.jobs", *CRON_MODULES)
"""Imported once before working, so that no job imports anything (nor does a forked child, with `fork=True`)."""

BOOKKEEPING_INTERVAL = 1.0
"""Seconds between a worker's liveness writes (heartbeat, suspension check) outside a job's own bookkeeping."""


class _ThrottledBookkeeping:
    """RQ's worker loop, writing its liveness at most once a second instead of several times per job.

    For every job RQ's loop sends the worker's heartbeat three times, writes its idle state twice and checks
    `rq suspend` once, and it writes the job's heartbeat once more after the job: at the 200 jobs a second of a
    large delivery run that is a third of the worker's CPU.
    The heartbeat keeps a key alive for minutes and monitoring reads the state, so a second's delay changes
    nothing; the heartbeats a job's own execution sends (in a pipeline) are left as RQ writes them.
    """

    _last_heartbeat_at = _last_suspension_check_at = float("-inf")
    log_result_lifespan = False   # "result is kept for 600 seconds" after every job tells the operator nothing

    def heartbeat(self, timeout: int | None = None, pipeline=None) -> None:
        if pipeline is None and timeout is None:
            if time.monotonic() - self._last_heartbeat_at < BOOKKEEPING_INTERVAL:
                return
            self._last_heartbeat_at = time.monotonic()
        super().heartbeat(timeout, pipeline)

    def set_state(self, state: str, pipeline=None) -> None:
        if pipeline is None and self.get_state() == state:
            return                                       # only this worker writes its state
        super().set_state(state, pipeline)

    def handle_execution_ended(self, job, queue, heartbeat_ttl: int) -> None:
        """RQ writes the job's last heartbeat here in a write of its own; the job's record, saved right after a
        success, carries it anyway."""
        job.ended_at = job.last_heartbeat = now()

    def check_for_suspension(self, burst: bool) -> None:
        if time.monotonic() - self._last_suspension_check_at < BOOKKEEPING_INTERVAL:
            return
        self._last_suspension_check_at = time.monotonic()
        super().check_for_suspension(burst)


class InProcessWorker(_ThrottledBookkeeping, SimpleWorker):
    """Runs each job in the worker process (the default: what jobs warm up stays warm).

    It marks itself idle only when it is about to wait for work, not after every job: while jobs are waiting,
    RQ would write "idle" after each job and "busy" again as the next one starts.
    """

    def execute_job(self, job, queue) -> None:
        self.perform_job(job, queue, self.prepare_execution(job))

    def dequeue_job_and_maintain_ttl(self, timeout: int | None, max_idle_time: int | None = None):
        """A waiting job at once; only when every queue is empty, RQ's own wait, which marks the worker idle."""
        found = self.queue_class.dequeue_any(self._ordered_queues, None, connection=self.connection,
                                             job_class=self.job_class, serializer=self.serializer,
                                             death_penalty_class=self.death_penalty_class)
        if found is None:
            return super().dequeue_job_and_maintain_ttl(timeout, max_idle_time)
        job, queue = found
        self.reorder_queues(reference_queue=queue)
        job.redis_server_version = self.get_redis_server_version()
        self.log.info("Worker %s: %s: %s", self.name, queue.name, job.id)
        return found


class ForkingWorker(_ThrottledBookkeeping, Worker):
    """Runs each job in a forked child (`citybot worker --fork`)."""


def run_worker(services: Services, *, queues: tuple[str, ...] = QUEUES, fork: bool = False, burst: bool = False,
               logging_level: str = "INFO") -> None:
    """Work the queues in the order given (by default events > delivery > default) until stopped.

    Jobs run in the worker process itself (RQ's SimpleWorker) so what they warm up stays warm: the FAQ
    index, the SDK's models, Redis and LINE connections. A process that dies mid-job loses nothing that
    matters: delivery batches are taken over by recovery (leases, retry keys) and RQ moves the job to
    its failed registry. `fork=True` isolates every job in a child process instead, at that cost.
    """
    services_module.install(services)
    for module in JOB_MODULES:
        importlib.import_module(module)
    warm_up(services.redis)
    kind = ForkingWorker if fork else InProcessWorker
    worker = kind([services.queue(queue) for queue in queues], connection=services.redis)
    worker.work(burst=burst, with_scheduler=True, logging_level=logging_level)


def cron_jobs() -> list[tuple[str, object, str]]:
    jobs = []
    for module in CRON_MODULES:
        jobs.extend(importlib.import_module(module).CRON_JOBS)
    return jobs


def run_cron(services: Services) -> None:
    """Enqueue the periodic jobs on time. Cron fields are read in the city's time zone.

    Running several cron processes is harmless: every periodic job is idempotent (claims, SET NX).
    """
    os.environ["TZ"] = services.config.timezone  # rq's cron matches fields against local time
    time.tzset()
    scheduler = CronScheduler(connection=services.redis, logging_level="INFO")
    for expression, function, queue in cron_jobs():
        scheduler.register(function, queue_name=queue, cron=expression)
    scheduler.start()
