"""`citybot run`: the whole system offline — embedded Redis, linesim, web, worker, cron — then a clean stop.

This is what `make run` does on a city's machine; here it runs with a temporary data dir and free ports.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from redis import Redis

from segments import keys
from bench._servers import free_port

STARTED = "ヘルスチェック"  # the last line `citybot run` prints once everything listens


def start(data_dir: Path, web_port: int, linesim_port: int) -> tuple[subprocess.Popen, list[str]]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("LINE_", "REDIS_URL", "CITYBOT_"))}
    env.update(CITYBOT_DATA_DIR=str(data_dir), CITYBOT_PORT=str(web_port), LINESIM_PORT=str(linesim_port))
    citybot = Path(sys.executable).with_name("citybot")
    process = subprocess.Popen([str(citybot), "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, cwd=data_dir)
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if STARTED in line or process.poll() is not None:
            break
    assert STARTED in "".join(lines), "".join(lines)
    return process, lines


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGINT)
    try:
        process.stdout.read()
        return process.wait(timeout=30)
    finally:
        process.kill()


def wait_for(check, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_run_starts_everything_offline_answers_a_citizen_and_keeps_data(tmp_path):
    web, sim = free_port(), free_port()
    process, lines = start(tmp_path, web, sim)
    try:
        output = "".join(lines)
        assert f"http://127.0.0.1:{sim}/chat" in output and f"http://127.0.0.1:{web}/admin/" in output
        assert "初回パスワード" in output
        health = requests.get(f"http://127.0.0.1:{web}/healthz", timeout=5).json()
        assert health["redis"] == "ok" and health["workers"] == 1
        control = f"http://127.0.0.1:{sim}/_sim"
        user = requests.post(f"{control}/users", json={"displayName": "試験 花子"}, timeout=5).json()["userId"]
        assert requests.post(f"{control}/users/{user}/follow", json={}, timeout=5).json()["status"] == 200
        greeting = wait_for(lambda: requests.get(f"{control}/ledger/{user}", timeout=5).json())
        assert "ひかり台市" in greeting[0]["messages"][0]["text"]
    finally:
        assert stop(process) == 0
    assert not (tmp_path / "redis" / "redis.sock").exists()

    process, lines = start(tmp_path, web, sim)
    try:
        assert "初回パスワード" not in "".join(lines)  # the first admin exists already: data survived
        redis = Redis.from_url(f"unix://{tmp_path / 'redis' / 'redis.sock'}")
        assert redis.exists(keys.follower(user))
    finally:
        assert stop(process) == 0


def test_linesim_takes_credentials_that_start_with_a_dash(tmp_path):
    """`secrets.token_urlsafe` starts with "-" once in 64 runs; argparse must not take it for a flag."""
    from cli.system import linesim_arguments
    from config import Config
    from linesim.settings import parse_settings

    config = Config.from_env({"CITYBOT_DATA_DIR": str(tmp_path)}, dotenv=None)
    env = {"LINE_CHANNEL_SECRET": "-0a1b2c3d4e5f", "LINE_CHANNEL_ACCESS_TOKEN": "-Qx_token-value"}
    settings = parse_settings(linesim_arguments(config, env), {})
    assert (settings.channel_secret, settings.access_token) == ("-0a1b2c3d4e5f", "-Qx_token-value")
    assert settings.port == config.linesim_port
