import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from rq.registry import ScheduledJobRegistry

from messages import attribution, broadcasts, delivery, jobs, keys, lifecycle, progress, schedule, templates, tuning
from segments.expr import parse
from tests.broadcasts.conftest import add_followers, approved_broadcast, work, work_until_finished

TEXT = {"ja": [templates.text("お知らせです")]}


def test_a_batch_whose_worker_died_is_taken_over_after_its_lease_and_sent_once(services, linesim):
    users = add_followers(services, linesim, 5, district="みなと")
    tuning.save(services.redis, lease_seconds=0.3)
    approved = approved_broadcast(services, segment="district:みなと", variants=TEXT)
    services.queue(jobs.QUEUE).empty()
    broadcast = broadcasts.begin_run(services.redis, approved.id, approved.version)
    jobs.plan_run(approved.id, broadcast.run)
    services.queue(jobs.QUEUE).empty()                    # the batch job is lost with its worker ...
    scan = delivery.scans(delivery.snapshot(services.redis, approved.id, broadcast.run), "ja")
    _, dead = delivery.cut_and_claim(services.redis, approved.id, broadcast.run, 1, "ja", scan=scan, weekly_cap=0,
                                     week="", lease_seconds=0.3, now=time.time())
    services.gateway.multicast(dead.recipients, dead.messages, dead.retry_key)   # ... after LINE accepted it
    assert jobs.recover() == {"batches": 0, "plans": 0, "cuts": 0, "starts": 0}  # lease still running
    time.sleep(0.35)
    assert jobs.recover()["batches"] == 1
    assert work_until_finished(services, approved.id) == lifecycle.SENT
    assert Counter(len(linesim.ledger(user)) for user in users) == Counter({1: 5})
    (batch,) = progress.status(services.redis, approved.id, with_batches=True)["latest_run"]["batches_detail"]
    assert batch["attempts"] == 2 and batch["accepted_request_id"]       # LINE answered 409: already delivered


class PlannerDied(Exception):
    pass


def die() -> None:
    raise PlannerDied()


def test_planning_interrupted_by_a_crash_is_resumed_without_duplicates(services, linesim):
    users = add_followers(services, linesim, 1203, district="緑ヶ丘")
    approved = approved_broadcast(services, segment="district:緑ヶ丘", variants=TEXT)
    services.queue(jobs.QUEUE).empty()
    run = broadcasts.begin_run(services.redis, approved.id, approved.version).run
    delivery.freeze(services.redis, approved.id, run, parse("district:緑ヶ丘"), category=None, variants=["ja"])
    numbered = delivery.number_batches(services.redis, approved.id, run, ["ja"], now=time.time())
    assert numbered == [("ja", 1), ("ja", 2), ("ja", 3), ("ja", 4)]    # 3 batches, and one to find the pool used up
    with pytest.raises(PlannerDied):                # dies after queueing the cutting jobs, before marking the plan
        jobs.queue_cutting_jobs(services, approved.id, run, numbered, delivery.snapshot(services.redis, approved.id, run),
                                urgent=False, weekly_cap=0, week="", on_step=die)
    assert jobs.recover()["plans"] == 1
    assert work_until_finished(services, approved.id) == lifecycle.SENT
    assert services.redis.hget(keys.run(approved.id, run), "queued") == b"4"     # queued once, not again
    assert Counter(len(linesim.ledger(user)) for user in users) == Counter({1: 1203})
    assert progress.status(services.redis, approved.id)["latest_run"]["batches"] == 3


@pytest.mark.parametrize("segment", ["district:緑ヶ丘", "district:緑ヶ丘 AND NOT age:10代"],
                         ids=["read through a view", "evaluated into a pool"])
def test_cutting_jobs_lost_with_their_worker_are_queued_again_when_the_run_stalls(services, linesim, segment):
    users = add_followers(services, linesim, 1203, district="緑ヶ丘")
    tuning.save(services.redis, lease_seconds=1.5)
    approved = approved_broadcast(services, segment=segment, variants=TEXT)
    services.queue(jobs.QUEUE).empty()
    run = broadcasts.begin_run(services.redis, approved.id, approved.version).run
    jobs.plan_run(approved.id, run)
    services.queue(jobs.QUEUE).empty()                       # every cutting job is lost
    assert jobs.recover()["cuts"] == 0                       # not yet: the run may only be slow
    time.sleep(1.6)
    assert jobs.recover()["cuts"] == 4
    assert work_until_finished(services, approved.id) == lifecycle.SENT
    assert Counter(len(linesim.ledger(user)) for user in users) == Counter({1: 1203})


