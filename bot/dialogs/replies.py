"""Pure: LINE message objects (plain dicts) for dialog replies: texts and the 「いまの設定」 card."""

from __future__ import annotations

from typing import Sequence

from bot.dialogs.model import Choices
from bot.dialogs.quick_replies import Button, quick_reply
from bot.dialogs.texts import field_name, language_label, say
from segments.city import City

MAX_TEXT = 5000
"""LINE's limit for a text message (UTF-16 code units; our texts are far shorter)."""


def text(body: str, buttons: Sequence[Button] = ()) -> dict:
    message = {"type": "text", "text": body[:MAX_TEXT]}
    return with_buttons(message, buttons)


def with_buttons(message: dict, buttons: Sequence[Button]) -> dict:
    """The message with quick-reply buttons (LINE shows only the last message's quick reply)."""
    return {**message, "quickReply": quick_reply(buttons)} if buttons else message


def summary_values(choices: Choices, city: City, language: str | None) -> list[tuple[str, str]]:
    """(field name, value) rows describing the citizen's current choices, in their language."""
    unset = say("unset", language)
    consent = say("consent_yes" if choices.consented(city) else "consent_no", language)
    rows = [
        ("district", choices.district or unset),
        ("age", choices.age or unset),
        ("interest", "、".join(sorted(choices.interests, key=_order(city.interests))) or unset),
        ("language", language_label(choices.language) if choices.language else unset),
        ("consent", consent),
    ]
    if choices.optouts:
        rows.append(("optouts", "、".join(sorted(choices.optouts, key=_order(city.interests)))))
    return [(field_name(field, language), value) for field, value in rows]


def summary_card(choices: Choices, city: City, language: str | None, buttons: Sequence[Button] = ()) -> dict:
    """A Flex bubble listing the current choices in large, plain text."""
    title = say("settings_title", language)
    rows = summary_values(choices, city, language)
    contents = [{"type": "text", "text": title, "weight": "bold", "size": "lg"}]
    contents += [_row(name, value) for name, value in rows]
    if buttons:
        contents.append(_hint(say("settings_hint", language)))
    bubble = {"type": "bubble", "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": contents}}
    alt_text = title + "\n" + "\n".join(f"{name}: {value}" for name, value in rows)
    return with_buttons({"type": "flex", "altText": alt_text[:1500], "contents": bubble}, buttons)


def _row(name: str, value: str) -> dict:
    return {
        "type": "box",
        "layout": "horizontal",
        "spacing": "md",
        "contents": [
            {"type": "text", "text": name, "size": "md", "color": "#555555", "flex": 2, "wrap": True},
            {"type": "text", "text": value, "size": "md", "weight": "bold", "flex": 3, "wrap": True},
        ],
    }


def _hint(body: str) -> dict:
    return {"type": "text", "text": body, "size": "sm", "color": "#555555", "wrap": True}


def _order(values: Sequence[str]):
    """Sort key keeping the city file's order (unknown values last)."""
    return lambda value: values.index(value) if value in values else len(values)
