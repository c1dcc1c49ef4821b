from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, strategies as st

from messages import schedule as sc
from messages.errors import ScheduleRefused

JST = sc.JST
QUIET = (time(21, 0), time(7, 0))


def jst(*parts) -> datetime:
    return datetime(*parts, tzinfo=JST)


def test_a_one_off_fires_once():
    rule = sc.parse("2026-05-01 09:00")
    assert sc.next_occurrence(rule, jst(2026, 4, 30, 12)) == jst(2026, 5, 1, 9)
    assert sc.next_occurrence(rule, jst(2026, 5, 1, 9)) is None


def test_weekly_gomi_reminder_on_monday_and_thursday_skipping_a_holiday():
    rule = sc.parse("毎週 月,木 07:30", skip=(date(2026, 5, 4),))   # Monday 4 May is a holiday
    after = jst(2026, 5, 1, 8)                                     # a Friday
    assert sc.next_occurrence(rule, after) == jst(2026, 5, 7, 7, 30)
    assert sc.next_occurrence(rule, jst(2026, 5, 7, 7, 30)) == jst(2026, 5, 11, 7, 30)


def test_the_same_day_counts_when_the_time_is_still_ahead():
    rule = sc.parse("weekly mon 07:30")
    assert sc.next_occurrence(rule, jst(2026, 5, 11, 6, 0)) == jst(2026, 5, 11, 7, 30)


def test_nth_weekday_of_month():
    rule = sc.parse("毎月 第2火 08:00")
    assert sc.next_occurrence(rule, jst(2026, 5, 1)) == jst(2026, 5, 12, 8)
    assert sc.next_occurrence(rule, jst(2026, 5, 12, 8)) == jst(2026, 6, 9, 8)


def test_last_friday_and_a_fifth_weekday_that_some_months_lack():
    assert sc.next_occurrence(sc.parse("monthly last fri 08:00"), jst(2026, 5, 1)) == jst(2026, 5, 29, 8)
    fifth_monday = sc.parse("毎月 第5 月 08:00")
    assert sc.next_occurrence(fifth_monday, jst(2026, 5, 1)) == jst(2026, 6, 29, 8)


def test_a_rule_ends_on_its_until_date():
    rule = sc.parse("毎週 月 07:30", until=date(2026, 5, 11))
    assert sc.next_occurrence(rule, jst(2026, 5, 11, 8)) is None


def test_the_rule_round_trips_through_its_stored_form():
    for rule in (sc.parse("2026-05-01 09:00"), sc.parse("毎週 月,木 7:30", skip=(date(2026, 5, 4),)),
                 sc.parse("毎月 最終 金 08:00", until=date(2027, 3, 31))):
        assert sc.from_dict(sc.to_dict(rule)) == rule


def test_describe_in_japanese():
    assert sc.describe(sc.parse("毎週 月,木 07:30", skip=(date(2026, 5, 4),))) == "毎週 月・木曜 7:30 (除外日 1日)"
    assert sc.describe(sc.parse("毎月 第2 火 08:00")) == "毎月 第2火曜 8:00"
    assert sc.describe(sc.parse("2026-05-01 09:00")) == "2026年5月1日(金) 9:00"


@pytest.mark.parametrize("text", ["毎週 07:30", "毎週 月 25:00", "毎月 第6 火 08:00", "来週のどこか"])
def test_unreadable_rules_are_refused_with_examples(text):
    with pytest.raises(ScheduleRefused, match="例:"):
        sc.parse(text)


@pytest.mark.parametrize("moment, quiet", [
    (time(21, 0), True), (time(23, 59), True), (time(0, 0), True), (time(6, 59), True),
    (time(7, 0), False), (time(12, 0), False), (time(20, 59), False),
])
def test_quiet_hours_wrap_midnight(moment, quiet):
    assert sc.in_quiet_hours(moment, QUIET) is quiet


def test_a_normal_broadcast_cannot_be_scheduled_in_quiet_hours_but_an_urgent_one_can():
    late = sc.parse("2026-05-01 22:00")
    with pytest.raises(ScheduleRefused, match="07:00 以降"):
        sc.check_quiet_hours(late, jst(2026, 5, 1, 12), QUIET, urgent=False)
    sc.check_quiet_hours(late, jst(2026, 5, 1, 12), QUIET, urgent=True)
    with pytest.raises(ScheduleRefused):
        sc.check_quiet_hours(None, jst(2026, 5, 1, 23), QUIET, urgent=False)   # "now", at 23:00
    with pytest.raises(ScheduleRefused):
        sc.check_quiet_hours(sc.parse("毎週 月 06:00"), jst(2026, 5, 1, 12), QUIET, urgent=False)


weekly_rules = st.builds(
    sc.Weekly,
    days=st.sets(st.integers(0, 6), min_size=1).map(lambda days: tuple(sorted(days))),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    skip=st.frozensets(st.dates(date(2026, 1, 1), date(2026, 3, 31)), max_size=20),
)
monthly_rules = st.builds(
    sc.MonthlyNth, nth=st.sampled_from([1, 2, 3, 4, 5, sc.LAST]), weekday=st.integers(0, 6),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    skip=st.frozensets(st.dates(date(2026, 1, 1), date(2026, 12, 31)), max_size=5),
)
moments = st.datetimes(datetime(2026, 1, 1), datetime(2026, 3, 1)).map(lambda d: d.replace(tzinfo=JST))


def fires_on(rule, day: date) -> bool:
    if day in rule.skip:
        return False
    if isinstance(rule, sc.Weekly):
        return day.weekday() in rule.days
    return sc.nth_weekday(day.year, day.month, rule.nth, rule.weekday) == day


@given(rule=st.one_of(weekly_rules, monthly_rules), after=moments)
def test_next_occurrence_is_the_first_matching_moment_after(rule, after):
    found = sc.next_occurrence(rule, after)
    assert found is not None and found > after
    assert found.time() == rule.at and fires_on(rule, found.date())
    day = after.date()
    while day < found.date():   # no earlier day qualifies
        assert not (fires_on(rule, day) and datetime.combine(day, rule.at, tzinfo=JST) > after)
        day += timedelta(days=1)
