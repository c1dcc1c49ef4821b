import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import urllib3
from linebot.v3.messaging import (ApiException, BroadcastRequest, MulticastRequest, PushMessageRequest,
                                  ReplyMessageRequest, TextMessage)

MESSAGES = [TextMessage(text="お知らせです")]


def conflict(call) -> ApiException:
    with pytest.raises(ApiException) as caught:
        call()
    assert caught.value.status == 409
    return caught.value


def test_a_repeated_push_gets_409_with_the_accepted_request_and_is_sent_once(linesim, api, friend):
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=friend, messages=MESSAGES)
    first = api.push_message_with_http_info(request, x_line_retry_key=key)

    error = conflict(lambda: api.push_message_with_http_info(request, x_line_retry_key=key))

    body = json.loads(error.body)
    assert body["message"] == "The retry key is already accepted"
    assert error.headers["x-line-accepted-request-id"] == first.headers["x-line-request-id"]
    assert error.headers["x-line-request-id"] != first.headers["x-line-request-id"]
    assert body["sentMessages"] == [m.to_dict() for m in first.data.sent_messages]
    assert len(linesim.ledger(friend)) == 1


@pytest.mark.parametrize("send", [
    lambda api, to, key: api.multicast(MulticastRequest(to=[to], messages=MESSAGES), x_line_retry_key=key),
    lambda api, to, key: api.broadcast(BroadcastRequest(messages=MESSAGES), x_line_retry_key=key),
], ids=["multicast", "broadcast"])
def test_a_repeated_multicast_or_broadcast_is_sent_once(linesim, api, friend, send):
    key = str(uuid.uuid4())
    send(api, friend, key)

    for _ in range(3):
        conflict(lambda: send(api, friend, key))

    assert len(linesim.ledger(friend)) == 1
    assert api.get_message_quota_consumption().total_usage == 1


def test_the_key_is_not_spent_by_a_failed_attempt(linesim, api, friend):
    key = str(uuid.uuid4())
    linesim.faults(endpoint="push", error_500=1.0)
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=friend, messages=MESSAGES), x_line_retry_key=key)
    linesim.faults(endpoint="push")

    api.push_message(PushMessageRequest(to=friend, messages=MESSAGES), x_line_retry_key=key)

    assert caught.value.status == 500
    assert len(linesim.ledger(friend)) == 1


def test_an_answer_lost_after_sending_is_retried_safely(linesim, api, friend):
    key = str(uuid.uuid4())
    linesim.faults(endpoint="multicast", drop_after_send=1.0)
    with pytest.raises(urllib3.exceptions.HTTPError):
        api.multicast(MulticastRequest(to=[friend], messages=MESSAGES), x_line_retry_key=key)
    linesim.faults(endpoint="multicast")

    conflict(lambda: api.multicast(MulticastRequest(to=[friend], messages=MESSAGES), x_line_retry_key=key))

    assert len(linesim.ledger(friend)) == 1


def test_keys_are_forgotten_after_24_hours(linesim, api, friend):
    key = str(uuid.uuid4())
    api.push_message(PushMessageRequest(to=friend, messages=MESSAGES), x_line_retry_key=key)
    linesim.advance_clock(24 * 3600 + 1)

    api.push_message(PushMessageRequest(to=friend, messages=MESSAGES), x_line_retry_key=key)

    assert len(linesim.ledger(friend)) == 2


def test_reply_does_not_accept_a_retry_key(linesim, api, bot):
    user_id = linesim.create_user()
    token = linesim.follow(user_id)["events"][0]["replyToken"]

    with pytest.raises(ApiException) as caught:
        api.reply_message_with_http_info(ReplyMessageRequest(replyToken=token, messages=MESSAGES),
                                         _headers={"X-Line-Retry-Key": str(uuid.uuid4())})

    assert caught.value.status == 400
    assert "X-Line-Retry-Key" in caught.value.body
    assert linesim.ledger(user_id) == []


def test_a_retry_key_must_be_a_uuid(api, friend):
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=friend, messages=MESSAGES), x_line_retry_key="not-a-uuid")

    assert caught.value.status == 400
    assert "UUID" in caught.value.body


def test_two_identical_requests_at_the_same_time_are_sent_once(linesim, api, friend):
    key = str(uuid.uuid4())
    linesim.faults(endpoint="multicast", latency_ms=200)
    request = MulticastRequest(to=[friend], messages=MESSAGES)

    def send() -> int:
        try:
            return api.multicast_with_http_info(request, x_line_retry_key=key).status_code
        except ApiException as error:
            return error.status

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(lambda _: send(), range(2)))

    assert statuses == [200, 409]
    assert len(linesim.ledger(friend)) == 1
