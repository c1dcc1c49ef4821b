"""Any event LINE can send (POST /_sim/events) with LINE's reply-token rules, the error log, and the clock."""

from datetime import datetime, timedelta, timezone

import pytest
from linebot.v3 import WebhookParser
from linebot.v3.messaging import ApiException, ReplyMessageRequest, TextMessage
from linebot.v3.webhooks import BeaconEvent

from linesim.client import LinesimError

JST = timezone(timedelta(hours=9))
GROUP = "C" + "a" * 32


def reply(api, token: str, text: str = "お知らせです") -> None:
    api.reply_message(ReplyMessageRequest(replyToken=token, messages=[TextMessage(text=text)]))


def send_one(linesim, event: dict) -> dict:
    (sent,) = linesim.send_events([event])["events"]
    return sent


def test_events_are_stamped_as_line_stamps_them_and_a_callers_token_is_dropped(linesim, bot, friend):
    sent = send_one(linesim, {"type": "beacon", "source": {"type": "user", "userId": friend},
                              "beacon": {"hwid": "0a1b2c3d4e", "type": "enter"}, "replyToken": "mine"})

    assert (sent["mode"], sent["deliveryContext"]) == ("active", {"isRedelivery": False})
    assert len(sent["webhookEventId"]) == 26 and isinstance(sent["timestamp"], int)
    assert sent["replyToken"] != "mine"
    (parsed,) = WebhookParser(linesim.channel_secret).parse(bot.received[-1].body, bot.received[-1].signature)
    assert isinstance(parsed, BeaconEvent) and parsed.reply_token == sent["replyToken"]


@pytest.mark.parametrize("event", [
    {"type": "unfollow"}, {"type": "unsend", "unsend": {"messageId": "1"}}, {"type": "leave"},
    {"type": "memberLeft", "left": {"members": []}}, {"type": "somethingNew"},
    {"type": "message", "mode": "standby", "message": {"type": "text", "id": "1", "text": "こんにちは"}},
], ids=["unfollow", "unsend", "leave", "memberLeft", "unknown type", "standby"])
def test_events_line_gives_no_token_arrive_without_one(linesim, bot, event):
    sent = send_one(linesim, {**event, "source": {"type": "group", "groupId": GROUP, "userId": "U" + "1" * 32}})

    assert "replyToken" not in sent


def test_a_token_replies_to_the_group_its_event_came_from_once(linesim, api, bot):
    token = send_one(linesim, {"type": "join", "source": {"type": "group", "groupId": GROUP}})["replyToken"]

    reply(api, token)
    with pytest.raises(ApiException) as caught:
        reply(api, token, "二度目")

    assert caught.value.status == 400
    assert [d["messages"][0]["text"] for d in linesim.ledger(GROUP)] == ["お知らせです"]
    assert [(e["endpoint"], e["status"], e["message"]) for e in linesim.api_errors()] == [
        ("reply", 400, "Invalid reply token")]


def test_a_token_never_issued_is_refused_and_logged(linesim, api):
    with pytest.raises(ApiException):
        reply(api, "0" * 32)

    (logged,) = linesim.api_errors("reply")
    assert logged["status"] == 400 and logged["requestId"]
    assert linesim.api_errors("push") == []


def test_bad_event_bodies_are_refused(linesim):
    for body in ([], [{"source": {}}], ["text"]):
        with pytest.raises(LinesimError) as caught:
            linesim.send_events(body)
        assert caught.value.status == 400


def test_a_frozen_clock_stays_at_its_moment_until_moved(linesim):
    moment = datetime(2028, 2, 29, 23, 59, 30, tzinfo=JST)

    first = linesim.set_clock(moment, frozen=True)
    second = linesim.call("GET", "/_sim/clock")
    linesim.advance_clock(61)
    moved = linesim.call("GET", "/_sim/clock")

    assert first["now"] == second["now"] == moment.isoformat() and second["frozen"]
    assert datetime.fromisoformat(moved["now"]) == moment + timedelta(seconds=61)


def test_a_set_clock_ticks_on_and_null_is_real_time_again(linesim):
    moment = datetime(2031, 7, 1, 8, 0, tzinfo=JST)

    ticking = datetime.fromisoformat(linesim.set_clock(moment)["now"])
    real = datetime.fromisoformat(linesim.set_clock(None)["now"])

    assert timedelta(0) <= ticking - moment < timedelta(seconds=5)
    assert abs(real - datetime.now(timezone.utc)) < timedelta(seconds=5)


def test_a_reply_token_dies_a_minute_after_its_delivery_on_a_frozen_clock(linesim, api, bot, friend):
    linesim.set_clock(datetime(2027, 1, 1, 0, 0, tzinfo=JST), frozen=True)
    token = linesim.text(friend, "こんにちは")["events"][0]["replyToken"]
    linesim.advance_clock(60)

    with pytest.raises(ApiException):
        reply(api, token)


@pytest.mark.parametrize("body", [{"now": "2026-01-01T00:00:00"}, {"now": "yesterday"}, {}, {"frozen": True}])
def test_bad_clock_bodies_are_refused(linesim, body):
    with pytest.raises(LinesimError) as caught:
        linesim.call("POST", "/_sim/clock", body)

    assert caught.value.status == 400
