"""Pure: the compose form of a broadcast, field by field — message slots to template specs, schedule choices to
the schedule text `messages.schedule.parse` reads — and back again, so a broadcast can be edited in the form.

The templates themselves (and their parameters) are the broadcast package's: the form asks
`messages.templates.BUILDERS` which fields each one has, so a new template parameter appears here by itself.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from datetime import date
from typing import Mapping
from zoneinfo import ZoneInfo

from messages import schedule, templates
from messages.errors import ScheduleRefused

MAX_SLOTS = 5
"""LINE sends at most five messages per request, so a variant has five slots."""

RAW_JSON = "json"
"""The slot kind for a LINE message written as JSON (for what the templates do not cover)."""

TEMPLATE_LABELS = {"text": "テキスト", "image": "画像", "notice": "お知らせカード", "event": "イベントカード",
                   "disaster": "防災・緊急カード", RAW_JSON: "LINE の JSON (上級者向け)"}

FIELD_LABELS = {"title": "見出し", "evacuation": "避難情報 (例: 避難指示)", "date": "日付 (例: 2026年5月1日)",
                "when": "日時", "place": "場所", "body": "本文", "issued": "発表日時",
                "url": "画像の URL (https://)", "preview_url": "小さい画像の URL (省略すると同じ画像)",
                "link_url": "リンク先の URL (https://、省略可)", "link_label": "ボタンの文字 (省略可)",
                RAW_JSON: "メッセージの JSON"}
"""Labels of the template fields, in the order the form shows them (a field without a label comes last)."""

MULTILINE = {"body", RAW_JSON}
SCHEDULE_KINDS = ("now", "once", "weekly", "monthly")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    required: bool


def template_fields() -> dict[str, list[Field]]:
    """Each template's fields in the builder's order, required ones marked (no default in its signature)."""
    fields = {name: [Field(param.name, FIELD_LABELS.get(param.name, param.name),
                           param.default is inspect.Parameter.empty)
                     for param in inspect.signature(builder).parameters.values()]
              for name, builder in templates.BUILDERS.items()}
    fields[RAW_JSON] = [Field(RAW_JSON, FIELD_LABELS[RAW_JSON], True)]
    return fields


def field_templates() -> dict[str, list[str]]:
    """Every field of any template, once, in FIELD_LABELS order, with the templates that have it (the form
    shows the fields of the chosen template)."""
    users: dict[str, list[str]] = {}
    for kind, fields in template_fields().items():
        for field in fields:
            users.setdefault(field.name, []).append(kind)
    order = list(FIELD_LABELS)
    return dict(sorted(users.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)))


def slot_name(language: str, slot: int, field: str) -> str:
    return f"m-{language}-{slot}-{field}"


def read_messages(form: Mapping[str, str], languages: tuple[str, ...]) -> tuple[dict, dict, dict]:
    """(specs, LINE messages, errors) per language from the posted slots; errors are keyed by slot name."""
    specs, messages, errors = {}, {}, {}
    for language in languages:
        for slot in range(MAX_SLOTS):
            kind = form.get(slot_name(language, slot, "template"), "")
            if kind not in template_fields():
                continue
            try:
                spec = _spec(form, language, slot, kind)
                message = templates.build(spec)
            except (templates.TemplateError, ValueError) as error:
                errors[slot_name(language, slot, "template")] = str(error)
                continue
            specs.setdefault(language, []).append(spec)
            messages.setdefault(language, []).append(message)
    return specs, messages, errors


def _spec(form: Mapping[str, str], language: str, slot: int, kind: str) -> dict:
    values = {field.name: form.get(slot_name(language, slot, field.name), "").strip()
              for field in template_fields()[kind]}
    missing = [field.label for field in template_fields()[kind] if field.required and not values[field.name]]
    if missing:
        raise ValueError(f"{'、'.join(missing)} を入力してください。")
    if kind == RAW_JSON:
        return _raw_message(values[RAW_JSON])
    return {"template": kind, **{name: value for name, value in values.items() if value}}


def _raw_message(text: str) -> dict:
    try:
        message = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"JSON として読めません ({error.lineno} 行目 {error.colno} 文字目: {error.msg})。") from None
    if not isinstance(message, dict) or "type" not in message:
        raise ValueError('LINE のメッセージ 1 件 ({"type": ...}) を書いてください。')
    return message


def message_fields(specs: Mapping[str, list[dict]]) -> dict[str, str]:
    """The slot fields that show these specs again (a LINE message without a known spec shows as JSON)."""
    values = {}
    for language, items in specs.items():
        for slot, spec in enumerate(items[:MAX_SLOTS]):
            if "template" in spec:
                values[slot_name(language, slot, "template")] = spec["template"]
                values.update({slot_name(language, slot, name): str(value) for name, value in spec.items()
                               if name != "template"})
            else:
                values[slot_name(language, slot, "template")] = RAW_JSON
                values[slot_name(language, slot, RAW_JSON)] = json.dumps(spec, ensure_ascii=False, indent=2)
    return values


def read_schedule(form, tz: ZoneInfo) -> schedule.Rule | None:
    """The schedule chosen in the form (None: send when approved); raises ScheduleRefused."""
    kind = form.get("schedule_kind", "now")
    if kind not in SCHEDULE_KINDS[1:]:
        return None
    skip = tuple(_dates(form.get("skip_dates", "")))
    until = _date(form.get("until", "")) if form.get("until", "").strip() else None
    return schedule.parse(_schedule_text(form, kind), skip=skip, until=until, tz=tz)


def _schedule_text(form, kind: str) -> str:
    if kind == "once":
        return f"{form.get('once_date', '').strip()} {form.get('once_time', '').strip()}"
    if kind == "weekly":
        days = ",".join(schedule.WEEKDAYS_JA[int(day)] for day in _getlist(form, "weekly_days") if day.isdigit())
        return f"毎週 {days} {form.get('weekly_time', '').strip()}"
    nth = form.get("monthly_nth", "1")
    nth_word = "最終" if nth == "last" else f"第{nth}"
    weekday = schedule.WEEKDAYS_JA[int(form.get("monthly_weekday", "0") or 0) % 7]
    return f"毎月 {nth_word} {weekday} {form.get('monthly_time', '').strip()}"


def schedule_fields(rule: schedule.Rule | None, tz: ZoneInfo) -> dict:
    """The schedule fields that show `rule` again."""
    if rule is None:
        return {"schedule_kind": "now"}
    if isinstance(rule, schedule.Once):
        at = rule.at.astimezone(tz)
        return {"schedule_kind": "once", "once_date": f"{at:%Y-%m-%d}", "once_time": f"{at:%H:%M}"}
    common = {"skip_dates": "\n".join(sorted(day.isoformat() for day in rule.skip)),
              "until": rule.until.isoformat() if rule.until else ""}
    if isinstance(rule, schedule.Weekly):
        return {"schedule_kind": "weekly", "weekly_days": [str(day) for day in rule.days],
                "weekly_time": f"{rule.at:%H:%M}", **common}
    return {"schedule_kind": "monthly", "monthly_nth": "last" if rule.nth == schedule.LAST else str(rule.nth),
            "monthly_weekday": str(rule.weekday), "monthly_time": f"{rule.at:%H:%M}", **common}


def _dates(text: str):
    for part in text.replace(",", "\n").replace("、", "\n").splitlines():
        if part.strip():
            yield _date(part)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise ScheduleRefused(f"日付「{text.strip()}」を読めません。2026-05-01 の形で書いてください。") from None


def _getlist(form, name: str) -> list[str]:
    values = form.getlist(name) if hasattr(form, "getlist") else form.get(name, [])
    return [values] if isinstance(values, str) else list(values)
