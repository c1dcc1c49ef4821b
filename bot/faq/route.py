"""Redis I/O: the FAQ route — citizens' text questions and the FAQ's own postbacks (`faq:…`).

Routes before this one (dialogs, commands such as 設定 or ヘルプ) have already had their turn; any
text message that reaches here is treated as a question.
"""

from __future__ import annotations

from bot.context import BotContext
from bot.events import Incoming
from bot.faq import answer, engine, gaps, store
from menus.store import is_disaster

DISASTER_CATEGORY = "防災"
"""The FAQ category preferred while disaster mode is on."""


def route(incoming: Incoming, ctx: BotContext) -> list[dict] | None:
    """Reply to a question or an FAQ postback; None for anything else (the next route takes it)."""
    data = incoming.postback_data or ""
    if incoming.type == "postback" and data.startswith("faq:"):
        return on_postback(incoming, ctx, data)
    if incoming.type == "message" and incoming.message_type == "text" and (incoming.text or "").strip():
        return on_question(incoming, ctx, incoming.text)
    return None


def on_question(incoming: Incoming, ctx: BotContext, text: str) -> list[dict]:
    redis = ctx.services.redis
    found = engine.ask(redis, text, prefer=DISASTER_CATEGORY if is_disaster(redis) else None)
    if found.verdict == "answer":
        return reply_with_answer(incoming, ctx, found.best, question=text)
    if found.verdict == "ask":
        _remember(incoming, ctx, question=text, faq_id="")
        return [answer.ask_back([hit.faq for hit in found.candidates])]
    gaps.record_unanswered(redis, text, at=ctx.now)
    return [answer.no_answer(ctx.city)]


def reply_with_answer(incoming: Incoming, ctx: BotContext, faq, *, question: str) -> list[dict]:
    _remember(incoming, ctx, question=question, faq_id=faq.id)
    return [answer.answer_bubble(faq)]


def _remember(incoming: Incoming, ctx: BotContext, *, question: str, faq_id: str) -> None:
    if incoming.user_id:
        gaps.remember_answer(ctx.services.redis, incoming.user_id, question=question, faq_id=faq_id)


def on_postback(incoming: Incoming, ctx: BotContext, data: str) -> list[dict]:
    if data.startswith(answer.POSTBACK_ANSWER):
        return on_candidate(incoming, ctx, data.removeprefix(answer.POSTBACK_ANSWER))
    if data.startswith(answer.POSTBACK_HELPFUL):
        return on_feedback(incoming, ctx, data.removeprefix(answer.POSTBACK_HELPFUL), helpful=True)
    if data.startswith(answer.POSTBACK_UNHELPFUL):
        return on_feedback(incoming, ctx, data.removeprefix(answer.POSTBACK_UNHELPFUL), helpful=False)
    if data == answer.POSTBACK_NONE:
        return on_none_of_these(incoming, ctx)
    return []


def on_candidate(incoming: Incoming, ctx: BotContext, faq_id: str) -> list[dict]:
    """A tap on an ask-back choice answers with that FAQ (feedback then refers to the original question)."""
    faq = store.get_faq(ctx.services.redis, faq_id)
    if faq is None:
        return [answer.gone()]
    last = _last(incoming, ctx)
    question = last["question"] if last and last.get("question") else faq.question
    return reply_with_answer(incoming, ctx, faq, question=question)


def on_feedback(incoming: Incoming, ctx: BotContext, faq_id: str, *, helpful: bool) -> list[dict]:
    """Counted once per answer: only while the tapped FAQ is the one we last answered this citizen with."""
    last = gaps.take_last_answer(ctx.services.redis, incoming.user_id) if incoming.user_id else None
    if last and last.get("faq_id") == faq_id:
        gaps.record_feedback(ctx.services.redis, faq_id, helpful=helpful, question=last["question"], at=ctx.now)
    return [answer.thanks(ctx.city, helpful=helpful)]


def on_none_of_these(incoming: Incoming, ctx: BotContext) -> list[dict]:
    last = gaps.take_last_answer(ctx.services.redis, incoming.user_id) if incoming.user_id else None
    if last and last.get("question"):
        gaps.record_unanswered(ctx.services.redis, last["question"], at=ctx.now)
    return [answer.no_answer(ctx.city)]


def _last(incoming: Incoming, ctx: BotContext) -> dict[str, str] | None:
    return gaps.last_answer(ctx.services.redis, incoming.user_id) if incoming.user_id else None
