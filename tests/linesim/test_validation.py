import json

import pytest
import urllib3
from linebot.v3.messaging import (ApiClient, ApiException, Configuration, Message, MessagingApi, PushMessageRequest,
                                  ValidateMessageRequest)
from linebot.v3.messaging.exceptions import UnauthorizedException

HTTPS_IMAGE = "https://example.jp/a.png"


def bubble(*texts: str) -> dict:
    body = {"type": "box", "layout": "vertical", "contents": [{"type": "text", "text": t} for t in texts]}
    return {"type": "bubble", "body": body}


def flex(contents: dict, alt_text: str = "お知らせ") -> dict:
    return {"type": "flex", "altText": alt_text, "contents": contents}


def text_with_quick_replies(count: int) -> dict:
    item = {"type": "action", "action": {"type": "message", "label": "はい", "text": "はい"}}
    return {"type": "text", "text": "選んでください", "quickReply": {"items": [item] * count}}


def raw_post(linesim, path: str, body: bytes, **headers) -> tuple[int, dict]:
    """Bodies the SDK would refuse to send itself (it checks some limits before calling)."""
    response = urllib3.request("POST", linesim.url + path, body=body, headers={
        "Authorization": f"Bearer {linesim.access_token}", "Content-Type": "application/json", **headers})
    return response.status, json.loads(response.data)


def push_error(api, to: str, message: dict) -> dict:
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=to, messages=[Message.from_dict(message)]))
    assert caught.value.status == 400
    return json.loads(caught.value.body)


# Limits the SDK's models do not check: sent through the SDK, refused by linesim with LINE's details.
@pytest.mark.parametrize("message, prop", [
    ({"type": "text", "text": "あ" * 5001}, "messages[0].text"),
    ({"type": "text", "text": "😀" * 2501}, "messages[0].text"),  # 5002 UTF-16 code units
    (flex(bubble("x"), alt_text="あ" * 1501), "messages[0].altText"),
    (flex(bubble("あ" * 11000)), "messages[0].contents"),
    (flex({"type": "carousel", "contents": [bubble("x")] * 13}), "messages[0].contents.contents"),
    (flex({"type": "carousel", "contents": [bubble("あ" * 2000)] * 12}), "messages[0].contents"),
    ({"type": "image", "originalContentUrl": "http://example.jp/a.png", "previewImageUrl": HTTPS_IMAGE},
     "messages[0].originalContentUrl"),
    ({"type": "text", "text": "x", "quickReply": {"items": [
        {"type": "action", "action": {"type": "uri", "label": "a", "uri": "ftp://example.jp"}}]}},
     "messages[0].quickReply.items[0].action.uri"),
    ({"type": "template", "altText": "x", "template": {"type": "buttons", "text": "x", "actions": [
        {"type": "message", "label": "a", "text": "a"}] * 5}}, "messages[0].template.actions"),
], ids=["text-5001", "text-utf16", "alt-text", "bubble-30kb", "carousel-13", "carousel-50kb", "http-image",
        "uri-scheme", "buttons-5-actions"])
def test_a_broken_limit_is_a_400_naming_the_property(api, friend, message, prop):
    body = push_error(api, friend, message)

    assert body["message"] == "The request body has 1 error(s)"
    assert [d["property"] for d in body["details"]] == [prop]


def test_text_of_exactly_5000_utf16_units_is_accepted(linesim, api, friend):
    api.push_message(PushMessageRequest(to=friend, messages=[Message.from_dict(
        {"type": "text", "text": "😀" * 2500})]))

    assert len(linesim.ledger(friend)) == 1


def test_a_missing_field_is_named(linesim, friend):
    body = {"to": friend, "messages": [{"type": "flex", "contents": bubble("x")}]}

    status, answer = raw_post(linesim, "/v2/bot/message/push", json.dumps(body).encode())

    assert status == 400
    assert answer["details"] == [{"message": "must be specified", "property": "messages[0].altText"}]


