from __future__ import annotations

import csv
import io
import re
import warnings
from datetime import date, datetime

from PIL import Image

from reports import charts
from reports.growth import IsoWeek
from reports.render import write_report
from reports.content import BroadcastRow, Question
from tests.reports.helpers import daily, weekly_report

WEEK = IsoWeek(2026, 47)


def report_with_history(**extra):
    return weekly_report(daily(WEEK.end, 120, events={"registration:district:中央": 2, "block:age:30代": 1}), WEEK,
                         **extra)


def lines_by_gid(figure) -> dict:
    return {line.get_gid(): line for line in figure.axes[0].get_lines()}


def test_the_net_friends_chart_has_the_target_line_and_the_milestones():
    report = report_with_history()
    lines = lines_by_gid(charts.net_friends_figure(report))
    assert list(lines["target"].get_ydata()) == [20_000, 20_000]
    assert "目標 20,000人" in lines["target"].get_label()
    assert list(lines["milestones"].get_ydata()) == [14_000, 17_000, 18_000, 19_000, 20_000]
    assert lines["net"].get_ydata()[-1] == report.growth.current.net
    assert lines["trend"].get_ydata()[0] == report.growth.current.net


def test_the_flow_chart_pairs_adds_and_blocks_per_week():
    report = report_with_history()
    adds, blocks = charts.weekly_flow_figure(report).axes[0].containers
    assert "新規追加" in adds.get_label() and "ブロック" in blocks.get_label()
    assert len(adds) == len(blocks) == 17  # 120 days: 18 weeks, the first has nothing to compare with
    assert adds[-1].get_height() == report.growth.current.adds == 7 * 30
    assert blocks[-1].get_height() == report.growth.current.blocks_change


def test_charts_use_a_font_with_every_japanese_glyph():
    assert charts.font_family() == "IPAexGothic"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.png_bytes(charts.net_friends_figure(report_with_history()))
        charts.png_bytes(charts.weekly_flow_figure(report_with_history()))
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_the_report_folder_has_html_charts_csv_and_summary(tmp_path):
    report = report_with_history(registered={"district": {"中央": 1_234, "北部": 3}})
    rendered = write_report(report, tmp_path / "2026-W47")
    names = sorted(path.name for path in rendered.folder.iterdir())
    assert names == ["breakdown.csv", "campaigns.csv", "campaigns.png", "figures.csv", "index.html", "mail.html",
                     "net_friends.png", "summary.txt", "weekly_flow.png"]
    chart = Image.open(rendered.folder / "net_friends.png")
    assert chart.format == "PNG" and chart.size == (900, 460)
    assert "target=20000" in chart.info["Description"]
    assert rendered.summary == (rendered.folder / "summary.txt").read_text(encoding="utf-8")


def test_the_html_is_self_contained_japanese_and_shows_the_figures(tmp_path):
    report = report_with_history(registered={"district": {"中央": 1_234, "北部": 3}})
    html = write_report(report, tmp_path).html.read_text(encoding="utf-8")
    assert '<html lang="ja">' in html
    assert not re.search(r'<(script|link)\b', html)
    assert not re.search(r'src="(?!data:image/png;base64,)', html)
    assert html.count('src="data:image/png;base64,') == 2
    assert f"{report.growth.current.net:,}人" in html
    assert "1,234人" in html and "10人未満" in html
    assert "この週の配信はありません。" in html
    mail = (tmp_path / "mail.html").read_text(encoding="utf-8")
    assert 'src="cid:net_friends.png"' in mail and "base64" not in mail


def test_broadcasts_and_questions_are_listed_and_escaped(tmp_path):
    report = report_with_history(
        broadcasts=[BroadcastRow("<b>防災</b>訓練のお知らせ", datetime(2026, 11, 18, 10, 0), 12_000, 14)],
        questions=[Question("粗大ごみの出し方", 12), Question("保育園の申込み", 4, unhelpful=True)],
    )
    html = write_report(report, tmp_path).html.read_text(encoding="utf-8")
    assert "&lt;b&gt;防災&lt;/b&gt;訓練のお知らせ" in html and "<b>防災" not in html
    assert "12,000" in html and "14人" in html and "0.12%" in html
    assert "粗大ごみの出し方 (12回)" in html and "保育園の申込み (4回、回答が「役に立たなかった」)" in html


def read_csv(path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_figures_csv_has_every_week_oldest_first(tmp_path):
    report = report_with_history()
    rows = read_csv(write_report(report, tmp_path).folder / "figures.csv")
    header, first, last = rows[0], rows[1], rows[-1]
    assert header[:5] == ["週", "開始日", "終了日", "数値の日付", "友だち数 (累計追加数−ブロック数)"]
    assert len(rows) - 1 == len(report.growth.history)
    assert (last[0], last[3], int(last[4])) == ("2026-W47", "2026-11-22", report.growth.current.net)
    assert first[8] == ""  # the first week has no previous week to compare with


def test_the_breakdown_csv_hides_small_cells(tmp_path):
    report = report_with_history(registered={"district": {"中央": 25}})
    rows = read_csv(write_report(report, tmp_path).folder / "breakdown.csv")
    central = next(row for row in rows if row[:2] == ["地区", "中央"])
    thirties = next(row for row in rows if row[:2] == ["年代", "30代"])
    assert central[2:4] == ["25人", "14人"]
    assert thirties[4] == "10人未満"  # 7 blocks in the week


def test_a_week_without_line_numbers_still_renders_and_says_so(tmp_path):
    days = daily(date(2026, 11, 8), 30)
    rendered = write_report(weekly_report(days, WEEK), tmp_path)
    assert "この週の友だち数の記録がありません" in rendered.summary
    assert "この週の友だち数の記録がありません" in rendered.html.read_text(encoding="utf-8")
    assert Image.open(tmp_path / "weekly_flow.png").format == "PNG"
