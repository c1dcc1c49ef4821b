"""Pure: LINE's message-object limits that the SDK's request models do not check ([REF]#message-objects)."""

from __future__ import annotations

import json
from typing import Callable, Iterator

from linesim.errors import detail

TEXT_MAX = 5000            # text / textV2, in UTF-16 code units
ALT_TEXT_MAX = 1500        # flex, template and imagemap altText
EMOJIS_MAX = 20
BUBBLE_MAX_BYTES = 30 * 1024
CAROUSEL_MAX_BYTES = 50 * 1024
CAROUSEL_MAX_BUBBLES = 12
QUICK_REPLY_MAX = 13
SENDER_NAME_MAX = 20
MEDIA_URL_MAX = 2000       # image, video, icon URLs: HTTPS only
ACTION_URI_MAX = 1000      # URI actions: http, https, line or tel
TEMPLATE_COLUMNS_MAX = 10
BUTTONS_ACTIONS_MAX = 4

MEDIA_URL_KEYS = frozenset({"originalContentUrl", "previewImageUrl", "thumbnailImageUrl", "iconUrl", "imageUrl",
                            "baseUrl", "url", "previewUrl"})
ACTION_URI_KEYS = frozenset({"uri", "linkUri", "desktop"})
ACTION_SCHEMES = ("http://", "https://", "line://", "tel:")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _length(limit: int) -> str:
    return f"Length must be between 0 and {limit}"


def _size(low: int, high: int) -> str:
    return f"Size must be between {low} and {high}"


def message_problems(messages: list) -> list[dict]:
    """Every limit broken by `messages` (already parsed by the SDK models), as LINE's error details."""
    problems: list[dict] = []
    for index, message in enumerate(messages):
        if isinstance(message, dict):
            problems.extend(_message(message, f"messages[{index}]"))
    return problems


def _message(message: dict, prop: str) -> Iterator[dict]:
    check = _BY_TYPE.get(message.get("type"))
    if check:
        yield from check(message, prop)
    if "altText" in message and utf16_length(str(message["altText"])) > ALT_TEXT_MAX:
        yield detail(_length(ALT_TEXT_MAX), f"{prop}.altText")
    items = (message.get("quickReply") or {}).get("items")
    if isinstance(items, list) and not 1 <= len(items) <= QUICK_REPLY_MAX:
        yield detail(_size(1, QUICK_REPLY_MAX), f"{prop}.quickReply.items")
    name = (message.get("sender") or {}).get("name")
    if isinstance(name, str) and utf16_length(name) > SENDER_NAME_MAX:
        yield detail(_length(SENDER_NAME_MAX), f"{prop}.sender.name")
    yield from _urls(message, prop)


def _text(message: dict, prop: str) -> Iterator[dict]:
    if utf16_length(str(message.get("text", ""))) > TEXT_MAX:
        yield detail(_length(TEXT_MAX), f"{prop}.text")
    if len(message.get("emojis") or ()) > EMOJIS_MAX:
        yield detail(_size(0, EMOJIS_MAX), f"{prop}.emojis")


def _flex(message: dict, prop: str) -> Iterator[dict]:
    contents = message.get("contents") or {}
    size = len(json.dumps(contents, ensure_ascii=False, separators=(",", ":")).encode())
    if contents.get("type") == "carousel":
        if len(contents.get("contents") or ()) > CAROUSEL_MAX_BUBBLES:
            yield detail(_size(1, CAROUSEL_MAX_BUBBLES), f"{prop}.contents.contents")
        if size > CAROUSEL_MAX_BYTES:
            yield detail(f"The carousel must be at most {CAROUSEL_MAX_BYTES // 1024} KB", f"{prop}.contents")
    elif size > BUBBLE_MAX_BYTES:
        yield detail(f"The bubble must be at most {BUBBLE_MAX_BYTES // 1024} KB", f"{prop}.contents")


def _template(message: dict, prop: str) -> Iterator[dict]:
    template, where = message.get("template") or {}, f"{prop}.template"
    kind = template.get("type")
    text = utf16_length(str(template.get("text", "")))
    if kind == "buttons":
        compact = template.get("thumbnailImageUrl") or template.get("title")
        if utf16_length(str(template.get("title", ""))) > 40:
            yield detail(_length(40), f"{where}.title")
        if text > (60 if compact else 160):
            yield detail(_length(60 if compact else 160), f"{where}.text")
        if len(template.get("actions") or ()) > BUTTONS_ACTIONS_MAX:
            yield detail(_size(1, BUTTONS_ACTIONS_MAX), f"{where}.actions")
    elif kind == "confirm" and text > 240:
        yield detail(_length(240), f"{where}.text")
    elif kind in ("carousel", "image_carousel") and len(template.get("columns") or ()) > TEMPLATE_COLUMNS_MAX:
        yield detail(_size(1, TEMPLATE_COLUMNS_MAX), f"{where}.columns")


_BY_TYPE: dict[str, Callable[[dict, str], Iterator[dict]]] = {
    "text": _text, "textV2": _text, "flex": _flex, "template": _template,
}


def _urls(node: object, prop: str) -> Iterator[dict]:
    """Walk the message: media URLs must be HTTPS (≤ 2000), action URIs http/https/line/tel (≤ 1000)."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _urls(item, f"{prop}[{index}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            where = f"{prop}.{key}"
            if isinstance(value, str):
                yield from _url(key, value, where)
            else:
                yield from _urls(value, where)


def _url(key: str, value: str, where: str) -> Iterator[dict]:
    if key in MEDIA_URL_KEYS:
        if not value.startswith("https://"):
            yield detail("must be an HTTPS URL", where)
        elif len(value) > MEDIA_URL_MAX:
            yield detail(_length(MEDIA_URL_MAX), where)
    elif key in ACTION_URI_KEYS:
        if not value.startswith(ACTION_SCHEMES):
            yield detail("invalid uri scheme (http, https, line or tel)", where)
        elif len(value) > ACTION_URI_MAX:
            yield detail(_length(ACTION_URI_MAX), where)
