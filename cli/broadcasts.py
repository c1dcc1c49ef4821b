"""`citybot broadcast create | edit | submit | return | approve | schedule | cancel | test | status | list`."""

from __future__ import annotations

import json
import time
import tomllib
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from admin import accounts
from cli.context import emit_json, load_services
from messages import approval, broadcasts, compose, lifecycle, progress
from messages.errors import BroadcastError, DeliveryError
from messages.templates import TemplateError

WATCH_INTERVAL = 0.5
WAITING = (lifecycle.DRAFT, lifecycle.AWAITING_APPROVAL, lifecycle.SCHEDULED)
"""States in which `status --watch` waits for the next run rather than showing the latest one."""
BATCH_LABELS = {"pending": "待機", "claimed": "送信中", "retrying": "再試行待ち", "sent": "送信済み", "failed": "失敗"}

as_json_option = click.option("--json", "as_json", is_flag=True, help="JSON で出力")
actor_option = click.option("--as", "actor", required=True, metavar="NAME", help="操作する職員のログイン名")


@click.group("broadcast", help="配信 (セグメント配信・予約・承認・送信状況)")
def broadcast() -> None:
    """Group of broadcast commands."""


@broadcast.command(help="配信の下書きを作ります。FILE は TOML か JSON (書き方は docs/broadcasts.md)。")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--title", help="件名 (職員向け)")
@click.option("--segment", help="配信対象 (例: district:中央 AND interest:防災、全員は all)")
@click.option("--text", help="本文 (テキスト1通だけの配信)")
@click.option("--urgent", is_flag=True, default=None, help="緊急 (防災)")
@actor_option
@as_json_option
def create(file, title, segment, text, urgent, actor, as_json) -> None:
    services = _staff_services(actor, "writer")
    fields = _fields(file, title=title, segment=segment, text=text, urgent=urgent, tz=services.config.tz)
    created = _run(as_json, lambda: broadcasts.create(services.redis, actor=actor, title=fields.pop("title", ""),
                                                      **fields))
    _show(services, created.id, as_json, f"下書きを作りました: {created.id}")


@broadcast.command(help="下書きを変更します (承認済みなら下書きに戻り、もう一度承認が必要です)。")
@click.argument("broadcast_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--title")
@click.option("--segment")
@click.option("--text")
@click.option("--urgent/--not-urgent", default=None)
@actor_option
@as_json_option
def edit(broadcast_id, file, title, segment, text, urgent, actor, as_json) -> None:
    services = _staff_services(actor, "writer")
    fields = _fields(file, title=title, segment=segment, text=text, urgent=urgent, tz=services.config.tz)
    if not fields:
        raise click.ClickException("変更する項目 (FILE か --title など) を指定してください。")
    _run(as_json, lambda: broadcasts.edit(services.redis, broadcast_id, actor=actor, **fields))
    _show(services, broadcast_id, as_json, "変更しました。")


@broadcast.command(help="承認を依頼します (LINE の制限をすべて確かめます)。")
@click.argument("broadcast_id")
@actor_option
@as_json_option
def submit(broadcast_id, actor, as_json) -> None:
    services = _staff_services(actor, "writer")
    _run(as_json, lambda: broadcasts.submit(services.redis, services.config.city, broadcast_id, actor=actor))
    _show(services, broadcast_id, as_json, "承認を依頼しました。")


@broadcast.command("return", help="承認せずに、コメントを付けて下書きに戻します。")
@click.argument("broadcast_id")
@click.option("--comment", required=True, help="直してほしい点")
@actor_option
@as_json_option
def return_(broadcast_id, comment, actor, as_json) -> None:
    services = _staff_services(actor, "approver")
    _run(as_json, lambda: broadcasts.return_to_draft(services.redis, broadcast_id, actor=actor, comment=comment))
    _show(services, broadcast_id, as_json, "差し戻しました。")


