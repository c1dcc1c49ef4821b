"""The 配信 pages through Flask's test client, against linesim: compose, preview, approve, deliver, results."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone

from messages import broadcasts
from segments.store import FollowerStore
from services import Services
from app import create_app
from tests.admin.conftest import csrf_token, logged_in_client

AT = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)


def seed(services, linesim, district: str, count: int) -> list[str]:
    """Friends in linesim who consented and live in `district` (as the registration dialog would leave them)."""
    store = FollowerStore(services.redis, services.config.city)
    user_ids = linesim.create_users(count)
    for user_id in user_ids:
        store.follow(user_id, at=AT, unblocked=False)
        store.record_consent(user_id, granted=True, at=AT)
        store.update(user_id, district=district)
    return user_ids


def notice(title: str = "防災訓練のお知らせ", body: str = "5月1日に防災訓練を行います。", **extra) -> dict:
    return {"title": "防災訓練", "segment": "district:中央", "schedule_kind": "now", "m-ja-0-template": "notice",
            "m-ja-0-title": title, "m-ja-0-body": body, "m-ja-0-date": "2026年5月1日", **extra}


def compose(client, **fields) -> str:
    """Post the compose form; returns the new broadcast's ID."""
    token = csrf_token(client, "/admin/broadcasts/new")
    response = client.post("/admin/broadcasts/new", data={"csrf_token": token, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location.rsplit("/", 1)[1]


def post(client, path: str, **fields):
    return client.post(path, data={"csrf_token": csrf_token(client, "/admin/broadcasts"), **fields},
                       follow_redirects=True)


def test_a_segmented_notice_is_composed_approved_by_another_and_delivered_to_the_segment_only(
        line_app, citybot_services, linesim, run_jobs):
    redis = citybot_services.redis
    central, north = seed(citybot_services, linesim, "中央", 12), seed(citybot_services, linesim, "北部", 5)
    writer = logged_in_client(line_app, redis, "writer", "approver", name="sato")
    broadcast_id = compose(writer, action="submit", **notice())
    page = writer.get(f"/admin/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert "承認待ち" in page and "12人" in page and "中央地区" in page
    refused = post(writer, f"/admin/broadcasts/{broadcast_id}/approve", version="1").get_data(as_text=True)
    assert "承認できません" in refused
    assert broadcasts.get(redis, broadcast_id).state == "awaiting_approval"

    approver = logged_in_client(line_app, redis, "approver", name="suzuki")
    assert "送信数: 12人" in approver.get(f"/admin/broadcasts/{broadcast_id}").get_data(as_text=True)
    approved = post(approver, f"/admin/broadcasts/{broadcast_id}/approve", version="1").get_data(as_text=True)
    assert "承認しました" in approved
    run_jobs()
    ledger = linesim.ledger()
    assert sorted(user for user, deliveries in ledger.items() if deliveries) == sorted(central)
    assert all(len(ledger[user]) == 1 for user in central) and not any(ledger.get(user) for user in north)
    done = approver.get(f"/admin/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert "送信完了" in done and re.search(r'data-field="delivered">12人', done)


def test_a_returned_notice_shows_the_approver_what_changed(line_app, citybot_services, linesim):
    redis = citybot_services.redis
    seed(citybot_services, linesim, "中央", 3)
    writer = logged_in_client(line_app, redis, "writer", name="sato")
    approver = logged_in_client(line_app, redis, "approver", name="suzuki")
    broadcast_id = compose(writer, action="submit", **notice(body="集合は9時です。"))
    post(approver, f"/admin/broadcasts/{broadcast_id}/return", comment="集合時刻を確かめてください")
    page = writer.get(f"/admin/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert "下書き" in page and "集合時刻を確かめてください" in page
    token = csrf_token(writer, f"/admin/broadcasts/{broadcast_id}/edit")
    writer.post(f"/admin/broadcasts/{broadcast_id}/edit",
                data={"csrf_token": token, "version": "1", "action": "submit", **notice(body="集合は10時です。")})
    review = approver.get(f"/admin/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert "<del>- 日本語 1通目 本文: 集合は9時です。</del>" in review
    assert "<ins>+ 日本語 1通目 本文: 集合は10時です。</ins>" in review


def test_a_test_send_reaches_the_staff_testers_only(citybot_services, linesim, redis):
    tester = linesim.create_users(1)[0]
    config = replace(citybot_services.config, staff_line_ids=(tester,))
    app = create_app(services=Services(config=config, redis=citybot_services.redis, gateway=citybot_services.gateway))
    writer = logged_in_client(app, redis, "writer", name="sato")
    broadcast_id = compose(writer, **notice())
    assert "テスト送信しました" in post(writer, f"/admin/broadcasts/{broadcast_id}/test").get_data(as_text=True)
    assert [user for user, deliveries in linesim.ledger().items() if deliveries] == [tester]


def test_bad_input_keeps_everything_typed_and_says_what_to_fix(client, as_staff, redis):
    as_staff("writer")
    token = csrf_token(client, "/admin/broadcasts/new")
    fields = notice(title="", body="長い下書きの本文です。消えてはいけません。")
    fields.update({"title": "", "schedule_kind": "once", "once_date": "2026-05-01", "once_time": "22:30",
                   "segment": "district:中央 AND (interest:防災"})
    response = client.post("/admin/broadcasts/new", data={"csrf_token": token, **fields})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "長い下書きの本文です。消えてはいけません。" in html and 'value="district:中央 AND (interest:防災"' in html
    assert 'id="title-error"' in html and 'id="schedule-error"' in html and "22:30" in html
    assert "見出し を入力してください" in html
    assert broadcasts.recent(redis) == []


def test_the_compose_page_shows_small_audiences_as_under_ten(client, as_staff, console_services):
    store = FollowerStore(console_services.redis, console_services.config.city)
    for number in range(4):
        user_id = f"U{number:032x}"
        store.follow(user_id, at=AT, unblocked=False)
        store.record_consent(user_id, granted=True, at=AT)
        store.update(user_id, district="中央")
    as_staff("writer")
    token = csrf_token(client, "/admin/broadcasts/new")
    html = client.post("/admin/broadcasts/new", data={"csrf_token": token, **notice(title="")}).get_data(as_text=True)
    assert "10人未満" in html and "4人" not in html


def test_the_preview_is_the_broadcast_packages_message_json(client, as_staff):
    as_staff("writer")
    token = csrf_token(client, "/admin/broadcasts/new")
    answer = client.post("/admin/broadcasts/preview.json", headers={"X-CSRFToken": token, "Accept": "application/json"},
                         data={"m-ja-0-template": "disaster", "m-ja-0-title": "大雨", "m-ja-0-body": "避難してください",
                               "m-ja-0-evacuation": "避難指示", "m-en-0-template": "text", "m-en-0-body": "Evacuate"}).json
    assert answer["variants"]["ja"][0]["type"] == "flex" and answer["variants"]["en"] == [
        {"type": "text", "text": "Evacuate"}]
    assert "避難指示" in str(answer["variants"]["ja"][0]["contents"])


def test_html_typed_into_a_notice_is_text_in_the_console(client, as_staff):
    as_staff("writer")
    broadcast_id = compose(client, **notice(title="<script>alert('x')</script>", body="<img src=x onerror=alert(1)>"))
    html = client.get(f"/admin/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html and "\\u003cscript\\u003e" in html
    edit = client.get(f"/admin/broadcasts/{broadcast_id}/edit").get_data(as_text=True)
    assert "<script>alert" not in edit and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in edit


def test_editing_restores_the_form_it_was_written_in(client, as_staff):
    as_staff("writer")
    broadcast_id = compose(client, **notice(schedule_kind="weekly", weekly_days=["0", "3"], weekly_time="07:30",
                                            skip_dates="2026-12-31"))
    html = client.get(f"/admin/broadcasts/{broadcast_id}/edit").get_data(as_text=True)
    assert '<option value="notice" selected>' in html and 'value="防災訓練のお知らせ"' in html
    assert 'value="weekly" checked' in html and 'value="07:30"' in html and "2026-12-31" in html
    assert re.search(r'name="weekly_days" value="3" checked', html)
