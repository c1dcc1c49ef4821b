"""Pure: the message templates staff compose broadcasts from, each returned as a plain LINE message dict.

Flex cards use large, dark text on white (or white on a strong colour) and wrap every text, because many
readers are elderly and read on small phones. `build(spec)` turns the form/TOML description of a
message (``{"template": "notice", "title": ...}``) into the LINE JSON; raw LINE JSON passes through.
"""

from __future__ import annotations

from typing import Callable

NOTICE_COLOR = "#1D3F72"
EVENT_COLOR = "#1B6B3A"
ALERT_COLOR = "#B00020"
ALERT_SLOT_COLOR = "#FFD600"
TEXT_COLOR = "#111111"
MUTED_COLOR = "#444444"


class TemplateError(ValueError):
    """A message description that no template can build; the text is Japanese, for staff."""


def text(body: str) -> dict:
    return {"type": "text", "text": body}


def image(url: str, preview_url: str | None = None) -> dict:
    """An image message; LINE needs HTTPS URLs for the original and the preview (often the same file)."""
    return {"type": "image", "originalContentUrl": url, "previewImageUrl": preview_url or url}


def notice(title: str, body: str, date: str, link_url: str | None = None, link_label: str = "詳しく見る") -> dict:
    """お知らせ card: coloured title bar, date, body, and an optional link button."""
    contents = [_text(date, size="sm", color=MUTED_COLOR), _text(body, size="md", margin="md")]
    return _card(f"【お知らせ】{title}", _header(title, NOTICE_COLOR, label="お知らせ"), contents,
                 _footer(link_url, link_label, NOTICE_COLOR))


def event(title: str, when: str, place: str, body: str, link_url: str | None = None,
          link_label: str = "詳しく見る") -> dict:
    """イベント card: title bar, then 日時 and 場所 rows above the description."""
    contents = [_row("日時", when), _row("場所", place), _text(body, size="md", margin="lg")]
    return _card(f"【イベント】{title}", _header(title, EVENT_COLOR, label="イベント"), contents,
                 _footer(link_url, link_label, EVENT_COLOR))


def disaster_alert(title: str, body: str, evacuation: str | None = None, issued: str | None = None,
                   link_url: str | None = None, link_label: str = "避難情報を見る") -> dict:
    """防災 alert: white on red header, the 避難情報 (e.g. 「避難指示」) in large black-on-yellow, large body text."""
    contents = []
    if evacuation:
        contents.append({"type": "box", "layout": "vertical", "backgroundColor": ALERT_SLOT_COLOR,
                         "paddingAll": "md", "cornerRadius": "md",
                         "contents": [_text(evacuation, size="xxl", weight="bold", align="center")]})
    contents.append(_text(body, size="lg", weight="bold", margin="lg"))
    if issued:
        contents.append(_text(f"発表: {issued}", size="md", color=MUTED_COLOR, margin="md"))
    return _card(f"【緊急・防災】{title}", _header(title, ALERT_COLOR, label="緊急 防災情報", size="xxl"),
                 contents, _footer(link_url, link_label, ALERT_COLOR))


BUILDERS: dict[str, Callable[..., dict]] = {
    "text": text,
    "image": image,
    "notice": notice,
    "event": event,
    "disaster": disaster_alert,
}
"""Template names used in broadcast files and the admin form."""


def build(spec: dict) -> dict:
    """One LINE message from a description: ``{"template": name, **fields}``, or LINE JSON (has "type")."""
    if "template" not in spec:
        if "type" not in spec:
            raise TemplateError("メッセージに template (text, image, notice, event, disaster) を指定してください。")
        return dict(spec)
    fields = {key: value for key, value in spec.items() if key != "template"}
    builder = BUILDERS.get(spec["template"])
    if builder is None:
        raise TemplateError(f"テンプレート「{spec['template']}」はありません。使えるもの: {', '.join(BUILDERS)}")
    try:
        return builder(**fields)
    except TypeError as error:
        raise TemplateError(f"テンプレート「{spec['template']}」の項目が正しくありません: {error}") from error


def _card(alt_text: str, header: dict, body_contents: list[dict], footer: dict | None) -> dict:
    bubble = {"type": "bubble", "size": "giga", "header": header,
              "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": body_contents}}
    if footer:
        bubble["footer"] = footer
    return {"type": "flex", "altText": alt_text, "contents": bubble}


def _header(title: str, color: str, *, label: str, size: str = "xl") -> dict:
    return {"type": "box", "layout": "vertical", "backgroundColor": color, "paddingAll": "lg",
            "contents": [_text(label, size="sm", color="#FFFFFF", weight="bold"),
                         _text(title, size=size, color="#FFFFFF", weight="bold")]}


def _footer(link_url: str | None, label: str, color: str) -> dict | None:
    if not link_url:
        return None
    button = {"type": "button", "style": "primary", "color": color, "height": "md",
              "action": {"type": "uri", "label": label, "uri": link_url}}
    return {"type": "box", "layout": "vertical", "contents": [button]}


def _row(label: str, value: str) -> dict:
    return {"type": "box", "layout": "baseline", "spacing": "md", "contents": [
        _text(label, size="md", color=MUTED_COLOR, flex=2, weight="bold"),
        _text(value, size="md", flex=7),
    ]}


def _text(value: str, *, size: str, color: str = TEXT_COLOR, **style) -> dict:
    return {"type": "text", "text": value, "size": size, "color": color, "wrap": True, **style}