def test_a_recurring_broadcast_is_scheduled_again_after_each_run(services, linesim, travel):
    users = add_followers(services, linesim, 2, district="中央", interests=["ごみの日"])
    rule = schedule.parse("毎週 月,木 07:30")
    approved = approved_broadcast(services, segment="district:中央 AND interest:ごみの日", variants=TEXT, schedule=rule)
    with travel(approved.next_run_at + timedelta(seconds=1), tick=True):
        work(services)                                   # the scheduler finds the start job due
    again = broadcasts.get(services.redis, approved.id)
    assert (again.state, again.run) == (lifecycle.SCHEDULED, 1)
    assert again.next_run_at == schedule.next_occurrence(rule, approved.next_run_at)
    assert ScheduledJobRegistry(queue=services.queue(jobs.QUEUE)).get_job_ids() == [again.job_id]
    assert progress.status(services.redis, approved.id)["latest_run"]["outcome"] == lifecycle.SENT
    assert Counter(len(linesim.ledger(user)) for user in users) == Counter({1: 2})


def test_a_recurring_run_refused_for_quota_is_scheduled_again_for_its_next_occurrence(services, linesim, travel):
    add_followers(services, linesim, 3, district="中央", interests=["ごみの日"])
    rule = schedule.parse("毎週 月,木 07:30")
    approved = approved_broadcast(services, segment="district:中央 AND interest:ごみの日", variants=TEXT, schedule=rule)
    linesim.set_quota("limited", 1)
    with travel(approved.next_run_at + timedelta(seconds=1), tick=True):
        work(services)
    again = broadcasts.get(services.redis, approved.id)
    assert again.state == lifecycle.SCHEDULED
    assert again.next_run_at == schedule.next_occurrence(rule, approved.next_run_at)
    assert ScheduledJobRegistry(queue=services.queue(jobs.QUEUE)).get_job_ids() == [again.job_id]
    assert "残りメッセージ数" in progress.status(services.redis, approved.id)["latest_run"]["error"]


def test_blocks_within_24_hours_of_receiving_are_counted_against_the_broadcast(services, linesim):
    first, second, third = add_followers(services, linesim, 3, district="北部")
    approved = approved_broadcast(services, segment="district:北部", variants=TEXT)
    work(services)
    now = datetime.now(timezone.utc)
    attribution.record_block(services.redis, first, now + timedelta(hours=23))
    attribution.record_block(services.redis, second, now + timedelta(hours=25))     # too late to count
    attribution.record_block(services.redis, "U" + "0" * 32, now)                     # received nothing
    assert progress.status(services.redis, approved.id)["latest_run"]["blocks"] == 1
    (sent,) = attribution.sent_between(services.redis, now - timedelta(hours=1), now + timedelta(hours=1))
    assert (sent["title"], sent["recipients"], sent["blocks"]) == (approved.title, 3, 1)
    assert attribution.sent_between(services.redis, now + timedelta(hours=1), now + timedelta(days=7)) == []


def test_a_block_counts_against_the_latest_broadcast_received(services, linesim):
    (user,) = add_followers(services, linesim, 1, district="北部")
    earlier = approved_broadcast(services, segment="district:北部", variants=TEXT)
    work(services)
    later = approved_broadcast(services, segment="all", variants={**TEXT, "en": [templates.text("Notice")]})
    work(services)
    attribution.record_block(services.redis, user, datetime.now(timezone.utc))
    assert progress.status(services.redis, later.id)["latest_run"]["blocks"] == 1
    assert progress.status(services.redis, earlier.id)["latest_run"]["blocks"] == 0


def test_a_scheduled_broadcast_whose_start_job_was_lost_is_started_by_recovery(services, linesim):
    users = add_followers(services, linesim, 2, district="東部")
    approved = approved_broadcast(services, segment="district:東部", variants=TEXT)
    services.queue(jobs.QUEUE).empty()                         # the start job is lost
    assert jobs.recover()["starts"] == 0                       # not overdue yet
    services.redis.zadd(keys.DUE, {approved.id: time.time() - jobs.DUE_GRACE - 1})
    assert jobs.recover()["starts"] == 1
    work(services)
    assert Counter(len(linesim.ledger(user)) for user in users) == Counter({1: 2})
