"""Flask: the read-only Open311 GeoReport v2 endpoint (/open311/v2/…json), open data for anyone."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, jsonify, request

from civic import open311, store

open_data = Blueprint("open311", __name__, url_prefix="/open311/v2")

MAX_REQUESTS = 1000
"""GeoReport v2 suggests a default window of 90 days and a limit of 1000 requests per answer."""


def _settings():
    services = current_app.extensions["citybot"]
    return services, services.config.civic or abort(404)


def _error(status: int, description: str):
    return jsonify([{"code": status, "description": description}]), status


@open_data.get("/services.json")
def services_list():
    _, settings = _settings()
    return jsonify(open311.services(settings))


@open_data.get("/requests.json")
def requests_list():
    services, settings = _settings()
    code, status = request.args.get("service_code", ""), request.args.get("status", "")
    if code and settings.category(code) is None:
        return _error(404, f"unknown service_code: {code}")
    if status and status not in ("open", "closed"):
        return _error(400, "status must be open or closed")
    try:
        start = _moment(request.args.get("start_date"))
        end = _moment(request.args.get("end_date"))
    except ValueError:
        return _error(400, "start_date and end_date must be W3C date-times (e.g. 2026-12-01T00:00:00+09:00)")
    rows = sorted(store.queue_rows(services.redis), key=lambda row: row.received_ms, reverse=True)
    chosen = [row.report_id for row in rows if open311.wanted(row, code, status, start, end)][:MAX_REQUESTS]
    return jsonify([open311.request(report, settings) for report in store.many(services.redis, chosen)])


@open_data.get("/requests/<receipt>.json")
def request_one(receipt: str):
    services, settings = _settings()
    report = store.by_receipt(services.redis, receipt)
    if report is None:
        return _error(404, f"no service request {receipt}")
    return jsonify([open311.request(report, settings)])


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time zone is needed")
    return moment
