"""Pure: citizen reports as Open311 GeoReport v2 (read-only) — services and requests, never with a LINE
user ID, a name or a photo (or its metadata)."""

from __future__ import annotations

from civic.settings import CivicSettings
from civic.store import CLOSED, Report


def services(settings: CivicSettings) -> list[dict]:
    return [{"service_code": category.code, "service_name": category.label, "description": category.label,
             "metadata": False, "type": "realtime", "keywords": "", "group": category.department}
            for category in settings.categories]


def request(report: Report, settings: CivicSettings) -> dict:
    category = settings.category(report.category)
    return {
        "service_request_id": report.receipt,
        "status": "closed" if report.status in CLOSED else "open",
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
