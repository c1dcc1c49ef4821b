"""Pure: the weekly report's citizen-report figures per category — received, closed, median days to close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Iterable

from civic.settings import CivicSettings
from civic.store import Report


@dataclass(frozen=True)
class CivicRow:
    label: str
    department: str
    received: int
    closed: int
    median_days_to_close: float | None
    """Over the reports closed this week (None when none was)."""
    open_now: int


def weekly_rows(reports: Iterable[Report], settings: CivicSettings, start: date, end: date) -> list[CivicRow]:
    """One row per category, in the city's order, for the week `start`..`end` (dates in the city's zone)."""
    reports = list(reports)
    rows = []
    for category in settings.categories:
        mine = [report for report in reports if report.category == category.code]
        received = [r for r in mine if start <= r.received_at.date() <= end]
        closed = [r for r in mine if r.closed_at is not None and start <= r.closed_at.date() <= end]
        days = [(r.closed_at - r.received_at).total_seconds() / 86_400 for r in closed]
        open_now = sum(1 for r in mine if r.received_at.date() <= end and
                       (r.closed_at is None or r.closed_at.date() > end))
        rows.append(CivicRow(category.label, category.department, len(received), len(closed),
                             median(days) if days else None, open_now))
    return rows
