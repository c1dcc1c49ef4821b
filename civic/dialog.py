"""Pure: the report dialog — category, photos, place, comment, confirmation — as a state machine that returns
the next draft and the replies (LINE message objects) for each answer.

Every step has やめる; a citizen who wanders off (asks the FAQ something) finds the draft again with 「通報」.
Buttons are postbacks `civ:…`; LINE's quick-reply camera, camera-roll and location actions send the photo
or the place as ordinary messages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from civic.settings import COMMENT_LIMIT, MAX_PHOTOS, CivicSettings

PREFIX = "civ:"
START_WORDS = ("通報", "市民通報", "道路の破損", "報告する")
CANCEL_WORDS = ("やめる", "キャンセル", "中止")
NONE_WORDS = ("なし", "ない", "特になし", "写真なし", "スキップ")


@dataclass(frozen=True)
class Draft:
    report_id: str
    step: str = "category"
    """category → photo → place → comment → confirm."""
    category: str = ""
    photos: tuple[str, ...] = ()
    """LINE message IDs of the photos; their content is fetched by a job."""
    latitude: float | None = None
    longitude: float | None = None
    place: str = ""
    """What the citizen typed (an address or a landmark), or the name LINE gave the shared location."""
    comment: str = ""


@dataclass(frozen=True)
class Answer:
    kind: str
    """start, resume, restart, cancel, category, photo, photos_done, skip, location, text, not_image, send."""
    value: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Outcome:
    draft: Draft | None
    """The draft to keep, or None when the dialog closed (sent, cancelled)."""
    replies: list[dict] = field(default_factory=list)
    submit: bool = False


def parse_postback(data: str) -> Answer | None:
    if not data.startswith(PREFIX):
        return None
    kind, _, value = data[len(PREFIX):].partition(":")
    return Answer(kind, value)


def typed(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def is_start(text: str) -> bool:
    return typed(text) in START_WORDS


def step(draft: Draft, answer: Answer, settings: CivicSettings) -> Outcome:
    """The next state of the dialog for one answer."""
    if answer.kind == "cancel" or (answer.kind == "text" and typed(answer.value) in CANCEL_WORDS):
        return Outcome(None, [_text("通報を取り消しました。また何かあれば「通報」と送ってください。")])
    if answer.kind in ("start", "restart"):
        return ask(Draft(draft.report_id), settings)
    if answer.kind == "resume":
        return ask(draft, settings)
    handler = STEPS.get(draft.step)
    return handler(draft, answer, settings) if handler else ask(Draft(draft.report_id), settings)


def _category(draft: Draft, answer: Answer, settings: CivicSettings) -> Outcome:
    chosen = settings.category(answer.value) if answer.kind == "category" else None
    if chosen is None:
        return ask(draft, settings, note="下のボタンから、近いものを選んでください。")
    return ask(replace(draft, category=chosen.code, step="photo"), settings)


def _photo(draft: Draft, answer: Answer, settings: CivicSettings) -> Outcome:
    if answer.kind == "photo":
        if len(draft.photos) >= MAX_PHOTOS:
            return ask(replace(draft, step="place"), settings, note=f"写真は {MAX_PHOTOS} 枚までです。")
        photos = (*draft.photos, answer.value)
        if len(photos) == MAX_PHOTOS:
            return ask(replace(draft, photos=photos, step="place"), settings, note=f"写真を {MAX_PHOTOS} 枚受け取りました。")
        return ask(replace(draft, photos=photos), settings, note=f"写真を受け取りました ({len(photos)} 枚目)。")
    if answer.kind == "not_image":
        return ask(draft, settings, note="写真 (画像) を送ってください。動画やファイルは受け付けていません。")
    if answer.kind in ("photos_done", "skip") or (answer.kind == "text" and typed(answer.value) in NONE_WORDS):
        return ask(replace(draft, step="place"), settings)
    return ask(draft, settings)


def _place(draft: Draft, answer: Answer, settings: CivicSettings) -> Outcome:
    if answer.kind == "location" and answer.latitude is not None and answer.longitude is not None:
        if not settings.inside(answer.latitude, answer.longitude):
            return ask(draft, settings, note="その場所は市の外のようです。市内の場所を送ってください"
                                             " (市外のことは、その地域の役所にお問い合わせください)。")
        moved = replace(draft, latitude=answer.latitude, longitude=answer.longitude, place=answer.value, step="comment")
        return ask(moved, settings)
    if answer.kind == "text" and typed(answer.value):
        return ask(replace(draft, place=typed(answer.value)[:COMMENT_LIMIT], latitude=None, longitude=None,
                           step="comment"), settings)
    if answer.kind == "photo":
        return ask(draft, settings, note=f"写真は {MAX_PHOTOS} 枚までです。次は場所を教えてください。")
    return ask(draft, settings)


def _comment(draft: Draft, answer: Answer, settings: CivicSettings) -> Outcome:
    if answer.kind == "skip" or (answer.kind == "text" and typed(answer.value) in NONE_WORDS):
        return ask(replace(draft, comment="", step="confirm"), settings)
    if answer.kind == "text" and typed(answer.value):
        text = typed(answer.value)
        if len(text) > COMMENT_LIMIT:
            return ask(draft, settings, note=f"{COMMENT_LIMIT} 文字までにしてください (今 {len(text)} 文字)。")
        return ask(replace(draft, comment=text, step="confirm"), settings)
    return ask(draft, settings)


def _confirm(draft: Draft, answer: Answer, settings: CivicSettings) -> Outcome:
    if answer.kind == "send":
        return Outcome(None, [], submit=True)
    return ask(draft, settings)


STEPS = {"category": _category, "photo": _photo, "place": _place, "comment": _comment, "confirm": _confirm}


def ask(draft: Draft, settings: CivicSettings, note: str = "") -> Outcome:
    """The question of the draft's step (after `note`, if any)."""
    prefix = f"{note}\n" if note else ""
    cancel = _postback("やめる", "cancel")
    if draft.step == "category":
        buttons = [_postback(category.label[:20], f"category:{category.code}") for category in settings.categories]
        message = _text(prefix + "市民通報です。どんなことですか？ 下から選んでください。", [*buttons, cancel])
    elif draft.step == "photo":
        more = [_postback("次へ (場所)", "photos_done")] if draft.photos else [_postback("写真なしで進む", "skip")]
        message = _text(prefix + f"様子がわかる写真を送ってください ({MAX_PHOTOS} 枚まで)。\n"
                                 "人の顔や車のナンバーが写らないようにお願いします。",
                        [{"type": "camera", "label": "カメラで撮る"}, {"type": "cameraRoll", "label": "写真を選ぶ"},
                         *more, cancel])
    elif draft.step == "place":
        message = _text(prefix + "場所を教えてください。「位置情報を送る」を押すと地図で選べます。\n"
                                 "住所や目印 (例: 中央公園の北の入口) を文字で送っても大丈夫です。",
                        [{"type": "location", "label": "位置情報を送る"}, cancel])
    elif draft.step == "comment":
        message = _text(prefix + f"ひとこと、様子を教えてください ({COMMENT_LIMIT} 文字まで)。\n"
                                 "例: 30cm くらいの穴があいています。\nなければ「なし」を押してください。",
                        [_postback("なし", "skip"), cancel])
    else:
        message = confirmation(draft, settings)
        return Outcome(draft, ([_text(note)] if note else []) + [message])
    return Outcome(draft, [message])


