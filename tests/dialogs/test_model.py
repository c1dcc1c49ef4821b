"""Postback data encoding and how changes are seen before they are stored."""

from __future__ import annotations

import pytest

from bot.dialogs.model import FLOWS, Answer, Changes, Choices
from bot.dialogs.steps import TABLE
from tests.dialogs.conftest import consented, demo_city

CITY = demo_city()


@pytest.mark.parametrize(
    "data, answer",
    [
        ("reg:district:pick:中央", Answer("reg", "district", "pick", "中央")),
        ("reg:consent:show", Answer("reg", "consent")),
        ("stop:list:off:健康・福祉", Answer("stop", "list", "off", "健康・福祉")),
        ("del:confirm:pick:yes", Answer("del", "confirm", "pick", "yes")),
    ],
)
def test_postback_data_round_trips(data, answer):
    assert Answer.parse(data) == answer
    assert answer.data == data


@pytest.mark.parametrize("data", ["", "reg", "reg:district", "faq:12", "reg:nowhere:show", "stop:menu:show",
                                  "set:finish:show", "reg:finish:show"])
def test_data_naming_no_step_of_ours_is_refused(data):
    assert Answer.parse(data) is None


def test_every_step_a_button_may_name_has_a_step_function():
    assert {(flow, step) for flow, steps in FLOWS.items() for step in steps} | {("reg", "finish")} == set(TABLE)


def test_choices_after_changes_mirror_the_store():
    held = consented(CITY, district="中央", interests=frozenset({"防災"}))
    assert held.after(Changes(attributes={"district": "北部"}), CITY).district == "北部"
    assert held.after(Changes(opt_out="防災"), CITY).optouts == {"防災"}
    assert held.after(Changes(erase=True), CITY) == Choices()
    withdrawn = held.after(Changes(consent=False), CITY)
    assert (withdrawn.consent, withdrawn.district, withdrawn.interests) == ("refused", None, frozenset())
    granted = Choices().after(Changes(consent=True), CITY)
    assert granted.consented(CITY)


def test_later_changes_win_when_steps_chain():
    merged = Changes(consent=True).merged(Changes(attributes={"age": "30代"}, registered=True))
    assert merged == Changes(consent=True, attributes={"age": "30代"}, registered=True)
