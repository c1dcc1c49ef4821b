import json
import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from admin import accounts
from cli import main
from tests.broadcasts.conftest import add_followers, linesim_environment, work

DOCUMENT = """
title = "ごみ収集日の変更"
segment = "district:中央"
category = "ごみの日"

[[messages.ja]]
template = "notice"
title = "ごみ収集日の変更"
body = "5月から燃やすごみは月曜と木曜になります。"
date = "2026年5月1日"
link_url = "https://example.jp/gomi"

[[messages.ja-easy]]
template = "text"
body = "5月から もやすごみは げつようびと もくようびです。"
"""


@pytest.fixture
def citybot(services, redis_url, linesim, tmp_path):
    accounts.create(services.redis, "tanaka", ["writer"], actor="test")
    accounts.create(services.redis, "suzuki", ["approver"], actor="test")
    runner = CliRunner()
    environment = linesim_environment(redis_url, linesim, tmp_path)

    def invoke(*args: str, expect: int = 0):
        result = runner.invoke(main, list(args), env=environment, catch_exceptions=False)
        assert result.exit_code == expect, result.output
        return json.loads(result.stdout) if "--json" in args else result.output

    return invoke


def test_create_submit_approve_and_follow_a_broadcast_from_the_command_line(citybot, services, linesim, tmp_path):
    users = add_followers(services, linesim, 3, district="中央")
    (tmp_path / "gomi.toml").write_text(DOCUMENT, encoding="utf-8")
    created = citybot("broadcast", "create", str(tmp_path / "gomi.toml"), "--as", "tanaka", "--json")
    assert (created["state"], created["languages"]) == ("draft", ["ja", "ja-easy"])
    citybot("broadcast", "submit", created["id"], "--as", "tanaka", "--json")
    approved = citybot("broadcast", "approve", created["id"], "--as", "suzuki", "--json")
    assert approved["state"] == "scheduled" and approved["cost"] == {
        "recipients": 3, "remaining": None, "all_friends_endpoint": False, "fits": True}
    work(services)
    status = citybot("broadcast", "status", created["id"], "--batches", "--json")
    assert status["state"] == "sent" and status["latest_run"]["delivered"] == 3
    assert [batch["status"] for batch in status["latest_run"]["batches_detail"]] == ["sent"]
    assert all(len(linesim.ledger(user)) == 1 for user in users)
    watched = citybot("broadcast", "status", created["id"], "--watch")
    assert "送信完了" in watched and "送信 3人" in watched
    listed = citybot("broadcast", "list", "--state", "sent", "--json")
    assert [row["id"] for row in listed] == [created["id"]]


def test_refusals_come_back_as_json_with_every_problem(citybot):
    created = citybot("broadcast", "create", "--title", "空", "--segment", "district:中央", "--as", "tanaka", "--json")
    refused = citybot("broadcast", "submit", created["id"], "--as", "tanaka", "--json", expect=1)
    assert [problem["path"] for problem in refused["problems"]] == ["variants.ja"]
    assert "日本語のメッセージは必須です" in refused["problems"][0]["message"]


def test_only_staff_with_the_right_role_may_act(citybot):
    created = citybot("broadcast", "create", "--text", "お知らせ", "--as", "tanaka", "--json")
    citybot("broadcast", "submit", created["id"], "--as", "tanaka")
    assert "承認の権限がありません" in citybot("broadcast", "approve", created["id"], "--as", "tanaka", "--yes", expect=1)
    assert "使えません" in citybot("broadcast", "approve", created["id"], "--as", "nobody", "--yes", expect=1)


def test_schedule_a_recurring_reminder_and_cancel_it(citybot):
    created = citybot("broadcast", "create", "--text", "明日は燃やすごみの日です", "--segment", "interest:ごみの日",
                      "--as", "tanaka", "--json")
    scheduled = citybot("broadcast", "schedule", created["id"], "毎週 日,水 19:00", "--skip", "2026-12-30",
                        "--as", "tanaka", "--json")
    assert scheduled["schedule"] == "毎週 水・日曜 19:00 (除外日 1日)"
    citybot("broadcast", "submit", created["id"], "--as", "tanaka")
    approved = citybot("broadcast", "approve", created["id"], "--as", "suzuki", "--yes", "--json")
    assert approved["state"] == "scheduled" and approved["next_run_at"]
    cancelled = citybot("broadcast", "cancel", created["id"], "--reason", "重複", "--as", "tanaka", "--json")
    assert cancelled["state"] == "cancelled"


def test_status_watch_follows_a_run_until_it_ends(citybot, services, linesim, redis_url, tmp_path):
    add_followers(services, linesim, 3, district="中央")
    created = citybot("broadcast", "create", "--text", "お知らせ", "--segment", "district:中央", "--as", "tanaka",
                      "--json")
    citybot("broadcast", "submit", created["id"], "--as", "tanaka")
    citybot("broadcast", "approve", created["id"], "--as", "suzuki", "--yes")
    watcher = subprocess.Popen([sys.executable, "-m", "cli", "broadcast", "status", created["id"], "--watch"],
                               env={**os.environ, **linesim_environment(redis_url, linesim, tmp_path)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)                                            # it waits for the run to start
    assert watcher.poll() is None
    work(services)
    out, err = watcher.communicate(timeout=30)
    assert watcher.returncode == 0, err
    assert "送信完了" in out and "送信 3人" in err             # the final status; the progress bar's last state
