"""`citybot report weekly | opendata | snapshot | backfill`: friend-growth reports and LINE insight numbers."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from pathlib import Path

import click

import services as services_module
from cli.context import emit_json, load_services
from reports import jobs, opendata, snapshots, weekly
from reports.collect import INSIGHT_REQUESTS_PER_HOUR, collect
from reports.growth import IsoWeek


def _week(value: str | None) -> IsoWeek | None:
    try:
        return IsoWeek.parse(value) if value else None
    except ValueError as error:
        raise click.BadParameter("2026-W47 の形で指定してください") from error


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("2026-11-21 の形で指定してください") from error


@click.group(help="友だち数のレポートとオープンデータ")
def report() -> None:
    """Group of report commands."""


@report.command("weekly", help="週次レポートを作成して保存します (既定: 先週)。--send で職員への送信も行います (週に一度だけ)")
@click.option("--week", help="ISO 週 (例: 2026-W47)")
@click.option("--send", is_flag=True, help="LINE とメールで職員に送ります (その週の送信済みなら何もしません)")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
def weekly_command(week: str | None, send: bool, as_json: bool) -> None:
    services = load_services()
    now = datetime.now(services.config.tz)
    iso = _week(week) or IsoWeek.last_complete(now.date())
    if send:
        services_module.install(services)
        result = jobs.weekly_report(str(iso))
    else:
        rendered = weekly.produce(services.redis, services.config, iso, now=now)
        result = {"week": str(iso), "status": "produced", "folder": str(rendered.folder), "summary": rendered.summary}
    if as_json:
        emit_json(result)
    elif result["status"] == "produced":
        click.echo(f"{iso} のレポートを保存しました: {Path(result['folder']) / 'index.html'}")
    else:
        click.echo(f"{iso} のレポートは作成・送信済みです (二重送信はしません)。")


@report.command("opendata", help="月ごとの集計 (10未満は秘匿) をオープンデータ用 CSV に書き出します")
@click.option("--month", required=True, help="年月 (例: 2026-10)")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), help="出力先フォルダ (既定: データフォルダ/opendata)")
def opendata_command(month: str, output: Path | None) -> None:
    services = load_services()
    try:
        opendata.parse_month(month)
    except ValueError as error:
        raise click.BadParameter("2026-10 の形で指定してください", param_hint="--month") from error
    path = opendata.write_month(services.redis, services.config.city, month, output or services.config.data_dir / "opendata")
    click.echo(str(path))


@report.command("snapshot", help="指定した日の LINE の友だち数を今すぐ取得して保存します (1時間に60回まで)")
@click.option("--date", "day", required=True, help="日付 (日本時間、例: 2026-11-21)")
def snapshot_command(day: str) -> None:
    services = load_services()
    target = _day(day)
    result = collect(services.redis, services.gateway, start=target, end=target, now=datetime.now(services.config.tz))
    stored = {figures.day: figures for figures in snapshots.read_days(services.redis, target, target)}.get(target)
    if stored is None or not stored.has_insight:
        reason = result.problem or ("LINE の集計がまだです" if result.unready else "取得の上限に達しました。しばらく後に")
        raise click.ClickException(f"{target} の数値はまだありません: {reason}")
    click.echo(f"{target}: 友だち数 {stored.followers - stored.blocks:,} (累計追加数 {stored.followers:,}、"
               f"ブロック数 {stored.blocks:,})")


@report.command("backfill", help="過去の LINE の友だち数を、指定した日からさかのぼって取得します (1時間に60日分)")
@click.option("--since", required=True, help="最初の日 (例: 2025-04-01、2016-11-01 以降)")
def backfill_command(since: str) -> None:
    services = load_services()
    start = _day(since)
    snapshots.set_history_start(services.redis, start)
    yesterday = datetime.now(services.config.tz).date() - timedelta(days=1)
    missing = len(snapshots.missing_days(services.redis, start, yesterday))
    services.queue(jobs.REPORT_QUEUE).enqueue(jobs.snapshot_yesterday)
    hours = math.ceil(missing / INSIGHT_REQUESTS_PER_HOUR)
    click.echo(f"{start} 以降の未取得 {missing} 日分をワーカーが取得します (約 {hours} 時間)。")


commands = [report]
