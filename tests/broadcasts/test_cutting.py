"""Each batch's job cuts its batch from a scan of the pool: everyone once, even when the scan repeats."""

import json
import time
from collections import Counter

from config import DEFAULT_CITY_FILE
from messages import delivery, keys
from segments import keys as segment_keys
from segments import views
from segments.city import load_city
from segments.expr import parse
from segments.store import FollowerStore
from tests.segments.helpers import T0

BROADCAST, RUN = "01TESTCUTTING00000000000000", 1
TEXT = {"type": "text", "text": "テスト"}


def pool_of(redis, count: int) -> list[str]:
    members = [f"U{index:032x}" for index in range(count)]
    redis.hset(keys.run(BROADCAST, RUN), mapping={"frozen": 1, "recipients": count, "size:ja": count, "urgent": 0,
                                                  "messages:ja": json.dumps([TEXT])})
    redis.sadd(keys.pool(BROADCAST, RUN, "ja"), *members)
    return members


def citizen(store: FollowerStore, number: int, *, language: str = "ja", **attributes) -> str:
    user_id = f"U{number:032x}"
    store.follow(user_id, at=T0, unblocked=False)
    store.record_consent(user_id, granted=True, at=T0)
    store.update(user_id, language=language, **attributes)
    return user_id


def cut(redis, batch_no: int, *, variant: str = "ja", scan: list[str] | None = None) -> bool:
    exists, _ = delivery.cut_and_claim(redis, BROADCAST, RUN, batch_no, variant, scan=scan or [], weekly_cap=0,
                                       week="", lease_seconds=60, now=time.time())
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
        _, claim = delivery.cut_and_claim(redis, BROADCAST, RUN, batch_no, "ja", scan=[], weekly_cap=0, week="",
                                          lease_seconds=60, now=time.time())
        outcomes[state] = claim.recipients
        delivery.settle(redis, claim, state)
    assert sorted(outcomes[delivery.SENT] + outcomes[delivery.FAILED]) == sorted(members)
    recipients = {user.decode() for user in redis.smembers(keys.recipients(BROADCAST, RUN))}
    assert recipients == set(outcomes[delivery.SENT])


def test_a_segment_read_through_its_view_is_cut_as_it_was_at_the_freeze_whatever_changes_meanwhile(redis):
    """A one-set segment is not copied: changes during the run alter neither who gets the broadcast nor in which
    language, whether the member was placed in a batch before the change or not."""
    store = FollowerStore(redis, load_city(DEFAULT_CITY_FILE))
    central = [citizen(store, number, district="中央") for number in range(1_200)]
    english = [citizen(store, number, district="中央", language="en") for number in range(1_200, 1_210)]
    north = citizen(store, 1_300, district="北部")
    store.opt_out(citizen(store, 1_301, district="中央"), "防災")     # left out at the freeze
    redis.hset(keys.run(BROADCAST, RUN), mapping={"urgent": 0, **{f"messages:{language}": json.dumps([TEXT])
                                                                  for language in ("ja", "en")}})
    assert delivery.freeze(redis, BROADCAST, RUN, parse("district:中央"), category="防災",
                           variants=["en", "ja"]) == 1_210
    numbered = delivery.number_batches(redis, BROADCAST, RUN, ["en", "ja"], now=time.time())
    assert numbered == [("en", 1), ("en", 2), ("ja", 3), ("ja", 4), ("ja", 5), ("ja", 6)]
    scans = {variant: delivery.scans(delivery.snapshot(redis, BROADCAST, RUN), variant) for variant in ("en", "ja")}
    assert scans["en"] == [] and scans["ja"][0] == segment_keys.segment("district", "中央")
    # before any cut (the scan will meet them all), then after the first batch (before or after the scan's place)
    store.update(central[0], district="北部")                        # moved away
    store.update(english[0], language="ja")                         # English at the freeze: stays so
    store.update(north, district="中央")                             # joined the segment after the freeze
    newcomers = [citizen(store, 1_400, district="中央")]
    assert cut(redis, 3, scan=scans["ja"])
    placed = set(members_of(redis, 3))
    waiting = [user for user in central if user not in placed]
    store.update(sorted(placed)[0], district="北部")                 # moved away after being placed
    store.update(waiting[0], district="北部")                        # moved away before being placed
    store.opt_out(waiting[1], "防災")                                # turned the category off
    store.update(waiting[2], language="en")                         # 日本語 at the freeze: stays so
    store.update(english[1], language="ja")
    newcomers.append(citizen(store, 1_401, district="中央"))
    for variant, batch_no in numbered[:2] + numbered[3:]:
        cut(redis, batch_no, variant=variant, scan=scans[variant])

    sent = {variant: Counter(user for language, no in numbered if language == variant for user in members_of(redis, no))
            for variant in ("en", "ja")}
    assert sent == {"ja": Counter(central), "en": Counter(english)}
    assert not {north, *newcomers} & set(sent["ja"])
    assert delivery.progress(redis, BROADCAST, RUN).pools_open == 0
    assert not redis.hlen(views.REGISTRY)                                          # the view is closed
    assert redis.sismember(segment_keys.segment("district", "中央"), newcomers[1])  # and the segment untouched