def confirmation(draft: Draft, settings: CivicSettings) -> dict:
    """The card the citizen checks before sending: what, where, how many photos, the comment."""
    category = settings.category(draft.category)
    where = draft.place or ("地図で選んだ場所" if draft.latitude is not None else "—")
    rows = [("内容", category.label if category else "—"), ("場所", where),
            ("写真", f"{len(draft.photos)} 枚"), ("ひとこと", draft.comment or "なし")]
    body = [{"type": "text", "text": "この内容で送りますか？", "weight": "bold", "size": "lg", "wrap": True}]
    body += [{"type": "box", "layout": "baseline", "spacing": "sm", "contents": [
        {"type": "text", "text": label, "color": "#555555", "size": "md", "flex": 2},
        {"type": "text", "text": value, "size": "md", "flex": 5, "wrap": True}]} for label, value in rows]
    footer = [{"type": "button", "style": "primary", "height": "md",
               "action": {"type": "postback", "label": "送信する", "data": PREFIX + "send", "displayText": "送信する"}},
              {"type": "button", "style": "secondary", "height": "md",
               "action": {"type": "postback", "label": "最初からやり直す", "data": PREFIX + "restart",
                          "displayText": "最初からやり直す"}},
              {"type": "button", "style": "link", "height": "md",
               "action": {"type": "postback", "label": "やめる", "data": PREFIX + "cancel", "displayText": "やめる"}}]
    bubble = {"type": "bubble", "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": body},
              "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": footer}}
    return {"type": "flex", "altText": "通報の内容の確認", "contents": bubble}


def resume_question() -> dict:
    return _text("書きかけの通報があります。続けますか？",
                 [_postback("続ける", "resume"), _postback("最初から", "restart"), _postback("やめる", "cancel")])


def receipt(receipt_no: str) -> dict:
    return _text(f"通報を受け付けました。ありがとうございます。\n受付番号: {receipt_no}\n"
                 "担当課が確認し、対応の状況をこのトークでお知らせします。急ぎの危険があるときは電話でご連絡ください。")


def expired() -> dict:
    return _text("前回の通報は、時間がたったため取り消されました。お手数ですが、もう一度「通報」と送ってください。")


def over_limit(limit: int) -> dict:
    return _text(f"通報は1日 {limit} 件までとさせていただいています。明日また送ってください。"
                 "急ぎのときは市役所へお電話ください。")


def _postback(label: str, data: str) -> dict:
    return {"type": "postback", "label": label, "data": PREFIX + data, "displayText": label}


def _text(body: str, actions: list[dict] | None = None) -> dict:
    message: dict = {"type": "text", "text": body}
    if actions:
        message["quickReply"] = {"items": [{"type": "action", "action": action} for action in actions[:13]]}
    return message
