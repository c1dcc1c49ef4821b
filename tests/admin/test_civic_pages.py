"""The 市民通報 console (queue, filters, map data, a report's page and status change), the CSV and Open311."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import time, timedelta

from rq.registry import ScheduledJobRegistry

from civic import store
from segments.store import FollowerStore
from tests.admin.conftest import csrf_token, logged_in_client
from tests.civic.helpers import AT, report

USER = "U" + "a" * 32


def map_data(html: str) -> dict:
    raw = re.search(r'data-map="([^"]*)"', html).group(1)
    return json.loads(raw.replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&"))


def test_the_queue_shows_new_reports_first_filters_and_flags_duplicates(app, redis):
    old = report(redis, at=AT - timedelta(days=2))
    twin = report(redis, at=AT - timedelta(days=1), latitude=35.68122, longitude=139.76712)
    lamp = report(redis, category="light", at=AT, latitude=35.69, longitude=139.75)
    store.change_status(redis, lamp.report_id, "in_progress", public_comment="", reason="", actor="t", at=AT)
    client = logged_in_client(app, redis, "approver", name="suzuki")

    html = client.get("/admin/civic").get_data(as_text=True)
    order = [m for m in re.findall(r">(\d\d-\d{5})</a>", html)]
    assert order == [twin.receipt, old.receipt, lamp.receipt], "受付 first, newest first"
    assert html.count("重複の可能性") == 2
    points = map_data(html)["points"]
    assert len(points) == 3 and all(len(point) == 7 for point in points)

    only_lights = client.get("/admin/civic?department=道路課&category=light").get_data(as_text=True)
    assert lamp.receipt in only_lights and old.receipt not in only_lights
    area = client.get("/admin/civic?area=35.685,139.70,35.70,139.76").get_data(as_text=True)
    assert lamp.receipt in area and old.receipt not in area
    bad = client.get("/admin/civic?status=unknown&area=1,2").get_data(as_text=True)
    assert "状況の指定が正しくない" in bad and "地図の範囲の指定が正しくない" in bad


def test_staff_change_the_status_and_a_declined_report_needs_a_reason(line_app, redis, citybot_services, linesim,
                                                                       run_jobs):
    (citizen,) = linesim.create_users(1)
    FollowerStore(redis, citybot_services.config.city).follow(citizen, at=AT, unblocked=False)
    filed = report(redis, citizen)
    client = logged_in_client(line_app, redis, "writer", name="sato")
    page = f"/admin/civic/{filed.report_id}"
    refused = client.post(page, data={"csrf_token": csrf_token(client, page), "status": "declined",
                                      "public_comment": "", "reason": ""})
    assert "理由を入力してください" in refused.get_data(as_text=True)
    assert store.get(redis, filed.report_id).status == "received"
    done = client.post(page, data={"csrf_token": csrf_token(client, page), "status": "done",
                                   "public_comment": "補修しました。", "reason": ""})
    assert done.status_code == 302
    run_jobs()
    pushed = [m["text"] for entry in linesim.ledger(citizen) if entry.get("kind") == "delivery"
              for m in entry["messages"]]
    assert any(filed.receipt in text and "完了" in text and "補修しました" in text for text in pushed)
    assert store.get(redis, filed.report_id).closed_at is not None



def test_a_change_at_night_reaches_the_citizen_after_quiet_hours_and_staff_are_told(
        line_app, redis, citybot_services, linesim, run_jobs, travel, monkeypatch):
    monkeypatch.setattr(citybot_services, "config",
                        dataclasses.replace(citybot_services.config, quiet_hours=(time(21, 0), time(7, 0))))
    (citizen,) = linesim.create_users(1)
    FollowerStore(redis, citybot_services.config.city).follow(citizen, at=AT, unblocked=False)
    filed = report(redis, citizen)
    page = f"/admin/civic/{filed.report_id}"
    with travel(AT.replace(hour=23)):
        client = logged_in_client(line_app, redis, "writer", name="sato")
        changed = client.post(page, data={"csrf_token": csrf_token(client, page), "status": "in_progress",
                                          "public_comment": "", "reason": ""}, follow_redirects=True)
        run_jobs()
    assert "夜間のため、通報した人には 07:00 以降に LINE でお知らせします" in changed.get_data(as_text=True)
    assert not [entry for entry in linesim.ledger(citizen) if entry.get("kind") == "delivery"], "nothing at night"
    queue = citybot_services.queue("default")
    (waiting,) = ScheduledJobRegistry(queue=queue).get_job_ids()
    morning = ScheduledJobRegistry(queue=queue).get_scheduled_time(waiting)
    assert morning.astimezone(AT.tzinfo) == (AT + timedelta(days=1)).replace(hour=7, minute=0, second=0)

def test_the_csv_and_open311_never_name_the_citizen(app, redis):
    filed = report(redis, USER)
    store.change_status(redis, filed.report_id, "done", public_comment="直しました", reason="", actor="t",
                        at=AT + timedelta(days=3))
    client = logged_in_client(app, redis, "approver", name="suzuki")
    csv_text = client.get("/admin/civic.csv").get_data(as_text=True)
    assert filed.receipt in csv_text and "道路課" in csv_text and USER not in csv_text

    public = app.test_client()                      # Open311 is open data: no login
    services = public.get("/open311/v2/services.json").get_json()
    assert {"service_code": "road", "group": "道路課"}.items() <= services[0].items()
    requests = public.get("/open311/v2/requests.json?status=closed&service_code=road").get_json()
    assert [row["service_request_id"] for row in requests] == [filed.receipt]
    assert requests[0]["status_notes"] == "直しました" and requests[0]["lat"] == 35.6812
    one = public.get(f"/open311/v2/requests/{filed.receipt}.json")
    assert one.status_code == 200 and USER not in one.get_data(as_text=True)
    later = report(redis, USER, category="light", at=AT + timedelta(days=1), latitude=35.69, longitude=139.77)

    def receipts(query: str) -> list[str]:
        return [row["service_request_id"] for row in public.get(f"/open311/v2/requests.json{query}").get_json()]
    assert receipts("") == [later.receipt, filed.receipt], "newest first"
    assert receipts("?status=open") == receipts("?service_code=light") == [later.receipt]
    assert receipts("?start_date=2026-12-02T00:00:00%2B09:00") == [later.receipt]
    assert receipts("?end_date=2026-12-02T00:00:00%2B09:00") == [filed.receipt]
    assert public.get("/open311/v2/requests/99-99999.json").status_code == 404
    assert public.get("/open311/v2/requests.json?start_date=yesterday").status_code == 400
    assert public.get("/open311/v2/requests.json?service_code=nope").status_code == 404
