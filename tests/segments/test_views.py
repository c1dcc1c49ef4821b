"""A frozen view holds its segment as it was when it opened, whatever the follower store changes afterwards."""

from __future__ import annotations

import time

from segments import keys, views
from segments.frozen_view import View
from segments.store import FollowerStore
from tests.segments.helpers import T0, user

CENTRAL, NORTH = keys.segment("district", "中央"), keys.segment("district", "北部")
ENGLISH = keys.segment("language", "en")
OPTOUT = keys.optout("防災")


def view(until: float | None = None) -> View:
    """Central district, minus those who turned 防災 off and those who read English."""
    return View("run-1", CENTRAL, (OPTOUT, ENGLISH), "test:decided", "test:pinned",
                      until=time.time() + 60 if until is None else until)


def opened(redis, frozen: View) -> View:
    redis.hset(views.REGISTRY, frozen.id, frozen.to_json())
    return frozen


def citizen(store: FollowerStore, number: int, **attributes) -> str:
    user_id = user(number)
    store.follow(user_id, at=T0, unblocked=False)
    store.record_consent(user_id, granted=True, at=T0)
    store.update(user_id, **{"district": "中央", "language": "ja", **attributes})
    return user_id


def decided_and_pinned(redis, frozen: View) -> tuple[set[str], list[str]]:
    return ({member.decode() for member in redis.smembers(frozen.decided)},
            [member.decode() for member in redis.lrange(frozen.pinned, 0, -1)])


def test_a_view_holds_the_source_minus_what_it_leaves_out_and_only_its_sets_matter():
    frozen = view()
    assert frozen.holds(frozenset({CENTRAL, keys.ACTIVE}))
    assert not frozen.holds(frozenset({CENTRAL, OPTOUT}))
    assert not frozen.holds(frozenset({NORTH}))
    assert frozen.touched_by(frozenset({CENTRAL}), frozenset({NORTH}))
    assert frozen.touched_by(frozenset({CENTRAL}), frozenset({CENTRAL, ENGLISH}))
    assert not frozen.touched_by(frozenset({CENTRAL, keys.segment("age", "30代")}), frozenset({CENTRAL}))
    assert View.from_json(frozen.id, frozen.to_json()) == frozen


def test_the_first_change_keeps_each_members_place_at_the_freeze(redis, city):
    store = FollowerStore(redis, city)
    moved, opted_out, older, untouched = (citizen(store, number) for number in range(1, 5))
    english = citizen(store, 5, language="en")
    frozen = opened(redis, view())
    store.update(moved, district="北部")                     # was in: pinned
    store.opt_out(opted_out, "防災")                          # was in: pinned
    store.update(english, language="ja")                    # was left out: decided, not pinned
    joined = citizen(store, 6)                              # was not a follower: decided, not pinned
    store.update(older, age="30代")                          # not a set the view reads: nothing kept
    store.update(moved, district="中央")                     # a second change keeps the first one's record
    store.update(untouched, interests={"子育て"})
    assert decided_and_pinned(redis, frozen) == ({moved, opted_out, english, joined}, [moved, opted_out])


def test_blocks_and_erasures_are_kept_too(redis, city):
    store = FollowerStore(redis, city)
    blocked, erased = citizen(store, 1), citizen(store, 2)
    frozen = opened(redis, view())
    store.unfollow(blocked, at=T0)
    store.erase(erased)
    assert decided_and_pinned(redis, frozen) == ({blocked, erased}, [blocked, erased])


def test_closed_and_expired_views_keep_nothing(redis, city):
    store = FollowerStore(redis, city)
    first, second = citizen(store, 1), citizen(store, 2)
    closed, expired = opened(redis, view()), opened(redis, View("run-2", CENTRAL, (), "old:decided",
                                                                      "old:pinned", until=time.time() - 1))
    views.close(redis, closed.id)
    store.update(first, district="北部")
    store.update(second, district="北部")
    assert decided_and_pinned(redis, closed) == (set(), [])
    assert decided_and_pinned(redis, expired) == (set(), [])
