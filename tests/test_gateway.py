"""messages.gateway against linesim: LINE's answers become Sent or DeliveryError(permanent=...) as LINE advises."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from messages.errors import DeliveryError
from linebot.v3 import messaging

from messages import templates
from messages.gateway import LineGateway, MessagingApiClient, multicast_request

HELLO = [{"type": "text", "text": "こんにちは"}]


@pytest.fixture
def gateway(linesim):
    gateway = LineGateway(linesim.access_token, linesim.url)
    yield gateway
    gateway.close()


@pytest.fixture
def friend(linesim):
    user = linesim.create_user()
    linesim.follow(user)
    return user


def key() -> str:
    return str(uuid.uuid4())


def test_a_repeated_retry_key_counts_as_delivered_and_sends_nothing_twice(gateway, linesim, friend):
    retry_key = key()
    first = gateway.multicast([friend], HELLO, retry_key)
    again = gateway.multicast([friend], HELLO, retry_key)
    assert not first.was_duplicate and again.accepted_request_id == first.request_id
    assert len(linesim.ledger(friend)) == 1


@pytest.mark.parametrize("fault, status", [({"error_500": 1.0}, 500), ({"error_429": 1.0}, 429)])
def test_busy_or_broken_line_is_transient(gateway, linesim, friend, fault, status):
    linesim.faults(endpoint="push", **fault)
    with pytest.raises(DeliveryError) as caught:
        gateway.push(friend, HELLO, key())
    assert (caught.value.status, caught.value.permanent) == (status, False)


def test_a_dropped_connection_is_transient(gateway, linesim, friend):
    linesim.faults(endpoint="push", drop=1.0)
    with pytest.raises(DeliveryError) as caught:
        gateway.push(friend, HELLO, key())
    assert (caught.value.status, caught.value.permanent) == (None, False)


def test_an_invalid_message_is_permanent_with_lines_reason(gateway, friend):
    with pytest.raises(DeliveryError) as caught:
        gateway.push(friend, [{"type": "text", "text": "あ" * 5001}], key())
    assert (caught.value.status, caught.value.permanent) == (400, True)
    assert caught.value.details and caught.value.details[0]["property"] == "messages[0].text"


def test_a_wrong_token_is_permanent(linesim, friend):
    gateway = LineGateway("not-the-token", linesim.url)
    with pytest.raises(DeliveryError) as caught:
        gateway.push(friend, HELLO, key())
    assert (caught.value.status, caught.value.permanent) == (401, True)


def test_the_monthly_limit_is_not_worth_retrying(gateway, linesim, friend):
    linesim.set_quota("limited", 0)
    with pytest.raises(DeliveryError) as caught:
        gateway.push(friend, HELLO, key())
    assert caught.value.status == 429 and not caught.value.retryable


def test_multicast_refuses_more_than_500_ids_before_calling_line(gateway, linesim, friend):
    with pytest.raises(ValueError):  # the SDK's request model (from LINE's OpenAPI spec) checks 1-500
        gateway.multicast([friend] * 501, HELLO, key())
    assert linesim.ledger(friend) == []


def test_a_batch_request_serialises_exactly_as_the_sdks_own_model():
    user_ids = ["U" + f"{n:032x}" for n in range(500)]
    messages = [templates.notice("防災訓練", "11月30日(日) 9時から", "2026年11月30日", "https://example.lg.jp/"),
                {"type": "text", "text": "こんにちは"}]
    reference = messaging.MulticastRequest(to=user_ids, messages=[messaging.Message.from_dict(m) for m in messages])
    configuration = messaging.Configuration(access_token="unused")
    sdk_serialise = messaging.ApiClient(configuration).sanitize_for_serialization
    serialise = MessagingApiClient(configuration).sanitize_for_serialization
    assert serialise(multicast_request(user_ids, messages)) == sdk_serialise(reference)
    assert sdk_serialise(multicast_request(user_ids, messages)) == sdk_serialise(reference)
    assert serialise(multicast_request(user_ids[:1], messages[1:]))["to"] == user_ids[:1]   # nothing kept between
    assert serialise(reference) == sdk_serialise(reference)        # any other request: the SDK's serialisation


def test_profile_of_a_stranger_is_none_and_of_a_friend_is_returned(gateway, linesim, friend):
    assert gateway.profile(friend)["userId"] == friend
    assert gateway.profile("U" + "0" * 32) is None


def test_reads_quota_followers_and_insight(gateway, linesim, friend):
    linesim.set_quota("limited", 1000)
    gateway.push(friend, HELLO, key())
    assert gateway.quota().remaining == 999
    assert gateway.follower_ids() == ([friend], None)
    linesim.set_insight("20261101", followers=120, targeted_reaches=100, blocks=7)
    figures = gateway.insight_followers(date(2026, 11, 1))
    assert (figures.status, figures.followers, figures.blocks) == ("ready", 120, 7)
