"""Pure: a broadcast written as a document (a TOML or JSON file, or a form) turned into broadcast fields.

    title = "ごみ収集日のお知らせ"
    segment = "district:中央 AND interest:ごみの日"
    category = "ごみの日"              # optional: citizens who turned it off with 「配信停止」 are left out
    urgent = false                     # 防災 only: any hour, no weekly cap, ahead of other work
    schedule = "毎週 月,木 07:30"      # optional: omitted = as soon as approved
    skip = ["2026-05-04"]              # optional dates a recurring schedule leaves out
    until = "2027-03-31"               # optional last date of a recurring schedule

    [[messages.ja]]                    # 日本語 is required; ja-easy, en, zh, ko, vi are optional
    template = "notice"
    title = "..."
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from messages import schedule, templates
from messages.errors import InvalidBroadcast
from messages.validate import Problem

FIELDS = ("title", "segment", "category", "urgent", "schedule", "skip", "until", "messages")


def fields_from_document(document: dict, tz: ZoneInfo = schedule.JST) -> dict:
    """The broadcast fields the document gives (only those, so it can also describe an edit)."""
    unknown = sorted(set(document) - set(FIELDS))
    if unknown:
        raise InvalidBroadcast([Problem(name, name, f"知らない項目です (使える項目: {', '.join(FIELDS)})。")
                                for name in unknown])
    found = {name: document[name] for name in ("title", "segment", "category", "urgent") if name in document}
    if "messages" in document:
        found["variants"] = _variants(document["messages"])
    if "schedule" in document:
        found["schedule"] = rule_from_text(document["schedule"], document.get("skip", ()), document.get("until"), tz)
    return found


def rule_from_text(text: str | None, skip=(), until=None, tz: ZoneInfo = schedule.JST) -> schedule.Rule | None:
    """A schedule from its text; empty text means "as soon as approved"."""
    if not text:
        return None
    return schedule.parse(text, skip=tuple(_date(day) for day in skip), until=_date(until) if until else None, tz=tz)


def _variants(messages: dict) -> dict[str, list[dict]]:
    variants, problems = {}, []
    for language, specs in messages.items():
        variants[language] = []
        for number, spec in enumerate(specs, start=1):
            try:
                variants[language].append(templates.build(spec))
            except templates.TemplateError as error:
                problems.append(Problem(f"messages.{language}[{number - 1}]", f"{language} {number}通目", str(error)))
    if problems:
        raise InvalidBroadcast(problems)
    return variants


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
