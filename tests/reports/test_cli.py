from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner
from rq import Queue

from cli import main
from reports import jobs, keys, snapshots
from reports.counters import count_event


@pytest.fixture
def cli_env(monkeypatch, tmp_path, redis_url, redis):
    """The CLI reads its settings from the environment, as on a real server (offline: no LINE credentials)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("CITYBOT_DATA_DIR", str(tmp_path / "data"))
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "SMTP_HOST", "CITYBOT_STAFF_LINE_IDS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "data"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_report_weekly_renders_any_past_week_without_sending(cli_env, redis):
    snapshots.store_insight(redis, date(2026, 11, 20), status="ready", followers=15_000, targeted_reaches=1,
                            blocks=2_000, fetched_at=datetime(2026, 11, 21, tzinfo=timezone.utc))
    result = run("report", "weekly", "--week", "2026-W47")
    assert result.exit_code == 0, result.output
    html = cli_env / "reports" / "2026-W47" / "index.html"
    assert str(html) in result.output
    assert "13,000人" in html.read_text(encoding="utf-8")
    assert redis.get(keys.weekly_claim("2026-W47")) is None  # nothing was claimed or sent


def test_report_weekly_refuses_a_malformed_week(cli_env):
    result = run("report", "weekly", "--week", "2026-47")
    assert result.exit_code == 2 and "2026-W47 の形で" in result.output


def test_report_opendata_writes_the_month(cli_env, redis):
    for _ in range(12):
        count_event(redis, "follow", date(2026, 10, 3))
    result = run("report", "opendata", "--month", "2026-10")
    assert result.exit_code == 0, result.output
    path = cli_env / "opendata" / "opendata-line-2026-10.csv"
    assert result.output.strip() == str(path)
    assert "2026-10,友だち追加,合計,,12," in path.read_text(encoding="utf-8")


def test_report_backfill_sets_the_start_and_queues_the_job(cli_env, redis):
    result = run("report", "backfill", "--since", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert snapshots.history_start(redis, default=date(2000, 1, 1)) == date(2026, 1, 1)
    assert "ワーカーが取得します" in result.output
    assert Queue(jobs.REPORT_QUEUE, connection=redis).count == 1


def test_report_snapshot_fetches_one_day_from_line(cli_env, monkeypatch, linesim, redis):
    monkeypatch.setenv("LINE_CHANNEL_SECRET", linesim.channel_secret)
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", linesim.access_token)
    monkeypatch.setenv("LINE_API_ENDPOINT", linesim.url)
    linesim.set_insight("20261120", followers=15_000, targeted_reaches=12_000, blocks=2_500)
    result = run("report", "snapshot", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "友だち数 12,500 (累計追加数 15,000、ブロック数 2,500)" in result.output
    assert snapshots.read_days(redis, date(2026, 11, 20), date(2026, 11, 20))[0].followers == 15_000
