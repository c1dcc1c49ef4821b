"""Pure: what each campaign brought — exact friends (a code came back), the estimate for friends who came
without one, registration and early-block rates, cost per friend.

The estimate: on each day, arrivals (follows and unblocks) beyond the coded ones and beyond the account's
usual arrivals on days without any scan (the baseline: the median of such quiet days) are shared among the
campaigns in proportion to their scans that brought no code that day, never more than those scans.
Without enough quiet days to know the baseline, it is taken as zero and the estimate is an upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Iterable, Mapping, Sequence

from campaigns.model import Campaign

MIN_QUIET_DAYS = 7
"""Fewer scan-free days than a week give no usable baseline."""

BASELINE_DAYS = 56
"""The baseline looks at the eight weeks up to the report's last day (the usual pace changes slowly)."""


@dataclass(frozen=True)
class DayFlow:
    """One day of the account: arrivals (webhook follows + unblocks), and per campaign code its counted scans
    and the friends whose code came back."""

    day: date
    arrivals: int
    scans: Mapping[str, int] = field(default_factory=dict)
    coded: Mapping[str, int] = field(default_factory=dict)

    @property
    def quiet(self) -> bool:
        return not any(self.scans.values()) and not any(self.coded.values())


@dataclass(frozen=True)
class Baseline:
    arrivals_per_day: float
    quiet_days: int

    @property
    def known(self) -> bool:
        return self.quiet_days >= MIN_QUIET_DAYS


def baseline(days: Iterable[DayFlow]) -> Baseline:
    quiet = [flow.arrivals for flow in days if flow.quiet]
    if len(quiet) < MIN_QUIET_DAYS:
        return Baseline(0.0, len(quiet))
    return Baseline(float(median(quiet)), len(quiet))


def estimated(flow: DayFlow, base: Baseline) -> dict[str, float]:
    """Friends each campaign probably brought on `flow.day` without their code coming back."""
    uncoded_scans = {code: max(count - flow.coded.get(code, 0), 0) for code, count in flow.scans.items()}
    total_scans = sum(uncoded_scans.values())
    excess = flow.arrivals - sum(flow.coded.values()) - base.arrivals_per_day
    if total_scans == 0 or excess <= 0:
        return {}
    return {code: min(float(count), excess * count / total_scans)
            for code, count in uncoded_scans.items() if count}


@dataclass(frozen=True)
class CampaignCounts:
    """A campaign's counts over some days (the report's week, or since it began)."""

    scans: int = 0
    after_end: int = 0
    """Scans after the campaign ended (sent to the plain add-friend page, no code)."""
    filtered: int = 0
    """Visits not counted: robots, link previews and the same visitor again that day."""
    friends: int = 0
    registered: int = 0
    blocked: int = 0
    estimated: float = 0.0


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    week: CampaignCounts
    total: CampaignCounts

    @property
    def friends_total(self) -> float:
        return self.total.friends + self.total.estimated

    @property
    def registration_rate(self) -> float | None:
        """Share of the friends who came with the code and registered within 30 days."""
        return self.total.registered / self.total.friends if self.total.friends else None

    @property
    def early_block_rate(self) -> float | None:
        """Share of the friends who came with the code and blocked within 30 days."""
        return self.total.blocked / self.total.friends if self.total.friends else None

    @property
    def cost_per_friend(self) -> float | None:
        """Cost over exact + estimated friends; None without a cost or a friend."""
        if self.campaign.cost is None or self.friends_total < 0.5:
            return None
        return self.campaign.cost / self.friends_total


@dataclass(frozen=True)
class CampaignTable:
    rows: list[CampaignRow]
    baseline: Baseline
    unknown_scans: int
    """This week's visits of short links whose code no campaign has."""


Stored = Mapping[str, Mapping[date, Mapping[str, int]]]
"""Per campaign code, per day, its stored counts (scan, bot, repeat, after_end, friend, registered, blocked)."""


def table(campaigns: Sequence[Campaign], stored: Stored, arrivals: Mapping[date, int], *, first: date,
          week_start: date, week_end: date, unknown_scans: int = 0) -> CampaignTable:
    """Every campaign's figures for the week `week_start`..`week_end` and from `first` to the week's end."""
    days = [first + timedelta(days=offset) for offset in range((week_end - first).days + 1)]
    flows = [DayFlow(day, arrivals.get(day, 0),
                     scans={code: per_day.get(day, {}).get("scan", 0) for code, per_day in stored.items()},
                     coded={code: per_day.get(day, {}).get("friend", 0) for code, per_day in stored.items()})
             for day in days]
    base = baseline(flow for flow in flows if (week_end - flow.day).days < BASELINE_DAYS)
    week = [flow for flow in flows if flow.day >= week_start]
    rows = [CampaignRow(campaign, week=_counts(week, campaign.code, base, stored),
                        total=_counts(flows, campaign.code, base, stored)) for campaign in campaigns]
    return CampaignTable(rows, base, unknown_scans)


def _counts(flows: Sequence[DayFlow], code: str, base: Baseline, stored: Stored) -> CampaignCounts:
    per_day = stored.get(code, {})

    def total(kind: str) -> int:
        return sum(per_day.get(flow.day, {}).get(kind, 0) for flow in flows)

    return CampaignCounts(
        scans=total("scan"), after_end=total("after_end"), filtered=total("bot") + total("repeat"),
        friends=total("friend"), registered=total("registered"), blocked=total("blocked"),
        estimated=sum(estimated(flow, base).get(code, 0.0) for flow in flows),
    )
