import json

import pytest
from linebot.v3.messaging import (ApiException, MulticastRequest, PushMessageRequest, ReplyMessageRequest,
                                  TextMessage)

from linesim.ratelimits import RateLimits

MESSAGES = [TextMessage(text="お知らせです")]


def test_the_rate_limit_answers_429_with_lines_message(linesim, api, friend):
    linesim.set_limits(multicast="2/minute")
    request = MulticastRequest(to=[friend], messages=MESSAGES)
    api.multicast(request)
    api.multicast(request)

    with pytest.raises(ApiException) as caught:
        api.multicast(request)

    assert caught.value.status == 429
    assert json.loads(caught.value.body) == {"message": "The API rate limit has been exceeded. Try again later."}
    assert len(linesim.ledger(friend)) == 2


def test_limits_are_per_endpoint(linesim, api, friend):
    linesim.set_limits(multicast="1/minute")
    api.multicast(MulticastRequest(to=[friend], messages=MESSAGES))

    api.push_message(PushMessageRequest(to=friend, messages=MESSAGES))

    assert len(linesim.ledger(friend)) == 2


@pytest.mark.parametrize("endpoint, allowed", [
    ("multicast", 200), ("broadcast", 60), ("narrowcast", 60), ("insight_followers", 60), ("push", 2000),
])
def test_line_mode_has_lines_documented_limits(endpoint, allowed):
    limits = RateLimits("line")

    accepted = sum(limits.allow(endpoint) for _ in range(allowed + 5))

    assert accepted == allowed


def test_fast_mode_has_no_limits():
    limits = RateLimits("fast")

    assert all(limits.allow("broadcast") for _ in range(500))


def test_an_exhausted_quota_answers_429_and_sends_nothing(linesim, api, bot):
    users = linesim.create_users(3)
    linesim.set_quota("limited", 4)
    api.multicast(MulticastRequest(to=users[:2], messages=MESSAGES))

    with pytest.raises(ApiException) as caught:
        api.multicast(MulticastRequest(to=users, messages=MESSAGES))

    assert caught.value.status == 429
    assert json.loads(caught.value.body) == {"message": "You have reached your monthly limit."}
    assert linesim.delivery_counts() == {users[0]: 1, users[1]: 1}
    assert api.get_message_quota_consumption().total_usage == 2


def test_each_recipient_counts_one_message_whatever_the_number_of_objects(linesim, api):
    users = linesim.create_users(3)

    api.multicast(MulticastRequest(to=users, messages=MESSAGES * 5))

    assert api.get_message_quota_consumption().total_usage == 3


def test_the_quota_endpoint_shows_the_plan(linesim, api):
    unlimited = api.get_message_quota()
    linesim.set_quota("limited", 1000)
    limited = api.get_message_quota()

    assert (unlimited.type.value, unlimited.value) == ("none", None)
    assert (limited.type.value, limited.value) == ("limited", 1000)


def test_replies_do_not_use_the_quota(linesim, api, bot):
    linesim.set_quota("limited", 0)
    user_id = linesim.create_user()
    token = linesim.follow(user_id)["events"][0]["replyToken"]

    api.reply_message(ReplyMessageRequest(replyToken=token, messages=MESSAGES))

    assert len(linesim.ledger(user_id)) == 1


def test_the_quota_is_monthly(linesim, api):
    (user_id,) = linesim.create_users(1)
    linesim.set_quota("limited", 1)
    api.push_message(PushMessageRequest(to=user_id, messages=MESSAGES))
    linesim.advance_clock(32 * 24 * 3600)

    api.push_message(PushMessageRequest(to=user_id, messages=MESSAGES))

    assert len(linesim.ledger(user_id)) == 2
