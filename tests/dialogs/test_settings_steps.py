"""「設定」, ヘルプ, 「配信停止」, 「データ削除」 and the greeting on follow, as pure functions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.dialogs.model import NO_CHANGES, Answer, Changes, Choices, DialogState, View
from bot.dialogs.settings import welcome
from bot.dialogs.steps import run
from bot.dialogs.texts import LABELS, say
from tests.dialogs.conftest import consented, demo_city
from tests.dialogs.helpers import buttons, labels, texts

CITY = demo_city()
NEW = Choices()
HELD = consented(CITY, district="中央", age="30代", interests=frozenset({"防災", "子育て"}), language="ja")
EASY = replace(HELD, language="ja-easy")


def step(data: str, choices: Choices = HELD, state: DialogState | None = None):
    return run(View(CITY, choices, state), Answer.parse(data))


@pytest.mark.parametrize(
    "data, choices, state, changes",
    [
        ("set:menu:show", HELD, DialogState("set", "menu"), NO_CHANGES),
        ("set:menu:show", NEW, DialogState("set", "menu"), NO_CHANGES),
        ("set:menu:close", HELD, None, NO_CHANGES),
        ("set:help:show", NEW, None, NO_CHANGES),
        ("stop:list:show", HELD, DialogState("stop", "list"), NO_CHANGES),
        ("stop:list:off:防災", HELD, DialogState("stop", "list"), Changes(opt_out="防災")),
        ("stop:list:on:防災", replace(HELD, optouts=frozenset({"防災"})), DialogState("stop", "list"),
         Changes(opt_in="防災")),
        ("stop:list:off:宇宙", HELD, DialogState("stop", "list"), NO_CHANGES),
        ("stop:list:off:防災", NEW, DialogState("stop", "list"), Changes(opt_out="防災")),  # no consent needed
        ("stop:list:close", HELD, None, NO_CHANGES),
        ("stop:list:back", HELD, None, NO_CHANGES),
        ("del:confirm:show", HELD, DialogState("del", "confirm"), NO_CHANGES),
        ("del:confirm:pick:yes", HELD, None, Changes(erase=True)),
        ("del:confirm:pick:no", HELD, None, NO_CHANGES),
        ("del:confirm:back", HELD, None, NO_CHANGES),
        ("del:confirm:pick:maybe", HELD, DialogState("del", "confirm"), NO_CHANGES),
    ],
)
def test_step_table(data, choices, state, changes):
    outcome = step(data, choices)
    assert outcome.state == state
    assert outcome.changes == changes
    assert outcome.replies


class TestMenu:
    def test_shows_the_current_choices_as_a_card(self):
        card = step("set:menu:show").replies[0]
        assert card["type"] == "flex"
        assert all(value in card["altText"] for value in ("中央", "30代", "防災、子育て", "日本語", "同意しています"))

    def test_a_consenting_citizen_can_change_each_choice_or_withdraw(self):
        assert buttons(step("set:menu:show")) == [
            (LABELS["change_district"], "set:district:show"),
            (LABELS["change_age"], "set:age:show"),
            (LABELS["change_interest"], "set:interest:show"),
            (LABELS["change_language"], "set:language:show"),
            (LABELS["withdraw"], "set:consent:show"),
            (LABELS["stop"], "stop:list:show"),
            (LABELS["erase"], "del:confirm:show"),
            (LABELS["close"], "set:menu:close"),
        ]

    def test_without_consent_the_menu_offers_registration(self):
        assert labels(step("set:menu:show", NEW)) == [LABELS["register"], LABELS["stop"], LABELS["erase"],
                                                      LABELS["close"]]
        assert "同意していません" in step("set:menu:show", NEW).replies[0]["altText"]

    def test_consent_to_an_older_notice_counts_as_none(self):
        old = replace(HELD, consent_version="2000-01")
        assert labels(step("set:menu:show", old))[0] == LABELS["register"]

    def test_in_easy_japanese_the_card_uses_easy_words(self):
        assert "すんでいる ところ" in step("set:menu:show", EASY).replies[0]["altText"]

    def test_optouts_are_listed(self):
        assert "止めているお知らせ: 防災" in step("set:menu:show", replace(HELD, optouts=frozenset({"防災"}))).replies[0][
            "altText"]


class TestStop:
    def test_each_category_can_be_turned_off_or_back_on(self):
        outcome = step("stop:list:show", replace(HELD, optouts=frozenset({"子育て"})))
        assert texts(outcome) == [say("stop_prompt")]
        assert ("防災を止める", "stop:list:off:防災") in buttons(outcome)
        assert ("子育てを再開", "stop:list:on:子育て") in buttons(outcome)
        assert labels(outcome)[-1] == LABELS["close"]

    def test_turning_off_confirms_and_shows_the_updated_list(self):
        outcome = step("stop:list:off:防災")
        assert texts(outcome) == [say("stopped", value="防災"), say("stop_prompt")]
        assert ("防災を再開", "stop:list:on:防災") in buttons(outcome)

    def test_turning_back_on_confirms(self):
        outcome = step("stop:list:on:防災", replace(HELD, optouts=frozenset({"防災"})))
        assert texts(outcome)[0] == say("resumed", value="防災")


class TestErase:
    def test_asks_for_an_explicit_confirmation(self):
        outcome = step("del:confirm:show")
        assert texts(outcome) == [say("erase_ask")]
        assert buttons(outcome) == [(LABELS["erase_yes"], "del:confirm:pick:yes"),
                                    (LABELS["erase_no"], "del:confirm:pick:no")]

    def test_says_that_everything_was_erased_and_what_still_works(self):
        text = texts(step("del:confirm:pick:yes"))[0]
        assert text == say("erased", city=CITY.name)
        assert "「登録」" in text

    def test_cancelling_erases_nothing(self):
        assert texts(step("del:confirm:pick:no")) == [say("erase_cancelled")]


def test_help_lists_what_can_be_done_with_buttons():
    outcome = step("set:help:show", NEW)
    assert texts(outcome) == [say("help")]
    assert labels(outcome) == [LABELS["register"], LABELS["settings"], LABELS["stop"], LABELS["erase"]]
    assert LABELS["register"] not in labels(step("set:help:show", HELD))


class TestWelcome:
    def test_a_new_friend_gets_the_greeting_the_notice_and_the_consent_question(self):
        outcome = welcome(View(CITY))
        assert texts(outcome)[0] == say("greeting", city=CITY.name)
        assert CITY.name in texts(outcome)[0] and CITY.privacy_url in texts(outcome)[1]
        assert labels(outcome) == [LABELS["agree"], LABELS["refuse"]]
        assert outcome.state == DialogState("reg", "consent")
        assert outcome.changes == NO_CHANGES

    def test_a_returning_citizen_keeps_their_choices_without_a_new_question(self):
        outcome = welcome(View(CITY, HELD))
        assert texts(outcome)[0].startswith(say("welcome_back", city=CITY.name))
        assert outcome.replies[1]["type"] == "flex" and "中央" in outcome.replies[1]["altText"]
        assert outcome.state is None and buttons(outcome) == []

    def test_a_returning_citizen_who_refused_is_not_asked_again(self):
        refused = Choices(consent="refused", consent_version=CITY.privacy_version)
        outcome = welcome(View(CITY, refused))
        assert outcome.state is None
        assert say("welcome_unregistered") in texts(outcome)[0]

    def test_a_new_notice_version_is_asked_again(self):
        outcome = welcome(View(CITY, replace(HELD, consent_version="2000-01")))
        assert texts(outcome)[:2] == [say("welcome_back", city=CITY.name), say("privacy_changed")]
        assert outcome.state == DialogState("reg", "consent")
