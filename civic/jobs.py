"""RQ jobs: fetch a report's photo from LINE (retried; the report is kept whatever happens), and tell the
citizen when staff change the status — under the same rules as broadcasts (quiet hours, the month's quota,
nothing to a friend who blocked or erased their data, one message per change even when retried)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from rq import Retry, get_current_job

from civic import store
from civic.photos import PhotoError, clean
from civic.storage import photo_storage
from messages.errors import DeliveryError
from messages.schedule import in_quiet_hours
from segments.store import FollowerStore
from services import Services, current

QUEUE = "default"
FETCH_RETRIES = Retry(max=3, interval=[10, 60, 300])
"""LINE's content endpoint may be slow or down for a moment; after four tries the photo is marked failed."""
QUOTA_WAIT = timedelta(hours=6)
STATUS_NAMESPACE = uuid.UUID("3f0c5a52-9a53-4d0c-a0f7-0a9b8c8e1d21")


def request_photos(services: Services, report_id: str, message_ids: tuple[str, ...]) -> None:
    for index, message_id in enumerate(message_ids):
        services.queue(QUEUE).enqueue(fetch_photo, report_id, index, message_id, retry=FETCH_RETRIES)


def fetch_photo(report_id: str, index: int, message_id: str) -> str:
    services = current()
    redis = services.redis
    try:
        content = services.gateway.message_content(message_id)
    except DeliveryError as error:
        return _retry_or_fail(redis, report_id, index, f"LINE から取得できませんでした ({error})", error.permanent)
    try:
        photo, thumb = clean(content)
    except PhotoError as error:
        store.set_photo_state(redis, report_id, index, f"rejected: {error}")
        return "rejected"
    try:
        photo_storage(services.config).save(report_id, index, photo, thumb)
    except Exception as error:  # noqa: BLE001 — a full disk, a bucket that refuses: retried, then marked
        return _retry_or_fail(redis, report_id, index, f"保存できませんでした ({type(error).__name__})", False)
    store.set_photo_state(redis, report_id, index, "ok")
    return "ok"


def _retry_or_fail(redis, report_id: str, index: int, reason: str, permanent: bool) -> str:
    """Mark the photo failed when no try is left (the report is kept); otherwise say so and let RQ retry."""
    job = get_current_job()
    if permanent or job is None or not job.retries_left:
        store.set_photo_state(redis, report_id, index, f"failed: {reason}")
        return "failed"
    store.set_photo_state(redis, report_id, index, "pending: 再試行します")
    raise RetryLater(reason)


class RetryLater(Exception):
    """Raised to have RQ try the job again later."""


def notify_citizen(report_id: str, change: int) -> str:
    """Push the status change numbered `change` to the citizen who reported it."""
    services = current()
    config, redis = services.config, services.redis
    report = store.get(redis, report_id)
    if report is None or not report.user_id:
        return "nobody"
    follower = FollowerStore(redis, config.city).get(report.user_id)
    if follower is None or not follower.active:
        return "not a friend"
    now = datetime.now(config.tz)
    if in_quiet_hours(now.time(), config.quiet_hours):
        services.queue(QUEUE).enqueue_at(_after_quiet_hours(now, config.quiet_hours[1]), notify_citizen,
                                         report_id, change)
        return "after quiet hours"
    quota = services.gateway.quota()
    if quota.remaining is not None and quota.remaining < 1:
        services.queue(QUEUE).enqueue_in(QUOTA_WAIT, notify_citizen, report_id, change)
        return "waiting for quota"
    entry = store.history(redis, report_id)[change - 1]
    retry_key = str(uuid.uuid5(STATUS_NAMESPACE, f"{report_id}:{change}"))
    services.gateway.push(report.user_id, [status_message(report.receipt, entry)], retry_key=retry_key)
    return "sent"


def status_message(receipt: str, entry: dict) -> dict:
    label = store.STATUSES[entry["status"]]
    lines = [f"受付番号 {receipt} の通報は「{label}」になりました。"]
    if entry.get("reason"):
        lines.append(f"理由: {entry['reason']}")
    if entry.get("public_comment"):
        lines.append(entry["public_comment"])
    if entry["status"] == "done":
        lines.append("ご連絡ありがとうございました。")
    return {"type": "text", "text": "\n".join(lines)[:5000]}


def _after_quiet_hours(now: datetime, end) -> datetime:
    moment = now.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return moment if moment > now else moment + timedelta(days=1)
