"""Redis and LINE I/O: the dialogs' route for bot/dispatch.py and the greeting on follow.

Postbacks starting with reg:/set:/stop:/del:, the typed words 「設定」「登録」「配信停止」「データ削除」「ヘルプ」
and a typed answer to the open step are ours; any other text closes the open step and goes to the FAQ.
"""

from __future__ import annotations

from dataclasses import replace

from bot.context import BotContext
from bot.dialogs import state as dialog_state
from bot.dialogs import settings, steps
from bot.dialogs.model import FLOWS, Answer, Changes, Choices, DialogState, Outcome, View
from bot.dialogs.registration import suggest_language
from bot.dialogs.replies import text
from bot.dialogs.texts import say
from bot.events import Incoming
from campaigns import store as campaign_store
from civic import store as civic_store
from menus import jobs as menu_jobs
from menus.store import is_disaster
from messages.errors import DeliveryError
from reports.counters import count_event
from segments.store import Follower, FollowerStore

PREFIXES = tuple(f"{flow}:" for flow in FLOWS)
"""Postback data we own (the FAQ owns "faq:")."""


def route(incoming: Incoming, ctx: BotContext) -> list[dict] | None:
    """Replies for a dialog postback, a dialog word or an answer to the open step; None for anything else."""
    if not incoming.user_id:
        return None
    if incoming.type == "postback":
        data = incoming.postback_data or ""
        if not data.startswith(PREFIXES):
            return None
        return _run(incoming.user_id, Answer.parse(data) or Answer("set", "help"), ctx)
    if incoming.type == "message" and incoming.message_type == "text" and incoming.text:
        return _typed(incoming.user_id, incoming.text, ctx)
    return None


def greet(follower: Follower, ctx: BotContext) -> list[dict]:
    """On follow: greeting, privacy notice and consent question; a returning citizen is welcomed back.
    In disaster mode a notice pointing to the disaster menu comes first."""
    redis = ctx.services.redis
    outcome = settings.welcome(View(ctx.city, choices_of(follower)))
    dialog_state.keep(redis, follower.user_id, outcome.state)
    if follower.consented:
        link_menu_later(ctx, follower.user_id)
    if is_disaster(redis):
        notice = text(say("disaster_notice", follower.language, city=ctx.city.name))
        return [notice, *outcome.replies][:steps.MAX_REPLIES]
    return list(outcome.replies)


def link_menu_later(ctx: BotContext, user_id: str) -> None:
    """The friend's rich menu follows their registration; linking is a LINE call, so it runs after the reply."""
    menu_jobs.link_later(ctx.services, user_id)


def choices_of(follower: Follower | None) -> Choices:
    if follower is None:
        return Choices()
    return Choices(consent=follower.consent, consent_version=follower.consent_version, district=follower.district,
                   age=follower.age, interests=follower.interests, language=follower.language,
                   optouts=follower.optouts)


def _typed(user_id: str, typed: str, ctx: BotContext) -> list[dict] | None:
    answer = steps.command(typed)
    if answer is not None:
        return _run(user_id, answer, ctx)
    redis = ctx.services.redis
    open_step = dialog_state.load(redis, user_id)
    if open_step is None:
        return None
    view = _view(user_id, ctx, open_step)
    answer = steps.answer_typed(view, typed)
    if answer is None:
        dialog_state.keep(redis, user_id, None)  # walked away from the dialog: the FAQ answers instead
        return None
    return _run(user_id, answer, ctx, view)


def _view(user_id: str, ctx: BotContext, open_step: DialogState | None) -> View:
    follower = FollowerStore(ctx.services.redis, ctx.city).get(user_id)
    return View(ctx.city, choices_of(follower), open_step)


def _run(user_id: str, answer: Answer, ctx: BotContext, view: View | None = None) -> list[dict]:
    redis = ctx.services.redis
    view = view or _view(user_id, ctx, dialog_state.load(redis, user_id))
    outcome = steps.run(view, answer)
    if _asks_language(outcome) and view.choices.language is None:
        view = replace(view, suggested_language=suggest_language(_profile_language(ctx, user_id), view))
        outcome = steps.run(view, answer)
    _store(FollowerStore(redis, ctx.city), user_id, outcome.changes, ctx)
    dialog_state.keep(redis, user_id, outcome.state)
    return list(outcome.replies)


def _asks_language(outcome: Outcome) -> bool:
    return outcome.state is not None and outcome.state.step == "language"


def _profile_language(ctx: BotContext, user_id: str) -> str | None:
    """The LINE app's language from the profile; a suggestion only, so a failed lookup just means none."""
    try:
        profile = ctx.services.gateway.profile(user_id)
    except DeliveryError:
        return None
    return (profile or {}).get("language")


def _store(store: FollowerStore, user_id: str, changes: Changes, ctx: BotContext) -> None:
    """Carry out a step's changes; consent and opt-outs create the record of a citizen we hold nothing about."""
    if changes.erase:
        store.erase(user_id)
        menu_jobs.forget_friend_menu(ctx.services, user_id)
        campaign_store.forget_friend(store.redis, user_id)
        civic_store.forget_user(store.redis, user_id, ctx.now.date())
        return
    day = ctx.now.date()
    if changes.consent is not None:
        store.record_consent(user_id, granted=changes.consent, at=ctx.now)
        if changes.consent:
            count_event(store.redis, "consent", day)
    if changes.attributes:
        store.update(user_id, **changes.attributes)
    if changes.opt_out:
        store.opt_out(user_id, changes.opt_out)
    if changes.opt_in:
        store.opt_in(user_id, changes.opt_in)
    if changes.consent is not None or changes.attributes:
        link_menu_later(ctx, user_id)
    follower = store.get(user_id) if changes.registered else None
    if follower is not None and follower.consented:
        attributes = {"district": follower.district, "age": follower.age, "interests": sorted(follower.interests),
                      "language": follower.language}
        count_event(store.redis, "registration", day, attributes)
        campaign_store.note_registration(store.redis, user_id, ctx.now)
