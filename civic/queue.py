"""Pure: the triage queue — filters (category, status, department, the map's area), new reports first, and
the map's points (with the flag civic.store sets on reports that look like the same problem)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from civic.settings import CivicSettings
from civic.store import CLOSED, STATUSES, QueueRow


@dataclass(frozen=True)
class Filters:
    category: str = ""
    status: str = ""
    department: str = ""
    area: tuple[float, float, float, float] | None = None
    """(south, west, north, east) — the part of the map staff chose."""


def parse_filters(args: Mapping[str, str], settings: CivicSettings) -> tuple[Filters, list[str]]:
    """Filters from the query string, and a Japanese note for each value that was ignored."""
    problems = []
    category = args.get("category", "")
    if category and settings.category(category) is None:
        problems.append("分類の指定が正しくないため、すべての分類を表示しています。")
        category = ""
    status = args.get("status", "")
    if status and status not in STATUSES and status != "open":
        problems.append("状況の指定が正しくないため、すべての状況を表示しています。")
        status = ""
    department = args.get("department", "")
    if department and department not in settings.departments:
        problems.append("担当課の指定が正しくないため、すべての課を表示しています。")
        department = ""
    area = None
    if args.get("area"):
        try:
            south, west, north, east = (float(part) for part in args["area"].split(","))
            if not (south < north and west < east):
                raise ValueError
            area = (south, west, north, east)
        except ValueError:
            problems.append("地図の範囲の指定が正しくないため、範囲で絞り込んでいません。")
    return Filters(category, status, department, area), problems


def select(reports: Iterable[QueueRow], filters: Filters, settings: CivicSettings) -> list[QueueRow]:
    """The matching reports: 受付 (not yet looked at) first, then the rest; newest first within each."""
    departments = {category.code: category.department for category in settings.categories}
    chosen = [report for report in reports if _matches(report, filters, departments)]
    return sorted(chosen, key=lambda report: (report.status != "received", -report.received_ms))


def _matches(report: QueueRow, filters: Filters, departments: Mapping[str, str]) -> bool:
    if filters.category and report.category != filters.category:
        return False
    if filters.status == "open" and report.status in CLOSED:
        return False
    if filters.status and filters.status != "open" and report.status != filters.status:
        return False
    if filters.department and departments.get(report.category) != filters.department:
        return False
    if filters.area is not None:
        if report.latitude is None:
            return False
        south, west, north, east = filters.area
        return south <= report.latitude <= north and west <= report.longitude <= east
    return True


def map_points(reports: Iterable[QueueRow], settings: CivicSettings) -> list[list]:
    """Compact points for the map: [lat, lon, status, label, receipt, id, duplicate]."""
    labels = {category.code: category.label for category in settings.categories}
    return [[r.latitude, r.longitude, r.status, labels.get(r.category, r.category), r.receipt,
             r.report_id, r.duplicate] for r in reports if r.latitude is not None]
