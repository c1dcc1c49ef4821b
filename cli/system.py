"""`citybot web | worker | cron | run`: the processes of the system, and all of them at once on one machine."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import click
import requests

from cli.context import load_config
from config import DEFAULT_CITY_FILE, Config
from embedded_redis import EmbeddedRedis
from segments.city import load_city
from services import QUEUES, Services

STARTUP_TIMEOUT = 90.0
"""Seconds to wait for a child process to be ready (imports alone take seconds on a busy 2-core machine)."""


@click.command(help="Web (webhook, 管理画面) を gunicorn で起動します。")
@click.option("--host", default=None, help="待ち受けるアドレス (既定: CITYBOT_HOST)")
@click.option("--port", type=int, default=None, help="ポート (既定: CITYBOT_PORT)")
@click.option("--workers", type=int, default=2, show_default=True, help="gunicorn のプロセス数")
def web(host: str | None, port: int | None, workers: int) -> None:
    config = load_config()
    bind = f"{host or config.web_host}:{port or config.web_port}"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    os.execv(str(gunicorn), [str(gunicorn), "--workers", str(workers), "--threads", "4", "--bind", bind,
                             "--access-logfile", "-", "app:create_app()"])


@click.command(help="RQ ワーカー (events > delivery > default、スケジューラ付き) を起動します。")
@click.option("--queue", "queues", multiple=True, type=click.Choice(QUEUES),
              help="受け持つキュー (複数可、書いた順に優先)。既定: すべて")
@click.option("--fork", is_flag=True, help="ジョブごとに子プロセスで実行します (隔離されますが遅くなります)")
@click.option("--burst", is_flag=True, help="キューが空になったら終了します")
def worker(queues: tuple[str, ...], fork: bool, burst: bool) -> None:
    from worker import run_worker

    run_worker(_services(), queues=queues or QUEUES, fork=fork, burst=burst)


@click.command(help="定期ジョブ (日次の友だち数記録、週次レポート、データ保存期間の整理など) を起動します。")
def cron() -> None:
    from worker import run_cron

    run_cron(_services())


def _services() -> Services:
    try:
        return Services.from_config(load_config())
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error


@click.command(help="システム一式 (Web、ワーカー、定期ジョブ、必要なら Redis と LINE エミュレータ) を起動します。")
def run() -> None:
    config = load_config()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    redis = None if config.redis_url else EmbeddedRedis.start(config.data_dir, config.redis_server_bin)
    children: list[subprocess.Popen] = []
    try:
        env = _child_environment(config, redis.url if redis else config.redis_url)
        if config.offline:
            children.append(_start_linesim(config, env))
        services = Services.from_config(Config.from_env(env, dotenv=None))
        if config.offline:
            _refill_emulator(services)
        demo_campaigns = _prepare_first_run(services)
        for command in (["web", "--workers", "1"], ["worker"], ["cron"]):
            children.append(_spawn([sys.executable, "-m", "cli", *command], env))
        _wait_until_ready(config, children)
        _print_urls(config)
        if config.offline and demo_campaigns:
            _start_demo_crowd(config, env, demo_campaigns)
        _watch(children)
    finally:
        _stop(children)
        if redis:
            redis.stop()


def _child_environment(config: Config, redis_url: str) -> dict[str, str]:
    env = dict(os.environ, REDIS_URL=redis_url, CITYBOT_DATA_DIR=str(config.data_dir))
    if config.offline:
        credentials = _linesim_credentials(config.data_dir)
        env.update(
            LINE_CHANNEL_SECRET=credentials["secret"],
            LINE_CHANNEL_ACCESS_TOKEN=credentials["token"],
            LINE_API_ENDPOINT=f"http://127.0.0.1:{config.linesim_port}",
        )
    return env


def _linesim_credentials(data_dir: Path) -> dict[str, str]:
    """Channel secret and token shared by linesim and citybot, kept so restarts agree."""
    path = data_dir / "linesim-channel.json"
    if not path.exists():
        path.write_text(json.dumps({"secret": secrets.token_hex(16), "token": secrets.token_urlsafe(32)}))
        path.chmod(0o600)
    return json.loads(path.read_text())


def _start_linesim(config: Config, env: dict[str, str]) -> subprocess.Popen:
    process = _spawn([sys.executable, "-m", "linesim", *linesim_arguments(config, env)], env)
    _wait_for_port(config.linesim_port)
    return process


def linesim_arguments(config: Config, env: dict[str, str]) -> list[str]:
    """`--flag=value`: a random token may start with "-", which argparse would take for a flag of its own."""
    return [f"--port={config.linesim_port}",
            f"--channel-secret={env['LINE_CHANNEL_SECRET']}",
            f"--access-token={env['LINE_CHANNEL_ACCESS_TOKEN']}",
            f"--webhook-url=http://127.0.0.1:{config.web_port}/callback",
            "--limits=fast"]


def _refill_emulator(services: Services) -> None:
    """linesim keeps nothing between runs: what an earlier run put on it (the rich menus) goes on again."""
    from menus.jobs import republish_to_empty_line

    if republish_to_empty_line(services.redis, services.queue("default")):
        click.echo("LINE エミュレータは起動のたびに空になるため、リッチメニューを公開し直します。")


def _prepare_first_run(services: Services) -> list:
    """For the demo city, load its FAQ into an empty store, its menus and campaigns; create the first staff
    admin, printing the password. Returns the demo campaigns just installed."""
    from admin.accounts import ensure_first_admin
    from bot.faq.bootstrap import import_demo_faq_if_empty
    from campaigns.demo import install_demo_campaigns_if_absent
    from menus.jobs import install_demo_menus_if_absent

    demo = services.config.city == load_city(DEFAULT_CITY_FILE)
    if demo and import_demo_faq_if_empty(services.redis, services.queue("default"),
                                         at=datetime.now(services.config.tz)):
        click.echo("デモ市の FAQ を読み込みました (意味検索の準備はワーカーが続けます)。")
    if demo and install_demo_menus_if_absent(services.redis, services.queue("default")):
        click.echo("デモ市のリッチメニューを登録しました (LINE への公開はワーカーが行います)。")
    campaigns = install_demo_campaigns_if_absent(services.redis, at=datetime.now(services.config.tz)) if demo else []
    if campaigns:
        click.echo("デモ市の友だち集めキャンペーン (QR コードとポスター) を登録しました。")
    password = ensure_first_admin(services.redis)
    if password:
        click.secho(f"最初の管理者アカウント: admin / 初回パスワード: {password}  (初回ログイン時に変更してください)",
                    fg="yellow")
    return campaigns


DEMO_CROWD = 40
"""Simulated citizens who arrive through the demo campaigns on a first offline run."""


def _start_demo_crowd(config: Config, env: dict[str, str], campaigns: list) -> None:
    """In the background, simulated citizens scan the demo posters' links and follow (linesim), so the
    console's 友だち集め table has figures to show."""
    from campaigns.links import short_link
    from linesim import crowd
    from linesim.client import LinesimHandle

    today = datetime.now(config.tz).date()
    web = f"http://127.0.0.1:{config.web_port}"
    links = [short_link(web, campaign.code) for campaign in campaigns if campaign.running_on(today)]
    linesim = LinesimHandle(env["LINE_API_ENDPOINT"], env["LINE_CHANNEL_SECRET"], env["LINE_CHANNEL_ACCESS_TOKEN"])
    city = config.city

    def act() -> None:
        count = crowd.arrive(linesim, crowd.plan(links, DEMO_CROWD), district=city.districts[0],
                             age=city.age_groups[2], interest=city.interests[0])
        click.echo(f"デモ: 市民 {count} 人がキャンペーンのポスターなどから友だち追加しました (管理画面の「友だち集め」)。")

    threading.Thread(target=act, name="demo-crowd", daemon=True).start()


