"""Pure: citizen reports as Open311 GeoReport v2 (read-only) — services and requests, never with a LINE
user ID, a name or a photo (or its metadata)."""

from __future__ import annotations

from datetime import datetime

from civic.settings import CivicSettings
from civic.store import CLOSED, QueueRow, Report


def services(settings: CivicSettings) -> list[dict]:
    return [{"service_code": category.code, "service_name": category.label, "description": category.label,
             "metadata": False, "type": "realtime", "keywords": "", "group": category.department}
            for category in settings.categories]


def wanted(row: QueueRow, code: str, status: str, start: datetime | None, end: datetime | None) -> bool:
    """The requests.json filters, decided on the queue's index line (only the chosen reports are read whole)."""
    return ((not code or row.category == code)
            and (not status or open_status(row.status) == status)
            and (start is None or row.received_at >= start)
            and (end is None or row.received_at <= end))


def open_status(status: str) -> str:
    return "closed" if status in CLOSED else "open"


def request(report: Report, settings: CivicSettings) -> dict:
    category = settings.category(report.category)
    return {
        "service_request_id": report.receipt,
        "status": open_status(report.status),
        "status_notes": report.reason or report.public_comment,
        "service_name": category.label if category else report.category,
        "service_code": report.category,
        "description": report.comment,
        "agency_responsible": category.department if category else "",
        "service_notice": "",
        "requested_datetime": report.received_at.isoformat(timespec="seconds"),
        "updated_datetime": report.updated_at.isoformat(timespec="seconds"),
        "expected_datetime": None,
        "address": report.place,
        "address_id": "",
        "zipcode": "",
        "lat": report.latitude,
        "long": report.longitude,
        "media_url": "",
    }
