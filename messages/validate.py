"""Pure: every LINE limit a broadcast's messages must meet, checked before submission, all problems at once.

LINE's SDK models do not enforce text length, altText length, Flex size or URL rules (see
shared/line-api.md §5), and LINE would refuse the whole multicast. Each problem names the place
(日本語 2通目 本文) and says what to shorten and by how much.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator

from linebot.v3.messaging.models import Message

from messages.variants import BASE_LANGUAGE
from segments.city import LANGUAGES

MAX_MESSAGES = 5                 # per request (reply/push/multicast/broadcast)
MAX_TEXT = 5000                  # text message, UTF-16 code units
MAX_ALT_TEXT = 1500              # Flex altText
MAX_BUBBLE_BYTES = 30 * 1024     # one bubble's JSON
MAX_CAROUSEL_BYTES = 50 * 1024   # a carousel's JSON
MAX_BUBBLES = 12                 # bubbles per carousel
MAX_IMAGE_URL = 2000             # image and other URLs; HTTPS only
MAX_ACTION_URI = 1000            # URI action `uri`
MAX_BUTTON_LABEL = 40            # Flex button action label
MAX_REQUEST_BYTES = 2 * 1024 * 1024 - 40 * 1024  # 2 MB body, less room for 500 user IDs
TYPES = ("text", "image", "flex")
URI_SCHEMES = ("https://", "tel:", "line://")


@dataclass(frozen=True)
class Problem:
    path: str      # machine path, e.g. "variants.ja[1].text"
    where: str     # the same place for staff, e.g. "日本語 2通目 本文"
    message: str   # what is wrong and what to do, in Japanese

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def check_variants(variants: dict[str, list[dict]], languages: tuple[str, ...]) -> list[Problem]:
    """Every problem of every language variant; an empty list means LINE will accept the messages."""
    problems = []
    if not variants.get(BASE_LANGUAGE):
        problems.append(Problem(f"variants.{BASE_LANGUAGE}", "日本語", "日本語のメッセージは必須です。1通以上入れてください。"))
    for language, messages in variants.items():
        label = LANGUAGES.get(language, language)
        if language not in languages:
            problems.append(Problem(f"variants.{language}", label,
                                    f"言語「{language}」はこの市の設定にありません (使える言語: {', '.join(languages)})。"))
        problems.extend(check_messages(messages, path=f"variants.{language}", where=label))
    return problems


def check_messages(messages: list[dict], *, path: str = "messages", where: str = "") -> list[Problem]:
    """The problems of one request's messages (1 to 5 of text, image or Flex)."""
    problems = []
    if len(messages) > MAX_MESSAGES:
        problems.append(Problem(path, where or "メッセージ",
                                f"{len(messages)}通あります。1回に送れるのは{MAX_MESSAGES}通までなので、"
                                f"{len(messages) - MAX_MESSAGES}通減らしてください。"))
    for number, message in enumerate(messages, start=1):
        problems.extend(_check_message(message, f"{path}[{number - 1}]", f"{where} {number}通目".strip()))
    size = _size(messages)
    if size > MAX_REQUEST_BYTES:
        problems.append(Problem(path, where or "メッセージ",
                                f"全体で{_kb(size)}あります。{_kb(MAX_REQUEST_BYTES)}以下になるよう"
                                f"{_kb(size - MAX_REQUEST_BYTES)}以上減らしてください。"))
    return problems


def utf16_length(text: str) -> int:
    """Length as LINE counts it: UTF-16 code units (an emoji is often 2)."""
    return len(text.encode("utf-16-le")) // 2


def _check_message(message: dict, path: str, where: str) -> list[Problem]:
    kind = message.get("type")
    if kind not in TYPES:
        return [Problem(f"{path}.type", where, f"種類「{kind}」のメッセージは使えません (使えるもの: テキスト、画像、Flex)。")]
    check = {"text": _check_text, "image": _check_image, "flex": _check_flex}[kind]
    problems = check(message, path, where)
    if not problems:
        problems = _check_structure(message, path, where)
    return problems


def _check_text(message: dict, path: str, where: str) -> list[Problem]:
    return _length(message.get("text"), MAX_TEXT, f"{path}.text", f"{where} 本文")


