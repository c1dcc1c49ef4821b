"""Flask: レポート — the weekly reports the reports package wrote under the data dir: list, view, download,
and making one for any past week on demand (the same `weekly.produce` as `citybot report weekly`)."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, request, send_from_directory, url_for

from admin.blueprint import bp, render, services
from reports import weekly
from reports.growth import IsoWeek
from reports.render import CHARTS, report_dir

FILES = {"index.html": "レポート (HTML)", "figures.csv": "週ごとの数値 (CSV)", "breakdown.csv": "属性別 (CSV)",
         **{name: "グラフ (PNG)" for name in CHARTS}, "summary.txt": "LINE で送る要約 (テキスト)"}
"""Files of a report folder staff may open or download."""

REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
"""The stored report page is self-contained (inline styles, charts as data: URIs) and runs no script."""


def _folder(week: str):
    try:
        return report_dir(services().config.data_dir, str(IsoWeek.parse(week)))
    except ValueError:
        abort(404)


def _stored_weeks() -> list[str]:
    root = report_dir(services().config.data_dir, "").parent
    weeks = [path.name for path in root.iterdir() if (path / "index.html").is_file()] if root.is_dir() else []
    return sorted(weeks, reverse=True)


@bp.route("/reports", methods=["GET", "POST"], endpoint="reports")
def report_list():
    now = datetime.now(services().config.tz)
    if request.method == "POST":
        return _produce(request.form.get("week", ""), now)
    return render("reports.html", title="レポート", weeks=_stored_weeks(),
                  last_week=IsoWeek.last_complete(now.date()))


def _produce(text: str, now: datetime):
    try:
        week = IsoWeek.parse(text)
    except ValueError:
        flash("週を 2026-W47 の形で選んでください。", "error")
        return redirect(url_for("admin.reports"))
    if week.start > now.date():
        flash("まだ始まっていない週のレポートは作れません。", "error")
        return redirect(url_for("admin.reports"))
    weekly.produce(services().redis, services().config, week, now=now)
    flash(f"{week} のレポートを作りました (職員への送信はしていません)。", "success")
    return redirect(url_for("admin.report_view", week=str(week)))


@bp.get("/reports/<week>")
def report_view(week: str):
    folder = _folder(week)
    if not (folder / "index.html").is_file():
        abort(404)
    summary = (folder / "summary.txt").read_text(encoding="utf-8") if (folder / "summary.txt").is_file() else ""
    return render("report.html", title=f"週次レポート {week}", week=week, summary=summary, charts=CHARTS,
                  files={name: label for name, label in FILES.items() if (folder / name).is_file()})


@bp.get("/reports/<week>/<name>")
def report_file(week: str, name: str):
    if name not in FILES:
        abort(404)
    response = send_from_directory(_folder(week), name, as_attachment=request.args.get("download") == "1",
                                   max_age=0)
    if name == "index.html":
        response.headers["Content-Security-Policy"] = REPORT_POLICY
    return response
