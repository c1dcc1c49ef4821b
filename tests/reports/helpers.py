"""Synthetic figures for report tests: steady daily growth with some blocks, ending on a given day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from config import DEFAULT_CITY_FILE
from reports.content import WeeklyReport, breakdown_rows
from reports.growth import DayFigures, IsoWeek, sum_events, summarise
from segments.city import load_city

CITY = load_city(DEFAULT_CITY_FILE)


def daily(end: date, days: int, *, start_followers: int = 12_000, adds: int = 30, blocks_every: int = 3,
          events: dict | None = None) -> list[DayFigures]:
    """`days` days up to `end`: `adds` first-time adds a day and one more block every `blocks_every` days."""
    first = end - timedelta(days=days - 1)
    return [DayFigures(first + timedelta(days=n), followers=start_followers + adds * n,
                       blocks=1_500 + n // blocks_every, targeted_reaches=start_followers + adds * n - 1_500,
                       events=dict(events or {})) for n in range(days)]


def weekly_report(days: list[DayFigures], week: IsoWeek, *, broadcasts=(), questions=(),
                  registered: dict | None = None) -> WeeklyReport:
    growth = summarise(days, week, target_friends=CITY.target_friends, target_date=CITY.target_date,
                       milestones=CITY.milestones, today=week.end)
    week_events = sum_events(day for day in days if week.start <= day.day <= week.end)
    return WeeklyReport(
        city_name=CITY.name, link=f"https://city.example.jp/admin/reports/{week}",
        generated_at=datetime(2026, 11, 23, 9, 0), growth=growth, days=days, milestones=CITY.milestones,
        breakdown=breakdown_rows(CITY.attribute_values(), week_events, registered or {}),
        broadcasts=list(broadcasts), questions=list(questions),
    )
