"""RQ jobs: the daily LINE insight snapshot (with backfill) and the weekly report; CRON_JOBS lists their schedule.

Jobs take plain values only and reach config, Redis and LINE through `services.current()`.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from redis import Redis

from reports import delivery, keys, snapshots, weekly
from reports.collect import Collected, collect
from reports.growth import IsoWeek
from reports.render import report_dir
from services import Services, current

REPORT_QUEUE = "default"

DEFAULT_HISTORY_DAYS = 84
"""Without `citybot report backfill --since`, the daily job keeps (and backfills) the last 12 weeks."""

UNREADY_RETRY = timedelta(hours=1)
"""LINE computes a day's numbers in about a day; while it answers `unready`, ask again hourly."""

TROUBLE_RETRY = timedelta(minutes=15)
"""After a transient LINE error (429, 5xx, timeout) the snapshot run tries again a little later."""

DELIVERY_RETRIES = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
"""Waits before re-sending the summary to recipients a transient error kept from getting it."""

CLAIM_SECONDS = 3600
"""A worker producing a report holds the week for at most an hour; if it dies, another may take over."""

DONE_SECONDS = 400 * 86_400
"""A produced week stays claimed for over a year, so cron, retries and second workers never redo it."""


def snapshot_yesterday(followup: bool = False) -> dict:
    """Store yesterday's (JST) LINE insight numbers and any missing day since the history start.

    Runs daily; while days remain (LINE `unready`, the 60 requests/hour budget spent, LINE trouble) it
    schedules one follow-up run of itself.
    """
    services = current()
    redis, config = services.redis, services.config
    now = datetime.now(config.tz)
    yesterday = now.date() - timedelta(days=1)
    if followup:
        redis.delete(keys.SNAPSHOT_FOLLOWUP)
    start = snapshots.history_start(redis, default=yesterday - timedelta(days=DEFAULT_HISTORY_DAYS))
    result = collect(redis, services.gateway, start=start, end=yesterday, now=now)
    scheduled = _schedule_followup(services, _followup_delay(result)) if result.waiting else False
    return {"stored": [str(day) for day in result.stored], "unready": [str(day) for day in result.unready],
            "not_attempted": len(result.not_attempted), "problem": result.problem, "followup_scheduled": scheduled}


def _followup_delay(result: Collected) -> timedelta:
    if result.retry_in_seconds is not None:
        return timedelta(seconds=result.retry_in_seconds)
    return TROUBLE_RETRY if result.problem else UNREADY_RETRY


def _schedule_followup(services: Services, delay: timedelta) -> bool:
    """At most one follow-up is pending at a time (the marker expires if the follow-up is lost)."""
    marker_seconds = int(delay.total_seconds()) + 600
    if not services.redis.set(keys.SNAPSHOT_FOLLOWUP, "scheduled", nx=True, ex=marker_seconds):
        return False
    services.queue(REPORT_QUEUE).enqueue_in(delay, snapshot_yesterday, followup=True)
    return True


def weekly_report(week: str | None = None) -> dict:
    """Produce the report of `week` (default: the last complete ISO week, JST) once, then deliver it.

    The week is claimed with SET NX, so two workers (or cron plus a retry) produce and send it once.
    """
    services = current()
    redis, config = services.redis, services.config
    now = datetime.now(config.tz)
    iso = IsoWeek.parse(week) if week else IsoWeek.last_complete(now.date())
    label, token = str(iso), uuid.uuid4().hex
    if not redis.set(keys.weekly_claim(label), token, nx=True, ex=CLAIM_SECONDS):
        return {"week": label, "status": "claimed elsewhere"}
    try:
        rendered = weekly.produce(redis, config, iso, now=now)
    except BaseException:
        _release(redis, label, token)
        raise
    redis.set(keys.weekly_claim(label), "done", ex=DONE_SECONDS)
    return {"week": label, "status": "produced", "folder": str(rendered.folder), **deliver_weekly(label)}


def _release(redis: Redis, week: str, token: str) -> None:
    """Give the week back after a failure, unless the claim has meanwhile passed to another worker."""
    if redis.get(keys.weekly_claim(week)) == token.encode():
        redis.delete(keys.weekly_claim(week))


def deliver_weekly(week: str, attempt: int = 1) -> dict:
    """Send a produced report's summary to staff on LINE and by e-mail; re-schedules itself for transient failures."""
    services = current()
    redis, config = services.redis, services.config
    folder = report_dir(config.data_dir, week)
    summary = (folder / "summary.txt").read_text(encoding="utf-8")
    outcome = delivery.Outcome()
    delivery.push_summary(redis, services.gateway, week, config.staff_line_ids, summary, outcome)
    delivery.email_report(redis, config, week, folder, summary, outcome)
    if outcome.retry and attempt <= len(DELIVERY_RETRIES):
        services.queue(REPORT_QUEUE).enqueue_in(DELIVERY_RETRIES[attempt - 1], deliver_weekly, week, attempt + 1)
    elif outcome.retry:
        for recipient in outcome.retry:
            redis.hset(keys.weekly_delivery(week), recipient, "failed: 再送の上限に達しました")
    return {"sent": outcome.sent, "failed": outcome.failed, "retrying": outcome.retry}


CRON_JOBS = [
    ("0 6 * * *", snapshot_yesterday, REPORT_QUEUE),
    ("0 9 * * 1", weekly_report, REPORT_QUEUE),
]
"""(cron expression, job, queue). The expressions are in the city's local time (JST: daily 06:00, Monday 09:00).
RQ's cron reads cron fields in the local time of the process that runs it, so run that process with
TZ set to `config.timezone` (e.g. TZ=Asia/Tokyo). Both jobs work out "yesterday" and "last week" in the
city's time zone themselves, so a different process time zone only moves when they run."""
