"""Redis side of attribution: one count per friend, the follow-up window, and the cohort day."""

from __future__ import annotations

from datetime import timedelta

from campaigns import store
from campaigns.model import Campaign
from tests.campaigns.conftest import POSTER, WEDNESDAY


def test_a_friends_first_code_counts_and_a_second_one_changes_nothing(campaigns):
    redis = campaigns.redis
    followed = WEDNESDAY - timedelta(hours=1)
    assert store.attribute(redis, "U1", POSTER.code, followed_at=followed, at=WEDNESDAY) == "counted"
    assert store.attribute(redis, "U1", POSTER.code, followed_at=followed, at=WEDNESDAY) == "already"
    assert store.daily_counts(redis, [POSTER.code])[POSTER.code][followed.date()] == {"friend": 1}


def test_codes_of_unknown_or_ended_campaigns_or_without_a_follow_are_not_counted(campaigns):
    redis = campaigns.redis
    assert store.attribute(redis, "U1", "QQQQQ", followed_at=WEDNESDAY, at=WEDNESDAY) == "unknown"
    assert store.attribute(redis, "U1", "MN3PX", followed_at=WEDNESDAY, at=WEDNESDAY) == "ended"
    assert store.attribute(redis, "U1", POSTER.code, followed_at=None, at=WEDNESDAY) == "late"
    late = WEDNESDAY - store.ATTRIBUTION_WINDOW - timedelta(minutes=1)
    assert store.attribute(redis, "U1", POSTER.code, followed_at=late, at=WEDNESDAY) == "late"
    assert store.daily_counts(redis, [POSTER.code])[POSTER.code] == {}


def test_registration_counts_once_within_30_days_on_the_day_the_friend_came(campaigns):
    redis = campaigns.redis
    store.attribute(redis, "U1", POSTER.code, followed_at=WEDNESDAY, at=WEDNESDAY)
    store.attribute(redis, "U2", POSTER.code, followed_at=WEDNESDAY, at=WEDNESDAY)
    assert store.note_registration(redis, "U1", WEDNESDAY + timedelta(days=10))
    assert not store.note_registration(redis, "U1", WEDNESDAY + timedelta(days=11)), "once"
    assert not store.note_registration(redis, "U2", WEDNESDAY + timedelta(days=31)), "too late to be the campaign's"
    assert not store.note_registration(redis, "U3", WEDNESDAY), "not a campaign friend"
    assert store.daily_counts(redis, [POSTER.code])[POSTER.code][WEDNESDAY.date()] == {"friend": 2, "registered": 1}


def test_the_friend_record_expires_after_the_follow_up_and_is_erased_on_request(campaigns):
    redis = campaigns.redis
    store.attribute(redis, "U1", POSTER.code, followed_at=WEDNESDAY, at=WEDNESDAY)
    assert 30 * 86_400 < redis.ttl("citybot:campaigns:friend:U1") <= 31 * 86_400
    store.forget_friend(redis, "U1")
    assert not redis.exists("citybot:campaigns:friend:U1")


def test_campaigns_are_listed_newest_first_and_edited_in_place(campaigns):
    redis = campaigns.redis
    assert {campaign.code for campaign in store.every(redis)} == {"MN3PX", "HK7QA"}
    edited = Campaign(POSTER.code, "市役所2階のポスター", "ポスター", POSTER.starts, POSTER.ends, None)
    store.save(redis, edited, actor="test", at=WEDNESDAY, created=False)
    assert store.get(redis, POSTER.code) == edited
    assert len(store.every(redis)) == 2
    assert store.unused_code(redis) not in {"MN3PX", "HK7QA"}
