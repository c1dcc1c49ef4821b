"""`citybot staff ...`: accounts from the command line, with the one-time password printed once."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from admin import accounts
from cli import main


def run(redis_url, tmp_path, *args):
    env = {"REDIS_URL": redis_url, "CITYBOT_DATA_DIR": str(tmp_path / "data"), "CITYBOT_SECRET_KEY": "x"}
    return CliRunner().invoke(main, ["staff", *args], env=env)


def test_add_prints_a_one_time_password_that_must_be_changed(redis_url, redis, tmp_path):
    result = run(redis_url, tmp_path, "add", "tanaka", "--role", "writer", "--role", "approver")
    assert result.exit_code == 0, result.output
    password = re.search(r"仮のパスワード: (\S+)", result.output).group(1)
    logged_in = accounts.authenticate(redis, "tanaka", password).account
    assert logged_in.roles == {"writer", "approver"} and logged_in.must_change_password


def test_add_refuses_a_taken_name_and_an_unknown_role(redis_url, redis, tmp_path):
    assert run(redis_url, tmp_path, "add", "tanaka", "--role", "writer").exit_code == 0
    taken = run(redis_url, tmp_path, "add", "tanaka", "--role", "admin")
    assert taken.exit_code != 0 and "すでに使われています" in taken.output
    assert run(redis_url, tmp_path, "add", "suzuki", "--role", "owner").exit_code != 0
    assert accounts.get(redis, "suzuki") is None


def test_list_reset_and_disable(redis_url, redis, tmp_path):
    run(redis_url, tmp_path, "add", "tanaka", "--role", "writer")
    listed = json.loads(run(redis_url, tmp_path, "list", "--json").output)
    assert listed[0]["name"] == "tanaka" and listed[0]["must_change_password"]
    reset = json.loads(run(redis_url, tmp_path, "reset-password", "tanaka", "--json").output)
    assert accounts.authenticate(redis, "tanaka", reset["one_time_password"]).account is not None
    assert run(redis_url, tmp_path, "disable", "tanaka").exit_code == 0
    assert accounts.get(redis, "tanaka").disabled
