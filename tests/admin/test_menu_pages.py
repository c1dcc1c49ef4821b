"""The rich-menu pages: previews with tap areas, edits checked whole, publishing, rules, the disaster switch and
its banner on every page."""

from __future__ import annotations

import io

import pytest
from PIL import Image

import audit
from menus import jobs, store
from tests.admin.conftest import browser_login, csrf_token, logged_in_client, make_staff, screenshot


@pytest.fixture
def menus_app(line_app, citybot_services, linesim, run_jobs):
    jobs.install_demo_menus_if_absent(citybot_services.redis, citybot_services.queue(jobs.QUEUE))
    run_jobs()
    return line_app


def png(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#009E73").save(out, "PNG")
    return out.getvalue()


def edit_form(client, key: str, **changes) -> dict:
    rows = {"label-0": "ごみ", "kind-0": "message", "value-0": "ごみの出し方", "label-1": "住民票",
            "kind-1": "message", "value-1": "住民票", "label-2": "もどる", "kind-2": "switch", "value-2": "more"}
    return {"csrf_token": csrf_token(client, f"/admin/menus/{key}/edit"), "name": "登録前", "chat_bar_text": "メニュー",
            "layout": "half-3", **rows, **changes}


def test_the_page_previews_each_menu_with_its_numbered_tap_areas(menus_app, redis):
    client = logged_in_client(menus_app, redis, "writer", name="sato")
    html = client.get("/admin/menus").get_data(as_text=True)
    for key in ("register", "main", "more", "easy", "en", "disaster"):
        assert f'id="menu-{key}"' in html
    assert html.count('class="tap-area"') == 3 + 6 + 6 + 4 + 4 + 6
    image = client.get("/admin/menus/main/image")
    assert image.mimetype == "image/png" and Image.open(io.BytesIO(image.data)).size == (2500, 1686)



@pytest.mark.browser
def test_the_browser_draws_each_tap_area_where_it_is_on_the_image(menus_app, console_url, open_browser, redis):
    make_staff(redis, "sato", "writer")
    page = open_browser()
    browser_login(page, console_url, "sato")
    page.goto(f"{console_url}/admin/menus")
    image = page.locator("#menu-main .menu-preview img").bounding_box()
    areas = store.get_menu(redis, "main").menu.areas
    scale = image["width"] / 2500
    for number, area in enumerate(areas, start=1):
        drawn = page.locator(f'#menu-main .tap-area[data-area="{number}"] rect').first.bounding_box()
        assert abs(drawn["x"] - (image["x"] + area.x * scale)) < 8, number
        assert abs(drawn["y"] - (image["y"] + area.y * scale)) < 8, number
        assert abs(drawn["width"] - area.width * scale) < 8, number
    assert page.console_errors == [], "no CSP violation or script error"
    screenshot(page, "menus")

def test_a_bad_upload_is_refused_in_japanese_and_the_menu_stays(menus_app, redis):
    client = logged_in_client(menus_app, redis, "writer", name="sato")
    before = store.get_menu(redis, "register")
    form = edit_form(client, "register", chat_bar_text="十五文字を超えるトーク画面の下の文字",
                     image=(io.BytesIO(png((2500, 1686))), "menu.png"))
    html = client.post("/admin/menus/register/edit", data=form, content_type="multipart/form-data").get_data(
        as_text=True)
    assert "保存していません" in html and "2500×843" in html and "14 文字" in html
    assert store.get_menu(redis, "register") == before


def test_an_edit_is_stored_then_published_and_its_friends_move(menus_app, redis, linesim, run_jobs):
    client = logged_in_client(menus_app, redis, "writer", name="sato")
    old = store.line_ids(redis)["register"]
    form = edit_form(client, "register", image=(io.BytesIO(png((2500, 843))), "menu.png"))
    assert client.post("/admin/menus/register/edit", data=form, content_type="multipart/form-data").status_code == 302
    stored = store.get_menu(redis, "register")
    assert not stored.generated and stored.menu.areas[2].action["richMenuAliasId"] == "more"
    assert store.line_ids(redis)["register"] == old, "saved, not yet on LINE"
    token = csrf_token(client, "/admin/menus")
    assert client.post("/admin/menus/register/publish", data={"csrf_token": token}).status_code == 302
    run_jobs()
    assert linesim.richmenus()["default"] == store.line_ids(redis)["register"] != old
    assert [entry.action for entry in audit.entries(redis, count=2)] == ["menus.publish", "menus.save"]


def test_only_an_admin_switches_disaster_mode_with_a_reason_and_confirmation(menus_app, redis, run_jobs):
    writer = logged_in_client(menus_app, redis, "writer", name="sato")
    token = csrf_token(writer, "/admin/menus")
    assert writer.post("/admin/disaster", data={"csrf_token": token, "reason": "地震", "confirm": "y"}).status_code == 403
    admin = logged_in_client(menus_app, redis, "admin", name="kanri")
    token = csrf_token(admin, "/admin/menus")
    unconfirmed = admin.post("/admin/disaster", data={"csrf_token": token, "reason": "地震"}, follow_redirects=True)
    assert "確認のチェック" in unconfirmed.get_data(as_text=True) and not store.is_disaster(redis)
    switched = admin.post("/admin/disaster", data={"csrf_token": token, "reason": "地震", "confirm": "y"})
    mode = store.get_mode(redis)
    assert mode.disaster and switched.headers["Location"].endswith(f"/admin/broadcasts/{mode.broadcast_id}/edit")
    for page in ("/admin/", "/admin/faq", "/admin/broadcasts", "/admin/menus"):
        assert 'id="disaster-banner"' in admin.get(page).get_data(as_text=True), page
    run_jobs()
    assert store.get_mode(redis).switch == "done"
    token = csrf_token(admin, "/admin/menus")
    admin.post("/admin/disaster", data={"csrf_token": token, "reason": "解除", "confirm": "y"})
    assert not store.is_disaster(redis)
    assert 'id="disaster-banner"' not in admin.get("/admin/").get_data(as_text=True)


def test_rules_are_changed_by_an_admin_and_refused_whole_when_wrong(menus_app, redis):
    admin = logged_in_client(menus_app, redis, "admin", name="kanri")
    token = csrf_token(admin, "/admin/menus")
    before = store.get_plan(redis)
    bad = admin.post("/admin/menus/plan", data={"csrf_token": token, "default": "register", "registered": "main",
                                                "disaster": "disaster", "rules": "language:en => nowhere"},
                     follow_redirects=True)
    assert "nowhere" in bad.get_data(as_text=True) and store.get_plan(redis) == before
    good = admin.post("/admin/menus/plan", data={"csrf_token": token, "default": "register", "registered": "main",
                                                 "disaster": "disaster", "rules": "language:en => en"})
    assert good.status_code == 302 and [r.menu for r in store.get_plan(redis).rules] == ["en"]
