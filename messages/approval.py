"""Redis and LINE I/O: what approving needs — the cost against LINE's monthly quota, the timing rules, the
test send to staff — and the approval itself, which queues the start of the first run."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import audit
from messages import broadcasts, jobs, keys, lifecycle, schedule
from messages.batching import uses_broadcast_endpoint
from messages.errors import InvalidBroadcast, NoTesters, QuotaExceeded, ScheduleRefused, TransitionError
from messages.record import Broadcast
from messages.variants import pool_order
from segments import audience
from segments import keys as segment_keys
from segments.city import LANGUAGES
from segments.expr import parse
from segments.nodes import All
from services import Services


@dataclass(frozen=True)
class Cost:
    """Messages the broadcast uses (one per recipient) against what is left of this month's quota."""

    recipients: int
    remaining: int | None        # None: no monthly limit (e.g. 地方公共団体プラン)
    all_friends_endpoint: bool   # LINE's broadcast endpoint: every friend, including those we hold no record of

    @property
    def fits(self) -> bool:
        return self.remaining is None or self.recipients <= self.remaining

    def describe(self) -> str:
        who = f"友だち全員 (把握している {self.recipients:,}人 以上)" if self.all_friends_endpoint else f"{self.recipients:,}人"
        left = "上限なし" if self.remaining is None else f"{self.remaining:,}通"
        return f"送信数: {who} / 今月の残り: {left}"


def cost(services: Services, broadcast: Broadcast) -> Cost:
    """Count the recipients now (opted-out and inactive citizens excluded) and ask LINE for the remaining quota."""
    redis, config = services.redis, services.config
    expr = parse(broadcast.segment, config.city)
    whole = uses_broadcast_endpoint(isinstance(expr, All), broadcast.variants, urgent=broadcast.urgent,
                                    weekly_cap=config.weekly_cap, category=broadcast.category)
    if whole:
        recipients = redis.scard(segment_keys.ACTIVE)
    else:
        scratch = keys.preview(uuid.uuid4().hex)
        recipients = audience.freeze(redis, expr, scratch, exclude_optout=broadcast.category, ttl_seconds=60)
        redis.delete(scratch)
    return Cost(recipients=recipients, remaining=services.gateway.quota().remaining, all_friends_endpoint=whole)


def approve(services: Services, broadcast_id: str, *, actor: str, now: datetime | None = None,
            expected_version: int | None = None) -> Broadcast:
    """Approve (by someone who did not write it), check timing and quota, and queue the first run.

    `expected_version` is the version the approver reviewed: an edit since then refuses the approval.
    """
    now = now or datetime.now(timezone.utc)
    broadcast = broadcasts.get(services.redis, broadcast_id)
    if expected_version is not None and broadcast.version != expected_version:
        raise TransitionError("確認中に配信が編集されました。内容を確かめてから、もう一度承認してください。")
    lifecycle.next_state(broadcast.state, lifecycle.APPROVE)
    lifecycle.check_approver(actor, broadcast.authors)
    run_at = first_run(services, broadcast, now)
    needed = cost(services, broadcast)
    if not needed.fits:
        raise QuotaExceeded(needed.recipients, needed.remaining)
    approved = broadcasts.approve(services.redis, broadcast_id, actor=actor, expected_version=broadcast.version,
                                  run_at=run_at, now=now)
    jobs.enqueue_start(services, approved)
    return broadcasts.get(services.redis, broadcast_id)


def first_run(services: Services, broadcast: Broadcast, now: datetime) -> datetime:
    """When the first run starts: now, or the schedule's next time — never in quiet hours unless urgent."""
    config = services.config
    schedule.check_quiet_hours(broadcast.schedule, now, config.quiet_hours, urgent=broadcast.urgent, tz=config.tz)
    if broadcast.schedule is None:
        return now
    when = schedule.next_occurrence(broadcast.schedule, now, config.tz)
    if when is None:
        raise ScheduleRefused("予約の時刻がもう過ぎています。予約し直してから承認してください。")
    return when


def test_send(services: Services, broadcast_id: str, *, actor: str) -> int:
    """Push every language variant to the staff testers' LINE accounts; returns the number of pushes."""
    broadcast = broadcasts.get(services.redis, broadcast_id)
    if broadcast.state not in lifecycle.TESTABLE:
        raise TransitionError("テスト送信は承認前 (下書き・承認待ち) の配信だけです。")
    problems = [problem for problem in broadcasts.problems_of(broadcast, services.config.city)
                if problem.path.startswith("variants")]
    if problems:
        raise InvalidBroadcast(problems)
    testers = services.config.staff_line_ids
    if not testers:
        raise NoTesters()
    pushes = 0
    for language in pool_order(broadcast.variants):
        label = {"type": "text", "text": f"【テスト送信】{broadcast.title} ({LANGUAGES.get(language, language)})"}
        for tester in testers:
            for messages in ([label], broadcast.variants[language]):
                services.gateway.push(tester, messages, retry_key=str(uuid.uuid4()))
                pushes += 1
    audit.record(services.redis, actor=actor, action="broadcast.test", target=broadcast_id,
                 details={"testers": len(testers), "languages": pool_order(broadcast.variants),
                          "version": broadcast.version})
    return pushes
