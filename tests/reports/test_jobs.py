from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from rq import SimpleWorker
from rq.registry import ScheduledJobRegistry

from reports import jobs, keys, snapshots
from reports.counters import count_event

JST = ZoneInfo("Asia/Tokyo")
MONDAY_9AM = datetime(2026, 11, 23, 9, 0, tzinfo=JST)
FIRST_DAY = date(2026, 8, 31)  # Monday of 2026-W36: twelve full weeks up to Sunday 2026-11-22
DAYS = 84


def followers_on(n: int) -> tuple[int, int]:
    """LINE's numbers on day n: 40 first-time adds a day, one more block every other day."""
    return 14_000 + 40 * n, 1_500 + n // 2


def seed_linesim(linesim, days: int = DAYS) -> None:
    for n in range(days):
        followers, blocks = followers_on(n)
        day = FIRST_DAY + timedelta(days=n)
        linesim.set_insight(f"{day:%Y%m%d}", followers=followers, targeted_reaches=followers - blocks, blocks=blocks)


def scheduled_functions(services) -> list[str]:
    queue = services.queue(jobs.REPORT_QUEUE)
    registry = ScheduledJobRegistry(queue=queue)
    return [queue.fetch_job(job_id).func_name for job_id in registry.get_job_ids()]


def collect_twelve_weeks(report_services, linesim, travel) -> None:
    """The daily job backfills 84 days: 60 in the first hour (LINE's limit), the rest an hour later."""
    snapshots.set_history_start(report_services.redis, FIRST_DAY)
    linesim.set_limits(insight_followers="60/hour")
    with travel(MONDAY_9AM):
        first = jobs.snapshot_yesterday()
    linesim.set_limits(insight_followers=None)  # rate limits count real time; the clocks have moved on an hour
    with travel(MONDAY_9AM + timedelta(hours=1, minutes=1)):
        second = jobs.snapshot_yesterday(followup=True)
    assert (len(first["stored"]), first["not_attempted"], first["problem"], first["followup_scheduled"]) == (
        60, 24, "", True)
    assert (len(second["stored"]), second["not_attempted"], second["followup_scheduled"]) == (24, 0, False)


def test_twelve_weeks_from_linesim_become_a_weekly_report_sent_to_staff(report_services, linesim, travel, staff_ids):
    seed_linesim(linesim)
    collect_twelve_weeks(report_services, linesim, travel)
    with travel(MONDAY_9AM):
        result = jobs.weekly_report()
    assert (result["week"], result["status"], result["sent"], result["failed"]) == (
        "2026-W47", "produced", list(staff_ids), {})
    folder = report_services.config.data_dir / "reports" / "2026-W47"
    net = followers_on(DAYS - 1)[0] - followers_on(DAYS - 1)[1]

    html = (folder / "index.html").read_text(encoding="utf-8")
    assert f"{net:,}人" in html and "2026-W47" in html and "最終目標 20,000人" in html

    chart = Image.open(folder / "net_friends.png")
    chart.load()
    assert chart.format == "PNG" and "target=20000" in chart.info["Description"]

    rows = list(csv.reader(io.StringIO((folder / "figures.csv").read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == [f"2026-W{n}" for n in range(36, 48)]
    assert int(rows[-1][4]) == net and int(rows[-1][8]) == 40 * 7 - 3  # week-over-week net change

    for user_id in staff_ids:
        (push,) = linesim.ledger(user_id)
        text = push["messages"][0]["text"]
        assert "週次レポート 2026-W47" in text and f"友だち数 {net:,}人" in text
        assert text.endswith("詳細: http://127.0.0.1:8000/admin/reports/2026-W47")


def test_a_week_is_produced_and_sent_once_even_when_two_workers_run_it(report_services, linesim, travel, staff_ids):
    seed_linesim(linesim, days=21)
    snapshots.set_history_start(report_services.redis, FIRST_DAY)
    with travel(MONDAY_9AM):
        jobs.snapshot_yesterday()
    queue = report_services.queue(jobs.REPORT_QUEUE)
    first, second = queue.enqueue(jobs.weekly_report, "2026-W38"), queue.enqueue(jobs.weekly_report, "2026-W38")
    SimpleWorker([queue], connection=report_services.redis).work(burst=True)
    statuses = sorted([first.latest_result().return_value["status"], second.latest_result().return_value["status"]])
    assert statuses == ["claimed elsewhere", "produced"]
    assert jobs.weekly_report("2026-W38")["status"] == "claimed elsewhere"
    for user_id in staff_ids:
        assert len(linesim.ledger(user_id)) == 1


def test_a_failed_production_gives_the_week_back(report_services):
    report_services.config.data_dir.mkdir(parents=True, exist_ok=True)
    (report_services.config.data_dir / "reports").write_text("not a folder")  # the report cannot be written
    with pytest.raises(OSError):
        jobs.weekly_report("2026-W40")
    assert report_services.redis.get(keys.weekly_claim("2026-W40")) is None


def test_while_line_is_unready_one_follow_up_is_scheduled(report_services, linesim, travel):
    seed_linesim(linesim, days=DAYS - 1)  # Sunday 11-22 is left to linesim, which is not ready with it yet
    linesim.set_account(insightReadyHour=MONDAY_9AM.hour + 1)
    redis = report_services.redis
    snapshots.set_history_start(redis, date(2026, 11, 20))
    with travel(MONDAY_9AM):
        result = jobs.snapshot_yesterday()
        again = jobs.snapshot_yesterday()
    assert (result["stored"], result["unready"], result["followup_scheduled"]) == (
        ["2026-11-21", "2026-11-20"], ["2026-11-22"], True)
    assert (again["stored"], again["followup_scheduled"]) == ([], False)
    assert scheduled_functions(report_services) == ["reports.jobs.snapshot_yesterday"]
    assert 3500 < redis.ttl(keys.SNAPSHOT_FOLLOWUP) <= 3600 + 600


def test_a_transient_line_error_is_retried_later_without_sending_twice(report_services, linesim, travel, staff_ids):
    seed_linesim(linesim, days=14)
    snapshots.set_history_start(report_services.redis, FIRST_DAY)
    with travel(MONDAY_9AM):
        jobs.snapshot_yesterday()
    linesim.faults(endpoint="push", error_500=1.0)
    result = jobs.weekly_report("2026-W37")
    assert (result["sent"], result["retrying"]) == ([], list(staff_ids))
    assert scheduled_functions(report_services).count("reports.jobs.deliver_weekly") == 1
    linesim.faults(endpoint="push")
    assert jobs.deliver_weekly("2026-W37", 2)["sent"] == list(staff_ids)
    assert jobs.deliver_weekly("2026-W37", 3)["sent"] == []
    for user_id in staff_ids:
        assert len(linesim.ledger(user_id)) == 1


def test_our_webhook_counts_appear_in_the_weekly_breakdown(report_services, linesim, travel):
    seed_linesim(linesim, days=21)
    redis = report_services.redis
    snapshots.set_history_start(redis, FIRST_DAY)
    for _ in range(12):
        count_event(redis, "registration", date(2026, 9, 16), {"district": "中央", "interests": ["防災"]})
    with travel(MONDAY_9AM):
        jobs.snapshot_yesterday()
    jobs.weekly_report("2026-W38")
    rows = (report_services.config.data_dir / "reports" / "2026-W38" / "breakdown.csv").read_text(encoding="utf-8")
    assert "地区,中央,10人未満,12人,10人未満" in rows and "関心,防災,10人未満,12人,10人未満" in rows
