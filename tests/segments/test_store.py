from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest

from segments import consent, keys
from segments.errors import ConsentRequired, InvalidAttribute, UnknownFollower
from segments.store import Follower, FollowerStore
from tests.segments.helpers import T0, user

ALICE, BOB = user(1), user(2)


def traces(redis, user_id: str) -> list[str]:
    """Every key that holds the user ID: in its name, as a set or sorted-set member, or in a stream entry."""
    found = []
    for raw_key in redis.scan_iter():
        key, kind = raw_key.decode(), redis.type(raw_key).decode()
        if user_id in key:
            found.append(key)
        elif kind == "set" and redis.sismember(key, user_id):
            found.append(key)
        elif kind == "zset" and redis.zscore(key, user_id) is not None:
            found.append(key)
        elif kind == "stream" and any(user_id.encode() in fields.values() for _, fields in redis.xrange(key)):
            found.append(key)
    return sorted(found)


def registered(store: FollowerStore, user_id: str = ALICE, **attributes) -> Follower:
    store.follow(user_id, at=T0, unblocked=False)
    store.record_consent(user_id, granted=True, at=T0)
    choices = {"district": "中央", "age": "30代", "interests": {"防災", "子育て"}, "language": "ja"}
    return store.update(user_id, **{**choices, **attributes})


def segment_keys(district="中央", age="30代", interests=("子育て", "防災"), language="ja") -> list[str]:
    return sorted([keys.segment("district", district), keys.segment("age", age), keys.segment("language", language),
                   *[keys.segment("interest", interest) for interest in interests]])


def test_a_new_friend_is_active_without_consent_and_in_no_segment(store, redis):
    follower = store.follow(ALICE, at=T0, unblocked=False)
    assert follower == Follower(user_id=ALICE, active=True, followed_at=T0, blocked_at=None, consent="",
                                consent_version="", district=None, age=None, interests=frozenset(), language=None,
                                optouts=frozenset())
    assert store.get(ALICE) == follower
    assert traces(redis, ALICE) == sorted([keys.follower(ALICE), keys.ACTIVE])
    assert store.count_active() == 1


def test_an_unknown_user_id_gives_none(store):
    assert store.get(ALICE) is None


def test_a_repeated_follow_of_an_active_friend_changes_nothing(store):
    first = store.follow(ALICE, at=T0, unblocked=False)
    assert store.follow(ALICE, at=T0 + timedelta(hours=1), unblocked=False) == first


def test_times_keep_milliseconds_and_come_back_time_zone_aware(store):
    at = datetime.fromisoformat("2026-04-01T18:30:15.123+09:00")
    store.follow(ALICE, at=at, unblocked=False)
    assert store.get(ALICE).followed_at == at


def test_naive_times_are_refused(store):
    with pytest.raises(ValueError):
        store.follow(ALICE, at=datetime(2026, 4, 1), unblocked=False)


def test_consent_and_answers_put_the_friend_in_one_set_per_chosen_value(store, redis, city):
    follower = registered(store)
    assert follower.consent == "granted" and follower.consent_version == city.privacy_version
    assert (follower.district, follower.age, follower.interests, follower.language) == \
        ("中央", "30代", frozenset({"防災", "子育て"}), "ja")
    assert traces(redis, ALICE) == sorted([keys.follower(ALICE), keys.ACTIVE, keys.CONSENTED,
                                           keys.CONSENT_LEDGER, *segment_keys()])


def test_update_changes_only_the_fields_given_and_moves_the_sets(store, redis):
    registered(store)
    follower = store.update(ALICE, district="北部", interests=["観光"])
    assert (follower.district, follower.age, follower.interests) == ("北部", "30代", frozenset({"観光"}))
    assert not redis.sismember(keys.segment("district", "中央"), ALICE)
    assert not redis.sismember(keys.segment("interest", "防災"), ALICE)
    assert redis.smembers(keys.segment("district", "北部")) == {ALICE.encode()}
    assert redis.smembers(keys.segment("interest", "観光")) == {ALICE.encode()}


def test_none_clears_an_attribute(store, redis):
    registered(store)
    follower = store.update(ALICE, age=None, interests=None)
    assert (follower.age, follower.interests) == (None, frozenset())
    assert redis.exists(keys.segment("age", "30代"), keys.segment("interest", "防災")) == 0


