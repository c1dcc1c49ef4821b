"""The dialogs' route against a real Redis and the real follower store.

LINE here is an address where nothing listens, so the profile lookup fails as it may in production
(the language step then has no suggestion); the path through linesim is in test_linesim_flow.py.
"""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from bot.context import BotContext
from bot.dialogs import keys, state
from bot.dialogs.model import DialogState
from bot.dialogs.route import greet, route
from bot.dialogs.texts import say
from bot.events import Incoming
from config import Config
from messages.gateway import LineGateway
from reports import keys as report_keys
from segments import consent, keys as segment_keys
from segments.store import FollowerStore
from services import Services
from tests.dialogs.conftest import demo_city
from tests.dialogs.helpers import mentions

USER = "U" + "1" * 32
NOW = datetime.fromisoformat("2026-05-11T10:00:00+09:00")
_ids = itertools.count()


@pytest.fixture
def ctx(redis, tmp_path):
    config = Config(city=demo_city(), data_dir=tmp_path, line_api_endpoint="http://127.0.0.1:9")
    gateway = LineGateway("token", config.line_api_endpoint)
    yield BotContext(services=Services(config=config, redis=redis, gateway=gateway), now=NOW)
    gateway.close()


@pytest.fixture
def store(ctx):
    return FollowerStore(ctx.services.redis, ctx.city)


def event(kind: str, *, text: str | None = None, data: str | None = None, message_type: str | None = None,
          user_id: str | None = USER) -> Incoming:
    return Incoming(event_id=f"ev{next(_ids)}", type=kind, source_type="user", user_id=user_id, reply_token="r",
                    timestamp_ms=0, mode="active", message_type=message_type or ("text" if text else None),
                    text=text, postback_data=data)


def tap(ctx, data: str):
    return route(event("postback", data=data), ctx)


def say_text(ctx, text: str):
    return route(event("message", text=text), ctx)


def follow(ctx, store, unblocked=False):
    return greet(store.follow(USER, at=NOW, unblocked=unblocked), ctx)


def register(ctx, store):
    follow(ctx, store)
    for data in ("reg:consent:pick:yes", "reg:district:pick:中央", "reg:age:pick:70代以上", "reg:interest:pick:防災",
                 "reg:interest:pick:ごみの日", "reg:interest:done", "reg:language:pick:ja-easy"):
        replies = tap(ctx, data)
    return replies


def test_follow_asks_for_consent_and_opens_the_consent_step(ctx, store, redis):
    replies = follow(ctx, store)
    assert "ひかり台市" in replies[0]["text"] and ctx.city.privacy_url in replies[1]["text"]
    assert state.load(redis, USER) == DialogState("reg", "consent")
    assert 0 < redis.ttl(keys.dialog_state(USER)) <= state.TTL_SECONDS


def test_the_whole_registration_is_stored(ctx, store, redis):
    replies = register(ctx, store)
    follower = store.get(USER)
    assert (follower.consent, follower.consent_version) == ("granted", ctx.city.privacy_version)
    assert (follower.district, follower.age, follower.interests, follower.language) == (
        "中央", "70代以上", {"防災", "ごみの日"}, "ja-easy")
    assert redis.sismember(segment_keys.segment("district", "中央"), USER)
    assert replies[0]["text"] == say("registered", "ja-easy")
    assert state.load(redis, USER) is None
    assert [entry.event for entry in consent.entries(redis, user_id=USER)] == ["grant"]
    counts = redis.hgetall(report_keys.day(NOW.date()))
    assert counts[b"event:registration"] == b"1" and counts[b"event:registration:district:\xe4\xb8\xad\xe5\xa4\xae"]
    assert counts[b"event:consent"] == b"1"


def test_a_typed_option_answers_the_open_step(ctx, store):
    follow(ctx, store)
    say_text(ctx, "同意する")
    replies = say_text(ctx, "　中央　")
    assert store.get(USER).district == "中央"
    assert replies[-1]["text"] == say("ask_age")


def test_a_question_typed_mid_dialog_closes_it_and_goes_to_the_faq(ctx, store, redis):
    follow(ctx, store)
    tap(ctx, "reg:consent:pick:yes")
    assert say_text(ctx, "粗大ごみの出し方を教えて") is None
    assert state.load(redis, USER) is None
    assert say_text(ctx, "中央") is None, "the dialog is closed: a district name is now just a question"


def test_after_the_timeout_a_typed_option_goes_to_the_faq(ctx, store, redis):
    follow(ctx, store)
    tap(ctx, "reg:consent:pick:yes")
    redis.delete(keys.dialog_state(USER))  # what the TTL does after 30 minutes
    assert say_text(ctx, "中央") is None
    assert store.get(USER).district is None


