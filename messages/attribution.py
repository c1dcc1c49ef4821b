"""Redis I/O: blocks (unfollows) within 24 hours after a broadcast was received are counted against it.

Each run keeps the set of its recipients (messages/delivery.py) and is listed with its start time among
the recent runs. A block looks at the runs of the 24 hours before it, newest first, and counts against
the first whose recipients include the citizen: a few set lookups per block, nothing per recipient.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from redis import Redis

from messages import keys
from messages.broadcasts import get

WINDOW = timedelta(hours=24)


def record_block(redis: Redis, user_id: str, at: datetime) -> None:
    """Count the block against the latest broadcast run that reached the user within 24 hours before `at`."""
    since = (at - WINDOW).timestamp()
    runs = [keys.parse_run_member(member.decode())
            for member in redis.zrevrangebyscore(keys.RECENT, at.timestamp(), since)]
    with redis.pipeline(transaction=False) as pipe:
        for broadcast_id, run in runs:
            pipe.sismember(keys.recipients(broadcast_id, run), user_id)
        pipe.zremrangebyscore(keys.RECENT, "-inf", since - WINDOW.total_seconds())   # forget runs long past
        reached = pipe.execute()[:-1]
    for (broadcast_id, run), hit in zip(runs, reached):
        if hit:
            redis.hincrby(keys.run(broadcast_id, run), "blocks", 1)
            return


def sent_between(redis: Redis, start: datetime, end: datetime) -> list[dict]:
    """Delivery runs that started in [start, end), oldest first, with their reach and the blocks counted against
    them: title, sent_at, recipients, blocks (for the weekly report)."""
    members = redis.zrangebyscore(keys.RUNS, start.timestamp(), f"({end.timestamp()}")
    runs = [keys.parse_run_member(member.decode()) for member in members]
    with redis.pipeline(transaction=False) as pipe:
        for broadcast_id, run in runs:
            pipe.hmget(keys.run(broadcast_id, run), "started_at", "recipients", "blocks")
        figures = pipe.execute()
    return [{"title": get(redis, broadcast_id).title, "sent_at": datetime.fromisoformat(started.decode()),
             "recipients": int(recipients or 0), "blocks": int(blocks or 0)}
            for (broadcast_id, _), (started, recipients, blocks) in zip(runs, figures)]