def _spawn(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    """A child in its own session: Ctrl-C reaches only `citybot run`, which then stops each child exactly once."""
    return subprocess.Popen(command, env=env, start_new_session=True)


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise click.ClickException(f"ポート {port} で起動を確認できませんでした。ログを確認してください。")


def _wait_until_ready(config: Config, children: list[subprocess.Popen]) -> None:
    """Announce the system only once the web answers and a worker has registered: gunicorn listens before its
    worker has imported the app, so an open port is not yet a working system."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        _fail_if_any_died(children)
        try:
            health = requests.get(f"http://127.0.0.1:{config.web_port}/healthz", timeout=5).json()
            if health.get("status") == "ok" and health.get("workers", 0) >= 1:
                return
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.2)
    raise click.ClickException("Web とワーカーの起動を確認できませんでした。ログを確認してください。")


def _fail_if_any_died(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is not None:
            raise click.ClickException(f"子プロセス {child.args[-1]!r} が終了しました (終了コード {child.returncode})。")


def _print_urls(config: Config) -> None:
    web = f"http://127.0.0.1:{config.web_port}"
    click.secho(f"\n{config.city.name} の citybot が起動しました。止めるには Ctrl-C を押してください。", fg="green")
    if config.offline:
        click.echo(f"  チャットシミュレータ (市民として試す): http://127.0.0.1:{config.linesim_port}/chat")
    click.echo(f"  管理画面:        {web}/admin/")
    click.echo(f"  Webhook URL:     {web}/callback")
    click.echo(f"  ヘルスチェック:  {web}/healthz\n")


def _watch(children: list[subprocess.Popen]) -> None:
    """Wait until Ctrl-C or until any child dies (then everything stops: nothing half-running)."""
    stop = {"requested": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(requested=True))
    try:
        while not stop["requested"]:
            _fail_if_any_died(children)
            time.sleep(0.5)
    except KeyboardInterrupt:
        click.echo("\n停止しています…")


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()


commands = [web, worker, cron, run]