@broadcast.command(help="承認します (作成・編集した人以外)。送信数と今月の残りを表示して確認します。")
@click.argument("broadcast_id")
@click.option("--yes", is_flag=True, help="確認せずに承認")
@actor_option
@as_json_option
def approve(broadcast_id, yes, actor, as_json) -> None:
    services = _staff_services(actor, "approver")
    cost = _run(as_json, lambda: approval.cost(services, broadcasts.get(services.redis, broadcast_id)))
    if not (yes or as_json):
        click.echo(cost.describe())
        click.confirm("承認しますか", abort=True)
    _run(as_json, lambda: approval.approve(services, broadcast_id, actor=actor))
    _show(services, broadcast_id, as_json, f"承認しました ({cost.describe()})。",
          extra={"cost": {**asdict(cost), "fits": cost.fits}})


@broadcast.command(help="送信日時を決めます: WHEN は 2026-05-01 09:00 / 毎週 月,木 07:30 / 毎月 第2 火 08:00 / now。")
@click.argument("broadcast_id")
@click.argument("when")
@click.option("--skip", multiple=True, metavar="YYYY-MM-DD", help="繰り返しで送らない日 (何度でも指定可)")
@click.option("--until", metavar="YYYY-MM-DD", help="繰り返しの最終日")
@actor_option
@as_json_option
def schedule(broadcast_id, when, skip, until, actor, as_json) -> None:
    services = _staff_services(actor, "writer")
    rule = _run(as_json, lambda: compose.rule_from_text("" if when == "now" else when, skip, until, services.config.tz))
    _run(as_json, lambda: broadcasts.edit(services.redis, broadcast_id, actor=actor, schedule=rule))
    _show(services, broadcast_id, as_json, "予定を設定しました (承認が必要です)。")


@broadcast.command(help="取り消します (送信が始まるまで)。")
@click.argument("broadcast_id")
@click.option("--reason", default="", help="理由")
@actor_option
@as_json_option
def cancel(broadcast_id, reason, actor, as_json) -> None:
    services = _staff_services(actor, "writer")
    _run(as_json, lambda: broadcasts.cancel(services.redis, broadcast_id, actor=actor, reason=reason))
    _show(services, broadcast_id, as_json, "取り消しました。")


@broadcast.command(help="職員のテスト用 LINE (CITYBOT_STAFF_LINE_IDS) に全言語版を送ります。")
@click.argument("broadcast_id")
@actor_option
@as_json_option
def test(broadcast_id, actor, as_json) -> None:
    services = _staff_services(actor, "writer")
    pushes = _run(as_json, lambda: approval.test_send(services, broadcast_id, actor=actor))
    _show(services, broadcast_id, as_json, f"テスト送信しました ({pushes}通)。", extra={"pushes": pushes})


@broadcast.command(help="状態と送信の進み具合 (--watch で終わるまで進捗バーを表示)。")
@click.argument("broadcast_id")
@click.option("--watch", is_flag=True, help="送信が終わるまで表示し続ける")
@click.option("--batches", is_flag=True, help="バッチごとの記録も表示")
@as_json_option
def status(broadcast_id, watch, batches, as_json) -> None:
    services = load_services()
    if watch and not as_json:
        _watch(services.redis, broadcast_id)
    _show(services, broadcast_id, as_json, None, with_batches=batches)


@broadcast.command("list", help="配信の一覧 (新しい順)")
@click.option("--state", type=click.Choice(list(lifecycle.STATE_LABELS)), help="この状態のものだけ")
@click.option("--limit", default=50, show_default=True)
@as_json_option
def list_(state, limit, as_json) -> None:
    rows = [progress.summary(item) for item in broadcasts.recent(load_services().redis, state=state, limit=limit)]
    if as_json:
        emit_json(rows)
        return
    table = Table("ID", "状態", "件名", "対象", "予定")
    for row in rows:
        table.add_row(row["id"], row["state_label"], row["title"], row["segment"], row["schedule"])
    Console().print(table)


