"""Follow, block, unblock and chat end to end: linesim → signed webhook → queue → worker → LINE (linesim)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import requests

from segments.store import FollowerStore
from tests.plugins.citybot_fixtures import sign


def endpoints(linesim, user_id: str) -> list[str]:
    return [delivery["endpoint"] for delivery in linesim.ledger(user_id)]


def test_a_new_friend_is_stored_and_greeted(citybot_system, linesim):
    user = linesim.create_user("市民 花子")
    assert linesim.follow(user)["status"] == 200
    citybot_system.run_jobs()
    follower = FollowerStore(citybot_system.services.redis, citybot_system.services.config.city).get(user)
    assert follower.active and follower.followed_at is not None
    greeting = linesim.ledger(user)[0]
    assert greeting["endpoint"] == "reply"
    assert "ひかり台市" in json.dumps(greeting["messages"], ensure_ascii=False)


def test_a_block_marks_the_follower_inactive_at_once_and_an_unblock_restores(citybot_system, linesim):
    store = FollowerStore(citybot_system.services.redis, citybot_system.services.config.city)
    user = linesim.create_user()
    linesim.follow(user)
    citybot_system.run_jobs()
    linesim.block(user)
    citybot_system.run_jobs()
    assert not store.get(user).active
    assert store.count_active() == 0
    linesim.unblock(user)
    citybot_system.run_jobs()
    assert store.get(user).active
    assert endpoints(linesim, user) == ["reply", "reply"]


def test_an_event_handled_after_its_token_expired_is_answered_by_push_without_trying_the_token(
        citybot_system, linesim, travel):
    user = linesim.create_user()
    linesim.follow(user)
    citybot_system.run_jobs()
    linesim.sticker(user)
    with travel(datetime.now(timezone.utc) + timedelta(seconds=61), tick=True):  # LINE's tokens live a minute
        citybot_system.run_jobs()
    assert endpoints(linesim, user) == ["reply", "push"]
    assert linesim.api_errors() == []


def test_a_token_line_refuses_all_the_same_is_followed_by_a_push(citybot_system, linesim):
    user = linesim.create_user()
    linesim.follow(user)
    citybot_system.run_jobs()
    linesim.sticker(user)
    linesim.advance_clock(61)  # only LINE's clock moves: ours still thinks the token is young
    citybot_system.run_jobs()
    assert endpoints(linesim, user) == ["reply", "push"]
    assert [error["message"] for error in linesim.api_errors("reply")] == ["Invalid reply token"]


def test_a_duplicate_delivery_of_an_event_is_answered_once(citybot_system, linesim):
    user = linesim.create_user()
    linesim.follow(user)
    citybot_system.run_jobs()
    body = json.dumps({"destination": "U" + "0" * 32, "events": linesim.sticker(user)["events"]})
    again = requests.post(f"{citybot_system.url}/callback", data=body.encode(),
                          headers={"X-Line-Signature": sign(body, linesim.channel_secret)}, timeout=5)
    assert again.text == "OK (1 duplicate)"
    citybot_system.run_jobs()
    assert endpoints(linesim, user) == ["reply", "reply"]


def test_group_messages_and_standby_events_send_nothing(citybot_system, linesim):
    user = linesim.create_user()
    group_event = {
        "type": "message", "mode": "active", "timestamp": 1, "webhookEventId": "01JGROUP000000000000000000",
        "source": {"type": "group", "groupId": "C" + "1" * 32, "userId": user},
        "deliveryContext": {"isRedelivery": False}, "replyToken": "x" * 32,
        "message": {"type": "text", "id": "1", "text": "こんにちは"}}
    standby_event = {**group_event, "webhookEventId": "01JSTANDBY0000000000000000", "mode": "standby",
                     "source": {"type": "user", "userId": user}}
    body = json.dumps({"destination": "U" + "0" * 32, "events": [group_event, standby_event]})
    response = requests.post(f"{citybot_system.url}/callback", data=body.encode(),
                             headers={"X-Line-Signature": sign(body, linesim.channel_secret)}, timeout=5)
    assert response.status_code == 200
    citybot_system.run_jobs()
    assert linesim.ledger(user) == []
    assert citybot_system.services.queue("events").failed_job_registry.count == 0


def test_a_reply_that_failed_is_never_tried_again_with_the_same_token(citybot_system, linesim):
    user = linesim.create_user()
    linesim.follow(user)
    citybot_system.run_jobs()
    linesim.faults(endpoint="reply", error_500=1.0)
    linesim.sticker(user)
    citybot_system.run_jobs()                        # the hint fails with LINE's 500; the apology is pushed
    assert endpoints(linesim, user) == ["reply", "push"]
    assert [error["status"] for error in linesim.api_errors()] == [500]
