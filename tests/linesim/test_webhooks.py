import pytest
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import ApiException, ReplyMessageRequest, TextMessage
from linebot.v3.webhooks import (FollowEvent, LocationMessageContent, MessageEvent, PostbackEvent,
                                 StickerMessageContent, TextMessageContent, UnfollowEvent)
from ulid import ULID


def parse(linesim, received) -> list:
    return WebhookParser(linesim.channel_secret).parse(received.body, received.signature)


def test_each_action_arrives_as_the_sdk_event_it_stands_for(linesim, bot):
    user_id = linesim.create_user()
    linesim.follow(user_id)
    linesim.text(user_id, "ごみの日はいつですか？")
    linesim.postback(user_id, "action=settings&step=district", display_text="地区を選ぶ")
    linesim.location(user_id, 35.0, 139.0, title="市役所")
    linesim.sticker(user_id)
    linesim.block(user_id)
    linesim.unblock(user_id)

    events = [event for received in bot.received for event in parse(linesim, received)]

    assert [type(e) for e in events] == [FollowEvent, MessageEvent, PostbackEvent, MessageEvent, MessageEvent,
                                         UnfollowEvent, FollowEvent]
    assert [e.follow.is_unblocked for e in events if isinstance(e, FollowEvent)] == [False, True]
    assert isinstance(events[1].message, TextMessageContent) and events[1].message.text == "ごみの日はいつですか？"
    assert events[2].postback.data == "action=settings&step=district"
    assert isinstance(events[3].message, LocationMessageContent)
    assert isinstance(events[4].message, StickerMessageContent)
    assert {e.source.user_id for e in events} == {user_id}


def test_a_webhook_has_lines_common_properties(linesim, bot):
    user_id = linesim.create_user()

    result = linesim.follow(user_id)

    payload = bot.received[0].payload
    (event,) = payload["events"]
    assert payload["destination"].startswith("U") and len(payload["destination"]) == 33
    assert ULID.from_str(event["webhookEventId"]).milliseconds == event["timestamp"]
    assert event["deliveryContext"] == {"isRedelivery": False}
    assert event["mode"] == "active" and event["source"] == {"type": "user", "userId": user_id}
    assert result["events"] == [event]


def test_unfollow_has_no_reply_token(linesim, bot, friend):
    linesim.block(friend)

    assert "replyToken" not in bot.received[-1].payload["events"][0]


def test_the_signature_is_checked_with_the_channel_secret(linesim, bot, friend):
    linesim.text(friend, "日本語の本文でも署名が合うこと")
    received = bot.received[-1]

    assert parse(linesim, received)
    with pytest.raises(InvalidSignatureError):
        WebhookParser("another-channel-secret").parse(received.body, received.signature)


def test_the_control_call_waits_for_the_bots_answer(linesim, bot, friend):
    bot.delay = 0.2

    result = linesim.text(friend, "こんにちは")

    assert result["status"] == 200
    assert result["elapsed_ms"] >= 200
    assert result["error"] is None


def test_a_non_2xx_answer_is_recorded_as_an_error(linesim, bot, friend):
    bot.status = 500

    result = linesim.text(friend, "こんにちは")

    assert (result["status"], result["error"]) == (500, "error_status_code")
    assert [entry["error"] for entry in linesim.webhook_log(errors_only=True)] == ["error_status_code"]


def test_a_slow_answer_is_recorded_as_a_timeout(linesim, bot, friend):
    linesim.set_account(webhookTimeout=0.2)
    bot.delay = 0.5

    result = linesim.text(friend, "こんにちは")

    assert (result["status"], result["error"]) == (None, "request_timeout")


def test_the_default_timeout_is_lines_two_seconds(linesim):
    assert linesim.call("GET", "/_sim/account")["webhookTimeout"] == 2.0


def test_no_webhook_url_means_nothing_is_sent(linesim):
    user_id = linesim.create_user()

    result = linesim.follow(user_id)

    assert (result["status"], result["error"]) == (None, "no_webhook_url")
    assert linesim.user(user_id)["status"] == "friend"


def test_a_failed_webhook_is_redelivered_when_redelivery_is_on(linesim, bot, friend):
    linesim.set_account(redelivery=True, redeliveryDelay=0, redeliveryAttempts=3)
    answers = iter([503, 503, 200])
    bot.on_webhook = lambda received: setattr(bot, "status", next(answers, 200))

    result = linesim.text(friend, "届きますか")

    original, *again = [r.payload["events"][0] for r in bot.received[-3:]]
    assert [r["status"] for r in result["redeliveries"]] == [503, 200]
    assert original["deliveryContext"] == {"isRedelivery": False}
    assert [e["deliveryContext"] for e in again] == [{"isRedelivery": True}] * 2
    assert {e["webhookEventId"] for e in again} == {original["webhookEventId"]}
    assert {e["timestamp"] for e in again} == {original["timestamp"]}


def test_no_redelivery_by_default(linesim, bot, friend):
    bot.status = 500
    before = len(bot.received)

    result = linesim.text(friend, "届きますか")

    assert "redeliveries" not in result
    assert len(bot.received) == before + 1


def test_a_redelivered_token_is_dead_once_the_original_was_used(linesim, api, bot, friend):
    linesim.set_account(redelivery=True, redeliveryDelay=0, redeliveryAttempts=1)
    bot.status = 500
    result = linesim.text(friend, "こんにちは")
    original = result["events"][0]["replyToken"]
    redelivered = result["redeliveries"][0]["events"][0]["replyToken"]

    api.reply_message(ReplyMessageRequest(replyToken=original, messages=[TextMessage(text="一度目")]))
    with pytest.raises(ApiException) as caught:
        api.reply_message(ReplyMessageRequest(replyToken=redelivered, messages=[TextMessage(text="二度目")]))

    assert caught.value.status == 400
    assert len(linesim.ledger(friend)) == 1


def test_an_unreachable_bot_is_could_not_connect(linesim, friend, bot):
    bot.stop()

    result = linesim.text(friend, "こんにちは")

    assert result["error"] == "could_not_connect"
