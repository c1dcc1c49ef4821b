"""The worker processes: RQ workers (with the scheduler for `enqueue_at`) and the cron scheduler.

Job bodies live in their packages (bot.jobs, messages.jobs, reports.jobs, segments.jobs), never here:
run as a script this module is `__main__`, which RQ cannot import.
"""

from __future__ import annotations

import importlib
import os
import time

from rq import SimpleWorker, Worker

from bot.faq.engine import warm_up
from rq.cron import CronScheduler

import services as services_module
from services import QUEUES, Services

CRON_MODULES = ("segments.jobs", "messages.jobs", "reports.jobs")
"""Modules exposing CRON_JOBS: (cron expression in the city's local time, function, queue name)."""

JOB_MODULES = ("bot.jobs", *CRON_MODULES)
"""Imported once before working: each job runs in a fork of this process, so nothing is imported per job."""


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
    kind = Worker if fork else SimpleWorker
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
