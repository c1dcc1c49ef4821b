"""The レポート pages: make a past week's report on demand, view it (self-contained, no script) and download it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from reports import snapshots
from reports.growth import IsoWeek
from tests.admin.conftest import csrf_token

AT = datetime(2026, 4, 1, tzinfo=timezone.utc)


def test_a_report_is_made_viewed_and_downloaded(client, as_staff, console_services):
    week = IsoWeek.last_complete(datetime.now(console_services.config.tz).date())
    for offset in range(3):
        day = week.end - timedelta(weeks=offset)
        snapshots.store_insight(console_services.redis, day, status=snapshots.READY, followers=15000 - 100 * offset,
                                targeted_reaches=14000, blocks=900, fetched_at=AT)
    as_staff("writer")
    token = csrf_token(client, "/admin/reports")
    made = client.post("/admin/reports", data={"csrf_token": token, "week": str(week)})
    assert made.location == f"/admin/reports/{week}"
    page = client.get(made.location).get_data(as_text=True)
    assert "14,100" in page and "net_friends.png" in page
    listing = client.get("/admin/reports").get_data(as_text=True)
    assert str(week) in listing
    full = client.get(f"/admin/reports/{week}/index.html")
    assert full.status_code == 200 and "script-src" not in full.headers["Content-Security-Policy"]
    assert "default-src 'none'" in full.headers["Content-Security-Policy"]
    csv = client.get(f"/admin/reports/{week}/figures.csv", query_string={"download": "1"})
    assert csv.headers["Content-Disposition"].startswith("attachment") and "14100" in csv.get_data(as_text=True)


def test_only_report_files_can_be_fetched(client, as_staff, console_services):
    as_staff("writer")
    folder = console_services.config.data_dir / "reports" / "2026-W10"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<p>ok</p>")
    (console_services.config.data_dir / "secret_key").write_text("do not show")
    assert client.get("/admin/reports/2026-W10/index.html").status_code == 200
    for path in ["/admin/reports/2026-W10/..%2Fsecret_key", "/admin/reports/..%2F..%2Fsecret_key/index.html",
                 "/admin/reports/2026-W10/secret_key", "/admin/reports/not-a-week"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"do not show" not in response.data


def test_a_future_week_is_refused(client, as_staff, console_services):
    as_staff("writer")
    future = IsoWeek.of(date.today() + timedelta(weeks=2))
    token = csrf_token(client, "/admin/reports")
    page = client.post("/admin/reports", data={"csrf_token": token, "week": str(future)}, follow_redirects=True)
    assert "まだ始まっていない週" in page.get_data(as_text=True)
