"""Pure: what a weekly report holds (growth, breakdowns, broadcasts, unanswered questions), ready to render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping, Sequence

from campaigns.figures import CampaignTable
from civic.stats import CivicRow
from reports.growth import DayFigures, Goalpost, GrowthSummary

BREAKDOWN_ATTRIBUTES = (("district", "地区"), ("age", "年代"), ("interest", "関心"))
"""Segment attributes the report breaks figures down by, with their labels."""


@dataclass(frozen=True)
class BreakdownRow:
    """One attribute value: friends registered with it now and this week's events."""

    attribute: str
    label: str
    value: str
    registered: int
    registrations: int
    blocks: int


@dataclass(frozen=True)
class BroadcastRow:
    """A broadcast sent in the week, with the blocks that followed it within 24 hours."""

    title: str
    sent_at: datetime
    recipients: int
    blocks: int

    @property
    def block_rate(self) -> float | None:
        return self.blocks / self.recipients if self.recipients else None


@dataclass(frozen=True)
class Question:
    """A question the FAQ could not answer (or answered unhelpfully, as the citizen said), and how often."""

    text: str
    count: int
    unhelpful: bool = False


@dataclass(frozen=True)
class WeeklyReport:
    city_name: str
    link: str
    generated_at: datetime
    growth: GrowthSummary
    days: list[DayFigures]
    milestones: tuple[Goalpost, ...]
    breakdown: list[BreakdownRow]
    broadcasts: list[BroadcastRow]
    questions: list[Question]
    campaigns: CampaignTable | None = None
    """What each friend-growth campaign brought (None: the report predates campaigns)."""
    civic: list[CivicRow] | None = None
    """Citizen reports per category this week (None: no civic settings)."""


def breakdown_rows(attribute_values: Mapping[str, Sequence[str]], week_events: Mapping[str, int],
                   registered: Mapping[str, Mapping[str, int]]) -> list[BreakdownRow]:
    """Rows in the city's own order of values; `week_events` uses counters' names (`registration:district:中央`)."""
    rows = []
    for attribute, label in BREAKDOWN_ATTRIBUTES:
        for value in attribute_values.get(attribute, ()):
            rows.append(BreakdownRow(
                attribute=attribute, label=label, value=value,
                registered=registered.get(attribute, {}).get(value, 0),
                registrations=week_events.get(f"registration:{attribute}:{value}", 0),
                blocks=week_events.get(f"block:{attribute}:{value}", 0),
            ))
    return rows
