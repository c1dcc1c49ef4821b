"""Quick replies: never more than LINE's 13 items, every option reachable once across pages, labels clipped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dialogs.quick_replies import (
    MAX_ITEMS,
    Button,
    page_count,
    page_of,
    page_size,
    quick_reply,
)
from bot.dialogs.texts import LABELS
from messages.limits import QUICK_REPLY_LABEL, shorten


def options(count: int) -> list[Button]:
    return [Button(f"選択{number}", f"reg:district:pick:v{number}") for number in range(count)]


def controls(count: int) -> list[Button]:
    return [Button(f"操作{number}", f"reg:district:c{number}") for number in range(count)]


def page_data(number: int) -> str:
    return f"reg:district:page:{number}"


@pytest.mark.parametrize(
    "option_count, control_count, size, pages",
    [
        (0, 2, 1, 1),
        (8, 2, 8, 1),
        (11, 2, 11, 1),  # exactly 13: no paging
        (12, 2, 9, 2),  # 14: paged, 2 controls + 2 navigation leave 9 per page
        (30, 2, 9, 4),
        (20, 3, 8, 3),  # 関心 has 完了, スキップ, 戻る
        (13, 0, 13, 1),
        (14, 0, 11, 2),  # the "11 items + 次へ/前へ" layout
    ],
)
def test_page_layout(option_count, control_count, size, pages):
    assert page_size(option_count, control_count) == size
    assert page_count(option_count, control_count) == pages


def test_first_middle_and_last_pages_have_the_right_navigation():
    first, middle, last = (page_of(options(30), controls(2), page, page_data) for page in (0, 1, 3))
    labels = lambda buttons: [button.label for button in buttons]  # noqa: E731
    assert labels(first)[-3:] == [LABELS["next"], "操作0", "操作1"]
    assert LABELS["previous"] not in labels(first)
    assert labels(middle)[-4:] == [LABELS["previous"], LABELS["next"], "操作0", "操作1"]
    assert labels(last)[-3:] == [LABELS["previous"], "操作0", "操作1"]
    assert [button.data for button in middle if button.label == LABELS["next"]] == [page_data(2)]
    assert [button.data for button in middle if button.label == LABELS["previous"]] == [page_data(0)]


def test_a_page_number_out_of_range_shows_the_nearest_page():
    assert page_of(options(30), controls(2), 99, page_data) == page_of(options(30), controls(2), 3, page_data)
    assert page_of(options(30), controls(2), -5, page_data) == page_of(options(30), controls(2), 0, page_data)


@given(st.integers(min_value=0, max_value=80), st.integers(min_value=0, max_value=3))
def test_every_page_fits_and_every_option_appears_exactly_once(option_count, control_count):
    shown = []
    for page in range(page_count(option_count, control_count)):
        buttons = page_of(options(option_count), controls(control_count), page, page_data)
        assert len(buttons) <= MAX_ITEMS
        assert len(quick_reply(buttons)["items"]) == len(buttons)
        shown += [button.label for button in buttons if button.label.startswith("選択")]
    assert shown == [button.label for button in options(option_count)]


def test_more_than_13_items_are_refused():
    with pytest.raises(ValueError):
        quick_reply(options(14))


@pytest.mark.parametrize(
    "label, expected",
    [("短い", "短い"), ("あ" * QUICK_REPLY_LABEL, "あ" * QUICK_REPLY_LABEL), ("あ" * (QUICK_REPLY_LABEL + 1), "あ" * (QUICK_REPLY_LABEL - 1) + "…")],
)
def test_labels_are_clipped_to_lines_limit(label, expected):
    assert shorten(label, QUICK_REPLY_LABEL) == expected
    item = quick_reply([Button(label, "reg:age:pick:x")])["items"][0]
    assert item["action"]["label"] == expected


def test_an_item_is_a_postback_showing_the_label_without_marks():
    item = quick_reply([Button("✓ 防災", "reg:interest:pick:防災")])["items"][0]
    assert item == {"type": "action", "action": {"type": "postback", "label": "✓ 防災",
                                                 "data": "reg:interest:pick:防災", "displayText": "防災"}}
