"""Redis I/O: the citizen-report route — 「通報」 starts the dialog (civic/dialog.py); while a draft is open,
its buttons, photos, the shared location and the typed place or comment answer it. A photo's content is
fetched by a job, so the webhook is answered as fast as any other message."""

from __future__ import annotations

from bot.context import BotContext
from bot.events import Incoming
from civic import dialog, store
from civic.dialog import Answer, Draft
from civic.jobs import request_photos

TYPED_STEPS = ("place", "comment")
"""Steps where any text is the answer (an address, a comment); elsewhere text goes on to the FAQ."""
NOT_PHOTOS = ("video", "audio", "file")


def route(incoming: Incoming, ctx: BotContext) -> list[dict] | None:
    if not incoming.user_id or ctx.services.config.civic is None:
        return None
    redis, settings = ctx.services.redis, ctx.services.config.civic
    draft = store.load_draft(redis, incoming.user_id)
    answer = _answer(incoming, draft)
    if answer is None:
        return None
    if draft is None:
        if answer.kind != "start":
            return [dialog.expired()] if incoming.type == "postback" else None
        if store.sent_today(redis, incoming.user_id, ctx.now.date()) >= settings.daily_limit:
            return [dialog.over_limit(settings.daily_limit)]
        draft = Draft(store.new_report_id())
    elif answer.kind == "start":
        return [dialog.resume_question()]
    outcome = dialog.step(draft, answer, settings)
    if outcome.submit:
        if store.sent_today(redis, incoming.user_id, ctx.now.date()) >= settings.daily_limit:
            return [dialog.over_limit(settings.daily_limit)]
        report = store.submit(redis, incoming.user_id, draft, ctx.now)
        request_photos(ctx.services, report.report_id, draft.photos)
        return [dialog.receipt(report.receipt)]
    store.keep_draft(redis, incoming.user_id, outcome.draft)
    return outcome.replies


def _answer(incoming: Incoming, draft: Draft | None) -> Answer | None:
    if incoming.type == "postback":
        return dialog.parse_postback(incoming.postback_data or "")
    if incoming.type != "message":
        return None
    if incoming.message_type == "text" and incoming.text:
        return _typed(incoming.text, draft)
    if draft is None:
        return None
    if incoming.message_type == "image" and incoming.message_id and draft.step in ("photo", "place"):
        return Answer("photo", incoming.message_id)
    if incoming.message_type in NOT_PHOTOS and draft.step == "photo":
        return Answer("not_image")
    if incoming.message_type == "location" and incoming.location and draft.step == "place":
        latitude, longitude = incoming.location
        return Answer("location", incoming.place_name or "", latitude, longitude)
    return None


def _typed(text: str, draft: Draft | None) -> Answer | None:
    if dialog.is_start(text):
        return Answer("start")
    if draft is None:
        return None
    words = dialog.typed(text)
    answers_step = draft.step in TYPED_STEPS or (draft.step == "photo" and words in dialog.NONE_WORDS)
    return Answer("text", text) if answers_step or words in dialog.CANCEL_WORDS else None
