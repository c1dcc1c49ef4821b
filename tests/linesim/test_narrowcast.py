import json
import uuid

import pytest
import urllib3
from linebot.v3.messaging import ApiException, NarrowcastRequest, TextMessage
from linebot.v3.messaging.exceptions import ForbiddenException

MESSAGES = [TextMessage(text="お知らせです")]


def narrowcast(api, **fields) -> str:
    request = NarrowcastRequest.from_dict({"messages": [m.to_dict() for m in MESSAGES], **fields})
    response = api.narrowcast_with_http_info(request, x_line_retry_key=str(uuid.uuid4()))
    assert response.status_code == 202
    return response.headers["x-line-request-id"]


def test_narrowcast_to_all_friends_succeeds_and_reports_progress(linesim, api):
    users = linesim.create_users(60)

    progress = api.get_narrowcast_progress(narrowcast(api))

    assert (progress.phase, progress.success_count, progress.target_count) == ("succeeded", 60, 60)
    assert len(linesim.delivery_counts()) == len(users)


def test_too_few_recipients_fail_later_with_error_code_2(linesim, api):
    linesim.create_users(10)

    progress = api.get_narrowcast_progress(narrowcast(api))

    assert (progress.phase, progress.error_code) == ("failed", 2)
    assert linesim.ledger() == {}


def test_limit_max_picks_that_many(linesim, api):
    linesim.create_users(80)

    progress = api.get_narrowcast_progress(narrowcast(api, limit={"max": 55}))

    assert progress.success_count == 55


def test_attribute_filters_need_a_target_reach_of_100(linesim, api):
    linesim.create_users(20)
    demographic = {"demographic": {"type": "gender", "oneOf": ["female"]}}

    with pytest.raises(ForbiddenException) as caught:
        narrowcast(api, filter=demographic)

    assert json.loads(caught.value.body) == {"message": "Your account does not have enough friends"}


def test_forbid_partial_delivery_needs_up_to_remaining_quota(api):
    with pytest.raises(ApiException) as caught:
        narrowcast(api, limit={"forbidPartialDelivery": True})

    assert caught.value.status == 400
    assert "upToRemainingQuota" in caught.value.body


def test_progress_of_an_unknown_request_is_404(linesim):
    response = urllib3.request("GET", linesim.url + "/v2/bot/message/progress/narrowcast?requestId=nope",
                               headers={"Authorization": f"Bearer {linesim.access_token}"})

    assert response.status == 404


def test_progress_is_kept_14_days(linesim, api):
    linesim.create_users(50)
    request_id = narrowcast(api)
    linesim.advance_clock(15 * 24 * 3600)

    with pytest.raises(ApiException) as caught:
        api.get_narrowcast_progress(request_id)

    assert caught.value.status == 404
