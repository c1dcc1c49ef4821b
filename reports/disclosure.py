"""Pure: monthly aggregate counts for open data, with small cells suppressed (and cells that would reveal them)."""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from reports.growth import DayFigures, sum_events
from segments.privacy import PRIVACY_FLOOR

HEADER = ("年月", "項目", "属性", "値", "件数", "注記")
"""Long ("tidy") format: one count per row, easy for open-data catalogues and spreadsheets."""

SUPPRESSED_NOTE = "秘匿 (10未満、または秘匿した値を計算で求められるため)"

EVENT_LABELS = (("follow", "友だち追加"), ("unblock", "ブロック解除"), ("block", "ブロック"),
                ("consent", "同意"), ("registration", "属性の登録"))
"""Our webhook counts, in the order published."""

ATTRIBUTE_LABELS = (("district", "地区"), ("age", "年代"), ("interest", "関心"), ("language", "言語"))

LINE_LABELS = (("net", "友だち数 (月末、ブロックを除く)"), ("followers", "累計追加数 (月末、LINE 集計)"),
               ("blocks", "ブロック数 (月末、LINE 集計)"))


def suppress_group(counts: Mapping[str, int], total: int | None, threshold: int = PRIVACY_FLOOR) -> dict[str, int | None]:
    """None marks a hidden cell: every count below `threshold`, and — when only one cell would be hidden
    while the group's total is published — the next smallest too, so the hidden one cannot be recovered."""
    shown: dict[str, int | None] = {name: (count if count >= threshold else None) for name, count in counts.items()}
    hidden = [name for name, count in shown.items() if count is None]
    if len(hidden) == 1 and total is not None and len(shown) > 1:
        smallest = min((name for name, count in shown.items() if count is not None), key=lambda name: shown[name])
        shown[smallest] = None
    return shown


def month_rows(month: str, days: Sequence[DayFigures], attribute_values: Mapping[str, Sequence[str]],
               threshold: int = PRIVACY_FLOOR) -> list[tuple[str, ...]]:
    """Every published row of one month (yyyy-mm): LINE's month-end numbers, then our event counts."""
    rows = [_row(month, label, "合計", "", count) for label, count in _month_end(days, threshold)]
    events = sum_events(days)
    for kind, label in EVENT_LABELS:
        total = events.get(kind, 0)
        published_total = total if total >= threshold else None
        rows.append(_row(month, label, "合計", "", published_total))
        for attribute, attribute_label in ATTRIBUTE_LABELS:
            counts = {value: events.get(f"{kind}:{attribute}:{value}", 0)
                      for value in _values(attribute, kind, events, attribute_values)}
            for value, count in suppress_group(counts, published_total, threshold).items():
                rows.append(_row(month, label, attribute_label, value, count))
    return rows


def _month_end(days: Sequence[DayFigures], threshold: int) -> Iterable[tuple[str, int | None]]:
    known = [day for day in days if day.has_insight]
    if not known:
        return []
    last = known[-1]
    numbers = {"net": last.followers - last.blocks, "followers": last.followers, "blocks": last.blocks}
    return [(label, numbers[name] if numbers[name] >= threshold else None) for name, label in LINE_LABELS]


def _values(attribute: str, kind: str, events: Mapping[str, int],
            attribute_values: Mapping[str, Sequence[str]]) -> list[str]:
    """The city's values in its order, then any counted value the city file no longer lists."""
    configured = list(attribute_values.get(attribute, ()))
    prefix = f"{kind}:{attribute}:"
    extra = sorted(name[len(prefix):] for name in events if name.startswith(prefix)
                   and name[len(prefix):] not in configured)
    return configured + extra


def _row(month: str, item: str, attribute: str, value: str, count: int | None) -> tuple[str, ...]:
    if count is None:
        return (month, item, attribute, value, "", SUPPRESSED_NOTE)
    return (month, item, attribute, value, str(count), "")
