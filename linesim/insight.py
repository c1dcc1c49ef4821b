"""Pure: LINE's "number of followers" insight for a JST date, derived from users' history or set by hand."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Iterable, Mapping

from linesim.clock import JST
from linesim.users import BLOCKED, FRIEND, User

FIRST_DAY = date(2016, 11, 1)
"""[REF]#get-number-of-followers: dates before 2016-11-01 answer `out_of_service`."""


def followers_insight(day: date, users: Iterable[User], overrides: Mapping[date, dict],
                      now: datetime, ready_hour: int) -> dict:
    """The body of GET /v2/bot/insight/followers for `day`.

    `followers` counts first-time adds up to the end of the day and never falls; `blocks` counts users
    blocking at the end of the day; `targetedReaches` counts friends then (linesim users have no demographics,
    so every friend counts as reachable). A hand-set day is ready with its numbers unless it says otherwise.
    """
    if day < FIRST_DAY:
        return _empty("out_of_service")
    if day in overrides:
        return {"status": "ready", **overrides[day]}
    if now < datetime.combine(day + timedelta(days=1), time(ready_hour), JST):
        return _empty("unready")
    return {"status": "ready", **_count(day, users)}


def _count(day: date, users: Iterable[User]) -> dict:
    end_ms = int(datetime.combine(day + timedelta(days=1), time(0), JST).timestamp() * 1000) - 1
    followers = reaches = blocks = 0
    for user in users:
        first = user.first_followed_ms
        if first is None or first > end_ms:
            continue
        followers += 1
        status = user.status_at(end_ms)
        reaches += status == FRIEND
        blocks += status == BLOCKED
    return {"followers": followers, "targetedReaches": reaches, "blocks": blocks}


def _empty(status: str) -> dict:
    return {"status": status, "followers": None, "targetedReaches": None, "blocks": None}
