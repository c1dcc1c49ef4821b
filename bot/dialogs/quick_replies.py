"""Pure: quick replies of postback buttons, paged when LINE's limit of 13 items would be exceeded."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Callable, Sequence

from bot.dialogs.texts import LABELS, MARKS
from messages.limits import QUICK_REPLY_LABEL, shorten

MAX_ITEMS = 13
"""LINE shows at most 13 quick-reply items."""

NAVIGATION = 2
"""Slots kept for 「◀ 前へ」 and 「次へ ▶」 on every page of a paged list, so pages keep the same size."""


@dataclass(frozen=True)
class Button:
    """One tappable choice: the label shown, the postback data sent, the text shown in the chat when tapped."""

    label: str
    data: str

    @property
    def display_text(self) -> str:
        return self.label.strip(MARKS + " ")


def page_size(options: int, controls: int) -> int:
    """How many options fit on one page: all of them when everything fits, else what the controls leave free."""
    if options + controls <= MAX_ITEMS:
        return max(options, 1)
    return MAX_ITEMS - controls - NAVIGATION


def page_count(options: int, controls: int) -> int:
    return max(ceil(options / page_size(options, controls)), 1)


def page_of(
    options: Sequence[Button], controls: Sequence[Button], page: int, page_data: Callable[[int], str]
) -> list[Button]:
    """The buttons of one page: its options, then 前へ/次へ when paged, then the controls (スキップ, 戻る, …)."""
    size, pages = page_size(len(options), len(controls)), page_count(len(options), len(controls))
    page = min(max(page, 0), pages - 1)
    buttons = list(options[page * size : (page + 1) * size])
    if page > 0:
        buttons.append(Button(LABELS["previous"], page_data(page - 1)))
    if page < pages - 1:
        buttons.append(Button(LABELS["next"], page_data(page + 1)))
    return buttons + list(controls)


def quick_reply(buttons: Sequence[Button]) -> dict:
    """LINE's quickReply object; each tap sends a postback and shows the label in the chat."""
    if len(buttons) > MAX_ITEMS:
        raise ValueError(f"{len(buttons)} quick-reply items; LINE shows at most {MAX_ITEMS}")
    return {"items": [_item(button) for button in buttons]}


def _item(button: Button) -> dict:
    action = {"type": "postback", "label": shorten(button.label, QUICK_REPLY_LABEL), "data": button.data,
              "displayText": button.display_text}
    return {"type": "action", "action": action}
