"""The open dialog step in Redis: kept with a TTL, refreshed on every step, forgotten when closed or unreadable."""

from __future__ import annotations

import time

from bot.dialogs import keys, state
from bot.dialogs.model import DialogState

USER = "U" + "a" * 32


def test_a_step_is_kept_with_a_thirty_minute_ttl(redis):
    state.keep(redis, USER, DialogState("reg", "interest", page=1, picked=("防災", "子育て")))
    assert state.load(redis, USER) == DialogState("reg", "interest", page=1, picked=("防災", "子育て"))
    assert state.TTL_SECONDS - 5 <= redis.ttl(keys.dialog_state(USER)) <= state.TTL_SECONDS == 1800


def test_each_step_refreshes_the_ttl(redis):
    state.keep(redis, USER, DialogState("reg", "district"), ttl_seconds=60)
    state.keep(redis, USER, DialogState("reg", "age"))
    assert redis.ttl(keys.dialog_state(USER)) > 60
    assert state.load(redis, USER) == DialogState("reg", "age")


def test_a_closed_dialog_leaves_nothing(redis):
    state.keep(redis, USER, DialogState("del", "confirm"))
    state.keep(redis, USER, None)
    assert state.load(redis, USER) is None
    assert redis.keys("*") == []


def test_an_expired_step_is_gone(redis):
    state.keep(redis, USER, DialogState("reg", "district"), ttl_seconds=1)
    redis.pexpire(keys.dialog_state(USER), 5)
    time.sleep(0.05)
    assert state.load(redis, USER) is None


def test_states_of_citizens_are_separate(redis):
    other = "U" + "b" * 32
    state.keep(redis, USER, DialogState("reg", "district"))
    state.keep(redis, other, DialogState("stop", "list"))
    assert state.load(redis, USER).flow == "reg" and state.load(redis, other).flow == "stop"


def test_an_unreadable_state_counts_as_none(redis):
    for raw in ("{not json", "[]", '{"flow": "reg"}', '{"flow": "reg", "step": "age", "page": "x"}'):
        redis.set(keys.dialog_state(USER), raw)
        assert state.load(redis, USER) is None, raw
