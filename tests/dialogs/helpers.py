"""Small readers of step outcomes and of Redis, shared by the dialog tests."""

from __future__ import annotations

from bot.dialogs.model import Outcome


def texts(outcome: Outcome) -> list[str]:
    return [reply.get("text") or reply.get("altText") for reply in outcome.replies]


def buttons(outcome: Outcome) -> list[tuple[str, str]]:
    """(label, data) of the quick reply LINE shows: the last message's."""
    if not outcome.replies:
        return []
    items = outcome.replies[-1].get("quickReply", {}).get("items", [])
    return [(item["action"]["label"], item["action"]["data"]) for item in items]


def labels(outcome: Outcome) -> list[str]:
    return [label for label, _ in buttons(outcome)]


def mentions(redis, user_id: str) -> list[str]:
    """Every key whose name, members, fields or values mention the user ID."""
    found = []
    for key in redis.scan_iter():
        name = key.decode()
        kind = redis.type(key).decode()
        if user_id in name:
            found.append(name)
        elif kind == "set" and redis.sismember(key, user_id):
            found.append(name)
        elif kind == "zset" and redis.zscore(key, user_id) is not None:
            found.append(name)
        elif kind == "stream" and any(user_id.encode() in b"".join(fields.values())
                                      for _, fields in redis.xrange(key)):
            found.append(name)
        elif kind == "hash" and any(user_id.encode() in part for pair in redis.hgetall(key).items() for part in pair):
            found.append(name)
        elif kind == "string" and user_id.encode() in redis.get(key):
            found.append(name)
    return found
