from collections import Counter
from datetime import datetime, timezone

import pytest

from messages import approval, attribution, broadcasts, lifecycle, progress, templates, tuning
from messages.errors import QuotaExceeded
from segments import views
from segments.store import FollowerStore
from tests.broadcasts.conftest import add_followers, approved_broadcast, configure, work, work_until_finished

TEXT = {"ja": [templates.text("お知らせです")]}


def deliveries(linesim, users):
    ledger = linesim.ledger()
    return Counter({user: len(ledger.get(user, [])) for user in users})


def test_all_friends_uses_the_broadcast_endpoint_and_reaches_friends_we_do_not_know(services, linesim):
    known = add_followers(services, linesim, 3)
    unknown = linesim.create_users(2, follow=True)
    approved = approved_broadcast(services, segment="all", variants=TEXT)
    work(services)
    for user in known + unknown:
        (item,) = linesim.ledger(user)
        assert item["endpoint"] == "broadcast"
    assert progress.status(services.redis, approved.id)["latest_run"]["batches"] == 1


def test_all_friends_with_language_variants_goes_by_multicast_to_known_friends(services, linesim):
    japanese = add_followers(services, linesim, 3, language="ja")
    english = add_followers(services, linesim, 2, language="en")
    approved_broadcast(services, segment="all", variants={**TEXT, "en": [templates.text("Notice")]})
    work(services)
    ledger = linesim.ledger()
    assert all(ledger[user][0]["endpoint"] == "multicast" for user in japanese + english)
    assert all(ledger[user][0]["messages"][0]["text"] == "Notice" for user in english)


def test_the_weekly_cap_skips_and_counts_but_never_holds_back_urgent_alerts(services, linesim):
    capped = configure(services, weekly_cap=1)
    users = add_followers(capped, linesim, 4, district="西部")
    first = approved_broadcast(capped, segment="district:西部", variants=TEXT)
    second = approved_broadcast(capped, segment="district:西部", variants=TEXT)
    work(capped)
    assert progress.status(capped.redis, second.id)["latest_run"]["skipped_cap"] == 4
    assert progress.status(capped.redis, second.id)["latest_run"]["delivered"] == 0
    attribution.record_block(capped.redis, users[0], datetime.now(timezone.utc))
    assert progress.status(capped.redis, first.id)["latest_run"]["blocks"] == 1
    assert progress.status(capped.redis, second.id)["latest_run"]["blocks"] == 0     # they were skipped
    alert = approved_broadcast(capped, segment="district:西部", urgent=True,
                               variants={"ja": [templates.disaster_alert("土砂災害", "避難してください", "避難指示")]})
    work(capped)
    assert deliveries(linesim, users) == Counter({user: 2 for user in users})
    assert progress.status(capped.redis, alert.id)["latest_run"]["skipped_cap"] == 0
    assert broadcasts.get(capped.redis, first.id).state == lifecycle.SENT


def test_approval_shows_the_cost_and_refuses_what_the_quota_cannot_cover(services, linesim):
    add_followers(services, linesim, 5, district="山手")
    linesim.set_quota("limited", 4)
    draft = broadcasts.create(services.redis, actor="tanaka", title="t", segment="district:山手", variants=TEXT)
    cost = approval.cost(services, draft)
    assert (cost.recipients, cost.remaining, cost.fits) == (5, 4, False)
    assert cost.describe() == "送信数: 5人 / 今月の残り: 4通"
    broadcasts.submit(services.redis, services.config.city, draft.id, actor="tanaka")
    with pytest.raises(QuotaExceeded, match="1人以上減らす"):
        approval.approve(services, draft.id, actor="suzuki")


def test_a_send_the_quota_no_longer_covers_is_refused_at_send_time(services, linesim):
    users = add_followers(services, linesim, 5, district="山手")
    approved = approved_broadcast(services, segment="district:山手", variants=TEXT)
    linesim.set_quota("limited", 3)
    work(services)
    status = progress.status(services.redis, approved.id)
    assert status["state"] == lifecycle.FAILED and "残りメッセージ数" in status["latest_run"]["error"]
    assert deliveries(linesim, users) == Counter({user: 0 for user in users})
    assert not services.redis.hlen(views.REGISTRY)          # the follower store keeps nothing for it


