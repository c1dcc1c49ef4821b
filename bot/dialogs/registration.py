"""Pure: the registration steps (consent, 地区, 年代, 関心, language), shared by 「登録」 ("reg") and 「設定」 ("set").

In the "reg" flow a finished step leads to the next question; in the "set" flow it leads back to the menu.
"""

from __future__ import annotations

from typing import Callable

from bot.dialogs.model import FIELDS, NO_CHANGES, Answer, Changes, DialogState, Outcome, View
from bot.dialogs.quick_replies import Button, page_of
from bot.dialogs.replies import summary_card, text
from bot.dialogs.texts import LABELS, MARK_CHOSEN, MARK_SUGGESTED, field_name, language_label, say

ORDER = ("consent", "district", "age", "interest", "language", "finish")
"""The registration questions in the order they are asked."""

QUESTIONS = {"district": "ask_district", "age": "ask_age", "interest": "ask_interest", "language": "ask_language"}

Step = Callable[[View, Answer], Outcome]


def start(view: View, answer: Answer) -> Outcome:
    """「登録」: the consent question first unless the citizen already agreed to the current notice."""
    first = "district" if view.choices.consented(view.city) else "consent"
    return Outcome(then=Answer("reg", first))


def consent(view: View, answer: Answer) -> Outcome:
    language = view.choices.language
    if answer.verb == "pick" and answer.value == "yes":
        note = "consent_thanks" if answer.flow == "reg" else "consent_granted"
        changes = NO_CHANGES if view.choices.consented(view.city) else Changes(consent=True)
        return Outcome((text(say(note, language)),), changes=changes, then=_after(answer))
    if answer.verb == "pick" and answer.value == "no":
        return Outcome((text(say("refused", language)),), changes=Changes(consent=False))
    if answer.verb == "back" and answer.flow == "set":
        return Outcome(then=Answer("set", "menu"))
    note = None if answer.verb == "show" else say("invalid", language)
    return ask_consent(view, answer.flow, note)


def ask_consent(view: View, flow: str, note: str | None = None) -> Outcome:
    """The privacy notice with 同意する / 同意しない (and 戻る when it was opened from 「設定」)."""
    buttons = [Button(LABELS["agree"], Answer(flow, "consent", "pick", "yes").data),
               Button(LABELS["refuse"], Answer(flow, "consent", "pick", "no").data)]
    if flow == "set":
        buttons.append(Button(LABELS["back"], Answer(flow, "consent", "back").data))
    notice = say("privacy", view.choices.language, city=view.city.name, url=view.city.privacy_url)
    replies = ([text(note)] if note else []) + [text(notice, buttons)]
    return Outcome(tuple(replies), DialogState(flow, "consent"))


def single_choice(step: str) -> Step:
    """地区, 年代 or language: one value from the city's list."""

    def run(view: View, answer: Answer) -> Outcome:
        if not view.choices.consented(view.city):
            return _consent_first(view)
        values = _values(view, step)
        if answer.verb == "pick" and answer.value in values:
            return _chosen(view, answer, {FIELDS[step]: answer.value}, values[answer.value])
        chosen = {view.choices.value(step)} - {None}
        return _common(view, answer, step) or _ask(view, answer, _buttons(view, answer, values, chosen))

    return run


def interest(view: View, answer: Answer) -> Outcome:
    """関心: several values, each tap toggles one; 完了 stores them all."""
    if not view.choices.consented(view.city):
        return _consent_first(view)
    values = {value: value for value in view.city.interests}
    picked = _picked(view, answer)
    if answer.verb == "done":
        chosen = frozenset(picked)
        shown = "、".join(value for value in view.city.interests if value in chosen) or say("unset", _lang(view))
        return _chosen(view, answer, {"interests": chosen}, shown)
    if answer.verb == "pick" and answer.value in values:
        toggled = picked - {answer.value} if answer.value in picked else picked | {answer.value}
        note = say("unpicked" if answer.value in picked else "picked", _lang(view), value=answer.value)
        page = view.state.page if view.state and view.state.step == "interest" else 0
        buttons = _buttons(view, answer, values, toggled)
        return _ask(view, answer.to(verb="page", value=str(page)), buttons, note, picked=toggled)
    buttons = _buttons(view, answer, values, picked)
    return _common(view, answer, "interest") or _ask(view, answer, buttons, picked=picked)


def finish(view: View, answer: Answer) -> Outcome:
    """The end of 「登録」: thanks in the chosen language and the choices as a card."""
    language = _lang(view)
    replies = (text(say("registered", language)), summary_card(view.choices, view.city, language))
    return Outcome(replies, changes=Changes(registered=True))


