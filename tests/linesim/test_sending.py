import uuid

import pytest
from linebot.v3.messaging import (ApiException, BroadcastRequest, MulticastRequest, PushMessageRequest,
                                  ReplyMessageRequest, SetWebhookEndpointRequest, TextMessage)
from linebot.v3.messaging.exceptions import NotFoundException


def text(value="こんにちは"):
    return [TextMessage(text=value)]


def test_push_reaches_a_friend_and_the_ledger_says_how(linesim, api, friend):
    response = api.push_message_with_http_info(PushMessageRequest(to=friend, messages=text()))

    (delivery,) = linesim.ledger(friend)
    assert response.status_code == 200
    assert delivery["endpoint"] == "push"
    assert delivery["requestId"] == response.headers["x-line-request-id"]
    assert delivery["messages"] == [{"type": "text", "text": "こんにちは"}]
    assert response.data.sent_messages[0].quote_token


def test_every_answer_carries_a_fresh_request_id(api, friend):
    first = api.push_message_with_http_info(PushMessageRequest(to=friend, messages=text()))
    second = api.get_message_quota_with_http_info()

    assert first.headers["x-line-request-id"] != second.headers["x-line-request-id"]


def test_multicast_reaches_each_friend_once_and_skips_blocked_users(linesim, api, bot):
    friends = [linesim.create_user() for _ in range(3)]
    for user_id in friends:
        linesim.follow(user_id)
    linesim.block(friends[2])

    assert api.multicast(MulticastRequest(to=friends, messages=text())) == {}
    assert linesim.delivery_counts() == {friends[0]: 1, friends[1]: 1}


def test_push_to_a_blocked_user_answers_200_and_delivers_nothing_uncounted(linesim, api, friend):
    linesim.block(friend)

    response = api.push_message_with_http_info(PushMessageRequest(to=friend, messages=text()))

    assert response.status_code == 200
    assert linesim.ledger(friend) == []
    assert api.get_message_quota_consumption().total_usage == 0


def test_push_to_an_unknown_user_fails_to_send(api):
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to="U" + "0" * 32, messages=text()))

    assert caught.value.status == 400
    assert "Failed to send messages" in caught.value.body


def test_multicast_rejects_a_malformed_user_id(api, friend):
    with pytest.raises(ApiException) as caught:
        api.multicast(MulticastRequest(to=[friend, "not-a-user"], messages=text()))

    assert caught.value.status == 400
    assert '"property": "to[1]"' in caught.value.body


def test_broadcast_goes_to_every_friend(linesim, api, bot):
    users = [linesim.create_user() for _ in range(3)]
    for user_id in users[:2]:
        linesim.follow(user_id)

    api.broadcast(BroadcastRequest(messages=text()), x_line_retry_key=str(uuid.uuid4()))

    assert linesim.delivery_counts() == {users[0]: 1, users[1]: 1}


def test_reply_is_free_and_uses_the_token_once(linesim, api, bot):
    user_id = linesim.create_user()
    token = linesim.follow(user_id)["events"][0]["replyToken"]

    api.reply_message(ReplyMessageRequest(replyToken=token, messages=text("ようこそ")))
    with pytest.raises(ApiException) as caught:
        api.reply_message(ReplyMessageRequest(replyToken=token, messages=text("もう一度")))

    assert caught.value.status == 400
    assert '"Invalid reply token"' in caught.value.body
    assert [d["messages"][0]["text"] for d in linesim.ledger(user_id)] == ["ようこそ"]
    assert api.get_message_quota_consumption().total_usage == 0


def test_reply_token_expires_after_a_minute(linesim, api, bot):
    user_id = linesim.create_user()
    token = linesim.follow(user_id)["events"][0]["replyToken"]
    linesim.advance_clock(61)

    with pytest.raises(ApiException) as caught:
        api.reply_message(ReplyMessageRequest(replyToken=token, messages=text()))

    assert caught.value.status == 400
    assert linesim.ledger(user_id) == []


def test_reply_token_still_works_just_before_the_minute(linesim, api, bot):
    user_id = linesim.create_user()
    token = linesim.follow(user_id)["events"][0]["replyToken"]
    linesim.advance_clock(55)

    api.reply_message(ReplyMessageRequest(replyToken=token, messages=text()))

    assert len(linesim.ledger(user_id)) == 1


def test_profile_of_a_friend_and_404_once_blocked(linesim, api, friend):
    profile = api.get_profile(friend)
    linesim.block(friend)

    assert (profile.display_name, profile.user_id, profile.language) == ("テスト太郎", friend, "ja")
    with pytest.raises(NotFoundException):
        api.get_profile(friend)


def test_bot_info_names_the_webhook_destination(api, bot, friend):
    info = api.get_bot_info()

    assert info.user_id == bot.received[0].payload["destination"]
    assert info.chat_mode == "bot"


def test_webhook_endpoint_can_be_set_and_read_through_the_sdk(linesim, api):
    api.set_webhook_endpoint(SetWebhookEndpointRequest(endpoint="https://bot.example.jp/callback"))

    assert api.get_webhook_endpoint().endpoint == "https://bot.example.jp/callback"
    assert linesim.call("GET", "/_sim/webhook") == {"url": "https://bot.example.jp/callback"}
