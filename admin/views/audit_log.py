"""Flask: 監査ログ (管理者 only) — the newest entries on screen, the whole log as CSV."""

from __future__ import annotations

from flask import Response, request

import audit
from admin.blueprint import actor, bp, render, requires, services

PAGE_SIZES = (100, 500, 2000)
"""How many of the newest entries the page can show; everything is in the CSV."""


@bp.get("/audit", endpoint="audit")
@requires("admin")
def audit_log():
    size = request.args.get("count", type=int)
    size = size if size in PAGE_SIZES else PAGE_SIZES[0]
    entries = audit.entries(services().redis, count=size)
    return render("audit.html", title="監査ログ", entries=entries, size=size, sizes=PAGE_SIZES,
                  tz=services().config.tz)


@bp.get("/audit.csv")
@requires("admin")
def audit_csv():
    redis = services().redis
    audit.record(redis, actor=actor(), action="audit.export")
    return Response(audit.export_csv(redis), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=audit-log.csv"})
