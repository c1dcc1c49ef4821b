"""Pure: the triage queue — filters (category, status, department, the map's area), new reports first,
reports that look like the same problem (same category, within 30 m and 30 days), and the map's points."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Iterable, Mapping, Sequence

from civic.settings import CivicSettings
from civic.store import STATUSES, Report

DUPLICATE_METRES = 30.0
DUPLICATE_DAYS = 30
_CELL_DEGREES = 0.0003
"""About 33 m of latitude: neighbours closer than DUPLICATE_METRES are in the same or an adjacent cell."""


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


def select(reports: Iterable[Report], filters: Filters, settings: CivicSettings) -> list[Report]:
    """The matching reports: 受付 (not yet looked at) first, then the rest; newest first within each."""
    departments = {category.code: category.department for category in settings.categories}
    chosen = [report for report in reports if _matches(report, filters, departments)]
    return sorted(chosen, key=lambda report: (report.status != "received", -report.received_at.timestamp()))


def _matches(report: Report, filters: Filters, departments: Mapping[str, str]) -> bool:
    if filters.category and report.category != filters.category:
        return False
    if filters.status == "open" and report.status in ("done", "declined"):
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


def duplicates(reports: Sequence[Report]) -> set[str]:
    """IDs of reports with another of the same category within DUPLICATE_METRES and DUPLICATE_DAYS."""
    cells: dict[tuple[str, int, int], list[Report]] = defaultdict(list)
    for report in reports:
        if report.latitude is not None:
            cells[(report.category, *_cell(report))].append(report)
    flagged = set()
    for (category, row, column), members in cells.items():
        neighbours = [other for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                      for other in cells.get((category, row + dr, column + dc), ())]
        for report in members:
            if any(other.report_id != report.report_id and _close(report, other) for other in neighbours):
                flagged.add(report.report_id)
    return flagged


def _cell(report: Report) -> tuple[int, int]:
    return math.floor(report.latitude / _CELL_DEGREES), math.floor(report.longitude / _CELL_DEGREES)


def _close(one: Report, other: Report) -> bool:
    if abs(one.received_at - other.received_at) > timedelta(days=DUPLICATE_DAYS):
        return False
    return metres_between(one.latitude, one.longitude, other.latitude, other.longitude) <= DUPLICATE_METRES


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 6_371_000 * 2 * math.asin(math.sqrt(a))


def map_points(reports: Iterable[Report], settings: CivicSettings, flagged: set[str]) -> list[list]:
    """Compact points for the map: [lat, lon, status, label, receipt, id, duplicate]."""
    labels = {category.code: category.label for category in settings.categories}
    return [[round(r.latitude, 6), round(r.longitude, 6), r.status, labels.get(r.category, r.category), r.receipt,
             r.report_id, r.report_id in flagged] for r in reports if r.latitude is not None]
