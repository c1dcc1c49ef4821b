"""Pure: the dialog state table (flow, step) -> step function, and how an answer or a typed text runs it."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from bot.dialogs import registration, settings
from bot.dialogs.model import Answer, Outcome, View
from bot.dialogs.texts import LABELS, MARKS

TABLE: dict[tuple[str, str], registration.Step] = {
    ("reg", "start"): registration.start,
    ("reg", "finish"): registration.finish,
    ("set", "menu"): settings.menu,
    ("set", "help"): settings.help_text,
    ("stop", "list"): settings.stop_list,
    ("del", "confirm"): settings.erase,
    **{(flow, "consent"): registration.consent for flow in ("reg", "set")},
    **{(flow, "interest"): registration.interest for flow in ("reg", "set")},
    **{(flow, step): registration.single_choice(step)
       for flow in ("reg", "set") for step in ("district", "age", "language")},
}
"""Every state a dialog can be in; each step returns (replies, next state, changes)."""

COMMANDS: dict[str, Answer] = {
    LABELS["settings"]: Answer("set", "menu"),
    "せってい": Answer("set", "menu"),
    LABELS["register"]: Answer("reg", "start"),
    "とうろく": Answer("reg", "start"),
    LABELS["stop"]: Answer("stop", "list"),
    "配信をやめる": Answer("stop", "list"),
    LABELS["erase"]: Answer("del", "confirm"),
    LABELS["help"]: Answer("set", "help"),
    "help": Answer("set", "help"),
}
"""Words a citizen may type anywhere to open a dialog (compared after `normalize`)."""

MAX_REPLIES = 5
"""LINE accepts at most 5 messages per reply."""

_PUNCTUATION = "「」『』\"'。、，,.!！?？・" + MARKS


def normalize(typed: str) -> str:
    """Compare typed words loosely: NFKC (full/half width), no spaces, no quotes or end punctuation, case-folded."""
    folded = unicodedata.normalize("NFKC", typed).casefold()
    return "".join(char for char in folded if not char.isspace() and char not in _PUNCTUATION)


def command(typed: str) -> Answer | None:
    """The dialog a typed word opens (「設定」, ﾍﾙﾌﾟ and 設 定 too), or None."""
    return _COMMANDS.get(normalize(typed))


_COMMANDS = {normalize(word): answer for word, answer in COMMANDS.items()}


def run(view: View, answer: Answer) -> Outcome:
    """Run one step and every step it chains to; the last one decides the state kept."""
    step = TABLE.get((answer.flow, answer.step))
    if step is None:
        return run(view, Answer("set", "help"))
    outcome = step(view, answer)
    if outcome.then is None:
        return _limited(outcome)
    following = run(replace(view.after(outcome.changes), state=None), outcome.then)
    combined = Outcome(outcome.replies + following.replies, following.state, outcome.changes.merged(following.changes))
    return _limited(combined)


def answer_typed(view: View, typed: str) -> Answer | None:
    """A typed text that equals a button of the open step answers it (e.g. 「スキップ」, 「中央」); else None."""
    if view.state is None:
        return None
    page = view.state.page
    shown = run(view, Answer(view.state.flow, view.state.step, *(("page", str(page)) if page else ("show",))))
    wanted = normalize(typed)
    for item in shown.replies[-1].get("quickReply", {}).get("items", ()) if shown.replies else ():
        action = item["action"]
        if wanted and wanted in (normalize(action["label"]), normalize(action["displayText"])):
            return Answer.parse(action["data"])
    return None


def _limited(outcome: Outcome) -> Outcome:
    """Keep the last replies if a chain ever produced more than LINE accepts (the question comes last)."""
    return replace(outcome, replies=outcome.replies[-MAX_REPLIES:])
