from __future__ import annotations

from datetime import date, timedelta

import pytest

from reports.growth import (DayFigures, Goal, IsoWeek, current_milestone, fit_trend, summarise,
                            weekly_series)
from reports.text import forecast_sentence, line_summary
from segments.city import Milestone

LAST_WEEK = IsoWeek(2026, 47)
TARGET, TARGET_DATE = 20_000, date(2029, 3, 31)
MILESTONES = (Milestone(date(2026, 3, 31), 17_000), Milestone(date(2027, 3, 31), 18_000),
              Milestone(date(2029, 3, 31), 20_000))


def sundays(nets: list[int | None], *, blocks: int = 500) -> list[DayFigures]:
    """One Sunday per value, the last one in LAST_WEEK; None leaves the week without data."""
    first = LAST_WEEK.shifted(-(len(nets) - 1))
    return [DayFigures(first.shifted(offset).end, followers=net + blocks, blocks=blocks)
            for offset, net in enumerate(nets) if net is not None]


def summary_of(nets: list[int | None]):
    return summarise(sundays(nets), LAST_WEEK, target_friends=TARGET, target_date=TARGET_DATE,
                     milestones=MILESTONES, today=LAST_WEEK.end)


@pytest.mark.parametrize("text, expected", [
    ("2026-W47", IsoWeek(2026, 47)),
    ("2026-w01", IsoWeek(2026, 1)),
    (" 2020-W53 ", IsoWeek(2020, 53)),
])
def test_iso_weeks_are_read_from_text(text, expected):
    assert IsoWeek.parse(text) == expected


@pytest.mark.parametrize("text", ["2026-47", "W47", "2026-W54", "2025-W53", "2026-Wxx", ""])
def test_malformed_or_impossible_weeks_are_refused(text):
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


@pytest.mark.parametrize("today, expected", [
    (date(2026, 11, 23), "2026-W47"),  # Monday: the week that ended yesterday
    (date(2026, 11, 22), "2026-W46"),  # Sunday: W47 has not ended yet
    (date(2027, 1, 4), "2026-W53"),
])
def test_last_complete_week(today, expected):
    assert str(IsoWeek.last_complete(today)) == expected


