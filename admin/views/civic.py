"""Flask: 市民通報 — the triage queue with its map, one report with its photos and status, and the CSV."""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import datetime

from flask import Response, abort, flash, redirect, request, url_for
from flask_login import current_user
from rq import Retry

import audit
from admin.blueprint import actor, bp, render, requires, services
from admin.forms import CivicStatusForm
from civic import queue, store
from civic.jobs import QUEUE, notify_citizen
from civic.storage import photo_storage
from messages.schedule import in_quiet_hours

log = logging.getLogger(__name__)

TABLE_ROWS = 100
"""The table lists the first 100 matching reports; the map shows every one of them."""
NOTIFY_RETRIES = Retry(max=3, interval=[30, 300, 1800])

CSV_COLUMNS = ("受付番号", "受付日時", "分類", "担当課", "状況", "緯度", "経度", "場所", "内容", "写真の枚数",
               "市民へのひとこと", "対応不可の理由", "更新日時", "完了日時")


def _settings():
    return services().config.civic or abort(404)


@bp.get("/civic", endpoint="civic")
def civic_queue():
    settings = _settings()
    filters, problems = queue.parse_filters(request.args, settings)
    everything = store.queue_rows(services().redis)
    chosen = queue.select(everything, filters, settings)
    points = queue.map_points(chosen, settings)
    return render("civic.html", title="市民通報", reports=chosen[:TABLE_ROWS], total=len(chosen),
                  all_count=len(everything), filters=filters, problems=problems, settings=settings,
                  statuses=store.STATUSES, tiles=services().config.map_tiles,
                  map_data=json.dumps({"points": points, "boundary": settings.boundary, "centre": settings.centre,
                                       "tiles": services().config.map_tiles}, ensure_ascii=False),
                  labels={category.code: category for category in settings.categories})


@bp.route("/civic/<report_id>", methods=["GET", "POST"])
def civic_report(report_id: str):
    settings = _settings()
    current = services()
    report = store.get(current.redis, report_id) or abort(404)
    form = CivicStatusForm(data={"status": report.status, "public_comment": report.public_comment,
                                 "reason": report.reason})
    if request.method == "POST":
        if not current_user.account.has_role("writer"):
            abort(403)
        if form.validate_on_submit():
            if form.status.data == "declined" and not (form.reason.data or "").strip():
                form.reason.errors = ["対応不可にするときは、理由を入力してください (通報した人に届きます)。"]
            else:
                return _change(report, form)
    nearby = [store.get(current.redis, other) for other in store.nearby(current.redis, report, 30)]
    return render("civic_report.html", title=f"通報 {report.receipt}", report=report, form=form,
                  category=settings.category(report.category), photos=store.photo_states(current.redis, report_id),
                  history=store.history(current.redis, report_id), nearby=[other for other in nearby if other],
                  statuses=store.STATUSES)


def _change(report: store.Report, form: CivicStatusForm):
    current = services()
    now = datetime.now(current.config.tz)
    change = store.change_status(current.redis, report.report_id, form.status.data,
                                 public_comment=(form.public_comment.data or "").strip(),
                                 reason=(form.reason.data or "").strip(), actor=actor(), at=now)
    audit.record(current.redis, actor=actor(), action="civic.status", target=report.receipt,
                 details={"status": form.status.data})
    if report.user_id:
        current.queue(QUEUE).enqueue(notify_citizen, report.report_id, change, retry=NOTIFY_RETRIES)
        quiet = current.config.quiet_hours
        told = (f"夜間のため、通報した人には {quiet[1]:%H:%M} 以降に LINE でお知らせします。"
                if in_quiet_hours(now.time(), quiet) else "通報した人に LINE でお知らせします。")
        flash(f"「{store.STATUSES[form.status.data]}」にしました。{told}", "success")
    else:
        flash(f"「{store.STATUSES[form.status.data]}」にしました (通報した人はデータを削除しているため、お知らせしません)。",
              "success")
    return redirect(url_for("admin.civic_report", report_id=report.report_id))


@bp.get("/civic/<report_id>/photo/<int:index>/<kind>")
def civic_photo(report_id: str, index: int, kind: str):
    try:                      # the store refuses any other kind, id or index (ValueError): 404
        content = photo_storage(services().config).read(report_id, index, kind)
    except ValueError:
        abort(404)
    except Exception:  # noqa: BLE001 — the bucket or the shared disk is unreachable: the page still shows
        log.exception("photo %s/%s could not be read", report_id, index)
        abort(503)
    if content is None:
        abort(404)
    return Response(content, mimetype="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@bp.get("/civic.csv")
def civic_csv():
    """Every report for spreadsheets: no LINE user ID, no name, no photo (or its metadata)."""
    settings = _settings()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for report in sorted(store.all_reports(services().redis), key=lambda item: item.received_at):
        category = settings.category(report.category)
        writer.writerow(open_row(report, category))
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="civic-reports.csv"'})


def open_row(report: store.Report, category) -> tuple:
    def moment(value):
        return "" if value is None else value.isoformat(timespec="minutes")

    return (report.receipt, moment(report.received_at), category.label if category else report.category,
            category.department if category else "", report.status_label,
            "" if report.latitude is None else report.latitude, "" if report.longitude is None else report.longitude,
            report.place, report.comment, report.photo_count, report.public_comment, report.reason,
            moment(report.updated_at), moment(report.closed_at))
