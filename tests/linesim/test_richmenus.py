"""linesim's rich-menu endpoints behave as LINE documents them, reached through the SDK (messages.gateway)."""

from __future__ import annotations

import io

import pytest
import requests
from PIL import Image

from messages.errors import DeliveryError
from messages.gateway import LineGateway, data_endpoint


def png(size=(2500, 843), kind="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#0072B2").save(out, kind)
    return out.getvalue()


def body(**changes) -> dict:
    menu = {"size": {"width": 2500, "height": 843}, "selected": True, "name": "テスト", "chatBarText": "メニュー",
            "areas": [{"bounds": {"x": 0, "y": 0, "width": 2500, "height": 843},
                       "action": {"type": "message", "text": "ごみの出し方"}}]}
    menu.update(changes)
    return menu


@pytest.fixture
def gateway(linesim):
    gateway = LineGateway(linesim.access_token, linesim.url)
    yield gateway
    gateway.close()


def published(gateway, size=(2500, 843)) -> str:
    rich_menu_id = gateway.create_rich_menu(body(size={"width": size[0], "height": size[1]}))
    gateway.upload_rich_menu_image(rich_menu_id, png(size), "image/png")
    return rich_menu_id


def test_the_data_host_is_used_for_images_only_on_line():
    assert data_endpoint("https://api.line.me") == "https://api-data.line.me"
    assert data_endpoint("http://127.0.0.1:9000") == "http://127.0.0.1:9000"


def test_what_the_sdk_lets_through_linesim_still_checks(linesim):
    refused = line_api(linesim, "POST", "/v2/bot/richmenu", body(chatBarText="十五文字のトーク画面の下の文字です"))
    assert refused.status_code == 400 and refused.json()["details"] == [
        {"message": "size must be between 0 and 14", "property": "chatBarText"}]


@pytest.mark.parametrize(("changes", "prop"), [
    ({"size": {"width": 2500, "height": 2000}}, "size"),
    ({"size": {"width": 700, "height": 300}}, "size.width"),
    ({"name": ""}, "name"),
    ({"areas": [{"bounds": {"x": 2000, "y": 0, "width": 600, "height": 843},
                 "action": {"type": "message", "text": "x"}}]}, "areas[0].bounds"),
    ({"areas": [{"bounds": {"x": 0, "y": 0, "width": 10, "height": 10}, "action": {"type": "richmenuswitch"}}]},
     "areas[0].action.data"),
])
def test_invalid_rich_menu_objects_get_400_with_details(gateway, changes, prop):
    for call in (gateway.validate_rich_menu, gateway.create_rich_menu):
        with pytest.raises(DeliveryError) as raised:
            call(body(**changes))
        assert raised.value.status == 400 and any(d["property"] == prop for d in raised.value.details)


def test_images_must_be_the_menus_exact_size_and_type_and_are_uploaded_once(gateway, linesim):
    rich_menu_id = gateway.create_rich_menu(body())
    with pytest.raises(DeliveryError) as wrong_size:
        gateway.upload_rich_menu_image(rich_menu_id, png((2500, 1686)), "image/png")
    with pytest.raises(DeliveryError) as wrong_type:
        gateway.upload_rich_menu_image(rich_menu_id, png(), "image/gif")
    assert (wrong_size.value.status, wrong_type.value.status) == (400, 415)
    jpeg = png(kind="JPEG")
    gateway.upload_rich_menu_image(rich_menu_id, jpeg, "image/jpeg")
    assert gateway.rich_menu_image(rich_menu_id) == jpeg
    with pytest.raises(DeliveryError, match="already been uploaded"):
        gateway.upload_rich_menu_image(rich_menu_id, jpeg, "image/jpeg")


def test_a_menu_without_image_cannot_be_shown(gateway, linesim):
    rich_menu_id = gateway.create_rich_menu(body())
    user = linesim.create_user()
    for call in (lambda: gateway.set_default_rich_menu(rich_menu_id),
                 lambda: gateway.link_rich_menu(user, rich_menu_id)):
        with pytest.raises(DeliveryError, match="must upload richmenu image"):
            call()


def test_what_each_user_sees_default_link_switch_and_delete(gateway, linesim):
    first, second = published(gateway), published(gateway)
    alice, bob = linesim.create_user(), linesim.create_user()
    linesim.follow(alice), linesim.follow(bob)
    assert linesim.user_menu(alice)["richMenu"] is None
    gateway.set_default_rich_menu(first)
    gateway.link_rich_menu(bob, second)
    shown = {user: linesim.user_menu(user) for user in (alice, bob)}
    assert (shown[alice]["source"], shown[alice]["richMenu"]["richMenuId"]) == ("default", first)
    assert (shown[bob]["source"], shown[bob]["richMenu"]["richMenuId"]) == ("user", second)
    gateway.set_rich_menu_alias("second", second, exists=False)
    gateway.set_rich_menu_alias("second", second, exists=False)      # an alias LINE already has is updated
    tapped = linesim.switch_menu(alice, "second", "menu:second")["events"][0]["postback"]
    assert linesim.user_menu(alice)["source"] == "switched"
    assert tapped == {"data": "menu:second", "params": {"newRichMenuAliasId": "second", "status": "SUCCESS"}}
    missing = linesim.switch_menu(alice, "nowhere", "menu:x")["events"][0]["postback"]
    assert missing["params"]["status"] == "RICHMENU_ALIAS_ID_NOTFOUND"
    gateway.delete_rich_menu(second)
    assert linesim.user_menu(bob)["source"] == "default", "deleting a linked menu unlinks it"
    assert second not in gateway.rich_menu_ids()


def line_api(linesim, method: str, path: str, payload: dict) -> requests.Response:
    """A request the SDK would refuse to build, sent as a careless client would."""
    return requests.request(method, linesim.url + path, json=payload, timeout=5,
                            headers={"Authorization": f"Bearer {linesim.access_token}"})


def test_bulk_link_and_unlink_take_1_to_500_users(gateway, linesim):
    rich_menu_id = published(gateway)
    users = linesim.create_users(501)
    for path, payload in (("/v2/bot/richmenu/bulk/link", {"richMenuId": rich_menu_id, "userIds": users}),
                          ("/v2/bot/richmenu/bulk/unlink", {"userIds": []})):
        refused = line_api(linesim, "POST", path, payload)
        assert refused.status_code == 400 and refused.json()["details"][0]["property"] == "userIds"
    gateway.bulk_link_rich_menu(rich_menu_id, users[:500])
    summary = linesim.richmenus()
    assert summary["friendsSeeing"] == {rich_menu_id: 500, "": 1}
    gateway.bulk_unlink_rich_menu(users[:500])
    assert linesim.richmenus()["friendsSeeing"] == {"": 501}


def test_creating_rich_menus_is_limited_per_hour_in_line_mode(gateway, linesim):
    linesim.set_limits(richmenu_create="2/hour")
    gateway.create_rich_menu(body())
    gateway.create_rich_menu(body())
    with pytest.raises(DeliveryError) as limited:
        gateway.create_rich_menu(body())
    assert limited.value.status == 429 and limited.value.retryable
