"""`citybot staff add | list | reset-password | disable | enable`: staff accounts of the web console."""

from __future__ import annotations

import click

from admin import accounts
from admin.policy import ROLES, AccountError
from cli.context import emit_json, load_services

CLI_ACTOR = "cli"
"""The audit log's actor for changes made from the command line."""


@click.group(help="管理画面のスタッフアカウント")
def staff() -> None:
    """Group of staff account commands."""


@staff.command("add", help="アカウントを作り、仮のパスワードを表示します (最初のログインで変更が必要)")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(list(ROLES)),
              help="writer=作成者, approver=承認者, admin=管理者 (複数指定できます)")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
def add(name: str, roles: tuple[str, ...], as_json: bool) -> None:
    redis = load_services().redis
    password = _run(lambda: accounts.create(redis, name, roles, actor=CLI_ACTOR))
    _print_password(name.strip(), password, as_json)


@staff.command("reset-password", help="仮のパスワードを新しく発行します (ロックも解除)")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
def reset_password(name: str, as_json: bool) -> None:
    redis = load_services().redis
    password = _run(lambda: accounts.reset_password(redis, name, actor=CLI_ACTOR))
    _print_password(name, password, as_json)


@staff.command("list", help="アカウントの一覧")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
def list_(as_json: bool) -> None:
    rows = [{"name": account.name, "roles": sorted(account.roles), "disabled": account.disabled,
             "must_change_password": account.must_change_password,
             "created_at": account.created_at.isoformat()} for account in accounts.all_accounts(load_services().redis)]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        labels = "・".join(ROLES[role] for role in row["roles"])
        state = "無効" if row["disabled"] else ("仮パスワードのまま" if row["must_change_password"] else "有効")
        click.echo(f"{row['name']}\t{labels}\t{state}")


@staff.command("disable", help="アカウントを無効にします (ログイン中ならすぐにログアウト)")
@click.argument("name")
def disable(name: str) -> None:
    _run(lambda: accounts.set_disabled(load_services().redis, name, True, actor=CLI_ACTOR))
    click.echo(f"{name} を無効にしました。")


@staff.command("enable", help="無効にしたアカウントを元に戻します")
@click.argument("name")
def enable(name: str) -> None:
    _run(lambda: accounts.set_disabled(load_services().redis, name, False, actor=CLI_ACTOR))
    click.echo(f"{name} を有効にしました。")


def _run(action):
    try:
        return action()
    except AccountError as error:
        raise click.ClickException(str(error)) from error


def _print_password(name: str, password: str, as_json: bool) -> None:
    if as_json:
        emit_json({"name": name, "one_time_password": password})
        return
    click.echo(f"{name} の仮のパスワード: {password}")
    click.echo("このパスワードは一度だけ表示されます。本人に伝えてください。最初のログインで変更が必要です。")


commands = [staff]
