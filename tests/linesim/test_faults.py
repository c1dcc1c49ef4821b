import time

import pytest
import urllib3
from linebot.v3.messaging import ApiException, PushMessageRequest, TextMessage
from linebot.v3.messaging.exceptions import ServiceException

from linesim.client import LinesimError
from linesim.faults import FaultSpec, Faults, parse_fault_option

MESSAGES = [TextMessage(text="お知らせです")]


def test_a_500_fault_sends_nothing(linesim, api, friend):
    linesim.faults(endpoint="push", error_500=1.0)

    with pytest.raises(ServiceException):
        api.push_message(PushMessageRequest(to=friend, messages=MESSAGES))

    assert linesim.ledger(friend) == []


def test_a_429_fault_looks_like_the_rate_limit(linesim, api, friend):
    linesim.faults(endpoint="push", error_429=1.0)

    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=friend, messages=MESSAGES))

    assert caught.value.status == 429


def test_a_dropped_connection_sends_nothing(linesim, api, friend):
    linesim.faults(endpoint="push", drop=1.0)

    with pytest.raises(urllib3.exceptions.HTTPError):
        api.push_message(PushMessageRequest(to=friend, messages=MESSAGES))

    assert linesim.ledger(friend) == []


def test_latency_is_added(linesim, api, friend):
    linesim.faults(endpoint="push", latency_ms=300)
    started = time.perf_counter()

    api.push_message(PushMessageRequest(to=friend, messages=MESSAGES))

    assert time.perf_counter() - started >= 0.3


def test_faults_stay_on_their_endpoint_and_can_be_cleared(linesim, api, friend):
    linesim.faults(endpoint="multicast", error_500=1.0)
    api.push_message(PushMessageRequest(to=friend, messages=MESSAGES))
    linesim.faults(endpoint="*", error_500=1.0)
    with pytest.raises(ServiceException):
        api.push_message(PushMessageRequest(to=friend, messages=MESSAGES))
    linesim.faults(endpoint="*")

    api.push_message(PushMessageRequest(to=friend, messages=MESSAGES))

    assert len(linesim.ledger(friend)) == 2


def test_a_rate_between_0_and_1_fails_about_that_share():
    faults = Faults({"multicast": FaultSpec(error_500=0.25)}, seed=7)

    failures = sum(faults.plan("multicast").failure == "error_500" for _ in range(4000))

    assert 800 < failures < 1200


@pytest.mark.parametrize("text", ["multicast", "multicast:error_500", "push:nonsense=1", "push:error_500=2",
                                  "push:error_500=0.6,drop=0.6", "push:latency_ms=-1"])
def test_bad_fault_options_are_refused(text):
    with pytest.raises(ValueError):
        parse_fault_option(text)


def test_faults_are_refused_over_the_control_api_when_wrong(linesim):
    with pytest.raises(LinesimError) as caught:
        linesim.faults(endpoint="push", error_500=1.5)

    assert caught.value.status == 400