def test_a_tap_on_an_old_button_still_works_after_the_timeout(ctx, store, redis):
    follow(ctx, store)
    tap(ctx, "reg:consent:pick:yes")
    redis.delete(keys.dialog_state(USER))
    replies = tap(ctx, "reg:district:pick:北部")
    assert store.get(USER).district == "北部" and replies[-1]["text"] == say("ask_age")


def test_texts_and_postbacks_that_are_not_ours_are_left_to_other_routes(ctx, redis):
    assert say_text(ctx, "ごみの日はいつ？") is None
    assert tap(ctx, "faq:answer:12") is None
    assert route(event("message", message_type="sticker"), ctx) is None
    assert route(event("postback", data="set:menu:show", user_id=None), ctx) is None
    assert redis.keys("*") == [], "a question to the FAQ stores nothing here"


def test_a_sticker_mid_dialog_keeps_the_dialog_open(ctx, store, redis):
    follow(ctx, store)
    assert route(event("message", message_type="sticker"), ctx) is None
    assert state.load(redis, USER) == DialogState("reg", "consent")


def test_garbled_postback_data_with_our_prefix_gets_the_help(ctx):
    assert tap(ctx, "reg:nowhere")[0]["text"] == say("help")


def test_refusing_keeps_only_the_id_and_status(ctx, store):
    follow(ctx, store)
    replies = say_text(ctx, "同意しない")
    follower = store.get(USER)
    assert follower.active and follower.consent == "refused"
    assert (follower.district, follower.interests) == (None, frozenset())
    assert "「登録」" in replies[0]["text"]


def test_settings_change_one_choice(ctx, store):
    register(ctx, store)
    assert say_text(ctx, "設定")[0]["type"] == "flex"
    tap(ctx, "set:age:show")
    replies = say_text(ctx, "60代")
    assert store.get(USER).age == "60代"
    assert replies[0]["text"] == say("changed", "ja-easy", field="ねんれい", value="60代")
    assert store.get(USER).district == "中央", "the other choices are untouched"


def test_withdrawing_consent_drops_the_choices(ctx, store, redis):
    register(ctx, store)
    tap(ctx, "set:consent:pick:no")
    follower = store.get(USER)
    assert follower.consent == "refused" and follower.district is None
    assert not redis.sismember(segment_keys.segment("district", "中央"), USER)
    assert [entry.event for entry in consent.entries(redis, user_id=USER)] == ["grant", "withdraw"]


def test_stopping_and_resuming_a_category(ctx, store, redis):
    register(ctx, store)
    say_text(ctx, "配信停止")
    say_text(ctx, "防災を とめる")
    assert store.get(USER).optouts == {"防災"}
    assert redis.sismember(segment_keys.optout("防災"), USER)
    tap(ctx, "stop:list:on:防災")
    assert store.get(USER).optouts == frozenset()


def test_erasing_leaves_nothing_about_the_citizen(ctx, store, redis):
    register(ctx, store)
    tap(ctx, "stop:list:off:観光")
    assert len(mentions(redis, USER)) >= 5, "the scan finds the hash, the sets and the ledger"
    say_text(ctx, "データ削除")
    replies = say_text(ctx, "はい、削除します")
    assert replies[0]["text"] == say("erased", "ja-easy", city=ctx.city.name)
    assert store.get(USER) is None
    assert mentions(redis, USER) == []
    assert [entry.event for entry in consent.entries(redis)] == ["erased"]


def test_after_erasing_only_the_consent_recreates_a_record(ctx, store, redis):
    register(ctx, store)
    tap(ctx, "del:confirm:pick:yes")
    say_text(ctx, "ごみの日はいつ？")
    say_text(ctx, "設定")
    assert store.get(USER) is None, "reading the settings stores nothing"
    say_text(ctx, "登録")
    say_text(ctx, "同意する")
    follower = store.get(USER)
    assert follower.active and follower.consented and follower.district is None


def test_cancelling_the_erasure_keeps_everything(ctx, store):
    register(ctx, store)
    tap(ctx, "del:confirm:show")
    say_text(ctx, "やめる")
    assert store.get(USER).district == "中央"


def test_refollowing_after_a_block_restores_the_choices_without_asking(ctx, store, redis):
    register(ctx, store)
    store.unfollow(USER, at=NOW)
    replies = follow(ctx, store, unblocked=True)
    assert replies[0]["text"].startswith(say("welcome_back", "ja-easy", city=ctx.city.name))
    assert "中央" in replies[1]["altText"]
    assert state.load(redis, USER) is None
    assert redis.sismember(segment_keys.segment("district", "中央"), USER)
