"""Cutting a run into batches straight from a scan of its pool: everyone once, even when the scan repeats."""

import time
from collections import Counter

from messages import delivery, keys

BROADCAST, RUN = "01TESTCUTTING00000000000000", 1


def pool_of(redis, count: int) -> list[str]:
    members = [f"U{index:032x}" for index in range(count)]
    redis.hset(keys.run(BROADCAST, RUN), mapping={"frozen": 1, "recipients": count})
    redis.sadd(keys.pool(BROADCAST, RUN, "ja"), *members)
    return members


def cut(redis, on_batches=lambda numbers: None) -> list[list[str]]:
    delivery.cut_batches(redis, BROADCAST, RUN, ["ja"], weekly_cap=0, week="", lease_seconds=60, now=time.time(),
                         on_batches=on_batches, step=1)
    batches = int(redis.hget(keys.run(BROADCAST, RUN), "batches"))
    return [[user.decode() for user in redis.lrange(keys.batch_members(BROADCAST, RUN, no), 0, -1)]
            for no in range(1, batches + 1)]


def test_every_member_of_the_pool_is_placed_once_in_full_batches(redis):
    members = pool_of(redis, 5_203)
    batches = cut(redis)
    assert [len(batch) for batch in batches] == [500] * 10 + [203]
    assert Counter(user for batch in batches for user in batch) == Counter(members)
    assert redis.smembers(keys.recipients(BROADCAST, RUN)) == {user.encode() for user in members}
    assert not redis.exists(keys.pool(BROADCAST, RUN, "ja"), keys.carry(BROADCAST, RUN, "ja"))


def test_members_a_scan_returns_again_are_not_placed_twice(redis):
    """A set that shrinks while it is scanned makes SSCAN repeat members: the pool never does, but if it did,
    nobody would be sent twice."""
    members = pool_of(redis, 20_000)
    removed = set()

    def shrink_after_first_batch(numbers: list[int]) -> None:
        if numbers == [1]:
            met = {user.decode() for user in redis.smembers(keys.recipients(BROADCAST, RUN))}
            removed.update([user for user in members if user not in met][:18_500])
            redis.srem(keys.pool(BROADCAST, RUN, "ja"), *removed)

    placed = Counter(user for batch in cut(redis, shrink_after_first_batch) for user in batch)
    assert max(placed.values()) == 1
    assert set(placed) == set(members) - removed
