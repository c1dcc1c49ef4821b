"""Redis I/O: questions we could not answer, answers marked 役に立たなかった, and feedback counts.

Entries live in one sorted set scored by time, so `top_gaps(since)` is one range read; entries older
than GAP_RETENTION_DAYS are dropped on write (they hold whatever citizens typed).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from redis import Redis
from ulid import ULID

from bot.faq import keys
from bot.faq.grouping import Gap, GapEntry, group

GAP_RETENTION_DAYS = 180
MAX_TEXT = 200
"""Longer questions are cut: staff need the gist, and we keep no more of what citizens typed than needed."""


def record_unanswered(redis: Redis, text: str, *, at: datetime) -> None:
    _record(redis, GapEntry("unanswered", text, None, at))


def record_feedback(redis: Redis, faq_id: str, *, helpful: bool, question: str, at: datetime) -> None:
    """Count a 役に立った / 役に立たなかった tap; an unhelpful answer is also logged as a gap."""
    redis.hincrby(keys.FEEDBACK, f"{faq_id}:{'helpful' if helpful else 'unhelpful'}", 1)
    if not helpful:
        _record(redis, GapEntry("unhelpful", question, faq_id, at))


def _record(redis: Redis, entry: GapEntry) -> None:
    member = json.dumps({"id": str(ULID()), "kind": entry.kind, "text": entry.text.strip()[:MAX_TEXT],
                         "faq_id": entry.faq_id, "at": entry.at.isoformat()}, ensure_ascii=False)
    oldest = (entry.at - timedelta(days=GAP_RETENTION_DAYS)).timestamp()
    with redis.pipeline(transaction=True) as pipe:
        pipe.zadd(keys.GAPS, {member: entry.at.timestamp()})
        pipe.zremrangebyscore(keys.GAPS, "-inf", f"({oldest}")
        pipe.execute()


def entries(redis: Redis, since: datetime, until: datetime | None = None) -> list[GapEntry]:
    """Every logged entry from `since` (included) to `until` (excluded; None: up to now), oldest first."""
    found = []
    end = "+inf" if until is None else f"({until.timestamp()}"
    for member in redis.zrangebyscore(keys.GAPS, since.timestamp(), end):
        data = json.loads(member)
        found.append(GapEntry(data["kind"], data["text"], data["faq_id"], datetime.fromisoformat(data["at"])))
    return found


def top_gaps(redis: Redis, since: datetime, limit: int = 10, *, until: datetime | None = None) -> list[Gap]:
    """The most frequent unanswered / unhelpful questions in [since, until), near-identical ones counted together."""
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return group(entries(redis, since, until), limit)


def feedback_counts(redis: Redis) -> dict[str, dict[str, int]]:
    """FAQ ID → {"helpful": n, "unhelpful": n}."""
    counts: dict[str, dict[str, int]] = {}
    for field, value in redis.hgetall(keys.FEEDBACK).items():
        faq_id, kind = field.decode().rsplit(":", 1)
        counts.setdefault(faq_id, {"helpful": 0, "unhelpful": 0})[kind] = int(value)
    return counts


def remember_answer(redis: Redis, user_id: str, *, question: str, faq_id: str) -> None:
    """Keep what a citizen asked and what we answered, so their feedback tap can be tied to it."""
    key = keys.LAST_ANSWER.format(user_id=user_id)
    with redis.pipeline(transaction=True) as pipe:
        pipe.hset(key, mapping={"question": question[:MAX_TEXT], "faq_id": faq_id})
        pipe.expire(key, keys.LAST_ANSWER_TTL)
        pipe.execute()


def last_answer(redis: Redis, user_id: str) -> dict[str, str] | None:
    """The remembered question and FAQ, left in place."""
    stored = redis.hgetall(keys.LAST_ANSWER.format(user_id=user_id))
    return {k.decode(): v.decode() for k, v in stored.items()} or None


def take_last_answer(redis: Redis, user_id: str) -> dict[str, str] | None:
    """The remembered question and FAQ (removed, so one answer gets one feedback)."""
    key = keys.LAST_ANSWER.format(user_id=user_id)
    with redis.pipeline(transaction=True) as pipe:
        pipe.hgetall(key)
        pipe.delete(key)
        stored, _ = pipe.execute()
    return {k.decode(): v.decode() for k, v in stored.items()} or None
