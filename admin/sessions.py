"""Redis I/O: server-side staff sessions with an idle timeout and an absolute lifetime.

The browser's cookie holds only a random token. Keeping the session in Redis means logging out,
a password reset or disabling an account ends the session at once, on every web process.
"""

from __future__ import annotations

import secrets
import time

from redis import Redis

from admin import keys

IDLE_SECONDS = 60 * 60
"""A session unused for an hour ends (the compose page's live preview counts as use)."""

ABSOLUTE_SECONDS = 8 * 60 * 60
"""No session lives longer than a working day, however active."""


def start(redis: Redis, name: str) -> str:
    """A new session for `name`; returns its token."""
    _forget_expired(redis, name)
    token = secrets.token_urlsafe(32)
    with redis.pipeline() as pipe:
        pipe.hset(keys.session(token), mapping={"name": name, "started": int(time.time())})
        pipe.expire(keys.session(token), IDLE_SECONDS)
        pipe.sadd(keys.staff_sessions(name), token)
        pipe.execute()
    return token


def resume(redis: Redis, token: str) -> str | None:
    """The staff name of a live session (and keep it alive), or None when it has ended."""
    raw = redis.hgetall(keys.session(token))
    if not raw:
        return None
    name = raw[b"name"].decode()
    if time.time() - int(raw[b"started"]) > ABSOLUTE_SECONDS:
        end(redis, token, name)
        return None
    redis.expire(keys.session(token), IDLE_SECONDS)
    return name


def end(redis: Redis, token: str, name: str) -> None:
    with redis.pipeline() as pipe:
        pipe.delete(keys.session(token))
        pipe.srem(keys.staff_sessions(name), token)
        pipe.execute()


def end_all(redis: Redis, name: str, *, keep: str | None = None) -> None:
    """End every session of `name` except `keep` (the one that changed its own password)."""
    tokens = [raw.decode() for raw in redis.smembers(keys.staff_sessions(name))]
    for token in tokens:
        if token != keep:
            end(redis, token, name)


def _forget_expired(redis: Redis, name: str) -> None:
    """Drop tokens whose session expired by itself, so the per-person set stays small."""
    for raw in redis.smembers(keys.staff_sessions(name)):
        if not redis.exists(keys.session(raw.decode())):
            redis.srem(keys.staff_sessions(name), raw)