def test_a_batch_line_refuses_fails_with_lines_reason_and_the_rest_go_out(services, linesim):
    good = add_followers(services, linesim, 3, district="中央", language="ja")
    store = FollowerStore(services.redis, services.config.city)
    now = datetime.now(timezone.utc)
    store.follow("Unot-a-line-user-id", at=now, unblocked=False)             # LINE answers 400 for this ID
    store.record_consent("Unot-a-line-user-id", granted=True, at=now)
    store.update("Unot-a-line-user-id", district="中央", language="ko")
    approved = approved_broadcast(services, segment="district:中央", variants={**TEXT, "ko": [templates.text("공지")]})
    assert work_until_finished(services, approved.id) == lifecycle.PARTIALLY_FAILED
    run = progress.status(services.redis, approved.id)["latest_run"]
    (problem,) = run["problems"]
    assert (problem["status"], problem["error_status"], problem["attempts"]) == ("failed", "400", 1)
    assert "error" in problem["error"]
    assert run["delivered"] == 3 and run["undelivered"] == 1
    assert deliveries(linesim, good) == Counter({user: 1 for user in good})
    attribution.record_block(services.redis, "Unot-a-line-user-id", datetime.now(timezone.utc))   # never received
    attribution.record_block(services.redis, good[0], datetime.now(timezone.utc))
    assert progress.status(services.redis, approved.id)["latest_run"]["blocks"] == 1


def test_500s_429s_and_lost_answers_are_retried_with_the_same_key_until_delivered_once(services, linesim):
    languages = ("ja", "ja-easy", "en", "zh", "ko", "vi")
    users = [user for language in languages for user in add_followers(services, linesim, 5, language=language)]
    linesim.faults(endpoint="multicast", error_500=1.0)               # every batch's first attempt fails ...
    approved = approved_broadcast(services, segment="all", variants={language: [templates.text(language)]
                                                                     for language in languages})
    work(services)
    # ... then a mix, at rates that leave each batch's 10 attempts a practically certain success
    linesim.faults(endpoint="multicast", error_500=0.15, error_429=0.1, drop_after_send=0.15)
    assert work_until_finished(services, approved.id) == lifecycle.SENT
    assert deliveries(linesim, users) == Counter({user: 1 for user in users})
    batches = progress.status(services.redis, approved.id, with_batches=True)["latest_run"]["batches_detail"]
    assert len(batches) == 6 and min(batch["attempts"] for batch in batches) > 1


def test_a_request_line_took_but_whose_answer_was_lost_is_not_sent_again(services, linesim):
    users = add_followers(services, linesim, 3, district="北部")
    linesim.faults(endpoint="multicast", drop_after_send=1.0)
    approved = approved_broadcast(services, segment="district:北部", variants=TEXT)
    work(services)                                             # delivered, but the answer never came back
    linesim.faults(endpoint="multicast")
    assert work_until_finished(services, approved.id) == lifecycle.SENT
    (batch,) = progress.status(services.redis, approved.id, with_batches=True)["latest_run"]["batches_detail"]
    assert batch["attempts"] == 2 and batch["accepted_request_id"]    # LINE answered 409: already accepted
    assert deliveries(linesim, users) == Counter({user: 1 for user in users})


def test_the_shared_rate_limiter_keeps_requests_under_lines_limit(services, linesim):
    languages = ("ja", "ja-easy", "en", "zh", "ko")
    for language in languages:
        add_followers(services, linesim, 1, district="南部", language=language)
    linesim.set_limits(multicast="3/second")               # linesim answers 429 above this
    tuning.save(services.redis, multicast_rate="2/second")  # with a margin for network jitter, as by default
    approved = approved_broadcast(services, segment="district:南部",
                                  variants={language: [templates.text(language)] for language in languages})
    assert work_until_finished(services, approved.id) == lifecycle.SENT
    batches = progress.status(services.redis, approved.id, with_batches=True)["latest_run"]["batches_detail"]
    assert len(batches) == 5 and all(batch["attempts"] == 1 for batch in batches)   # never a 429