def _staff_services(actor: str, role: str):
    """Services, once `actor` is an enabled staff account allowed to act (admin may do everything)."""
    services = load_services()
    account = accounts.get(services.redis, actor)
    if account is None or account.disabled:
        raise click.ClickException(f"職員アカウント「{actor}」は使えません (citybot staff add で作成してください)。")
    if not (account.has_role(role) or account.has_role("admin")):
        raise click.ClickException(f"「{actor}」には{'承認' if role == 'approver' else '作成'}の権限がありません。")
    return services


def _fields(file: Path | None, *, title, segment, text, urgent, tz) -> dict:
    document = _read(file) if file else {}
    given = {"title": title, "segment": segment, "urgent": urgent}
    document.update({name: value for name, value in given.items() if value is not None})
    if text is not None:
        document["messages"] = {"ja": [{"template": "text", "body": text}]}
    try:
        return compose.fields_from_document(document, tz)
    except (BroadcastError, TemplateError) as error:
        raise click.ClickException(str(error)) from error


def _read(file: Path) -> dict:
    try:
        text = file.read_text(encoding="utf-8")
        return json.loads(text) if file.suffix == ".json" else tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise click.ClickException(f"{file} を読めません: {error}") from error


def _run(as_json: bool, action):
    """Run an operation; a refusal becomes a clear message (or JSON with every problem) and exit status 1."""
    try:
        return action()
    except (BroadcastError, DeliveryError) as error:
        if as_json:
            problems = [vars(problem) for problem in getattr(error, "problems", [])]
            emit_json({"error": str(error), "problems": problems})
            raise SystemExit(1) from error
        raise click.ClickException(str(error)) from error


def _show(services, broadcast_id: str, as_json: bool, message: str | None, *, with_batches: bool = False,
          extra: dict | None = None) -> None:
    found = progress.status(services.redis, broadcast_id, with_batches=with_batches)
    if as_json:
        emit_json({**found, **(extra or {})})
        return
    if message:
        click.echo(message)
    _print_status(found)


def _print_status(found: dict) -> None:
    click.echo(f"{found['id']}  {found['title']}  [{found['state_label']}]")
    click.echo(f"  対象: {found['segment']}  予定: {found['schedule']}  言語: {', '.join(found['languages'])}"
               + ("  緊急" if found["urgent"] else ""))
    if found["comment"]:
        click.echo(f"  差し戻しコメント: {found['comment']}")
    run = found["latest_run"]
    if run:
        states = "  ".join(f"{BATCH_LABELS[state]} {count}" for state, count in run["batch_states"].items())
        click.echo(f"  第{run['run']}回: 対象 {run['recipients']:,}人 送信 {run['delivered']:,}人 失敗 {run['undelivered']:,}人"
                   f" 上限で見送り {run['skipped_cap']:,}人 ブロック {run['blocks']:,}人")
        click.echo(f"  バッチ {run['batches']}: {states}" + (f"  理由: {run['error']}" if run["error"] else ""))
        for problem in run.get("problems", []):
            click.echo(f"  バッチ{problem['no']} {BATCH_LABELS[problem['status']]} (試行{problem['attempts']}回): "
                       f"LINE {problem['error_status']} {problem['error']}")


def _watch(redis, broadcast_id: str) -> None:
    """A live progress bar over the batches of the run under way, or of the next run once it starts."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    target = None
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("開始待ち", total=None)
        while True:
            found = progress.status(redis, broadcast_id)
            run = found["latest_run"]
            if target is None:
                target = found["runs"] + (1 if found["state"] in WAITING else 0)
            if run and run["run"] >= target:
                done = run["batch_states"]["sent"] + run["batch_states"]["failed"]
                total = run["batches"] if run["outcome"] else run["expected_batches"] if run["planned"] else None
                bar.update(task, completed=done, total=total,
                           description=f"{lifecycle.STATE_LABELS[run['outcome'] or lifecycle.SENDING]} "
                                       f"送信 {run['delivered']:,}人")
                if run["outcome"]:
                    return
            elif found["state"] in lifecycle.FINAL:
                return
            time.sleep(WATCH_INTERVAL)


commands = [broadcast]