@pytest.mark.parametrize(
    ("change", "attribute", "value"),
    [({"district": "中部"}, "district", "中部"), ({"age": "30歳"}, "age", "30歳"),
     ({"interests": ["防災", "野球"]}, "interest", "野球"), ({"language": "fr"}, "language", "fr")],
)
def test_values_the_city_does_not_offer_are_refused_and_nothing_changes(store, change, attribute, value):
    before = registered(store)
    with pytest.raises(InvalidAttribute) as caught:
        store.update(ALICE, **change)
    assert (caught.value.attribute, caught.value.value) == (attribute, value)
    assert store.get(ALICE) == before


def test_a_single_string_is_not_taken_for_a_list_of_interests(store):
    registered(store)
    with pytest.raises(TypeError):
        store.update(ALICE, interests="防災")


def test_attributes_need_a_known_follower_who_consented(store):
    with pytest.raises(UnknownFollower):
        store.update(ALICE, district="中央")
    store.follow(ALICE, at=T0, unblocked=False)
    with pytest.raises(ConsentRequired):
        store.update(ALICE, district="中央")
    store.record_consent(ALICE, granted=False, at=T0)
    with pytest.raises(ConsentRequired):
        store.update(ALICE, district="中央")


def test_a_block_takes_the_friend_out_of_every_set_and_keeps_the_choices(store, redis):
    registered(store)
    store.opt_out(ALICE, "防災")
    store.unfollow(ALICE, at=T0 + timedelta(days=3))
    follower = store.get(ALICE)
    assert not follower.active and follower.blocked_at == T0 + timedelta(days=3)
    assert follower.district == "中央" and follower.optouts == frozenset({"防災"})
    assert traces(redis, ALICE) == sorted([keys.follower(ALICE), keys.BLOCKED, keys.CONSENT_LEDGER])
    assert store.count_active() == 0


def test_an_unblock_restores_every_set_from_the_held_choices(store, redis):
    registered(store)
    store.opt_out(ALICE, "防災")
    store.unfollow(ALICE, at=T0 + timedelta(days=1))
    follower = store.follow(ALICE, at=T0 + timedelta(days=2), unblocked=True)
    assert follower.active and follower.blocked_at is None and follower.followed_at == T0 + timedelta(days=2)
    assert follower.consent == "granted" and follower.interests == frozenset({"防災", "子育て"})
    assert traces(redis, ALICE) == sorted([keys.follower(ALICE), keys.ACTIVE, keys.CONSENTED, keys.CONSENT_LEDGER,
                                           keys.optout("防災"), *segment_keys()])


def test_a_first_follow_per_line_after_a_block_starts_afresh(store, redis):
    registered(store)
    store.unfollow(ALICE, at=T0 + timedelta(days=1))
    follower = store.follow(ALICE, at=T0 + timedelta(days=2), unblocked=False)
    assert follower == Follower(user_id=ALICE, active=True, followed_at=T0 + timedelta(days=2))
    assert traces(redis, ALICE) == sorted([keys.follower(ALICE), keys.ACTIVE, keys.CONSENT_LEDGER])


def test_a_block_from_someone_we_never_saw_is_recorded_as_a_former_friend(store, redis):
    store.unfollow(BOB, at=T0)
    assert store.get(BOB) == Follower(user_id=BOB, active=False, blocked_at=T0)
    assert redis.zscore(keys.BLOCKED, BOB) is not None


def test_every_consent_answer_is_in_the_ledger_with_the_notice_version(store, city):
    store.follow(ALICE, at=T0, unblocked=False)
    store.record_consent(ALICE, granted=False, at=T0)
    store.record_consent(ALICE, granted=True, at=T0 + timedelta(minutes=1))
    store.record_consent(ALICE, granted=False, at=T0 + timedelta(minutes=2))
    FollowerStore(store.redis, dataclasses.replace(city, privacy_version="2027-01")).record_consent(
        ALICE, granted=True, at=T0 + timedelta(minutes=3))
    FollowerStore(store.redis, dataclasses.replace(city, privacy_version="2028-01")).record_consent(
        ALICE, granted=True, at=T0 + timedelta(minutes=4))
    ledger = [(entry.event, entry.version, entry.at) for entry in consent.entries(store.redis, user_id=ALICE)]
    assert ledger == [
        ("refuse", city.privacy_version, T0),
        ("grant", city.privacy_version, T0 + timedelta(minutes=1)),
        ("withdraw", city.privacy_version, T0 + timedelta(minutes=2)),
        ("grant", "2027-01", T0 + timedelta(minutes=3)),
        ("change", "2028-01", T0 + timedelta(minutes=4)),
    ]
    assert store.get(ALICE).consent_version == "2028-01"