def _check_image(message: dict, path: str, where: str) -> list[Problem]:
    problems = []
    for field, label in (("originalContentUrl", "画像URL"), ("previewImageUrl", "プレビュー画像URL")):
        problems.extend(_url(message.get(field), f"{path}.{field}", f"{where} {label}", image=True))
    return problems


def _check_flex(message: dict, path: str, where: str) -> list[Problem]:
    problems = _length(message.get("altText"), MAX_ALT_TEXT, f"{path}.altText", f"{where} 通知文 (altText)")
    contents = message.get("contents") or {}
    bubbles = [(f"{path}.contents", contents)]
    if contents.get("type") == "carousel":
        bubbles = [(f"{path}.contents.contents[{number}]", bubble)
                   for number, bubble in enumerate(contents.get("contents") or [])]
        problems.extend(_carousel(contents, len(bubbles), f"{path}.contents", f"{where} カルーセル"))
    for bubble_path, bubble in bubbles:
        problems.extend(_flex_size(bubble, MAX_BUBBLE_BYTES, bubble_path, f"{where} カード"))
    for field_path, key, value in _walk(contents, f"{path}.contents"):
        problems.extend(_flex_field(key, value, field_path, where))
    return problems


def _carousel(carousel: dict, count: int, path: str, where: str) -> list[Problem]:
    problems = _flex_size(carousel, MAX_CAROUSEL_BYTES, path, where)
    if count > MAX_BUBBLES:
        problems.append(Problem(path, where, f"カードが{count}枚あります。{MAX_BUBBLES}枚までなので"
                                             f"{count - MAX_BUBBLES}枚減らしてください。"))
    return problems


def _flex_field(key: str, value, path: str, where: str) -> list[Problem]:
    if key in ("url", "originalContentUrl", "previewImageUrl"):
        return _url(value, path, f"{where} 画像URL", image=True)
    if key == "uri":
        return _url(value, path, f"{where} リンク先", image=False)
    if key == "label" and isinstance(value, str):
        return _length(value, MAX_BUTTON_LABEL, path, f"{where} ボタンの文字")
    return []


def _length(value, limit: int, path: str, where: str) -> list[Problem]:
    if not isinstance(value, str) or not value.strip():
        return [Problem(path, where, "空です。文章を入れてください。")]
    length = utf16_length(value)
    if length <= limit:
        return []
    note = " (絵文字などは2文字と数えます)" if length != len(value) else ""
    return [Problem(path, where, f"{length:,}文字あります{note}。上限は{limit:,}文字なので、"
                                 f"{length - limit:,}文字以上短くしてください。")]


def _url(value, path: str, where: str, *, image: bool) -> list[Problem]:
    if not isinstance(value, str) or not value:
        return [Problem(path, where, "URL がありません。https:// で始まる URL を入れてください。")]
    schemes, limit = (("https://",), MAX_IMAGE_URL) if image else (URI_SCHEMES, MAX_ACTION_URI)
    if not value.startswith(schemes):
        return [Problem(path, where, f"「{value[:60]}」は使えません。https:// で始まる URL にしてください。")]
    if len(value) > limit:
        return [Problem(path, where, f"URL が{len(value):,}文字あります。上限は{limit:,}文字なので、"
                                     f"{len(value) - limit:,}文字以上短くしてください (短縮URLなど)。")]
    return []


def _flex_size(node: dict, limit: int, path: str, where: str) -> list[Problem]:
    size = _size(node)
    if size <= limit:
        return []
    return [Problem(path, where, f"データが{_kb(size)}あります。上限は{_kb(limit)}なので、{_kb(size - limit)}以上"
                                 f"(日本語の文章ならおよそ{(size - limit) // 3 + 1:,}文字) 減らしてください。")]


def _check_structure(message: dict, path: str, where: str) -> list[Problem]:
    """What LINE's own models reject: missing required fields, wrong types, unknown components."""
    try:
        Message.from_dict(message)
    except (ValueError, TypeError, KeyError) as error:
        detail = str(error).splitlines()[0][:200]
        return [Problem(path, where, f"メッセージの形式が正しくありません ({detail})。")]
    return []


def _walk(node, path: str) -> Iterator[tuple[str, str, object]]:
    """(path, key, value) for every field of a Flex JSON tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield f"{path}.{key}", key, value
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index}]")


def _size(node) -> int:
    return len(json.dumps(node, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _kb(size: int) -> str:
    return f"{size / 1024:.1f}KB"
