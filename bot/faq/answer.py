"""Pure: the replies of the FAQ as LINE message dicts (answer bubble, ask-back, fallback, thanks).

Limits (LINE Messaging API reference): altText ≤ 1500 characters, quick-reply label ≤ 20, postback data
≤ 300, displayText ≤ 300, URI ≤ 1000, a bubble's JSON ≤ 30 KB, ≤ 13 quick-reply items.
"""

from __future__ import annotations

import re

from bot.faq.model import Faq
from messages.limits import POSTBACK_DISPLAY_TEXT, QUICK_REPLY_LABEL, shorten
from segments.city import City

MAX_ANSWER = 800
"""Characters of the answer shown in the bubble; longer answers end with a pointer to 「詳しくはこちら」."""
MAX_ALT_TEXT = 400

ASK_BACK = "次のどれについてですか？"
HELPFUL, UNHELPFUL, NONE_OF_THESE = "役に立った", "役に立たなかった", "どれでもない"

POSTBACK_ANSWER = "faq:a:"
POSTBACK_HELPFUL = "faq:yes:"
POSTBACK_UNHELPFUL = "faq:no:"
POSTBACK_NONE = "faq:none"


def _trimmed_answer(answer: str, *, has_link: bool) -> str:
    answer = answer.strip()
    if len(answer) <= MAX_ANSWER:
        return answer
    rest = "続きは「詳しくはこちら」をご覧ください" if has_link else "続きは担当へお問い合わせください"
    return answer[:MAX_ANSWER].rstrip() + f"…\n（{rest}）"


def _text(body: str, **style) -> dict:
    return {"type": "text", "text": body, "wrap": True, **style}


def _contact_rows(faq: Faq) -> list[dict]:
    rows = []
    if faq.department:
        rows.append(_text(f"担当: {faq.department}", size="sm", color="#555555"))
    if faq.phone:
        rows.append(_text(f"電話: {faq.phone}", size="sm", color="#555555"))
    return rows


def _buttons(faq: Faq) -> list[dict]:
    buttons = []
    if faq.url:
        buttons.append({"type": "button", "style": "primary", "height": "sm",
                        "action": {"type": "uri", "label": "詳しくはこちら", "uri": faq.url}})
    digits = re.sub(r"[^0-9+]", "", faq.phone)
    if digits:
        buttons.append({"type": "button", "style": "secondary", "height": "sm",
                        "action": {"type": "uri", "label": "電話する", "uri": f"tel:{digits}"}})
    return buttons


def answer_bubble(faq: Faq) -> dict:
    """One Flex bubble: the FAQ question as title, the answer, department and phone, link, feedback buttons."""
    body = _trimmed_answer(faq.answer, has_link=bool(faq.url))
    bubble = {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": [
            _text(faq.question, weight="bold", size="md"),
            {"type": "separator"},
            _text(body, size="sm"),
            *_contact_rows(faq),
        ]},
    }
    buttons = _buttons(faq)
    if buttons:
        bubble["footer"] = {"type": "box", "layout": "vertical", "spacing": "sm", "contents": buttons}
    return {
        "type": "flex",
        "altText": shorten(f"{faq.question} {faq.answer}", MAX_ALT_TEXT),
        "contents": bubble,
        "quickReply": {"items": [
            _postback(HELPFUL, POSTBACK_HELPFUL + faq.id, HELPFUL),
            _postback(UNHELPFUL, POSTBACK_UNHELPFUL + faq.id, UNHELPFUL),
        ]},
    }


def _postback(label: str, data: str, display_text: str) -> dict:
    return {"type": "action", "action": {"type": "postback", "label": shorten(label, QUICK_REPLY_LABEL), "data": data,
                                         "displayText": shorten(display_text, POSTBACK_DISPLAY_TEXT)}}


def ask_back(candidates: list[Faq]) -> dict:
    """「次のどれについてですか？」 with the candidates numbered in the text and as quick replies."""
    lines = [ASK_BACK, *(f"{number}. {faq.question}" for number, faq in enumerate(candidates, start=1))]
    items = [_postback(f"{number}. {faq.question}", POSTBACK_ANSWER + faq.id, faq.question)
             for number, faq in enumerate(candidates, start=1)]
    items.append(_postback(NONE_OF_THESE, POSTBACK_NONE, NONE_OF_THESE))
    return {"type": "text", "text": "\n".join(lines), "quickReply": {"items": items}}


def _contact(city: City) -> str:
    hours = f"（{city.contact_hours}）" if city.contact_hours else ""
    return f"{city.name}の代表電話 {city.contact_phone}{hours}\n{city.website}"


def no_answer(city: City) -> dict:
    """Nothing good was found: say so plainly and give the city's contact."""
    return {"type": "text", "text": (
        "申し訳ありません。お尋ねの内容について、ご案内できる情報が見つかりませんでした。\n"
        "言葉を変えて送っていただくと、見つかることがあります。\n"
        f"お急ぎの場合は、こちらへお問い合わせください。\n{_contact(city)}"
    )}


def thanks(city: City, *, helpful: bool) -> dict:
    if helpful:
        return {"type": "text", "text": "ご協力ありがとうございます。お役に立ててよかったです。"}
    return {"type": "text", "text": (
        "ご意見ありがとうございます。回答を見直す参考にします。\n"
        f"お困りの場合は、こちらへお問い合わせください。\n{_contact(city)}"
    )}


def gone() -> dict:
    """A tapped FAQ no longer exists (the FAQ set was replaced since)."""
    return {"type": "text", "text": (
        "申し訳ありません。この質問の情報は更新されました。お手数ですが、もう一度質問を送ってください。"
    )}