def test_withdrawing_consent_drops_every_attribute_and_every_segment(store, redis):
    registered(store)
    store.opt_out(ALICE, "防災")
    store.record_consent(ALICE, granted=False, at=T0 + timedelta(days=1))
    follower = store.get(ALICE)
    assert (follower.consent, follower.district, follower.age, follower.interests, follower.language) == \
        ("refused", None, None, frozenset(), None)
    assert follower.optouts == frozenset({"防災"})
    assert traces(redis, ALICE) == sorted([keys.follower(ALICE), keys.ACTIVE, keys.CONSENT_LEDGER,
                                           keys.optout("防災")])


def test_consent_from_a_friend_we_never_saw_registers_them(store):
    store.record_consent(BOB, granted=True, at=T0)
    assert store.get(BOB) == Follower(user_id=BOB, active=True, consent="granted",
                                      consent_version=store.city.privacy_version)


def test_opting_out_and_back_in_of_a_category(store, redis):
    registered(store)
    store.opt_out(ALICE, "防災")
    store.opt_out(ALICE, "イベント")
    assert store.get(ALICE).optouts == frozenset({"防災", "イベント"})
    assert redis.sismember(keys.optout("防災"), ALICE) and redis.sismember(keys.optout("イベント"), ALICE)
    store.opt_in(ALICE, "防災")
    assert store.get(ALICE).optouts == frozenset({"イベント"})
    assert not redis.exists(keys.optout("防災"))


def test_a_category_name_that_cannot_be_a_key_is_refused(store):
    with pytest.raises(ValueError):
        store.opt_out(ALICE, "防災 子育て")


def test_erasure_leaves_nothing_but_an_anonymous_ledger_entry(store, redis):
    registered(store)
    registered(store, BOB)
    store.opt_out(ALICE, "防災")
    store.erase(ALICE)
    assert store.get(ALICE) is None
    assert traces(redis, ALICE) == []
    erased = [entry for entry in consent.entries(redis) if entry.event == "erased"]
    assert [(entry.user_id, entry.version, entry.reason) for entry in erased] == [("", "", "request")]
    assert redis.xrange(keys.CONSENT_LEDGER)[-1][1].keys() == {b"event", b"reason", b"at"}
    assert [entry.event for entry in consent.entries(redis, user_id=BOB)] == ["grant"]
    assert store.get(BOB).district == "中央"


def test_erasure_of_a_blocked_follower_leaves_nothing(store, redis):
    registered(store)
    store.unfollow(ALICE, at=T0)
    store.erase(ALICE)
    assert traces(redis, ALICE) == []


def test_purge_erases_only_those_blocked_before_the_cutoff_and_still_away(store, redis):
    for number in range(1, 5):
        registered(store, user(number))
    store.unfollow(user(1), at=T0 + timedelta(days=1))
    store.unfollow(user(2), at=T0 + timedelta(days=2))
    store.unfollow(user(3), at=T0 + timedelta(days=5))
    store.unfollow(user(4), at=T0 + timedelta(days=1))
    store.follow(user(4), at=T0 + timedelta(days=3), unblocked=True)
    assert store.purge_blocked(before=T0 + timedelta(days=2)) == 1
    assert traces(redis, user(1)) == []
    assert [store.get(user(number)) is not None for number in range(2, 5)] == [True, True, True]
    assert store.purge_blocked(before=T0 + timedelta(days=10)) == 2
    assert traces(redis, user(2)) == traces(redis, user(3)) == []
    assert store.get(user(4)).active
    erased = [entry.reason for entry in consent.entries(redis) if entry.event == "erased"]
    assert erased == ["retention"] * 3


def test_friends_learned_from_line_are_added_only_when_unknown(store, redis):
    registered(store)
    assert store.add_unknown([ALICE, BOB, user(3)]) == 2
    assert store.get(BOB) == Follower(user_id=BOB, active=True)
    assert store.get(ALICE).consent == "granted"
    assert store.count_active() == 3 and store.count_consented() == 1
    assert store.add_unknown([BOB, user(3)]) == 0
