"""Pure: the Japanese wording of report figures (numbers, changes, progress, forecast, the LINE summary)."""

from __future__ import annotations

from datetime import date

from reports.growth import Forecast, Goal, GrowthSummary
from segments.privacy import display_count


def number(value: int | float | None) -> str:
    return "—" if value is None else f"{round(value):,}"


def signed(value: int | float | None) -> str:
    """+123 / −45 / ±0, or — when there is nothing to compare with."""
    if value is None:
        return "—"
    rounded = round(value)
    if rounded == 0:
        return "±0"
    return f"+{rounded:,}" if rounded > 0 else f"−{-rounded:,}"


def percent(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def people(value: int | None) -> str:
    """A count of citizens for staff eyes: small cells are hidden."""
    if value is None:
        return "—"
    return display_count(value)


def day_label(day: date | None) -> str:
    return "—" if day is None else f"{day.year}年{day.month}月{day.day}日"


def month_label(day: date) -> str:
    return f"{day.year}年{day.month}月"


def goal_sentence(goal: Goal, name: str) -> str:
    """e.g. 目標 20,000人 (2029年3月31日まで): 達成率 76.2%、あと 4,766人、必要なペースは週 +45人"""
    head = f"{name} {number(goal.friends)}人 ({day_label(goal.by)}まで): 達成率 {percent(goal.progress)}"
    if goal.reached:
        return f"{head}、達成しています"
    if goal.needed_pace is None:
        return f"{head}、期限を過ぎています (あと {number(goal.remaining)}人)"
    return f"{head}、あと {number(goal.remaining)}人、必要なペースは週 {signed(goal.needed_pace)}人"


def forecast_sentence(forecast: Forecast, target: Goal | None) -> str:
    """The forecast said as honestly as the data allows."""
    if forecast.status == "reached":
        return "目標の友だち数に達しています。"
    if forecast.status == "insufficient":
        return f"データ不足: 予測には 3 週分以上の記録が必要です (現在 {forecast.weeks_used} 週分)。"
    pace = f"直近 {forecast.weeks_used} 週の傾向は週 {signed(forecast.pace)}人"
    if forecast.status == "not_growing":
        return f"{pace}で、このペースでは目標に届きません。"
    on_time = ""
    if target is not None:
        on_time = "期限に間に合う見込みです。" if forecast.expected <= target.by else "期限には間に合わない見込みです。"
    latest = month_label(forecast.latest) if forecast.latest else "見通せません"
    if forecast.status == "noisy":
        return (f"{pace}です。週ごとのばらつきが大きく、予測は目安です: {month_label(forecast.expected)}ごろ "
                f"(早ければ {month_label(forecast.earliest)}、遅い場合は {latest})。{on_time}")
    spread = month_label(forecast.earliest) if latest == month_label(forecast.earliest) else \
        f"{month_label(forecast.earliest)}〜{latest}"
    return f"{pace}で、目標到達は {month_label(forecast.expected)}ごろの見込みです (80%の幅: {spread})。{on_time}"


def line_summary(summary: GrowthSummary, city_name: str, link: str) -> str:
    """The short text pushed to staff on LINE (well under LINE's 5,000 characters)."""
    head = f"【{city_name} LINE 週次レポート {summary.week}】"
    current = summary.current
    if current is None:
        return f"{head}\nこの週の友だち数の記録がありません (LINE の集計待ち、または取得の失敗)。\n詳細: {link}"
    lines = [
        head,
        f"友だち数 {number(current.net)}人 (前週比 {signed(current.change)})",
        f"追加 {signed(current.adds)} / ブロック {signed(current.blocks_change)} (ブロック率 {percent(current.block_rate)})",
        goal_sentence(summary.target, "目標"),
    ]
    if summary.milestone is not None and summary.milestone.friends != summary.target.friends:
        lines.append(goal_sentence(summary.milestone, "今期の目安"))
    lines += [forecast_sentence(summary.forecast, summary.target), f"詳細: {link}"]
    return "\n".join(lines)
