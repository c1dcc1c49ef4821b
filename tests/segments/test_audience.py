from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from segments import audience, keys
from segments.evaluate import evaluate
from segments.expr import parse
from segments.privacy import display_count
from segments.store import FollowerStore
from tests.segments.helpers import T0, user
from tests.segments.strategies import Citizen, expressions, populations

FROZEN = "citybot:test:frozen"


def load(store: FollowerStore, population: list[Citizen]) -> dict[str, Citizen]:
    """Store the citizens through the follower store, the way the bot does."""
    by_id = {user(number): citizen for number, citizen in enumerate(population)}
    for user_id, citizen in by_id.items():
        store.follow(user_id, at=T0, unblocked=False)
        if citizen.consent:
            store.record_consent(user_id, granted=citizen.consent == "granted", at=T0)
        if citizen.consent == "granted":
            store.update(user_id, district=citizen.district, age=citizen.age, interests=citizen.interests,
                         language=citizen.language)
        for category in citizen.optouts:
            store.opt_out(user_id, category)
        if not citizen.active:
            store.unfollow(user_id, at=T0 + timedelta(days=1))
    return by_id


def reference(expr, by_id: dict[str, Citizen]) -> set[str]:
    """The same selection computed in Python from the citizens themselves."""
    chosen = {user_id: {("district", c.district), ("age", c.age), ("language", c.language),
                        *{("interest", interest) for interest in c.interests}}
              for user_id, c in by_id.items() if c.consent == "granted"}
    return evaluate(
        expr,
        members=lambda attribute, value: {user_id for user_id, pairs in chosen.items() if (attribute, value) in pairs},
        universe={user_id for user_id, c in by_id.items() if c.active and c.consent == "granted"},
        everyone={user_id for user_id, c in by_id.items() if c.active},
    )


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(population=populations, expr=expressions)
def test_redis_evaluation_selects_exactly_what_python_set_evaluation_selects(redis, city, population, expr):
    redis.flushdb()
    by_id = load(FollowerStore(redis, city), population)
    expected = reference(expr, by_id)
    assert audience.count(redis, expr) == len(expected)
    optout = "防災"
    opted_out = {user_id for user_id, c in by_id.items() if c.active and optout in c.optouts}
    assert audience.freeze(redis, expr, FROZEN, exclude_optout=optout) == len(expected - opted_out)
    assert set(audience.members(redis, FROZEN)) == expected - opted_out
    assert list(redis.scan_iter(keys.SCRATCH_PREFIX + "*")) == []


@pytest.fixture
def town(store):
    """Five friends: three consented with choices, one without consent, one who blocked."""
    store.follow(user(9), at=T0, unblocked=False)
    for number, (district, age, interests) in enumerate(
        [("中央", "10代", ["防災"]), ("中央", "30代", ["子育て", "防災"]), ("北部", "30代", ["観光"]), ("中央", "10代", [])]
    ):
        store.follow(user(number), at=T0, unblocked=False)
        store.record_consent(user(number), granted=True, at=T0)
        store.update(user(number), district=district, age=age, interests=interests)
    store.unfollow(user(3), at=T0)
    return store


@pytest.mark.parametrize(
    ("text", "selected"),
    [
        ("all", {0, 1, 2, 9}),
        ("district:中央", {0, 1}),
        ("NOT district:中央", {2}),
        ("NOT NOT district:中央", {0, 1}),
        ("district:中央 AND age:30代", {1}),
        ("district:中央 AND NOT age:30代", {0}),
        ("NOT age:30代 AND NOT district:北部", {0}),
        ("interest:防災 OR interest:観光", {0, 1, 2}),
        ("district:中央 AND (interest:子育て OR interest:観光)", {1}),
        ("district:中央 AND (age:30代 AND interest:防災)", {1}),
        ("NOT (interest:防災 OR district:北部)", set()),
        ("age:20代", set()),
    ],
)
def test_count_and_freeze_select_current_consenting_friends(town, redis, text, selected):
    expr = parse(text, town.city)
    assert audience.count(redis, expr) == len(selected)
    assert audience.freeze(redis, expr, FROZEN) == len(selected)
    assert set(audience.members(redis, FROZEN)) == {user(number) for number in selected}


def test_freeze_leaves_out_who_turned_the_category_off_and_can_expire(town, redis):
    town.opt_out(user(1), "防災")
    town.opt_out(user(9), "防災")
    assert audience.freeze(redis, parse("interest:防災"), FROZEN, exclude_optout="防災", ttl_seconds=60) == 1
    assert set(audience.members(redis, FROZEN)) == {user(0)}
    assert 0 < redis.ttl(FROZEN) <= 60
    assert audience.freeze(redis, parse("all"), FROZEN, exclude_optout="防災") == 2
    assert redis.ttl(FROZEN) == -1


def test_freeze_replaces_an_earlier_result(town, redis):
    redis.sadd(FROZEN, "Ustale")
    assert audience.freeze(redis, parse("district:北部"), FROZEN) == 1
    assert set(audience.members(redis, FROZEN)) == {user(2)}


def test_members_are_fetched_in_batches_without_loss(redis):
    redis.sadd(FROZEN, *[user(number) for number in range(2500)])
    assert sorted(audience.members(redis, FROZEN, batch=100)) == sorted(user(number) for number in range(2500))


@pytest.mark.parametrize(("n", "shown"), [(0, "10人未満"), (1, "10人未満"), (9, "10人未満"), (10, "10人"),
                                          (1234, "1,234人"), (1_000_000, "1,000,000人")])
def test_small_counts_are_shown_only_as_under_ten(n, shown):
    assert display_count(n) == shown
