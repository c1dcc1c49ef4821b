"""The registration steps as pure functions: next state, replies and changes for every step and verb."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.dialogs.model import NO_CHANGES, Answer, Changes, Choices, DialogState, View
from bot.dialogs.registration import suggest_language
from bot.dialogs.steps import run
from bot.dialogs.texts import LABELS, say
from tests.dialogs.conftest import big_city, consented, demo_city
from tests.dialogs.helpers import buttons, labels, texts

CITY = demo_city()
NEW = Choices()
AGREED = consented(CITY)
HELD = consented(CITY, district="中央", age="30代", interests=frozenset({"防災"}), language="ja")


def step(data: str, choices: Choices = NEW, state: DialogState | None = None, city=CITY, suggested=None):
    return run(View(city, choices, state, suggested), Answer.parse(data))


@pytest.mark.parametrize(
    "data, choices, state, changes",
    [
        ("reg:start:show", NEW, DialogState("reg", "consent"), NO_CHANGES),
        ("reg:start:show", AGREED, DialogState("reg", "district"), NO_CHANGES),
        ("reg:consent:show", NEW, DialogState("reg", "consent"), NO_CHANGES),
        ("reg:consent:pick:yes", NEW, DialogState("reg", "district"), Changes(consent=True)),
        ("reg:consent:pick:yes", AGREED, DialogState("reg", "district"), NO_CHANGES),  # no second ledger entry
        ("reg:consent:pick:no", NEW, None, Changes(consent=False)),
        ("set:consent:pick:no", HELD, None, Changes(consent=False)),
        ("set:consent:pick:yes", NEW, DialogState("set", "menu"), Changes(consent=True)),
        ("set:consent:back", HELD, DialogState("set", "menu"), NO_CHANGES),
        ("reg:consent:pick:maybe", NEW, DialogState("reg", "consent"), NO_CHANGES),
        ("reg:consent:skip", NEW, DialogState("reg", "consent"), NO_CHANGES),
        ("reg:district:show", AGREED, DialogState("reg", "district"), NO_CHANGES),
        ("reg:district:pick:中央", AGREED, DialogState("reg", "age"), Changes(attributes={"district": "中央"})),
        ("reg:district:pick:どこか", AGREED, DialogState("reg", "district"), NO_CHANGES),
        ("reg:district:skip", AGREED, DialogState("reg", "age"), NO_CHANGES),
        ("reg:district:back", AGREED, DialogState("reg", "consent"), NO_CHANGES),
        ("reg:district:clear", AGREED, DialogState("reg", "age"), Changes(attributes={"district": None})),
        ("reg:age:pick:30代", AGREED, DialogState("reg", "interest", picked=()), Changes(attributes={"age": "30代"})),
        ("reg:age:back", AGREED, DialogState("reg", "district"), NO_CHANGES),
        ("reg:age:done", AGREED, DialogState("reg", "age"), NO_CHANGES),
        ("reg:interest:skip", AGREED, DialogState("reg", "language"), NO_CHANGES),
        ("reg:interest:back", AGREED, DialogState("reg", "age"), NO_CHANGES),
        ("reg:language:back", AGREED, DialogState("reg", "interest", picked=()), NO_CHANGES),
        ("reg:language:pick:xx", AGREED, DialogState("reg", "language"), NO_CHANGES),
        ("reg:language:pick:en", AGREED, None, Changes(attributes={"language": "en"}, registered=True)),
        ("reg:language:skip", AGREED, None, Changes(registered=True)),
        ("set:district:pick:北部", HELD, DialogState("set", "menu"), Changes(attributes={"district": "北部"})),
        ("set:district:clear", HELD, DialogState("set", "menu"), Changes(attributes={"district": None})),
        ("set:interest:clear", HELD, DialogState("set", "menu"), Changes(attributes={"interests": frozenset()})),
        ("set:age:back", HELD, DialogState("set", "menu"), NO_CHANGES),
        ("set:language:pick:ja-easy", HELD, DialogState("set", "menu"), Changes(attributes={"language": "ja-easy"})),
        ("set:district:pick:中央", NEW, DialogState("reg", "consent"), NO_CHANGES),  # consent comes first
        ("reg:interest:show", NEW, DialogState("reg", "consent"), NO_CHANGES),
    ],
)
def test_step_table(data, choices, state, changes):
    outcome = step(data, choices)
    assert outcome.state == state
    assert outcome.changes == changes
    assert outcome.replies, "every step answers"


def test_consent_question_shows_the_notice_link_and_two_answers():
    outcome = step("reg:consent:show")
    assert CITY.privacy_url in texts(outcome)[-1]
    assert buttons(outcome) == [(LABELS["agree"], "reg:consent:pick:yes"), (LABELS["refuse"], "reg:consent:pick:no")]


def test_consent_opened_from_settings_can_go_back():
    assert labels(step("set:consent:show", HELD)) == [LABELS["agree"], LABELS["refuse"], LABELS["back"]]


def test_agreeing_thanks_and_asks_the_district_in_one_reply():
    outcome = step("reg:consent:pick:yes")
    assert texts(outcome) == [say("consent_thanks"), say("ask_district")]
    assert labels(outcome) == list(CITY.districts) + [LABELS["skip"], LABELS["back"]]


def test_refusing_explains_what_still_works_and_how_to_register_later():
    outcome = step("reg:consent:pick:no")
    assert texts(outcome) == [say("refused")]
    assert "「登録」" in texts(outcome)[0] and "全員" in texts(outcome)[0]
    assert buttons(outcome) == []


def test_invalid_answers_say_so_and_ask_again():
    outcome = step("reg:district:pick:どこか", AGREED)
    assert texts(outcome) == [say("invalid"), say("ask_district")]


def test_in_registration_a_choice_goes_straight_to_the_next_question():
    assert texts(step("reg:district:pick:中央", AGREED)) == [say("ask_age")]


def test_in_settings_a_choice_is_confirmed_and_the_menu_comes_back():
    outcome = step("set:district:pick:北部", HELD)
    assert texts(outcome)[0] == say("changed", "ja", field="地区", value="北部")
    assert outcome.replies[1]["type"] == "flex" and "北部" in outcome.replies[1]["altText"]


def test_settings_offer_clearing_instead_of_skipping_and_mark_the_current_value():
    outcome = step("set:district:show", HELD)
    assert labels(outcome)[0] == "✓ 中央"
    assert labels(outcome)[-2:] == [LABELS["clear"], LABELS["back"]]
    assert LABELS["skip"] not in labels(outcome)


def test_without_consent_an_attribute_step_asks_for_consent_first():
    outcome = step("reg:age:pick:30代", NEW)
    assert texts(outcome)[0] == say("consent_needed")
    assert outcome.changes == NO_CHANGES


class TestInterests:
    def test_each_tap_toggles_one_and_nothing_is_stored_before_done(self):
        picked = step("reg:interest:pick:防災", AGREED, DialogState("reg", "interest", picked=()))
        assert picked.state == DialogState("reg", "interest", picked=("防災",))
        assert picked.changes == NO_CHANGES
        assert texts(picked)[0] == say("picked", value="防災")
        assert "✓ 防災" in labels(picked)
        dropped = step("reg:interest:pick:防災", AGREED, picked.state)
        assert dropped.state.picked == ()
        assert texts(dropped)[0] == say("unpicked", value="防災")

    def test_done_stores_what_was_picked_and_asks_the_language(self):
        state = DialogState("reg", "interest", picked=("子育て", "防災"))
        outcome = step("reg:interest:done", AGREED, state)
        assert outcome.changes == Changes(attributes={"interests": frozenset({"防災", "子育て"})})
        assert outcome.state.step == "language"

    def test_done_after_the_state_expired_keeps_what_is_stored(self):
        outcome = step("reg:interest:done", HELD, None)
        assert outcome.changes == Changes(attributes={"interests": frozenset({"防災"})})

    def test_showing_starts_from_the_stored_interests(self):
        outcome = step("set:interest:show", HELD)
        assert outcome.state.picked == ("防災",)
        assert labels(outcome)[-3:] == [LABELS["done"], LABELS["clear"], LABELS["back"]]

    def test_a_toggle_keeps_the_page_it_was_made_on(self):
        many = big_city()
        state = DialogState("reg", "interest", page=2, picked=())
        outcome = step("reg:interest:pick:関心17", consented(many), state, city=many)
        assert outcome.state == DialogState("reg", "interest", page=2, picked=("関心17",))
        assert "✓ 関心17" in labels(outcome)


class TestLanguage:
    def test_the_suggested_language_comes_first_and_is_marked(self):
        outcome = step("reg:language:show", AGREED, suggested="ko")
        assert labels(outcome)[:2] == ["★ 한국어", "日本語"]
        assert texts(outcome) == [say("ask_language")]

    def test_without_a_suggestion_the_city_order_is_kept(self):
        assert labels(step("reg:language:show", AGREED))[:6] == [
            "日本語", "やさしい日本語", "English", "中文", "한국어", "Tiếng Việt"]

    def test_the_chosen_language_is_marked(self):
        assert "✓ Tiếng Việt" in labels(step("set:language:show", replace(HELD, language="vi")))

    def test_registration_ends_with_thanks_in_the_chosen_language_and_the_choices(self):
        outcome = step("reg:language:pick:en", replace(AGREED, district="中央"))
        assert texts(outcome)[0] == say("registered", "en")
        assert outcome.replies[1]["type"] == "flex"
        assert "English" in outcome.replies[1]["altText"] and "中央" in outcome.replies[1]["altText"]

    @pytest.mark.parametrize(
        "profile, expected",
        [("ja", "ja"), ("en", "en"), ("zh-Hant", "zh"), ("zh-Hans", "zh"), ("ko", "ko"), ("vi", "vi"),
         ("th", None), (None, None), ("", None), ("EN", "en")],
    )
    def test_the_suggestion_comes_from_the_line_app_language(self, profile, expected):
        assert suggest_language(profile, View(CITY)) == expected


class TestPaging:
    def test_a_long_list_is_shown_in_pages_with_next(self):
        many = big_city()
        outcome = step("reg:district:show", consented(many), city=many)
        assert labels(outcome) == [f"地区{n:02d}" for n in range(1, 10)] + [
            LABELS["next"], LABELS["skip"], LABELS["back"]]
        assert ("次へ ▶", "reg:district:page:1") in buttons(outcome)

    def test_a_later_page_is_remembered_in_the_state(self):
        many = big_city()
        outcome = step("reg:district:page:3", consented(many), city=many)
        assert outcome.state == DialogState("reg", "district", page=3)
        assert labels(outcome) == [f"地区{n:02d}" for n in range(28, 31)] + [
            LABELS["previous"], LABELS["skip"], LABELS["back"]]

    def test_a_choice_from_any_page_is_accepted(self):
        many = big_city()
        outcome = step("reg:district:pick:地区29", consented(many), city=many)
        assert outcome.changes == Changes(attributes={"district": "地区29"})


def test_an_unknown_step_shows_the_help():
    outcome = run(View(CITY), Answer("reg", "nowhere"))
    assert texts(outcome) == [say("help")]
