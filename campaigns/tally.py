"""Redis I/O: the campaign table for a week — campaigns, their stored counts and the account's arrivals."""

from __future__ import annotations

from datetime import date

from redis import Redis

from campaigns import store
from campaigns.figures import CampaignTable, table
from reports.snapshots import read_days

ARRIVALS = ("follow", "unblock")
"""Our webhook counts of friends arriving (a returning friend may have seen a poster too)."""


def campaign_table(redis: Redis, week_start: date, week_end: date) -> CampaignTable:
    campaigns = store.every(redis)
    first = min([campaign.starts for campaign in campaigns] + [week_start])
    arrivals = {figures.day: sum(figures.events.get(kind, 0) for kind in ARRIVALS)
                for figures in read_days(redis, first, week_end)}
    return table(campaigns, store.daily_counts(redis, (campaign.code for campaign in campaigns)), arrivals,
                 first=first, week_start=week_start, week_end=week_end,
                 unknown_scans=store.unknown_scans(redis, week_start, week_end))
