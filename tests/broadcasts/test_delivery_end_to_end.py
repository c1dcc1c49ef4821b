import time
from datetime import datetime, timedelta, timezone

import pytest

import audit
from messages import approval, broadcasts, lifecycle, progress, schedule, templates
from messages.errors import InvalidBroadcast, TransitionError
from segments.store import FollowerStore
from tests.broadcasts.conftest import add_followers, work

NOTICE = templates.notice("断水のお知らせ", "5月1日 9時〜12時、中央地区で断水します。", "2026年5月1日",
                          "https://example.jp/dansui")


def received(linesim, user_ids):
    ledger = linesim.ledger()
    return {user_id: ledger.get(user_id, []) for user_id in user_ids}


def test_a_segment_gets_the_broadcast_exactly_once_in_each_citizens_language(services, linesim):
    central_ja = add_followers(services, linesim, 6, district="中央", language="ja")
    central_en = add_followers(services, linesim, 3, district="中央", language="en")
    central_zh = add_followers(services, linesim, 2, district="中央", language="zh")   # no zh variant: 日本語
    north = add_followers(services, linesim, 4, district="北部")
    store = FollowerStore(services.redis, services.config.city)
    opted_out, blocked = central_ja[0], central_ja[1]
    store.opt_out(opted_out, "防災")
    store.unfollow(blocked, at=datetime.now(timezone.utc))
    english = templates.text("Water will be cut off in Chuo on 1 May, 9:00-12:00.")

    draft = broadcasts.create(services.redis, actor="tanaka", title="断水", segment="district:中央", category="防災",
                              variants={"ja": [NOTICE], "en": [english]})
    broadcasts.submit(services.redis, services.config.city, draft.id, actor="tanaka")
    with pytest.raises(TransitionError, match="別の職員"):
        approval.approve(services, draft.id, actor="tanaka")
    approved = approval.approve(services, draft.id, actor="suzuki")
    assert approved.state == lifecycle.SCHEDULED
    work(services)

    reached = received(linesim, central_ja + central_en + central_zh + north)
    expected = set(central_ja[2:] + central_en + central_zh)
    assert {user for user, items in reached.items() if items} == expected
    assert all(len(reached[user]) == 1 for user in expected)
    assert all(reached[user][0]["messages"] == [english] for user in central_en)
    assert all(reached[user][0]["messages"] == [NOTICE] for user in central_ja[2:] + central_zh)
    status = progress.status(services.redis, draft.id)
    assert status["state"] == lifecycle.SENT
    assert status["latest_run"]["delivered"] == len(expected) == status["latest_run"]["recipients"]
    actions = [entry.action for entry in audit.entries(services.redis, newest_first=False)]
    assert actions == ["broadcast.create", "broadcast.submit", "broadcast.approve", "broadcast.start",
                       "broadcast.finish"]


def test_a_scheduled_broadcast_waits_for_its_time(services, linesim):
    users = add_followers(services, linesim, 3, district="南部")
    soon = datetime.now(timezone.utc) + timedelta(seconds=1.5)
    draft = broadcasts.create(services.redis, actor="tanaka", title="予約", segment="district:南部",
                              variants={"ja": [templates.text("予約配信です")]}, schedule=schedule.Once(soon))
    broadcasts.submit(services.redis, services.config.city, draft.id, actor="tanaka")
    approval.approve(services, draft.id, actor="suzuki")
    work(services)
    assert received(linesim, users) == {user: [] for user in users}
    time.sleep(max((soon - datetime.now(timezone.utc)).total_seconds(), 0))
    work(services)
    assert all(len(items) == 1 for items in received(linesim, users).values())


def test_submit_lists_every_problem_in_japanese(services):
    draft = broadcasts.create(services.redis, actor="tanaka", title="長すぎ", segment="district:存在しない",
                              variants={"en": [templates.text("x" * 5001)]})
    with pytest.raises(InvalidBroadcast) as caught:
        broadcasts.submit(services.redis, services.config.city, draft.id, actor="tanaka")
    paths = [problem.path for problem in caught.value.problems]
    assert paths == ["variants.ja", "variants.en[0].text", "segment"]
    assert broadcasts.get(services.redis, draft.id).state == lifecycle.DRAFT