def test_week_boundaries_run_monday_to_sunday():
    assert (LAST_WEEK.start, LAST_WEEK.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert LAST_WEEK.shifted(-1) == IsoWeek(2026, 46)


def test_a_week_is_seen_at_its_last_day_with_line_numbers():
    days = [
        DayFigures(date(2026, 11, 9), followers=1000, blocks=100),
        DayFigures(date(2026, 11, 17), followers=1040, blocks=105, events={"follow": 3}),
        DayFigures(date(2026, 11, 20), followers=1050, blocks=108, events={"follow": 2, "block": 1}),
        DayFigures(date(2026, 11, 22), events={"follow": 4}),  # LINE not ready yet for Sunday
    ]
    previous, current = weekly_series(days)
    assert (current.last_day, current.net, current.change) == (date(2026, 11, 20), 942, 42)
    assert (current.adds, current.blocks_change) == (50, 8)
    assert current.events == {"follow": 9, "block": 1}
    assert current.block_rate == pytest.approx(108 / 1050)
    assert previous.change is None


def test_after_a_gap_there_is_nothing_to_compare_with():
    series = weekly_series(sundays([1000, None, 1200]))
    assert [item.change for item in series] == [None, None]


GROWING = [10_000 + 100 * week for week in range(8)]


@pytest.mark.parametrize("case, nets, status, pace", [
    ("flat", [12_000] * 8, "not_growing", 0.0),
    ("growing", GROWING, "ok", 100.0),
    ("shrinking", [12_000 - 50 * week for week in range(8)], "not_growing", -50.0),
    ("gaps", [10_000, 10_100, None, 10_300, None, None, 10_600, 10_700], "ok", 100.0),
    ("target already reached", [19_900, 19_950, 20_010], "reached", None),
    ("fewer than 3 weeks", [10_000, 10_100], "insufficient", None),
    ("noisy", [10_000, 10_400, 9_900, 10_500, 9_950, 10_450, 10_000, 10_600], "noisy", None),
])
def test_forecast_table(case, nets, status, pace):
    forecast = summary_of(nets).forecast
    assert forecast.status == status, case
    if pace is not None:
        assert forecast.pace == pytest.approx(pace, abs=1e-6)


def test_a_steady_pace_gives_an_exact_date_and_a_zero_width_range():
    forecast = summary_of(GROWING).forecast
    expected = LAST_WEEK.end + timedelta(days=(TARGET - GROWING[-1]) // 100 * 7)
    assert forecast.expected == forecast.earliest == forecast.latest == expected
    assert forecast.weeks_used == 8


def test_only_the_last_eight_weeks_shape_the_trend():
    # Decline for 10 weeks, then 8 weeks of steady growth: the old decline must not count.
    nets = [15_000 - 100 * week for week in range(10)] + [14_000 + 50 * week for week in range(8)]
    assert summary_of(nets).forecast.pace == pytest.approx(50)


def test_a_noisy_trend_gives_a_range_that_may_have_no_end():
    forecast = summary_of([10_000, 10_400, 9_900, 10_500, 9_950, 10_450, 10_000, 10_600]).forecast
    assert forecast.pace_low < 0 < forecast.pace
    assert forecast.latest is None and forecast.earliest < forecast.expected


def test_the_range_widens_with_scatter():
    steady = fit_trend(weekly_series(sundays(GROWING)))
    scattered = fit_trend(weekly_series(sundays([n + (60 if i % 2 else -60) for i, n in enumerate(GROWING)])))
    assert steady.half_width == pytest.approx(0, abs=1e-9)
    assert scattered.half_width > 10


@pytest.mark.parametrize("net, by, today, needed, reached", [
    (15_000, date(2027, 1, 1), date(2026, 12, 4), 5_000 / 4, False),
    (20_500, date(2027, 1, 1), date(2026, 12, 4), None, True),
    (15_000, date(2026, 1, 1), date(2026, 12, 4), None, False),  # the date has passed
])
def test_needed_weekly_pace(net, by, today, needed, reached):
    goal = Goal(20_000, by, net, today)
    assert goal.needed_pace == (None if needed is None else pytest.approx(needed))
    assert goal.reached is reached


@pytest.mark.parametrize("today, expected", [
    (date(2025, 6, 1), 17_000),
    (date(2026, 3, 31), 17_000),
    (date(2026, 4, 1), 18_000),
    (date(2029, 4, 1), None),
])
def test_the_current_milestone_is_the_next_one_due(today, expected):
    milestone = current_milestone(MILESTONES, today)
    assert (milestone.friends if milestone else None) == expected


def test_progress_is_against_the_target_and_the_current_milestone():
    summary = summary_of(GROWING)
    assert summary.target.progress == pytest.approx(10_700 / 20_000)
    assert (summary.milestone.friends, summary.milestone.remaining) == (18_000, 7_300)


def test_a_week_without_data_has_no_figures_and_no_forecast():
    summary = summary_of([10_000, 10_100, 10_200, None])
    assert summary.current is None and summary.forecast.status == "insufficient"


def test_the_wording_says_honestly_when_data_is_short():
    summary = summary_of([10_000, 10_100])
    assert "データ不足" in forecast_sentence(summary.forecast, summary.target)
    assert "データ不足" in line_summary(summary, "ひかり台市", "https://example.jp/admin/reports/2026-W47")


def test_the_summary_has_the_key_figures_and_the_link():
    text = line_summary(summary_of(GROWING), "ひかり台市", "https://example.jp/admin/reports/2026-W47")
    assert "友だち数 10,700人 (前週比 +100)" in text
    assert "達成率 53.5%" in text
    assert text.endswith("詳細: https://example.jp/admin/reports/2026-W47")
    assert len(text) < 5000


def test_data_shortage_says_how_many_weeks_there_are():
    summary = summary_of([10_000, 10_100])
    assert summary.forecast.weeks_used == 2
    assert "現在 2 週分" in forecast_sentence(summary.forecast, summary.target)


@pytest.mark.parametrize("nets, expected", [
    (GROWING, "目標到達は 2028年9月ごろの見込みです (80%の幅: 2028年9月)。期限に間に合う見込みです。"),
    ([n + (60 if i % 2 else -60) for i, n in enumerate(GROWING)], "(80%の幅: 2028年5月〜2028年11月)"),
    ([10_000, 10_400, 9_900, 10_500, 9_950, 10_450, 10_000, 10_600], "遅い場合は 見通せません"),
    ([12_000 - 50 * week for week in range(8)], "直近 8 週の傾向は週 −50人で、このペースでは目標に届きません。"),
    ([19_900, 19_950, 20_010], "目標の友だち数に達しています。"),
])
def test_the_forecast_is_worded_with_its_uncertainty(nets, expected):
    summary = summary_of(nets)
    assert expected in forecast_sentence(summary.forecast, summary.target)
