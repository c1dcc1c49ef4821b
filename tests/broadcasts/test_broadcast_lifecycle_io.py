from datetime import datetime, time, timedelta, timezone

import pytest
from rq.registry import ScheduledJobRegistry

import audit
from messages import approval, broadcasts, jobs, lifecycle, schedule, templates
from messages.errors import NoTesters, ScheduleRefused, TransitionError
from tests.broadcasts.conftest import add_followers, approved_broadcast, configure, work

TEXT = {"ja": [templates.text("お知らせです")]}


def scheduled_jobs(services):
    return ScheduledJobRegistry(queue=services.queue(jobs.QUEUE)).get_job_ids()


def later(hours: float) -> schedule.Once:
    return schedule.Once(datetime.now(timezone.utc) + timedelta(hours=hours))


def test_editing_an_approved_broadcast_returns_it_to_draft_and_drops_its_start(services, linesim):
    approved = approved_broadcast(services, segment="district:東部", variants=TEXT, schedule=later(2))
    assert scheduled_jobs(services) == [approved.job_id]
    edited = broadcasts.edit(services.redis, approved.id, actor="suzuki", title="修正版")
    assert (edited.state, edited.approver, edited.version) == (lifecycle.DRAFT, None, approved.version + 1)
    assert scheduled_jobs(services) == []
    entry = audit.entries(services.redis, count=1)[0]
    assert (entry.actor, entry.action, entry.details["changes"]["title"]) == (
        "suzuki", "broadcast.edit", {"old": "テスト配信", "new": "修正版"})
    broadcasts.submit(services.redis, services.config.city, approved.id, actor="suzuki")
    with pytest.raises(TransitionError):      # suzuki edited it now, so neither of them may approve alone
        approval.approve(services, approved.id, actor="tanaka")


def test_a_stale_start_job_sends_nothing(services, linesim):
    users = add_followers(services, linesim, 2, district="東部")
    approved = approved_broadcast(services, segment="district:東部", variants=TEXT)
    broadcasts.cancel(services.redis, approved.id, actor="tanaka", reason="誤り")
    services.queue(jobs.QUEUE).enqueue(jobs.start_run, approved.id, approved.version)   # e.g. recovery's copy
    work(services)
    assert broadcasts.get(services.redis, approved.id).state == lifecycle.CANCELLED
    assert all(linesim.ledger(user) == [] for user in users)


def test_cancelling_is_refused_once_sending_started(services, linesim):
    add_followers(services, linesim, 1, district="東部")
    approved = approved_broadcast(services, segment="district:東部", variants=TEXT)
    broadcasts.begin_run(services.redis, approved.id, approved.version)
    with pytest.raises(TransitionError, match="「送信中」の配信は取り消しできません"):
        broadcasts.cancel(services.redis, approved.id, actor="tanaka")


def test_approval_of_a_version_other_than_the_one_reviewed_is_refused(services, linesim):
    draft = broadcasts.create(services.redis, actor="tanaka", title="t", variants=TEXT)
    submitted = broadcasts.submit(services.redis, services.config.city, draft.id, actor="tanaka")
    with pytest.raises(TransitionError, match="編集されました"):
        approval.approve(services, draft.id, actor="suzuki", expected_version=submitted.version - 1)
    assert broadcasts.get(services.redis, draft.id).state == lifecycle.AWAITING_APPROVAL
    approved = approval.approve(services, draft.id, actor="suzuki", expected_version=submitted.version)
    assert approved.approver == "suzuki"


def test_return_with_comment(services):
    draft = broadcasts.create(services.redis, actor="tanaka", title="t", variants=TEXT)
    broadcasts.submit(services.redis, services.config.city, draft.id, actor="tanaka")
    returned = broadcasts.return_to_draft(services.redis, draft.id, actor="suzuki", comment="日付を確認してください")
    assert (returned.state, returned.comment) == (lifecycle.DRAFT, "日付を確認してください")


def test_quiet_hours_refuse_a_normal_broadcast_but_not_an_urgent_one(services, linesim):
    quiet = configure(services, quiet_hours=(time(21, 0), time(7, 0)))
    tomorrow = datetime.now(schedule.JST).date() + timedelta(days=1)
    night = schedule.Once(datetime.combine(tomorrow, time(22, 0), tzinfo=schedule.JST))
    draft = broadcasts.create(quiet.redis, actor="tanaka", title="夜", variants=TEXT, schedule=night)
    broadcasts.submit(quiet.redis, quiet.config.city, draft.id, actor="tanaka")
    with pytest.raises(ScheduleRefused, match="22:00 は配信しない時間帯 \\(21:00〜07:00\\)"):
        approval.approve(quiet, draft.id, actor="suzuki")
    alert = broadcasts.create(quiet.redis, actor="tanaka", title="避難", urgent=True, schedule=night,
                              variants={"ja": [templates.disaster_alert("大雨", "避難してください", "避難指示")]})
    broadcasts.submit(quiet.redis, quiet.config.city, alert.id, actor="tanaka")
    assert approval.approve(quiet, alert.id, actor="suzuki").state == lifecycle.SCHEDULED


def test_a_one_off_time_already_past_is_refused(services):
    draft = broadcasts.create(services.redis, actor="tanaka", title="t", variants=TEXT, schedule=later(-1))
    broadcasts.submit(services.redis, services.config.city, draft.id, actor="tanaka")
    with pytest.raises(ScheduleRefused, match="過ぎています"):
        approval.approve(services, draft.id, actor="suzuki")


def test_test_send_goes_to_the_staff_testers_only(services, linesim):
    citizen, *testers = add_followers(services, linesim, 3)
    staffed = configure(services, staff_line_ids=tuple(testers))
    draft = broadcasts.create(staffed.redis, actor="tanaka", title="確認", variants={
        "ja": [templates.text("日本語")], "ja-easy": [templates.text("やさしい にほんご")]})
    assert approval.test_send(staffed, draft.id, actor="tanaka") == 8     # 2 languages x 2 testers x (label + variant)
    for tester in testers:
        texts = [item["messages"][0]["text"] for item in linesim.ledger(tester)]
        assert texts == ["【テスト送信】確認 (やさしい日本語)", "やさしい にほんご", "【テスト送信】確認 (日本語)", "日本語"]
    assert linesim.ledger(citizen) == []
    with pytest.raises(NoTesters):
        approval.test_send(services, draft.id, actor="tanaka")
