"""The worker processes: RQ workers (with the scheduler for `enqueue_at`) and the cron scheduler.

Job bodies live in their packages (bot.jobs, messages.jobs, reports.jobs, segments.jobs), never here:
run as a script this module is `__main__`, which RQ cannot import.
"""

from __future__ import annotations

import importlib
import os
import time

from rq import Worker
from rq.cron import CronScheduler

import services as services_module
from services import QUEUES, Services

CRON_MODULES = ("segments.jobs", "messages.jobs", "reports.jobs")
"""Modules exposing CRON_JOBS: (cron expression in the city's local time, function, queue name)."""


def run_worker(services: Services, *, burst: bool = False, with_scheduler: bool = True, name: str | None = None) -> None:
    """Work the queues in priority order (events > delivery > default) until stopped."""
    services_module.install(services)
    worker = Worker([services.queue(queue) for queue in QUEUES], connection=services.redis, name=name)
    worker.work(burst=burst, with_scheduler=with_scheduler, logging_level="INFO")


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
