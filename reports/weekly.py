"""Redis and file I/O: gather one ISO week's figures (ours and other areas'), then render the report's folder."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from redis import Redis

from campaigns.tally import campaign_table
from civic import store as civic_store
from civic.stats import weekly_rows
from config import Config
from reports import snapshots, sources
from reports.content import WeeklyReport, breakdown_rows
from reports.growth import IsoWeek, sum_events, summarise
from reports.render import RenderedReport, report_dir, write_report

QUESTIONS_SHOWN = 10
"""The report lists the ten unanswered questions asked most often since the week began."""

ADMIN_PATH = "/admin/reports/{week}"
"""Where the admin UI shows a stored report (the link in the LINE summary and the e-mail)."""


def admin_link(config: Config, week: IsoWeek) -> str:
    return config.public_url + ADMIN_PATH.format(week=week)


def build(redis: Redis, config: Config, week: IsoWeek, *, generated_at: datetime) -> WeeklyReport:
    """Everything the report for `week` shows, as the figures stood at the end of that week."""
    city = config.city
    first = min(snapshots.first_stored_day(redis) or week.start, week.start)
    days = snapshots.read_days(redis, first, week.end)
    growth = summarise(days, week, target_friends=city.target_friends, target_date=city.target_date,
                       milestones=city.milestones, today=week.end)
    week_start = datetime.combine(week.start, time(0), config.tz)
    week_events = sum_events(day for day in days if day.day >= week.start)
    return WeeklyReport(
        city_name=city.name,
        link=admin_link(config, week),
        generated_at=generated_at,
        growth=growth,
        days=days,
        milestones=city.milestones,
        breakdown=breakdown_rows(city.attribute_values(), week_events,
                                 sources.registered_counts(redis, city.attribute_values())),
        broadcasts=sources.broadcasts(redis, week_start, week_start + timedelta(weeks=1)),
        questions=sources.unanswered_questions(redis, week_start, week_start + timedelta(weeks=1), QUESTIONS_SHOWN),
        campaigns=campaign_table(redis, week.start, week.end),
        civic=weekly_rows(civic_store.all_reports(redis), config.civic, week.start, week.end) if config.civic else None,
    )


def produce(redis: Redis, config: Config, week: IsoWeek, *, now: datetime) -> RenderedReport:
    """Build and write the week's report under data_dir/reports/{week}/."""
    report = build(redis, config, week, generated_at=now)
    return write_report(report, report_dir(config.data_dir, str(week)))
