"""Redis and LINE I/O: the linking run — make LINE show every friend the menu the plan and the mode give them.

One run at a time holds a lease. It sets the default menu, then links or unlinks friends 500 per bulk
request, under LINE's rate limits shared through Redis, recording after each request whom LINE now has on
which menu: a run cut short by a crash starts again where it stopped (at worst the one request in flight is
sent again, which LINE treats the same). Every request for a run bumps a generation number; a run that finds
the number moved on goes round again, so a switch made while a run was going is never lost. The run that
completes a disaster-mode switch records how long it took, from the admin's click to the last friend.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from redis import Redis
from redis.exceptions import WatchError

from menus import keys, publish, store
from menus.plan import default_menu, link_changes
from messages.errors import DeliveryError
from messages.gateway import LineGateway

BULK_USERS = 500
"""LINE: a bulk link or unlink request names at most 500 user IDs."""

LEASE_SECONDS = 60
ATTEMPTS = 5
"""Tries of one bulk request on 429, 5xx or a timeout (backing off 1, 2, 4, 8 s) before the run stops; recovery
starts it again a minute later."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    state: str
    """"idle", "running", "done" or "failed"."""
    total: int = 0
    done: int = 0
    requests: int = 0
    """LINE requests the run made (default menu, bulk links and unlinks)."""
    started_at: str = ""
    finished_at: str = ""
    error: str = ""

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


def request_run(redis: Redis) -> int:
    """Ask for a run (the caller enqueues `menus.jobs.sync`); the generation the run must reach."""
    return redis.hincrby(keys.SYNC, "wanted", 1)


def progress(redis: Redis) -> Progress:
    raw = {name.decode(): value.decode() for name, value in redis.hgetall(keys.SYNC).items()}
    return Progress(state=raw.get("state", "idle"), total=int(raw.get("total", 0)), done=int(raw.get("done", 0)),
                    requests=int(raw.get("requests", 0)),
                    started_at=raw.get("started_at", ""), finished_at=raw.get("finished_at", ""),
                    error=raw.get("error", ""))


def needs_run(redis: Redis) -> bool:
    """A run was asked for and has not finished, and no worker holds the lease (it crashed or never started)."""
    wanted, reached = redis.hmget(keys.SYNC, "wanted", "reached")
    return int(wanted or 0) > int(reached or 0) and not redis.exists(keys.SYNC_LEASE)


def run(redis: Redis, gateway: LineGateway, *, owner: str, clock=time.time) -> bool:
    """Link until LINE matches the latest request; False if another worker holds the lease."""
    if not redis.set(keys.SYNC_LEASE, owner, nx=True, ex=LEASE_SECONDS):
        return False
    try:
        while True:
            generation = int(redis.hget(keys.SYNC, "wanted") or 0)
            _reconcile(redis, gateway, clock)
            if _reached(redis, generation, clock()):
                return True
    except Exception as error:
        redis.hset(keys.SYNC, mapping={"state": "failed", "error": str(error)[:500]})
        raise
    finally:
        if redis.get(keys.SYNC_LEASE) == owner.encode():
            redis.delete(keys.SYNC_LEASE)


def _reconcile(redis: Redis, gateway: LineGateway, clock) -> None:
    plan, mode = store.get_plan(redis), store.get_mode(redis)
    if plan is None:
        return
    line_ids = _published(redis, gateway, plan)
    default_key = default_menu(plan, mode.disaster)
    changes = link_changes(store.desired(redis), store.applied(redis), plan, mode.disaster, line_ids)
    total = sum(len(users) for users in changes.values())
    redis.hset(keys.SYNC, mapping={"state": "running", "total": total, "done": 0, "requests": 0, "error": "",
                                   "started_at": _iso(clock()), "finished_at": ""})
    if default_key in line_ids and store.default_applied(redis) != line_ids[default_key]:
        _with_retries(lambda: gateway.set_default_rich_menu(line_ids[default_key]))
        store.record_default(redis, line_ids[default_key])
        redis.hincrby(keys.SYNC, "requests", 1)
    rates = publish.limiter(redis)
    for target, users in changes.items():
        for start in range(0, len(users), BULK_USERS):
            chunk = users[start:start + BULK_USERS]
            rates.acquire("richmenu_bulk")
            if target is None:
                _with_retries(lambda: gateway.bulk_unlink_rich_menu(chunk))
            else:
                _with_retries(lambda: gateway.bulk_link_rich_menu(target, chunk))
            store.record_applied(redis, chunk, target)
            redis.hincrby(keys.SYNC, "done", len(chunk))
            redis.hincrby(keys.SYNC, "requests", 1)
            redis.expire(keys.SYNC_LEASE, LEASE_SECONDS)
    _delete_retired(redis, gateway, set(line_ids.values()))
    redis.hset(keys.SYNC, "finished_at", _iso(clock()))


def _published(redis: Redis, gateway: LineGateway, plan) -> dict[str, str]:
    """LINE IDs of our menus, publishing those the plan or a switch needs that never were (a first run, a new
    city's disaster menu); other new menus wait for staff to publish them."""
    line_ids = store.line_ids(redis)
    stored = store.all_menus(redis)
    needed = plan.menu_keys() | {area.action["richMenuAliasId"] for each in stored for area in each.menu.areas
                                 if area.action.get("type") == "richmenuswitch"}
    for key in sorted(needed & {each.menu.key for each in stored} - line_ids.keys()):
        line_ids[key] = publish.publish(redis, gateway, key)
    return line_ids


def _delete_retired(redis: Redis, gateway: LineGateway, current: set[str]) -> None:
    """Old versions nobody is linked to any more, nor has as the default."""
    in_use = set(store.applied(redis).values()) | current | {store.default_applied(redis)}
    for line_id in store.retired(redis) - in_use:
        if publish.delete_quietly(redis, gateway, line_id):
            store.forget_retired(redis, line_id)


def _reached(redis: Redis, generation: int, finished: float) -> bool:
    """Mark the run done, and a pending switch complete, unless a newer request came in meanwhile (WATCH)."""
    with redis.pipeline(transaction=True) as pipe:
        try:
            pipe.watch(keys.SYNC, keys.MODE)
            if int(pipe.hget(keys.SYNC, "wanted") or 0) != generation:
                return False
            mode = store.get_mode(pipe)
            pipe.multi()
            pipe.hset(keys.SYNC, mapping={"state": "done", "reached": generation})
            if mode.switch == "pending":
                pipe.hset(keys.MODE, mapping=_switch_done(mode, finished))
            pipe.execute()
            return True
        except WatchError:
            return False


def _switch_done(mode: store.Mode, finished: float) -> dict:
    fields = {"switch": "done"}
    if mode.since:
        fields["seconds"] = f"{finished - datetime.fromisoformat(mode.since).timestamp():.3f}"
    return fields


def _with_retries(call) -> None:
    for attempt in range(ATTEMPTS):
        try:
            call()
            return
        except DeliveryError as error:
            if not error.retryable or attempt == ATTEMPTS - 1:
                raise
            log.warning("rich menu request failed (%s); retrying", error)
            time.sleep(2 ** attempt)


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="milliseconds")
