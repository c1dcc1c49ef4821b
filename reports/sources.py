"""Redis I/O: figures other areas own (audience sizes, broadcasts, unanswered questions), read for the report.

The broadcast reader tolerates the broadcast engine not offering its report function yet (the report then
says there were no broadcasts), but never hides an error raised inside it.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Callable, Mapping, Sequence

from redis import Redis

from bot.faq.gaps import top_gaps
from reports.content import BREAKDOWN_ATTRIBUTES, BroadcastRow, Question
from segments import audience, expr

BROADCASTS_MODULE, BROADCASTS_FUNCTION = "messages.attribution", "sent_between"
"""Expected: `messages.attribution.sent_between(redis, start: datetime, end: datetime) -> list[dict]`, one dict
per delivery run that started in [start, end): title (str), sent_at (datetime), recipients (int),
blocks (int: blocks attributed within 24 h)."""


def _optional(module_name: str, function_name: str) -> Callable | None:
    """The function, or None while its module (and only it) or the function does not exist yet."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            return None
        raise
    return getattr(module, function_name, None)


def registered_counts(redis: Redis, attribute_values: Mapping[str, Sequence[str]]) -> dict[str, dict[str, int]]:
    """Current consenting friends per attribute value (the segment sets' sizes)."""
    return {
        attribute: {value: audience.count(redis, expr.parse(f"{attribute}:{value}"))
                    for value in attribute_values.get(attribute, ())}
        for attribute, _ in BREAKDOWN_ATTRIBUTES
    }


def broadcasts(redis: Redis, start: datetime, end: datetime) -> list[BroadcastRow]:
    """Broadcasts sent from `start` (included) to `end` (excluded), oldest first."""
    sent_between = _optional(BROADCASTS_MODULE, BROADCASTS_FUNCTION)
    if sent_between is None:
        return []
    rows = [BroadcastRow(title=str(item["title"]), sent_at=item["sent_at"], recipients=int(item["recipients"]),
                         blocks=int(item["blocks"])) for item in sent_between(redis, start, end)]
    return sorted(rows, key=lambda row: row.sent_at)


def unanswered_questions(redis: Redis, since: datetime, limit: int) -> list[Question]:
    """The questions most often left unanswered (or answered unhelpfully) since `since`."""
    return [Question(gap.text, gap.count, unhelpful=gap.kind == "unhelpful") for gap in top_gaps(redis, since, limit)]
