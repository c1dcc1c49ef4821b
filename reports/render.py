"""File I/O: write a weekly report's folder — index.html (self-contained), mail.html, PNG charts, CSVs, summary.txt."""

from __future__ import annotations

import base64
import csv
import io
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Mapping

from jinja2 import Environment, PackageLoader, select_autoescape

from reports import charts, text
from reports.content import WeeklyReport
from reports.growth import TREND_WEEKS
from segments.privacy import PRIVACY_FLOOR

TABLE_WEEKS = 12
"""The HTML table shows the last 12 weeks; the CSV keeps every week."""

CHARTS = ("net_friends.png", "weekly_flow.png", "campaigns.png")

FIGURE_COLUMNS = ("週", "開始日", "終了日", "数値の日付", "友だち数 (累計追加数−ブロック数)", "累計追加数 (LINE)",
                  "ブロック数 (LINE)", "ターゲットリーチ (LINE)", "前週比", "新規追加", "ブロック増減", "ブロック率 (%)",
                  "友だち追加 (webhook)", "ブロック解除 (webhook)", "ブロック (webhook)", "同意", "属性の登録")

BREAKDOWN_COLUMNS = ("属性", "値", "登録している友だち (現在)", "今週の登録", "今週のブロック")

CAMPAIGN_COLUMNS = ("コード", "名前", "媒体", "開始日", "終了日", "費用 (円)", "今週の読み取り", "今週の友だち (確定)",
                    "今週の友だち (推定)", "累計の読み取り", "累計の友だち (確定)", "累計の友だち (推定)",
                    "登録率 (%、30日以内)", "ブロック率 (%、30日以内)", "1人あたり費用 (円)", "終了後の読み取り",
                    "数えなかった読み取り")


@dataclass(frozen=True)
class RenderedReport:
    folder: Path
    summary: str

    @property
    def html(self) -> Path:
        return self.folder / "index.html"


def report_dir(data_dir: Path, week: str) -> Path:
    return data_dir / "reports" / week


def write_report(report: WeeklyReport, folder: Path) -> RenderedReport:
    """Render everything and write it into `folder` (each file replaced atomically)."""
    images = {
        "net_friends.png": charts.png_bytes(charts.net_friends_figure(report),
                                            description=_target_description(report)),
        "weekly_flow.png": charts.png_bytes(charts.weekly_flow_figure(report)),
        "campaigns.png": charts.png_bytes(charts.campaigns_figure(report)),
    }
    summary = text.line_summary(report.growth, report.city_name, report.link)
    files: dict[str, bytes] = dict(images)
    files["index.html"] = render_html(report, {name: _data_uri(png) for name, png in images.items()}).encode()
    files["mail.html"] = render_html(report, {name: f"cid:{name}" for name in images}).encode()
    files["figures.csv"] = figures_csv(report).encode()
    files["breakdown.csv"] = breakdown_csv(report).encode()
    files["campaigns.csv"] = campaigns_csv(report).encode()
    files["summary.txt"] = summary.encode()
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        _write_atomically(folder / name, content)
    return RenderedReport(folder, summary)


def _target_description(report: WeeklyReport) -> str:
    target = report.growth.target
    return f"week={report.growth.week}" + ("" if target is None else f";target={target.friends};by={target.by}")


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _write_atomically(path: Path, content: bytes) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(content)
    os.replace(partial, path)


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("reports", "templates"), autoescape=select_autoescape(["html"]))


def render_html(report: WeeklyReport, images: Mapping[str, str]) -> str:
    """The report page; `images` maps each chart's file name to its src (a data: URI, or cid: for e-mail)."""
    growth = report.growth
    return _templates().get_template("weekly.html").render(
        r=report, g=growth, c=growth.current, weeks=list(reversed(growth.history[-TABLE_WEEKS:])), images=images,
        trend_weeks=TREND_WEEKS,
        small_cell=PRIVACY_FLOOR, number=text.number, signed=text.signed, percent=text.percent,
        people=text.people, day_label=text.day_label, goal_sentence=text.goal_sentence,
        forecast_sentence=text.forecast_sentence,
    )


def _csv(header: tuple[str, ...], rows) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def figures_csv(report: WeeklyReport) -> str:
    """Every week with LINE numbers up to the report's week, oldest first (numbers plain, for spreadsheets)."""
    def blank(value):
        return "" if value is None else value

    rows = [
        (str(w.week), w.week.start, w.week.end, w.last_day, w.net, w.followers, w.blocks, blank(w.targeted_reaches),
         blank(w.change), blank(w.adds), blank(w.blocks_change),
         "" if w.block_rate is None else f"{w.block_rate * 100:.2f}",
         *(w.events.get(kind, 0) for kind in ("follow", "unblock", "block", "consent", "registration")))
        for w in report.growth.history
    ]
    return _csv(FIGURE_COLUMNS, rows)


def breakdown_csv(report: WeeklyReport) -> str:
    """The attribute breakdown with small cells written as 「10人未満」, as in the HTML."""
    rows = [(row.label, row.value, text.people(row.registered), text.people(row.registrations),
             text.people(row.blocks)) for row in report.breakdown]
    return _csv(BREAKDOWN_COLUMNS, rows)


def campaigns_csv(report: WeeklyReport) -> str:
    """Each campaign's week and running totals (estimates with one decimal: they are estimates)."""
    def rate(value: float | None) -> str:
        return "" if value is None else f"{value * 100:.1f}"

    rows = [(row.campaign.code, row.campaign.name, row.campaign.medium, row.campaign.starts, row.campaign.ends,
             "" if row.campaign.cost is None else row.campaign.cost,
             row.week.scans, row.week.friends, f"{row.week.estimated:.1f}",
             row.total.scans, row.total.friends, f"{row.total.estimated:.1f}",
             rate(row.registration_rate), rate(row.early_block_rate),
             "" if row.cost_per_friend is None else round(row.cost_per_friend),
             row.total.after_end, row.total.filtered)
            for row in (report.campaigns.rows if report.campaigns else [])]
    return _csv(CAMPAIGN_COLUMNS, rows)
