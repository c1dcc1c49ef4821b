"""Each batch's job cuts its batch from a scan of the pool: everyone once, even when the scan repeats."""

import json
import time
from collections import Counter

from messages import delivery, keys

BROADCAST, RUN = "01TESTCUTTING00000000000000", 1


def pool_of(redis, count: int) -> list[str]:
    members = [f"U{index:032x}" for index in range(count)]
    redis.hset(keys.run(BROADCAST, RUN), mapping={"frozen": 1, "recipients": count, "urgent": 0,
                                                  "messages:ja": json.dumps([{"type": "text", "text": "テスト"}])})
    redis.sadd(keys.pool(BROADCAST, RUN, "ja"), *members)
    return members


def cut(redis, batch_no: int) -> bool:
    exists, _ = delivery.cut_and_claim(redis, BROADCAST, RUN, batch_no, "ja", weekly_cap=0, week="", lease_seconds=60,
                                       now=time.time())
    return exists


def members_of(redis, batch_no: int) -> list[str]:
    members = redis.get(keys.batch_members(BROADCAST, RUN, batch_no))
    return members.decode().split(",") if members else []


def test_every_member_of_the_pool_is_placed_once_in_full_batches_and_the_spare_number_closes_the_pool(redis):
    members = pool_of(redis, 5_203)
    numbered = delivery.number_batches(redis, BROADCAST, RUN, ["ja"], now=time.time())
    assert numbered == [("ja", no) for no in range(1, 13)]
    assert [cut(redis, no) for _, no in numbered] == [True] * 11 + [False]
    batches = [members_of(redis, no) for no in range(1, 12)]
    assert [len(batch) for batch in batches] == [500] * 10 + [203]
    assert Counter(user for batch in batches for user in batch) == Counter(members)
    assert redis.smembers(keys.recipients(BROADCAST, RUN)) == {user.encode() for user in members}
    assert not redis.exists(keys.pool(BROADCAST, RUN, "ja"), keys.carry(BROADCAST, RUN, "ja"))
    assert delivery.progress(redis, BROADCAST, RUN).pools_open == 0
    assert delivery.open_pools(delivery.snapshot(redis, BROADCAST, RUN)) == []


def test_a_batch_is_cut_once_however_often_its_job_runs(redis):
    pool_of(redis, 1_200)
    delivery.number_batches(redis, BROADCAST, RUN, ["ja"], now=time.time())
    assert cut(redis, 1) and cut(redis, 1)
    first = members_of(redis, 1)
    assert cut(redis, 2) and len(members_of(redis, 2)) == 500 and not set(first) & set(members_of(redis, 2))
    assert delivery.progress(redis, BROADCAST, RUN).batches == 2


def test_members_a_scan_returns_again_are_not_placed_twice(redis):
    """A set that shrinks while it is scanned makes SSCAN repeat members: the pool never does, but if it did,
    nobody would be sent twice."""
    members = pool_of(redis, 20_000)
    numbered = delivery.number_batches(redis, BROADCAST, RUN, ["ja"], now=time.time())
    cut(redis, 1)
    met = {user.decode() for user in redis.smembers(keys.recipients(BROADCAST, RUN))}
    removed = [user for user in members if user not in met][:18_500]
    redis.srem(keys.pool(BROADCAST, RUN, "ja"), *removed)
    for _, no in numbered[1:]:
        cut(redis, no)
    placed = Counter(user for _, no in numbered for user in members_of(redis, no))
    assert max(placed.values()) == 1
    assert set(placed) == set(members) - set(removed)


def test_the_members_of_a_failed_batch_leave_the_recipients_and_those_of_a_sent_one_stay(redis):
    """Block attribution counts only those who received the broadcast."""
    members = pool_of(redis, 700)
    delivery.number_batches(redis, BROADCAST, RUN, ["ja"], now=time.time())
    outcomes = {}
    for batch_no, state in ((1, delivery.SENT), (2, delivery.FAILED)):
        _, claim = delivery.cut_and_claim(redis, BROADCAST, RUN, batch_no, "ja", weekly_cap=0, week="",
                                          lease_seconds=60, now=time.time())
        outcomes[state] = claim.recipients
        delivery.settle(redis, claim, state)
    assert sorted(outcomes[delivery.SENT] + outcomes[delivery.FAILED]) == sorted(members)
    recipients = {user.decode() for user in redis.smembers(keys.recipients(BROADCAST, RUN))}
    assert recipients == set(outcomes[delivery.SENT])
