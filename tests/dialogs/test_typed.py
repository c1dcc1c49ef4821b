"""Typed words: commands in any width or spacing, and answers to the open step; anything else is not ours."""

from __future__ import annotations

import pytest

from bot.dialogs.model import Answer, DialogState, View
from bot.dialogs.steps import answer_typed, command, normalize
from tests.dialogs.conftest import big_city, consented, demo_city

CITY = demo_city()


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("設定", "set:menu:show"),
        ("　設 定　", "set:menu:show"),
        ("「設定」", "set:menu:show"),
        ("設定。", "set:menu:show"),
        ("せってい", "set:menu:show"),
        ("登録", "reg:start:show"),
        ("配信停止", "stop:list:show"),
        ("データ削除", "del:confirm:show"),
        ("ﾃﾞｰﾀ削除", "del:confirm:show"),
        ("ヘルプ", "set:help:show"),
        ("ﾍﾙﾌﾟ", "set:help:show"),
        ("ＨＥＬＰ", "set:help:show"),
        ("Help!", "set:help:show"),
    ],
)
def test_commands_are_recognised_in_any_width_and_spacing(typed, expected):
    assert command(typed).data == expected


@pytest.mark.parametrize("typed", ["設定を変えたい", "ごみの日はいつ？", "", "削除", "同意する"])
def test_other_texts_are_not_commands(typed):
    assert command(typed) is None


def test_normalize_folds_width_case_spaces_and_quotes():
    assert normalize(" 「ＡＢＣ　ｱｲｳ」。") == "abcアイウ"


def view(state: DialogState, choices=None, city=CITY) -> View:
    return View(city, choices or consented(city), state)


@pytest.mark.parametrize(
    "state, typed, expected",
    [
        (DialogState("reg", "consent"), "同意する", "reg:consent:pick:yes"),
        (DialogState("reg", "consent"), "同意 しない", "reg:consent:pick:no"),
        (DialogState("reg", "district"), "中央", "reg:district:pick:中央"),
        (DialogState("reg", "district"), "ｽｷｯﾌﾟ", "reg:district:skip"),
        (DialogState("reg", "district"), "戻る", "reg:district:back"),
        (DialogState("reg", "interest", picked=("防災",)), "防災", "reg:interest:pick:防災"),
        (DialogState("reg", "interest", picked=("防災",)), "完了", "reg:interest:done"),
        (DialogState("reg", "interest"), "健康・福祉", "reg:interest:pick:健康・福祉"),
        (DialogState("reg", "language"), "english", "reg:language:pick:en"),
        (DialogState("set", "menu"), "地区を変える", "set:district:show"),
        (DialogState("stop", "list"), "防災を止める", "stop:list:off:防災"),
        (DialogState("del", "confirm"), "はい、削除します", "del:confirm:pick:yes"),
        (DialogState("del", "confirm"), "やめる", "del:confirm:pick:no"),
    ],
)
def test_a_text_equal_to_a_button_answers_the_open_step(state, typed, expected):
    assert answer_typed(view(state), typed) == Answer.parse(expected)


@pytest.mark.parametrize(
    "state, typed",
    [
        (DialogState("reg", "district"), "中央区の図書館は何時まで？"),
        (DialogState("reg", "consent"), "はい"),
        (DialogState("del", "confirm"), "はい"),  # erasing needs the exact words
        (DialogState("reg", "age"), "中央"),  # a district is no answer to the age question
        (None, "中央"),
    ],
)
def test_anything_else_is_not_an_answer(state, typed):
    assert answer_typed(view(state), typed) is None


def test_next_page_can_be_typed_on_a_paged_list():
    many = big_city()
    assert answer_typed(view(DialogState("reg", "district", page=1), city=many), "次へ") == Answer(
        "reg", "district", "page", "2")
    assert answer_typed(view(DialogState("reg", "district", page=1), city=many), "地区15") == Answer(
        "reg", "district", "pick", "地区15")
