"""RQ jobs of the rich-menu package: one friend's menu after they register or change settings, the linking
run, its recovery after a crash, and the demo city's menus on a first run."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime, timezone
from pathlib import Path

from redis import Redis
from rq import Queue, get_current_job

import services
from menus import images, keys, store, sync
from menus.model import read_definitions
from menus.plan import from_dict, linked_menu, menu_for
from messages.errors import DeliveryError
from segments import keys as segment_keys
from segments.store import FollowerStore

QUEUE = "default"
SYNC_TIMEOUT = 3600
"""A linking run's job may take long: 20,000 friends at LINE's limits take seconds, a million minutes."""

log = logging.getLogger(__name__)
DEMO_MENUS = Path(__file__).resolve().parent.parent / "cities" / "demo_menus.json"


def link_later(current: services.Services, user_id: str) -> None:
    """Queue a friend for `link_pending`. The job itself names nobody: an erasure takes them out of the set."""
    current.redis.sadd(keys.PENDING, user_id)
    current.queue(QUEUE).enqueue(link_pending, result_ttl=0)


def link_pending() -> int:
    """Link every queued friend's menu (several registrations in a burst share one job's run)."""
    redis, count = services.current().redis, 0
    while (user_id := redis.spop(keys.PENDING)) is not None:
        try:
            link_follower(user_id.decode())
        except Exception:
            redis.sadd(keys.PENDING, user_id)    # kept for the next job; the job fails and is logged
            raise
        count += 1
    return count


def link_follower(user_id: str) -> str | None:
    """Give one friend the menu the plan gives them now (no call when LINE already shows it); the menu key."""
    current = services.current()
    redis, gateway = current.redis, current.gateway
    plan = store.get_plan(redis)
    if plan is None:
        return None
    follower = FollowerStore(redis, current.config.city).get(user_id)
    if follower is None or not follower.active:
        forget_friend_menu(current, user_id)
        return None
    menu = menu_for(follower, plan, current.config.city)
    store.set_desired(redis, user_id, None if menu == plan.default else menu)
    linked = linked_menu(menu, plan, store.is_disaster(redis))
    target = store.line_ids(redis).get(linked) if linked else None
    if linked is not None and target is None:
        return menu                              # not on LINE yet: the next linking run links them
    if store.applied_of(redis, user_id) != target:
        if target is None:
            gateway.unlink_rich_menu(user_id)
        else:
            gateway.link_rich_menu(user_id, target)
        store.record_applied(redis, [user_id], target)
    return menu


def forget_friend_menu(current: services.Services, user_id: str) -> None:
    """A citizen erased their data: nothing here names them any more, and they see the menu for strangers."""
    if store.applied_of(current.redis, user_id) is not None:
        try:
            current.gateway.unlink_rich_menu(user_id)
        except DeliveryError as error:
            log.warning("could not unlink an erased citizen's rich menu: %s", error)
    store.forget_friend(current.redis, user_id)
    current.redis.srem(keys.PENDING, user_id)


def sync_menus() -> bool:
    """The linking run (menus.sync); a second one started meanwhile returns False at once."""
    current = services.current()
    job = get_current_job()
    return sync.run(current.redis, current.gateway, owner=job.id if job else str(uuid.uuid4()))


def request_sync(redis: Redis, queue: Queue) -> None:
    sync.request_run(redis)
    queue.enqueue(sync_menus, job_timeout=SYNC_TIMEOUT)


def recover() -> bool:
    """Every minute: start again a linking run whose worker died (its lease lapsed before it finished)."""
    current = services.current()
    if not sync.needs_run(current.redis):
        return False
    current.queue(QUEUE).enqueue(sync_menus, job_timeout=SYNC_TIMEOUT)
    return True


def relink_everyone(redis: Redis, city) -> int:
    """After the plan changed: each friend's normal-times menu again (the caller then requests a run)."""
    plan = store.get_plan(redis)
    followers = FollowerStore(redis, city)
    count = 0
    for raw in redis.sscan_iter(segment_keys.ACTIVE, count=1000):
        user_id = raw.decode()
        menu = menu_for(followers.get(user_id), plan, city)
        store.set_desired(redis, user_id, None if menu == plan.default else menu)
        count += 1
    return count


def install_demo_menus_if_absent(redis: Redis, queue: Queue, *, actor: str = "system") -> bool:
    """On a first run: the demo city's menus (generated images) and plan; the worker puts them on LINE."""
    if store.get_plan(redis) is not None:
        return False
    raw = json.loads(DEMO_MENUS.read_text(encoding="utf-8"))
    now = datetime.now(timezone.utc)
    with redis.pipeline(transaction=True) as pipe:
        for menu in read_definitions(raw):
            store.save_menu(redis, menu, images.draw(menu), "image/png", generated=True, actor=actor, at=now,
                            pipeline=pipe)
        store.save_plan(redis, from_dict(raw["plan"]), pipeline=pipe)
        pipe.execute()
    request_sync(redis, queue)
    return True


def republish_to_empty_line(redis: Redis, queue: Queue) -> bool:
    """For `citybot run` with the emulator, which starts empty each time: menus published in an earlier run
    are put on LINE again (real LINE keeps them, so this is never called with credentials)."""
    if not store.line_ids(redis):
        return False
    store.forget_line_state(redis)
    request_sync(redis, queue)
    return True


CRON_JOBS = [("* * * * *", recover, QUEUE)]