def _common(view: View, answer: Answer, step: str) -> Outcome | None:
    """スキップ, 未登録にする and 戻る work the same in every attribute step; None for the other verbs."""
    if answer.verb == "skip":
        return Outcome(then=_after(answer))
    if answer.verb == "clear":
        field = FIELDS[step]
        note = say("cleared", _lang(view), field=field_name(step, _lang(view)))
        empty = frozenset() if field == "interests" else None
        return Outcome((text(note),), changes=Changes(attributes={field: empty}), then=_after(answer))
    if answer.verb == "back":
        return Outcome(then=_before(answer))
    return None


def _chosen(view: View, answer: Answer, attributes: dict, shown: str) -> Outcome:
    changes = Changes(attributes=attributes)
    if answer.flow == "reg":
        return Outcome(changes=changes, then=_after(answer))
    language = view.after(changes).choices.language
    note = say("changed", language, field=field_name(answer.step, language), value=shown)
    return Outcome((text(note),), changes=changes, then=_after(answer))


def _ask(view: View, answer: Answer, options: list[Button], note: str | None = None,
         picked: frozenset[str] | None = None) -> Outcome:
    """Ask the step's question with one page of options and its controls; keep the step open."""
    page = int(answer.value) if answer.verb == "page" and answer.value.isdigit() else 0
    if answer.verb not in ("show", "page") and note is None:
        note = say("invalid", _lang(view))
    buttons = page_of(options, _controls(view, answer), page,
                      lambda number: Answer(answer.flow, answer.step, "page", str(number)).data)
    question = text(say(QUESTIONS[answer.step], _lang(view)), buttons)
    replies = ([text(note)] if note else []) + [question]
    state = DialogState(answer.flow, answer.step, page, tuple(sorted(picked)) if picked is not None else None)
    return Outcome(tuple(replies), state)


def _controls(view: View, answer: Answer) -> list[Button]:
    def button(label: str, verb: str) -> Button:
        return Button(LABELS[label], Answer(answer.flow, answer.step, verb).data)

    controls = [button("done", "done")] if answer.step == "interest" else []
    if answer.flow == "reg":
        controls.append(button("skip", "skip"))
    elif view.choices.value(answer.step):
        controls.append(button("clear", "clear"))
    return controls + [button("back", "back")]


def _buttons(view: View, answer: Answer, values: dict[str, str], chosen: set[str] | frozenset[str]) -> list[Button]:
    """Options as buttons; the current choices marked ✓, the suggested language marked ★."""
    suggested = view.suggested_language if answer.step == "language" else None

    def label(value: str) -> str:
        mark = MARK_CHOSEN if value in chosen else MARK_SUGGESTED if value == suggested else ""
        return mark + values[value]

    return [Button(label(value), Answer(answer.flow, answer.step, "pick", value).data) for value in values]


def _values(view: View, step: str) -> dict[str, str]:
    """The city's values for a step, by value, with the label a citizen sees (the suggested language first)."""
    if step != "language":
        return {value: value for value in getattr(view.city, {"district": "districts", "age": "age_groups"}[step])}
    codes = sorted(view.city.languages, key=lambda code: code != view.suggested_language)
    return {code: language_label(code) for code in codes}


def _picked(view: View, answer: Answer) -> frozenset[str]:
    """関心 chosen so far: from the open step, else what is stored."""
    state = view.state
    if answer.verb != "show" and state and state.step == "interest" and state.picked is not None:
        return frozenset(state.picked)
    return view.choices.interests


def _consent_first(view: View) -> Outcome:
    return Outcome((text(say("consent_needed", _lang(view))),), then=Answer("reg", "consent"))


def _after(answer: Answer) -> Answer:
    if answer.flow == "set":
        return Answer("set", "menu")
    return Answer("reg", ORDER[ORDER.index(answer.step) + 1])


def _before(answer: Answer) -> Answer:
    if answer.flow == "set":
        return Answer("set", "menu")
    return Answer("reg", ORDER[max(ORDER.index(answer.step) - 1, 0)])


def suggest_language(profile_language: str | None, view: View) -> str | None:
    """The city language closest to the LINE app's language (e.g. "zh-Hant" -> "zh"), if the city offers it."""
    code = (profile_language or "").split("-")[0].lower()
    return code if code in view.city.languages else None


def _lang(view: View) -> str | None:
    return view.choices.language
