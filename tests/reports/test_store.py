from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from reports import snapshots
from reports.counters import count_event, event_names

DAY = date(2026, 11, 20)
AT = datetime(2026, 11, 21, 7, 0, tzinfo=timezone.utc)


def test_an_event_counts_for_its_kind_and_each_attribute_value(redis):
    count_event(redis, "block", DAY, {"district": "中央", "age": "30代", "interests": ["防災", "子育て"]})
    count_event(redis, "block", DAY, {"district": "北部", "age": None, "interests": []})
    (figures,) = snapshots.read_days(redis, DAY, DAY)
    assert figures.events == {"block": 2, "block:district:中央": 1, "block:district:北部": 1, "block:age:30代": 1,
                              "block:interest:防災": 1, "block:interest:子育て": 1}
    assert not figures.has_insight


def test_unknown_event_kinds_are_refused():
    with pytest.raises(ValueError, match="unknown event kind"):
        event_names("click")


def test_insight_numbers_sit_beside_our_counts(redis):
    count_event(redis, "follow", DAY)
    snapshots.store_insight(redis, DAY, status="ready", followers=15_000, targeted_reaches=13_000, blocks=1_800,
                            fetched_at=AT)
    (figures,) = snapshots.read_days(redis, date(2026, 11, 19), date(2026, 11, 21))
    assert (figures.day, figures.followers, figures.blocks, figures.targeted_reaches) == (DAY, 15_000, 1_800, 13_000)
    assert figures.events == {"follow": 1}
    assert snapshots.first_stored_day(redis) == DAY


def test_an_unready_day_has_no_numbers_and_stays_missing(redis):
    snapshots.store_insight(redis, DAY, status="unready", followers=None, targeted_reaches=None, blocks=None,
                            fetched_at=AT)
    assert snapshots.read_days(redis, DAY, DAY)[0].followers is None
    assert snapshots.first_stored_day(redis) is None
    assert snapshots.missing_days(redis, DAY, DAY) == [DAY]


def test_missing_days_are_listed_newest_first_and_settled_days_skipped(redis):
    for day, status in [(date(2026, 11, 18), "ready"), (date(2026, 11, 16), "out_of_service")]:
        snapshots.store_insight(redis, day, status=status, followers=1, targeted_reaches=1, blocks=0, fetched_at=AT)
    assert snapshots.missing_days(redis, date(2026, 11, 15), date(2026, 11, 19)) == [
        date(2026, 11, 19), date(2026, 11, 17), date(2026, 11, 15)]


def test_nothing_before_line_began_keeping_numbers_is_missing(redis):
    assert snapshots.missing_days(redis, date(2016, 10, 30), date(2016, 11, 2)) == [date(2016, 11, 2),
                                                                                   date(2016, 11, 1)]


def test_the_history_start_is_stored_and_never_before_2016_11_01(redis):
    assert snapshots.history_start(redis, default=DAY) == DAY
    snapshots.set_history_start(redis, date(2015, 1, 1))
    assert snapshots.history_start(redis, default=DAY) == date(2016, 11, 1)
