"""Pure: the weekly report's charts as matplotlib figures in memory (Agg canvas, no pyplot; render.py saves them).

Labels are Japanese, so the figures use IPAexGothic, which the matplotlib-fontja wheel ships: charts
never fall back to a font without Japanese glyphs.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import timedelta
from functools import cache

import matplotlib
import matplotlib_fontja
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, DateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from reports.content import WeeklyReport
from reports.text import number, signed


FLOW_WEEKS = 26
"""The adds-vs-blocks chart shows the last half year, one pair of bars per week."""

SIZE_INCHES = (9.0, 4.6)
DPI = 100

_THOUSANDS = FuncFormatter(lambda value, _: f"{value:,.0f}")


@cache
def font_family() -> str:
    """The family name of the bundled IPAexGothic, registered with matplotlib once."""
    path = matplotlib_fontja.get_font_ttf_path()
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


@contextmanager
def japanese_font():
    """Text made or drawn inside uses the Japanese font (tick labels are made at draw time, so saving needs it too)."""
    with matplotlib.rc_context({"font.family": font_family(), "axes.unicode_minus": False}):
        yield


def png_bytes(figure: Figure, *, description: str = "") -> bytes:
    """The figure as PNG; `description` goes into the PNG's text metadata (tests and tools can read it)."""
    buffer = io.BytesIO()
    with japanese_font():
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Description": description, "Software": "citybot"})
    return buffer.getvalue()


def _figure() -> Figure:
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _style(axes, title: str, legend: str = "upper left") -> None:
    axes.set_title(title, fontsize=13)
    axes.yaxis.set_major_formatter(_THOUSANDS)
    axes.grid(True, axis="y", alpha=0.3)
    axes.legend(loc=legend, fontsize=8.5, framealpha=0.9)


def net_friends_figure(report: WeeklyReport) -> Figure:
    """Net friends (and LINE's cumulative adds) per day against the target line, the milestones and the trend."""
    with japanese_font():
        return _net_friends(report)


def _net_friends(report: WeeklyReport) -> Figure:
    figure = _figure()
    axes = figure.add_subplot()
    growth = report.growth
    days = [day for day in report.days if day.has_insight]
    axes.plot([d.day for d in days], [d.followers for d in days], color="0.65", linewidth=1,
              label="累計追加数 (LINE の followers。ブロックした人を含む)", gid="followers")
    axes.plot([d.day for d in days], [d.followers - d.blocks for d in days], color="tab:blue", linewidth=2,
              label="友だち数 (累計追加数 − ブロック数)", gid="net")
    goal = growth.target
    if goal is not None:
        axes.axhline(goal.friends, color="tab:red", linestyle="--", linewidth=1.5, gid="target",
                     label=f"目標 {number(goal.friends)}人 ({goal.by:%Y/%m/%d}まで)")
    _milestones(axes, report)
    _trend(axes, report)
    axes.xaxis.set_major_locator(AutoDateLocator())
    axes.xaxis.set_major_formatter(DateFormatter("%Y/%m"))
    axes.set_ylim(bottom=0)
    _style(axes, f"{report.city_name} LINE 友だち数と目標 ({growth.week}まで)", legend="lower right")
    return figure


def _milestones(axes, report: WeeklyReport) -> None:
    if not report.milestones:
        return
    axes.plot([m.by for m in report.milestones], [m.friends for m in report.milestones], linestyle=":",
              marker="D", color="tab:orange", label="年度ごとの目安", gid="milestones")
    for milestone in report.milestones:
        axes.annotate(f"{number(milestone.friends)}", (milestone.by, milestone.friends), textcoords="offset points",
                      xytext=(0, 7), ha="center", fontsize=8)


def _trend(axes, report: WeeklyReport) -> None:
    """The current pace drawn forward from the week's end to the forecast day (capped at the target date)."""
    growth, forecast = report.growth, report.growth.forecast
    if forecast.pace is None or forecast.pace <= 0 or growth.current is None or growth.target is None:
        return
    start = growth.week.end
    stop = min(forecast.expected or growth.target.by, max(growth.target.by, start + timedelta(weeks=4)))
    rise = forecast.pace * (stop - start).days / 7
    axes.plot([start, stop], [growth.current.net, growth.current.net + rise], color="tab:green", linestyle="-.",
              label=f"現在のペース (直近{forecast.weeks_used}週の傾向: 週 {signed(forecast.pace)}人)", gid="trend")


def weekly_flow_figure(report: WeeklyReport) -> Figure:
    """New adds and blocks per week (LINE's numbers; blocks are net of unblocks) for the last FLOW_WEEKS weeks."""
    with japanese_font():
        return _weekly_flow(report)


def _weekly_flow(report: WeeklyReport) -> Figure:
    figure = _figure()
    axes = figure.add_subplot()
    weeks = [week for week in report.growth.history if week.adds is not None][-FLOW_WEEKS:]
    positions = range(len(weeks))
    axes.bar([p - 0.2 for p in positions], [w.adds for w in weeks], width=0.4, color="tab:blue",
             label="新規追加 (LINE の累計追加数の増加)", gid="adds")
    axes.bar([p + 0.2 for p in positions], [w.blocks_change for w in weeks], width=0.4, color="tab:red",
             label="ブロック (LINE のブロック数の増減。解除を差し引き)", gid="blocks")
    axes.set_xticks(list(positions), [f"{w.week.start:%m/%d}" for w in weeks], rotation=60, fontsize=8)
    axes.set_xlabel("週 (月曜日の日付)")
    axes.axhline(0, color="0.3", linewidth=0.8)
    if not weeks:
        axes.text(0.5, 0.5, "前週と比べられる週がまだありません", transform=axes.transAxes, ha="center")
    _style(axes, f"週ごとの新規追加とブロック (直近{FLOW_WEEKS}週)")
    return figure


def campaigns_figure(report: WeeklyReport) -> Figure:
    """Friends each campaign brought since it began: exact (code came back) and estimated, stacked."""
    with japanese_font():
        return _campaigns(report)


def _campaigns(report: WeeklyReport) -> Figure:
    figure = _figure()
    axes = figure.add_subplot()
    rows = list(reversed(report.campaigns.rows if report.campaigns else []))
    positions = range(len(rows))
    exact = [row.total.friends for row in rows]
    axes.barh(positions, exact, color="tab:blue", label="確定 (友だち追加コードあり)", gid="exact")
    axes.barh(positions, [row.total.estimated for row in rows], left=exact, color="tab:blue", alpha=0.35,
              hatch="//", label="推定 (コードなし。読み取り数から割り振り)", gid="estimated")
    axes.set_yticks(list(positions), [f"{row.campaign.name} ({row.campaign.medium})" for row in rows], fontsize=9)
    axes.xaxis.set_major_formatter(_THOUSANDS)
    axes.grid(True, axis="x", alpha=0.3)
    if rows:
        axes.legend(loc="lower right", fontsize=8.5, framealpha=0.9)
    else:
        axes.text(0.5, 0.5, "キャンペーンがまだありません", transform=axes.transAxes, ha="center")
    axes.set_title(f"キャンペーン別の友だち (開始から{report.growth.week}まで)", fontsize=13)
    return figure
