"""Redis I/O: menus (definition, image, the LINE ID of the published version), the plan, each friend's menu
(the one they should see and the one LINE has linked), and disaster mode."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from redis import Redis

from menus import keys
from menus.model import Menu, from_dict, to_dict
from menus.plan import Plan
from menus.plan import from_dict as plan_from_dict
from menus.plan import to_dict as plan_to_dict


@dataclass(frozen=True)
class StoredMenu:
    menu: Menu
    image: bytes
    image_type: str
    generated: bool
    line_id: str | None
    updated_at: str
    updated_by: str


def save_menu(redis: Redis, menu: Menu, image: bytes, image_type: str, *, generated: bool, actor: str,
              at: datetime, pipeline=None) -> None:
    """Store a definition and its image; it reaches LINE when published (menus.publish)."""
    pipe = pipeline or redis.pipeline(transaction=True)
    pipe.hset(keys.menu(menu.key), mapping={
        "definition": json.dumps(to_dict(menu), ensure_ascii=False), "image": image, "image_type": image_type,
        "generated": int(generated), "updated_at": at.isoformat(timespec="seconds"), "updated_by": actor})
    pipe.sadd(keys.KEYS, menu.key)
    if pipeline is None:
        pipe.execute()


def get_menu(redis: Redis, key: str) -> StoredMenu | None:
    raw = redis.hgetall(keys.menu(key))
    if not raw:
        return None
    text = {name.decode(): value for name, value in raw.items()}
    return StoredMenu(menu=from_dict(json.loads(text["definition"])), image=text["image"],
                      image_type=text["image_type"].decode(), generated=text.get("generated") == b"1",
                      line_id=text["line_id"].decode() if text.get("line_id") else None,
                      updated_at=text.get("updated_at", b"").decode(), updated_by=text.get("updated_by", b"").decode())


def menu_keys(redis: Redis) -> set[str]:
    return {key.decode() for key in redis.smembers(keys.KEYS)}


def all_menus(redis: Redis) -> list[StoredMenu]:
    return [stored for key in sorted(menu_keys(redis)) if (stored := get_menu(redis, key)) is not None]


def line_ids(redis: Redis) -> dict[str, str]:
    """Menu key → LINE rich menu ID of its published version (unpublished menus are absent)."""
    found = {}
    for key in menu_keys(redis):
        line_id = redis.hget(keys.menu(key), "line_id")
        if line_id:
            found[key] = line_id.decode()
    return found


def set_line_id(redis: Redis, key: str, line_id: str) -> str | None:
    """Record the newly published version; the previous one is retired (deleted when nobody uses it)."""
    with redis.pipeline(transaction=True) as pipe:
        pipe.hget(keys.menu(key), "line_id")
        pipe.hset(keys.menu(key), "line_id", line_id)
        previous = pipe.execute()[0]
    if previous and previous.decode() != line_id:
        redis.sadd(keys.RETIRED, previous)
        return previous.decode()
    return None


def retired(redis: Redis) -> set[str]:
    return {value.decode() for value in redis.smembers(keys.RETIRED)}


def forget_retired(redis: Redis, line_id: str) -> None:
    redis.srem(keys.RETIRED, line_id)


def save_plan(redis: Redis, plan: Plan, pipeline=None) -> None:
    (pipeline or redis).set(keys.PLAN, json.dumps(plan_to_dict(plan), ensure_ascii=False))


def get_plan(redis: Redis) -> Plan | None:
    raw = redis.get(keys.PLAN)
    return plan_from_dict(json.loads(raw)) if raw else None


def set_desired(redis: Redis, user_id: str, menu: str | None) -> None:
    if menu is None:
        redis.hdel(keys.DESIRED, user_id)
    else:
        redis.hset(keys.DESIRED, user_id, menu)


def desired(redis: Redis) -> dict[str, str]:
    return {user.decode(): menu.decode() for user, menu in redis.hscan_iter(keys.DESIRED, count=2000)}


def applied(redis: Redis) -> dict[str, str]:
    return {user.decode(): line_id.decode() for user, line_id in redis.hscan_iter(keys.APPLIED, count=2000)}


def applied_of(redis: Redis, user_id: str) -> str | None:
    value = redis.hget(keys.APPLIED, user_id)
    return value.decode() if value else None


def record_applied(redis: Redis, user_ids: list[str], line_id: str | None) -> None:
    """What LINE now has for these friends: linked to `line_id`, or (None) to nothing, i.e. the default."""
    if not user_ids:
        return
    if line_id is None:
        redis.hdel(keys.APPLIED, *user_ids)
    else:
        redis.hset(keys.APPLIED, mapping=dict.fromkeys(user_ids, line_id))


def forget_line_state(redis: Redis) -> None:
    """LINE has none of our menus any more (the emulator starts empty): no version is published, no friend
    linked, nothing retired. The menus, the plan and disaster mode stay."""
    with redis.pipeline(transaction=True) as pipe:
        for key in menu_keys(redis):
            pipe.hdel(keys.menu(key), "line_id")
        pipe.delete(keys.DESIRED, keys.APPLIED, keys.DEFAULT_APPLIED, keys.RETIRED)
        pipe.execute()


def forget_friend(redis: Redis, user_id: str) -> None:
    with redis.pipeline(transaction=True) as pipe:
        pipe.hdel(keys.DESIRED, user_id)
        pipe.hdel(keys.APPLIED, user_id)
        pipe.execute()


def default_applied(redis: Redis) -> str | None:
    value = redis.get(keys.DEFAULT_APPLIED)
    return value.decode() if value else None


def record_default(redis: Redis, line_id: str) -> None:
    redis.set(keys.DEFAULT_APPLIED, line_id)


@dataclass(frozen=True)
class Mode:
    disaster: bool
    switch: str
    """"done", or "pending" while the job that makes LINE match is still to finish."""
    reason: str = ""
    actor: str = ""
    since: str = ""
    broadcast_id: str = ""
    seconds: float | None = None
    """How long the last switch took, from the admin's click to the last friend's menu."""


def get_mode(redis: Redis) -> Mode:
    raw = {name.decode(): value.decode() for name, value in redis.hgetall(keys.MODE).items()}
    if not raw:
        return Mode(disaster=False, switch="done")
    return Mode(disaster=raw.get("mode") == "disaster", switch=raw.get("switch", "done"),
                reason=raw.get("reason", ""), actor=raw.get("actor", ""), since=raw.get("since", ""),
                broadcast_id=raw.get("broadcast_id", ""),
                seconds=float(raw["seconds"]) if raw.get("seconds") else None)


def is_disaster(redis: Redis) -> bool:
    """Read on every greeting and FAQ question during a disaster: one HGET."""
    return redis.hget(keys.MODE, "mode") == b"disaster"
