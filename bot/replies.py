"""Pure: the few replies the dispatcher itself sends (everything else comes from dialogs and the FAQ)."""

from __future__ import annotations

from segments.city import City


def text(body: str) -> dict:
    """A LINE text message object."""
    return {"type": "text", "text": body}


def apology(city: City) -> dict:
    return text(
        "申し訳ありません。ただいま処理できませんでした。\n"
        f"少し時間をおいて、もう一度お送りください。お急ぎの方は {city.name} ({city.contact_phone}) へお電話ください。"
    )


def not_text(city: City) -> dict:
    return text(
        "ありがとうございます。\nご質問は文字で送ってください。\n"
        "例: 「粗大ごみの出し方」「住民票 コンビニ」\n登録内容の確認・変更は「設定」と送ってください。"
    )


def group_notice(city: City) -> dict:
    return text(
        f"{city.name}の公式アカウントです。\n"
        "グループやトークルームではお答えできません。1対1のトークでご利用ください。"
    )
