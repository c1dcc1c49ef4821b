"""Redis I/O: campaigns, their counted scans and the friends whose code came back, and the account's LINE ID."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable, Mapping

from redis import Redis

import audit
from campaigns import keys, scans
from campaigns.model import Campaign, new_code
from messages.gateway import LineGateway

ATTRIBUTION_WINDOW = timedelta(hours=24)
"""A code counts only if it arrives within a day of the follow: a code typed weeks later brought nobody."""

FOLLOW_UP = timedelta(days=30)
"""Registration and blocks are counted for a campaign's friends during their first 30 days."""

VISITOR_KEY_SECONDS = 2 * 86_400
"""A day's visitor key and tokens live two days (so a scan just after midnight still finds them), then go."""

ATTRIBUTE = """
if redis.call('HSETNX', KEYS[1], 'code', ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'day', ARGV[2], 'at', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('HINCRBY', KEYS[2], ARGV[2] .. ':friend', 1)
return 1
"""
"""First code of a friend: remember it and count the friend, at once (a second code changes nothing)."""

FOLLOW_UP_COUNT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 0 then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[2] .. ':' .. ARGV[1], 1)
return 1
"""
"""A campaign friend's first registration (or block): counted once, on the day they came (their cohort)."""


@dataclass(frozen=True)
class Visit:
    outcome: str
    """"scan" (counted), "bot", "repeat", "after_end" (an ended campaign) or "unknown" (no such code)."""
    campaign: Campaign | None


def save(redis: Redis, campaign: Campaign, *, actor: str, at: datetime, created: bool) -> None:
    fields = {"name": campaign.name, "medium": campaign.medium, "starts": campaign.starts.isoformat(),
              "ends": campaign.ends.isoformat(), "cost": "" if campaign.cost is None else str(campaign.cost),
              "updated_by": actor, "updated_at": at.isoformat(timespec="seconds")}
    with redis.pipeline(transaction=True) as pipe:
        pipe.hset(keys.campaign(campaign.code), mapping=fields)
        if created:
            pipe.zadd(keys.CODES, {campaign.code: int(at.timestamp() * 1000)})
        pipe.execute()
    audit.record(redis, actor=actor, action="campaign.create" if created else "campaign.update",
                 target=campaign.code, details={"name": campaign.name, "medium": campaign.medium})


def unused_code(redis: Redis) -> str:
    return new_code({code.decode() for code in redis.zrange(keys.CODES, 0, -1)})


def get(redis: Redis, code: str) -> Campaign | None:
    raw = redis.hgetall(keys.campaign(code))
    return _campaign(code, raw) if raw else None


def every(redis: Redis) -> list[Campaign]:
    """All campaigns, newest first."""
    codes = [code.decode() for code in redis.zrevrange(keys.CODES, 0, -1)]
    with redis.pipeline(transaction=False) as pipe:
        for code in codes:
            pipe.hgetall(keys.campaign(code))
        return [_campaign(code, raw) for code, raw in zip(codes, pipe.execute()) if raw]


def _campaign(code: str, raw: Mapping[bytes, bytes]) -> Campaign:
    fields = {name.decode(): value.decode() for name, value in raw.items()}
    return Campaign(code=code, name=fields["name"], medium=fields["medium"],
                    starts=date.fromisoformat(fields["starts"]), ends=date.fromisoformat(fields["ends"]),
                    cost=int(fields["cost"]) if fields.get("cost") else None)


def account_id(redis: Redis, gateway: LineGateway) -> str:
    """The account's @ID for LINE links, asked of LINE once (links must not wait on LINE on every scan)."""
    cached = redis.get(keys.ACCOUNT_ID)
    if cached:
        return cached.decode()
    basic_id = gateway.bot_info()["basicId"]
    redis.set(keys.ACCOUNT_ID, basic_id)
    return basic_id


