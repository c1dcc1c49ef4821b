"""Pure: 「設定」 menu, ヘルプ, 「配信停止」 list, 「データ削除」 confirmation and the greeting on follow."""

from __future__ import annotations

from bot.dialogs.model import Answer, Changes, DialogState, Outcome, View
from bot.dialogs.quick_replies import Button, page_of
from bot.dialogs.registration import ask_consent
from bot.dialogs.replies import summary_card, text
from bot.dialogs.texts import LABELS, say


def menu(view: View, answer: Answer) -> Outcome:
    """「設定」: the current choices as a card, with a button for each thing that can be changed."""
    if answer.verb == "close":
        return Outcome((text(say("closed", view.choices.language)),))
    card = summary_card(view.choices, view.city, view.choices.language, _menu_buttons(view))
    return Outcome((card,), DialogState("set", "menu"))


def _menu_buttons(view: View) -> list[Button]:
    if view.choices.consented(view.city):
        changes = [Button(LABELS[f"change_{step}"], Answer("set", step).data)
                   for step in ("district", "age", "interest", "language")]
        changes.append(Button(LABELS["withdraw"], Answer("set", "consent").data))
    else:
        changes = [Button(LABELS["register"], Answer("reg", "start").data)]
    return changes + [
        Button(LABELS["stop"], Answer("stop", "list").data),
        Button(LABELS["erase"], Answer("del", "confirm").data),
        Button(LABELS["close"], Answer("set", "menu", "close").data),
    ]


def help_text(view: View, answer: Answer) -> Outcome:
    """ヘルプ: what the citizen can do here, with buttons for each."""
    buttons = [] if view.choices.consented(view.city) else [Button(LABELS["register"], Answer("reg", "start").data)]
    buttons += [Button(LABELS["settings"], Answer("set", "menu").data),
                Button(LABELS["stop"], Answer("stop", "list").data),
                Button(LABELS["erase"], Answer("del", "confirm").data)]
    return Outcome((text(say("help", view.choices.language), buttons),))


def stop_list(view: View, answer: Answer) -> Outcome:
    """「配信停止」: each category can be turned off, and turned back on."""
    language, categories = view.choices.language, view.city.interests
    if answer.verb in ("close", "back"):
        return Outcome((text(say("closed", language)),))
    if answer.verb in ("off", "on") and answer.value in categories:
        off = answer.verb == "off"
        changes = Changes(opt_out=answer.value) if off else Changes(opt_in=answer.value)
        note = text(say("stopped" if off else "resumed", language, value=answer.value))
        page = view.state.page if view.state and view.state.step == "list" else 0
        return Outcome((note,), changes=changes, then=Answer("stop", "list", "page", str(page)))
    page = int(answer.value) if answer.verb == "page" and answer.value.isdigit() else 0
    replies = [] if answer.verb in ("show", "page") else [text(say("invalid", language))]
    buttons = page_of(_category_buttons(view), [Button(LABELS["close"], Answer("stop", "list", "close").data)],
                      page, lambda number: Answer("stop", "list", "page", str(number)).data)
    replies.append(text(say("stop_prompt", language), buttons))
    return Outcome(tuple(replies), DialogState("stop", "list", page))


def _category_buttons(view: View) -> list[Button]:
    def button(category: str) -> Button:
        stopped = category in view.choices.optouts
        label = say("resume_label" if stopped else "stop_label", view.choices.language, value=category)
        return Button(label, Answer("stop", "list", "on" if stopped else "off", category).data)

    return [button(category) for category in view.city.interests]


def erase(view: View, answer: Answer) -> Outcome:
    """「データ削除」: erase everything only after an explicit はい、削除します."""
    language = view.choices.language
    if answer.verb == "pick" and answer.value == "yes":
        return Outcome((text(say("erased", language, city=view.city.name)),), changes=Changes(erase=True))
    if (answer.verb, answer.value) in (("pick", "no"), ("back", ""), ("close", "")):
        return Outcome((text(say("erase_cancelled", language)),))
    buttons = [Button(LABELS["erase_yes"], Answer("del", "confirm", "pick", "yes").data),
               Button(LABELS["erase_no"], Answer("del", "confirm", "pick", "no").data)]
    replies = [] if answer.verb == "show" else [text(say("invalid", language))]
    replies.append(text(say("erase_ask", language), buttons))
    return Outcome(tuple(replies), DialogState("del", "confirm"))


def welcome(view: View) -> Outcome:
    """On follow: a greeting and the consent question; a returning citizen keeps their choices.

    No new consent question when the citizen already answered the notice the city shows now.
    """
    choices, city = view.choices, view.city
    if choices.decided(city):
        if not choices.consented(city):
            return Outcome((text(say("welcome_back", choices.language, city=city.name) + "\n"
                                 + say("welcome_unregistered", choices.language)),))
        kept = text(say("welcome_back", choices.language, city=city.name) + "\n"
                    + say("welcome_kept", choices.language))
        return Outcome((kept, summary_card(choices, city, choices.language)))
    if choices.consent:
        opening = [text(say("welcome_back", choices.language, city=city.name)),
                   text(say("privacy_changed", choices.language))]
    else:
        opening = [text(say("greeting", city=city.name))]
    question = ask_consent(view, "reg")
    return Outcome(tuple(opening) + question.replies, question.state)
