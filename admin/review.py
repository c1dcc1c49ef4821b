"""Pure: a broadcast as lines an approver reads, and what changed between two such readings (for the diff)."""

from __future__ import annotations

import difflib
import json

from admin.compose import FIELD_LABELS, TEMPLATE_LABELS
from messages.record import Broadcast
from messages.variants import BASE_LANGUAGE
from segments.city import LANGUAGES

SAME, REMOVED, ADDED = " ", "-", "+"


def broadcast_lines(broadcast: Broadcast, specs: dict[str, list[dict]], *, audience: str, when: str) -> list[str]:
    """Everything that decides what citizens receive, one fact per line (multi-line text split by line)."""
    lines = [f"件名: {broadcast.title}", f"配信対象: {broadcast.segment} ({audience})",
             f"配信カテゴリ: {broadcast.category or 'なし'}", f"緊急 (防災): {'はい' if broadcast.urgent else 'いいえ'}",
             f"予定: {when}"]
    for language in sorted(specs, key=lambda code: (code != BASE_LANGUAGE, code)):
        for number, spec in enumerate(specs[language], start=1):
            lines.extend(_message_lines(f"{LANGUAGES.get(language, language)} {number}通目", spec))
    return lines


def _message_lines(place: str, spec: dict) -> list[str]:
    if "template" not in spec:
        return [f"{place} JSON: {line}" for line in json.dumps(spec, ensure_ascii=False, indent=1).splitlines()]
    lines = [f"{place}: {TEMPLATE_LABELS.get(spec['template'], spec['template'])}"]
    for name, value in spec.items():
        if name != "template":
            label = FIELD_LABELS.get(name, name).split(" (")[0]
            lines.extend(f"{place} {label}: {line}" for line in str(value).splitlines() or [""])
    return lines


def diff(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """(mark, line) with mark SAME, REMOVED or ADDED, in reading order."""
    result: list[tuple[str, str]] = []
    for op, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(a=before, b=after).get_opcodes():
        if op == "equal":
            result.extend((SAME, line) for line in before[old_start:old_end])
            continue
        result.extend((REMOVED, line) for line in before[old_start:old_end])
        result.extend((ADDED, line) for line in after[new_start:new_end])
    return result