def record_visit(redis: Redis, code: str, *, method: str, headers: Mapping[str, str], address: str,
                 day: date) -> Visit:
    """Count a visit of the short link `code` on JST `day` as what it was (see Visit.outcome)."""
    campaign = get(redis, code)
    if campaign is None:
        redis.hincrby(keys.UNKNOWN, f"{day.isoformat()}:scan", 1)
        return Visit("unknown", None)
    outcome = _outcome(redis, campaign, method, headers, address, day)
    redis.hincrby(keys.days(code), f"{day.isoformat()}:{outcome}", 1)
    return Visit(outcome, campaign)


def _outcome(redis: Redis, campaign: Campaign, method: str, headers: Mapping[str, str], address: str,
             day: date) -> str:
    if scans.is_bot(method, headers):
        return "bot"
    token = scans.visitor_token(_day_key(redis, day), address, headers.get("User-Agent", ""), campaign.code)
    with redis.pipeline(transaction=True) as pipe:
        pipe.sadd(keys.seen(day), token)
        pipe.expire(keys.seen(day), VISITOR_KEY_SECONDS)
        first_time, _ = pipe.execute()
    if not first_time:
        return "repeat"
    return "after_end" if campaign.ended_by(day) else "scan"


def _day_key(redis: Redis, day: date) -> bytes:
    redis.set(keys.day_key(day), secrets.token_bytes(32), nx=True, ex=VISITOR_KEY_SECONDS)
    return redis.get(keys.day_key(day))


def attribute(redis: Redis, user_id: str, code: str, *, followed_at: datetime | None, at: datetime) -> str:
    """A friend sent `code`: "counted", "already" (they had sent one), "late" (long after their follow),
    "ended" (the campaign is over) or "unknown"."""
    campaign = get(redis, code)
    if campaign is None:
        return "unknown"
    if campaign.ended_by(at.date()):
        return "ended"
    if followed_at is None or at - followed_at > ATTRIBUTION_WINDOW:
        return "late"
    seconds = int((FOLLOW_UP + timedelta(days=1)).total_seconds())
    follow_day = followed_at.astimezone(at.tzinfo).date()   # the city's day, as scans and arrivals are counted
    counted = redis.register_script(ATTRIBUTE)(
        keys=[keys.friend(user_id), keys.days(code)],
        args=[code, follow_day.isoformat(), followed_at.isoformat(timespec="seconds"), seconds])
    return "counted" if counted else "already"


def note_registration(redis: Redis, user_id: str, at: datetime) -> bool:
    return _follow_up(redis, user_id, "registered", at)


def note_block(redis: Redis, user_id: str, at: datetime) -> bool:
    return _follow_up(redis, user_id, "blocked", at)


def _follow_up(redis: Redis, user_id: str, kind: str, at: datetime) -> bool:
    came = {name.decode(): value.decode() for name, value in redis.hgetall(keys.friend(user_id)).items()}
    if "code" not in came or at - datetime.fromisoformat(came["at"]) > FOLLOW_UP:
        return False
    return bool(redis.register_script(FOLLOW_UP_COUNT)(keys=[keys.friend(user_id), keys.days(came["code"])],
                                                       args=[kind, came["day"]]))


def forget_friend(redis: Redis, user_id: str) -> None:
    """On erasure: which campaign brought the citizen is theirs to erase too (the counts stay: no IDs)."""
    redis.delete(keys.friend(user_id))


def daily_counts(redis: Redis, codes: Iterable[str]) -> dict[str, dict[date, dict[str, int]]]:
    """Per code, per day, the stored counts (scan, friend, registered, …)."""
    codes = list(codes)
    with redis.pipeline(transaction=False) as pipe:
        for code in codes:
            pipe.hgetall(keys.days(code))
        raw_days = pipe.execute()
    found: dict[str, dict[date, dict[str, int]]] = {}
    for code, raw in zip(codes, raw_days):
        per_day: dict[date, dict[str, int]] = {}
        for name, value in raw.items():
            day, _, kind = name.decode().partition(":")
            per_day.setdefault(date.fromisoformat(day), {})[kind] = int(value)
        found[code] = per_day
    return found


def unknown_scans(redis: Redis, first: date, last: date) -> int:
    return sum(int(value) for name, value in redis.hgetall(keys.UNKNOWN).items()
               if first <= date.fromisoformat(name.decode().partition(":")[0]) <= last)
