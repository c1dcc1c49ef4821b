"""Flask: ダッシュボード — friends now, progress toward the target with its chart, this week's adds and blocks."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Response

from admin.blueprint import bp, render, services
from messages import broadcasts, lifecycle
from reports import charts, snapshots, text
from reports.growth import IsoWeek
from reports.weekly import build

SCHEDULED_SHOWN = 10
"""The dashboard lists the next ten scheduled broadcasts and ten awaiting approval."""

LOOKBACK_WEEKS = 2
"""LINE's numbers arrive a day late (and the daily job may have missed a day): look back this far for them."""


@bp.get("/", endpoint="dashboard")
def dashboard():
    report = _latest_report()
    scheduled = sorted(broadcasts.recent(services().redis, state=lifecycle.SCHEDULED, limit=SCHEDULED_SHOWN),
                       key=lambda broadcast: broadcast.next_run_at or broadcast.created_at)
    return render("dashboard.html", title="ダッシュボード", report=report, growth=report.growth, text=text,
                  scheduled=scheduled, awaiting=broadcasts.recent(services().redis, state=lifecycle.AWAITING_APPROVAL,
                                                                  limit=SCHEDULED_SHOWN),
                  tz=services().config.tz)


@bp.get("/dashboard/net_friends.png")
def dashboard_chart():
    """The weekly report's growth chart, drawn for the latest week (PNG, never cached: numbers change daily)."""
    png = charts.png_bytes(charts.net_friends_figure(_latest_report()))
    return Response(png, mimetype="image/png")


def _latest_report():
    """The weekly report's figures for the latest week with LINE numbers (on Mondays, last week)."""
    config, redis = services().config, services().redis
    now = datetime.now(config.tz)
    recent = snapshots.read_days(redis, now.date() - timedelta(weeks=LOOKBACK_WEEKS), now.date())
    latest = max((day.day for day in recent if day.has_insight), default=now.date())
    return build(redis, config, IsoWeek.of(latest), generated_at=now)
