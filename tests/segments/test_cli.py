from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import main
from segments.store import FollowerStore
from tests.plugins.citybot_fixtures import environment_for
from tests.segments.helpers import T0, user


@pytest.fixture
def citybot(tmp_path, redis_url, redis, linesim):
    """Run `citybot ...` in-process against the test Redis and linesim; returns (exit code, stdout, stderr)."""
    env = environment_for(tmp_path, redis_url, linesim.url, linesim.channel_secret, linesim.access_token)

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


def register(store: FollowerStore, number: int, district: str, age: str) -> None:
    store.follow(user(number), at=T0, unblocked=False)
    store.record_consent(user(number), granted=True, at=T0)
    store.update(user(number), district=district, age=age)


def test_segment_count_shows_small_counts_only_as_under_ten(citybot, store):
    for number in range(12):
        register(store, number, "中央" if number < 11 else "北部", "10代" if number < 3 else "30代")
    assert citybot("segment", "count", "district:中央") == (0, "中央地区にお住まいの方: 11人\n", "")
    assert citybot("segment", "count", "district:中央", "AND", "NOT", "年代:30代") == \
        (0, "中央地区にお住まいで、30代ではない方: 10人未満\n", "")
    code, out, _ = citybot("segment", "count", "--json", "地区:中央 and age:30代")
    assert (code, json.loads(out)) == (0, {"expression": "district:中央 AND age:30代",
                                           "description": "中央地区にお住まいで、30代の方",
                                           "count": None, "display": "10人未満"})
    code, out, _ = citybot("segment", "count", "--json", "all")
    assert json.loads(out)["count"] == 12


def test_segment_describe_prints_the_sentence_and_the_canonical_expression(citybot):
    assert citybot("segment", "describe", "地区：中央 ＡＮＤ ＮＯＴ 年代：１０代") == \
        (0, "中央地区にお住まいで、10代ではない方\n条件式: district:中央 AND NOT age:10代\n", "")


def test_a_wrong_expression_fails_with_the_position_and_reason(citybot):
    code, out, err = citybot("segment", "describe", "district:中部")
    assert code == 1 and out == ""
    assert "10文字目: 地区「中部」はありません。" in err
    assert "  district:中部\n" + " " * 11 + "^" in err


def test_followers_count(citybot, store):
    register(store, 1, "中央", "10代")
    store.follow(user(2), at=T0, unblocked=False)
    assert citybot("followers", "count") == (0, "友だち: 2人 (うち属性の登録に同意: 1人)\n", "")
    code, out, _ = citybot("followers", "count", "--json")
    assert json.loads(out) == {"active": 2, "consented": 1}


def test_followers_sync_pages_through_line_and_records_only_unknown_friends(citybot, store, linesim):
    friends = linesim.create_users(2345)
    register(store, 0, "中央", "10代")
    known = store.get(user(0))
    store.follow(friends[0], at=T0, unblocked=False)
    code, out, _ = citybot("followers", "sync")
    assert (code, out) == (0, "LINE の友だち 2,345人を確認し、そのうち 2,344人を新しく記録しました (同意は未確認)。\n")
    assert store.count_active() == 2346 and store.count_consented() == 1
    assert store.get(friends[-1]).active and store.get(friends[-1]).consent == ""
    assert store.get(user(0)) == known
    assert citybot("followers", "sync")[1].endswith("そのうち 0人を新しく記録しました (同意は未確認)。\n")


def test_followers_sync_explains_that_unverified_accounts_cannot_use_it(citybot, store, linesim):
    linesim.create_users(3)
    linesim.set_account(verified=False)
    code, out, err = citybot("followers", "sync")
    assert code == 1
    assert "未認証アカウントでは使えません" in err
    assert store.count_active() == 0
