"""`citybot segment count|describe` and `citybot followers count|sync`: segments and friends from the shell."""

from __future__ import annotations

from typing import Iterator

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from cli.context import emit_json, load_config, load_services
from messages.errors import DeliveryError
from messages.gateway import LineGateway
from segments import audience
from segments.city import City
from segments.expr import Expr, SegmentSyntaxError, describe, parse, to_text
from segments.privacy import PRIVACY_FLOOR, display_count
from segments.store import FollowerStore

FOLLOWER_PAGE = 1000
"""User IDs per request to LINE's follower-IDs API (its maximum)."""

UNVERIFIED = (
    "未認証アカウントでは使えません: LINE の友だち ID 一覧 API は、認証済アカウントとプレミアムアカウントだけが"
    "使えます (LINE の答え: 403)。LINE Official Account Manager でアカウント認証を申請し、認証後にもう一度"
    "実行してください。それまでも、友だち追加やメッセージのたびに citybot は友だちを記録します。"
)


@click.group(help="セグメント (配信先の条件式) の人数と説明を表示します。")
def segment() -> None:
    """Group of the segment commands."""


@segment.command(name="count", help="条件式に当てはまる友だちの人数を表示します (10人未満は「10人未満」と表示)。")
@click.argument("expression", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="JSON で出力します (10人未満のとき count は null)")
def count_segment(expression: tuple[str, ...], as_json: bool) -> None:
    services = load_services()
    expr = _parsed(" ".join(expression), services.config.city)
    n = audience.count(services.redis, expr)
    if as_json:
        emit_json({"expression": to_text(expr), "description": describe(expr),
                   "count": n if n >= PRIVACY_FLOOR else None, "display": display_count(n)})
    else:
        click.echo(f"{describe(expr)}: {display_count(n)}")


@segment.command(name="describe", help="条件式を日本語の文で説明します (Redis には接続しません)。")
@click.argument("expression", nargs=-1, required=True)
def describe_segment(expression: tuple[str, ...]) -> None:
    expr = _parsed(" ".join(expression), load_config().city)
    click.echo(describe(expr))
    click.echo(f"条件式: {to_text(expr)}")


@click.group(help="友だちの記録を表示し、LINE の友だち一覧と突き合わせます。")
def followers() -> None:
    """Group of the follower commands."""


@followers.command(name="count", help="今の友だちの人数と、そのうち属性の登録に同意した人数を表示します。")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力します")
def count_followers(as_json: bool) -> None:
    services = load_services()
    store = FollowerStore(services.redis, services.config.city)
    active, consented = store.count_active(), store.count_consented()
    if as_json:
        emit_json({"active": active, "consented": consented})
    else:
        click.echo(f"友だち: {active:,}人 (うち属性の登録に同意: {consented:,}人)")


@followers.command(name="sync", help="LINE の友だち ID 一覧から、citybot の導入前からの友だちを記録します (認証済アカウントのみ)。")
def sync_followers() -> None:
    services = load_services()
    store = FollowerStore(services.redis, services.config.city)
    seen = added = 0
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed:,}人"), TimeElapsedColumn(), console=Console(stderr=True)) as progress:
        task = progress.add_task("LINE の友だち一覧を取得中", total=None)
        for user_ids in _follower_pages(services.gateway):
            seen += len(user_ids)
            added += store.add_unknown(user_ids)
            progress.update(task, advance=len(user_ids))
    click.echo(f"LINE の友だち {seen:,}人を確認し、そのうち {added:,}人を新しく記録しました (同意は未確認)。")


def _follower_pages(gateway: LineGateway) -> Iterator[list[str]]:
    """Every page of friends' user IDs, following LINE's `next` tokens to the end."""
    start = None
    while True:
        try:
            user_ids, start = gateway.follower_ids(start, limit=FOLLOWER_PAGE)
        except DeliveryError as error:
            if error.status == 403:
                raise click.ClickException(UNVERIFIED) from error
            raise click.ClickException(f"LINE から友だち一覧を取得できませんでした: {error}") from error
        yield user_ids
        if start is None:
            return


def _parsed(text: str, city: City) -> Expr:
    try:
        return parse(text, city)
    except SegmentSyntaxError as error:
        raise click.ClickException(f"条件式を読めません。\n{error}") from error


commands = [segment, followers]
