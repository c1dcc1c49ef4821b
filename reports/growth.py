"""Pure: friend-growth maths — weekly figures, progress to the target and milestones, pace and forecast.

LINE's `followers` counts first-time adds and never falls; `blocks` is the number blocking on that day.
Net friends = followers − blocks. Every input is an argument (the reference day too), so the same
figures always give the same report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import NormalDist
from typing import Iterable, Mapping, Protocol, Sequence

TREND_WEEKS = 8
"""The forecast fits a straight line to the net friends of the last 8 ISO weeks (weeks without data are skipped)."""

MIN_TREND_WEEKS = 3
"""With fewer weekly points a trend means nothing: the report says データ不足."""

INTERVAL_LEVEL = 0.80
"""The pace interval is a two-sided 80 % interval of the trend's slope (Student's t)."""

NOISY_SPREAD = 0.5
"""A pace whose interval half-width exceeds half the pace itself is reported as uncertain (ばらつき大)."""

MAX_FORECAST_DAYS = 36_500
"""A forecast further than 100 years away is no forecast: it is reported as not reachable at this pace."""

_T_90 = (3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
         1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325)
"""The 0.90 quantile of Student's t for 1..20 degrees of freedom (the upper end of an 80 % interval)."""


class Goalpost(Protocol):
    """A friend count to reach by a date (segments.city.Milestone fits)."""

    by: date
    friends: int


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO week (Monday to Sunday), written like 2026-W47."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "IsoWeek":
        """Read "2026-W47"; raise ValueError for anything else or a week that does not exist."""
        year, separator, number = text.strip().upper().partition("-W")
        if not (separator and year.isdigit() and number.isdigit()):
            raise ValueError(f"{text!r} is not an ISO week like 2026-W47")
        week = cls(int(year), int(number))
        date.fromisocalendar(week.year, week.number, 1)  # raises ValueError for week 53 of a 52-week year
        return week

    @classmethod
    def of(cls, day: date) -> "IsoWeek":
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @classmethod
    def last_complete(cls, today: date) -> "IsoWeek":
        """The latest week that has fully ended before `today`."""
        return cls.of(today - timedelta(days=today.isoweekday()))

    @property
    def start(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    def shifted(self, weeks: int) -> "IsoWeek":
        return IsoWeek.of(self.start + timedelta(weeks=weeks))

    def index(self) -> int:
        """Weeks since an arbitrary origin, so that differences count weeks."""
        return self.start.toordinal() // 7

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"


@dataclass(frozen=True)
class DayFigures:
    """One JST day: LINE's insight numbers (None when not known) and our own webhook counts."""

    day: date
    followers: int | None = None
    blocks: int | None = None
    targeted_reaches: int | None = None
    events: Mapping[str, int] = field(default_factory=dict)

    @property
    def has_insight(self) -> bool:
        return self.followers is not None and self.blocks is not None


@dataclass(frozen=True)
class WeekFigures:
    """A week seen at its last day with LINE numbers; changes are against the previous ISO week (None after a gap)."""

    week: IsoWeek
    last_day: date
    followers: int
    blocks: int
    targeted_reaches: int | None
    change: int | None
    adds: int | None
    blocks_change: int | None
    events: Mapping[str, int]

    @property
    def net(self) -> int:
        return self.followers - self.blocks

    @property
    def block_rate(self) -> float | None:
        """Share of everyone who ever added the account who blocks it now (LINE's ブロック率)."""
        return self.blocks / self.followers if self.followers else None


@dataclass(frozen=True)
class Goal:
    """Progress toward one friend count by one date, seen on `today`."""

    friends: int
    by: date
    net: int
    today: date

    @property
    def remaining(self) -> int:
        return max(self.friends - self.net, 0)

    @property
    def progress(self) -> float:
        return self.net / self.friends

    @property
    def reached(self) -> bool:
        return self.net >= self.friends

    @property
    def weeks_left(self) -> float:
        return (self.by - self.today).days / 7

    @property
    def needed_pace(self) -> float | None:
        """Friends per week still needed to be on time; None when reached or the date has passed."""
        if self.reached or self.weeks_left <= 0:
            return None
        return self.remaining / self.weeks_left


@dataclass(frozen=True)
class Forecast:
    """When the target is reached at the current pace, with an honest range.

    status: "reached" | "insufficient" (< 3 weekly points) | "not_growing" (pace ≤ 0) |
    "noisy" (the pace interval is wide; `latest` is None when it includes zero) | "ok".
    """

    status: str
    weeks_used: int
    pace: float | None = None
    pace_low: float | None = None
    pace_high: float | None = None
    expected: date | None = None
    earliest: date | None = None
    latest: date | None = None


@dataclass(frozen=True)
class Trend:
    """A least-squares line through (week index, net friends) with its slope's interval."""

    points: int
    slope: float
    half_width: float


@dataclass(frozen=True)
class GrowthSummary:
    week: IsoWeek
    current: WeekFigures | None
    history: list[WeekFigures]
    target: Goal | None
    milestone: Goal | None
    forecast: Forecast


def weekly_series(days: Iterable[DayFigures]) -> list[WeekFigures]:
    """One entry per ISO week that has LINE numbers, oldest first, with our event counts summed over the week."""
    by_week: dict[IsoWeek, list[DayFigures]] = {}
    for figures in sorted(days, key=lambda item: item.day):
        by_week.setdefault(IsoWeek.of(figures.day), []).append(figures)
    series: list[WeekFigures] = []
    for week in sorted(by_week):
        known = [figures for figures in by_week[week] if figures.has_insight]
        if known:
            previous = series[-1] if series and series[-1].week == week.shifted(-1) else None
            series.append(_week_figures(week, known[-1], previous, sum_events(by_week[week])))
    return series


def _week_figures(week: IsoWeek, last: DayFigures, previous: WeekFigures | None,
                  events: dict[str, int]) -> WeekFigures:
    net = last.followers - last.blocks
    return WeekFigures(
        week=week, last_day=last.day, followers=last.followers, blocks=last.blocks,
        targeted_reaches=last.targeted_reaches,
        change=None if previous is None else net - previous.net,
        adds=None if previous is None else last.followers - previous.followers,
        blocks_change=None if previous is None else last.blocks - previous.blocks,
        events=events,
    )


def sum_events(days: Iterable[DayFigures]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for figures in days:
        for name, count in figures.events.items():
            totals[name] = totals.get(name, 0) + count
    return totals


def fit_trend(weeks: Sequence[WeekFigures]) -> Trend | None:
    """Ordinary least squares of net friends on week index; None below MIN_TREND_WEEKS points."""
    if len(weeks) < MIN_TREND_WEEKS:
        return None
    xs = [float(item.week.index()) for item in weeks]
    ys = [float(item.net) for item in weeks]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sxx
    residual = sum((y - mean_y - slope * (x - mean_x)) ** 2 for x, y in zip(xs, ys))
    degrees = len(xs) - 2
    standard_error = math.sqrt(residual / degrees / sxx)
    return Trend(len(xs), slope, _t_90(degrees) * standard_error)


def _t_90(degrees: int) -> float:
    """Student's t 0.90 quantile: tabulated up to 20 degrees of freedom, the normal one beyond."""
    if degrees <= len(_T_90):
        return _T_90[degrees - 1]
    return NormalDist().inv_cdf(0.5 + INTERVAL_LEVEL / 2)


def forecast(window: Sequence[WeekFigures], net: int, target: int, today: date) -> Forecast:
    """The day `net` reaches `target` if friends keep growing at the pace of the weeks in `window`."""
    if net >= target:
        return Forecast("reached", len(window), expected=today)
    trend = fit_trend(window)
    if trend is None:
        return Forecast("insufficient", len(window))
    low, high = trend.slope - trend.half_width, trend.slope + trend.half_width
    shape = dict(weeks_used=trend.points, pace=trend.slope, pace_low=low, pace_high=high)
    if trend.slope <= 0:
        return Forecast("not_growing", **shape)
    expected = _arrival(today, target - net, trend.slope)
    if expected is None:
        return Forecast("not_growing", **shape)
    noisy = trend.half_width > NOISY_SPREAD * trend.slope
    return Forecast("noisy" if noisy else "ok", expected=expected, earliest=_arrival(today, target - net, high),
                    latest=_arrival(today, target - net, low), **shape)


def _arrival(today: date, remaining: int, pace: float) -> date | None:
    """The day `remaining` friends are added at `pace` per week; None if never (or past MAX_FORECAST_DAYS)."""
    if pace <= 0:
        return None
    days = math.ceil(remaining / pace * 7)
    return today + timedelta(days=days) if days <= MAX_FORECAST_DAYS else None


def current_milestone(milestones: Iterable[Goalpost], today: date) -> Goalpost | None:
    """The next milestone whose date has not passed (milestones are yearly steps toward the target)."""
    upcoming = sorted((item for item in milestones if item.by >= today), key=lambda item: item.by)
    return upcoming[0] if upcoming else None


def summarise(days: Iterable[DayFigures], week: IsoWeek, *, target_friends: int, target_date: date,
              milestones: Iterable[Goalpost], today: date, trend_weeks: int = TREND_WEEKS) -> GrowthSummary:
    """Everything the weekly report says about growth, for `week`, as seen on `today` (usually its Sunday)."""
    history = [item for item in weekly_series(days) if item.week <= week]
    current = history[-1] if history and history[-1].week == week else None
    if current is None:
        return GrowthSummary(week, None, history, None, None, Forecast("insufficient", 0))
    oldest = week.shifted(-(trend_weeks - 1))
    window = [item for item in history if item.week >= oldest]
    milestone = current_milestone(milestones, today)
    return GrowthSummary(
        week=week, current=current, history=history,
        target=Goal(target_friends, target_date, current.net, today),
        milestone=None if milestone is None else Goal(milestone.friends, milestone.by, current.net, today),
        forecast=forecast(window, current.net, target_friends, today),
    )
