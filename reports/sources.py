"""Redis I/O: figures other areas own (audience sizes, broadcasts, unanswered questions), read for the report."""

from __future__ import annotations

from datetime import datetime
from typing import Mapping, Sequence

from redis import Redis

from bot.faq.gaps import top_gaps
from messages.attribution import sent_between
from reports.content import BREAKDOWN_ATTRIBUTES, BroadcastRow, Question
from segments import audience, expr


def registered_counts(redis: Redis, attribute_values: Mapping[str, Sequence[str]]) -> dict[str, dict[str, int]]:
    """Current consenting friends per attribute value (the segment sets' sizes)."""
    return {
        attribute: {value: audience.count(redis, expr.parse(f"{attribute}:{value}"))
                    for value in attribute_values.get(attribute, ())}
        for attribute, _ in BREAKDOWN_ATTRIBUTES
    }


def broadcasts(redis: Redis, start: datetime, end: datetime) -> list[BroadcastRow]:
    """Broadcasts sent from `start` (included) to `end` (excluded), oldest first."""
    return [BroadcastRow(title=item["title"], sent_at=item["sent_at"], recipients=item["recipients"],
                         blocks=item["blocks"]) for item in sent_between(redis, start, end)]


def unanswered_questions(redis: Redis, start: datetime, end: datetime, limit: int) -> list[Question]:
    """The questions most often left unanswered (or answered unhelpfully) from `start` to `end`."""
    return [Question(gap.text, gap.count, unhelpful=gap.kind == "unhelpful")
            for gap in top_gaps(redis, start, limit, until=end)]