# Limits the SDK checks before sending: linesim refuses them too, for clients that do not.
@pytest.mark.parametrize("path, body, prop", [
    ("/v2/bot/message/push", {"to": "U" + "a" * 32, "messages": []}, "messages"),
    ("/v2/bot/message/push", {"to": "U" + "a" * 32, "messages": [{"type": "text", "text": "x"}] * 6}, "messages"),
    ("/v2/bot/message/multicast", {"to": [], "messages": [{"type": "text", "text": "x"}]}, "to"),
    ("/v2/bot/message/multicast", {"to": ["U" + "a" * 32] * 501, "messages": [{"type": "text", "text": "x"}]},
     "to"),
    ("/v2/bot/message/push", {"to": "U" + "a" * 32, "messages": [text_with_quick_replies(14)]}, "messages[0]"),
    ("/v2/bot/message/broadcast", {"messages": [{"type": "sticker"}]}, "messages[0].packageId"),
])
def test_limits_the_sdk_also_checks_are_400_too(linesim, path, body, prop):
    status, answer = raw_post(linesim, path, json.dumps(body).encode())

    assert status == 400
    assert prop in [d["property"] for d in answer["details"]]


def test_a_multicast_is_checked_whole_every_time_though_its_messages_are_parsed_once(linesim, friend):
    messages = [flex(bubble("防災訓練のお知らせ"))]
    post = lambda to, sent=messages: raw_post(linesim, "/v2/bot/message/multicast",  # noqa: E731
                                              json.dumps({"to": to, "messages": sent}).encode())
    assert post([friend]) == (200, {})
    assert post([friend, 7])[0] == 400                                  # same messages, a broken recipient list
    broken = [flex(bubble("x"), alt_text="あ" * 1501)]
    assert post([friend], broken)[0] == post([friend], broken)[0] == 400   # a refusal is never remembered
    assert len(linesim.ledger(friend)) == 1


def test_unparseable_json_gets_lines_message(linesim):
    status, answer = raw_post(linesim, "/v2/bot/message/push", b'{"to": "U1",\n "messages": [}')

    assert status == 400
    assert answer == {"message": "The request body could not be parsed as JSON (line: 2, column: 15)"}


def test_a_body_over_2_mb_gets_413(linesim):
    body = json.dumps({"to": "U" + "a" * 32, "messages": [{"type": "text", "text": "x" * (2 * 1024 * 1024)}]})

    status, _ = raw_post(linesim, "/v2/bot/message/push", body.encode())

    assert status == 413


def test_a_wrong_token_gets_401_with_lines_message(linesim, friend):
    configuration = Configuration(host=linesim.url, access_token="wrong-token")
    with ApiClient(configuration) as client, pytest.raises(UnauthorizedException) as caught:
        MessagingApi(client).push_message(PushMessageRequest(to=friend, messages=[
            Message.from_dict({"type": "text", "text": "x"})]))

    assert json.loads(caught.value.body)["message"].startswith("Authentication failed due to the following reason")
    assert linesim.ledger(friend) == []


def test_no_token_gets_401(linesim):
    response = urllib3.request("GET", linesim.url + "/v2/bot/message/quota")

    assert response.status == 401
    assert "x-line-request-id" in response.headers


def test_validate_endpoint_checks_without_sending(linesim, api, friend):
    api.validate_push(ValidateMessageRequest(messages=[Message.from_dict({"type": "text", "text": "x"})]))
    with pytest.raises(ApiException) as caught:
        api.validate_push(ValidateMessageRequest(messages=[Message.from_dict({"type": "text", "text": "x" * 5001})]))

    assert caught.value.status == 400
    assert linesim.ledger() == {}


def test_an_unknown_api_path_is_a_line_style_404(linesim):
    response = urllib3.request("GET", linesim.url + "/v2/bot/nothing/here",
                               headers={"Authorization": f"Bearer {linesim.access_token}"})

    assert response.status == 404
    assert json.loads(response.data) == {"message": "Not found"}
