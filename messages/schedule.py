"""Pure: when a broadcast goes out — once, weekly on some days, or on the nth weekday of each month — and quiet hours.

Times are wall-clock times in the city's time zone (JST). Recurring rules may skip dates (祝日, 年末年始)
and end on a date. `next_occurrence(rule, after)` is the one question the scheduler asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from messages.errors import ScheduleRefused

JST = ZoneInfo("Asia/Tokyo")
WEEKDAYS_JA = "月火水木金土日"
WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LAST = -1
"""`MonthlyNth.nth` for the last such weekday of the month."""


@dataclass(frozen=True)
class Once:
    at: datetime


@dataclass(frozen=True)
class Weekly:
    days: tuple[int, ...]            # 0 = Monday
    at: time
    skip: frozenset[date] = field(default_factory=frozenset)
    until: date | None = None


@dataclass(frozen=True)
class MonthlyNth:
    nth: int                         # 1..5, or LAST
    weekday: int                     # 0 = Monday
    at: time
    skip: frozenset[date] = field(default_factory=frozenset)
    until: date | None = None


Rule = Once | Weekly | MonthlyNth


def next_occurrence(rule: Rule, after: datetime, tz: ZoneInfo = JST) -> datetime | None:
    """The first time strictly after `after` the rule fires, or None when it never fires again."""
    if isinstance(rule, Once):
        return rule.at if rule.at > after else None
    start = after.astimezone(tz).date()
    candidates = _weekly_dates(rule, start) if isinstance(rule, Weekly) else _monthly_dates(rule, start)
    for day in candidates:
        if rule.until is not None and day > rule.until:
            return None
        moment = datetime.combine(day, rule.at, tzinfo=tz)
        if day not in rule.skip and moment > after:
            return moment
    return None


def _weekly_dates(rule: Weekly, start: date):
    for offset in range(7 * (len(rule.skip) + 2)):
        day = start + timedelta(days=offset)
        if day.weekday() in rule.days:
            yield day


def _monthly_dates(rule: MonthlyNth, start: date):
    year, month = start.year, start.month
    for _ in range(3 * len(rule.skip) + 15):  # a 5th weekday comes at least every 3 months
        day = nth_weekday(year, month, rule.nth, rule.weekday)
        if day is not None and day >= start:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> date | None:
    """The nth (or LAST) given weekday of a month; None when the month has no 5th one."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    if nth == LAST:
        while (day + timedelta(days=7)).month == month:
            day += timedelta(days=7)
        return day
    day += timedelta(days=7 * (nth - 1))
    return day if day.month == month else None


def iso_week(moment: datetime, tz: ZoneInfo = JST) -> str:
    """The ISO week of a moment in the city's time zone, e.g. "2026-W18" (the weekly cap's period)."""
    year, week, _ = moment.astimezone(tz).isocalendar()
    return f"{year}-W{week:02d}"


def in_quiet_hours(moment: time, quiet: tuple[time, time]) -> bool:
    """Whether a time of day falls in quiet hours (start inclusive, end exclusive; may wrap midnight)."""
    start, end = quiet
    if start == end:
        return False
    return start <= moment < end if start < end else moment >= start or moment < end


def check_quiet_hours(rule: Rule | None, now: datetime, quiet: tuple[time, time], *, urgent: bool,
                      tz: ZoneInfo = JST) -> None:
    """Refuse a normal broadcast whose (first or every) sending time is in quiet hours; urgent ones may go any time."""
    if urgent:
        return
    moment = _time_of_day(rule, now, tz)
    if in_quiet_hours(moment, quiet):
        window = f"{quiet[0]:%H:%M}〜{quiet[1]:%H:%M}"
        raise ScheduleRefused(f"{moment:%H:%M} は配信しない時間帯 ({window}) です。{quiet[1]:%H:%M} 以降に予約してください"
                              "(緊急の防災情報は時間帯に関係なく送れます)。")


def _time_of_day(rule: Rule | None, now: datetime, tz: ZoneInfo) -> time:
    """When a rule sends, as a time of day (a rule of None means now)."""
    if rule is None:
        return now.astimezone(tz).time()
    return rule.at.astimezone(tz).time() if isinstance(rule, Once) else rule.at


def parse(text: str, *, skip: tuple[date, ...] = (), until: date | None = None, tz: ZoneInfo = JST) -> Rule:
    """A rule from staff's text: "2026-05-01 09:00", "毎週 月,木 07:30", "毎月 第2 火 08:00", "monthly last fri 08:00"."""
    words = text.replace("、", ",").replace("・", ",").split()
    try:
        if words and words[0] in ("毎週", "weekly"):
            return Weekly(tuple(sorted(_days(words[1]))), _time(words[2]), frozenset(skip), until)
        if words and words[0] in ("毎月", "monthly"):
            nth, weekday, at = _monthly_words(words[1:])
            return MonthlyNth(nth, weekday, _time(at), frozenset(skip), until)
        at = datetime.fromisoformat(text.strip().replace("/", "-"))
        return Once(at if at.tzinfo else at.replace(tzinfo=tz))
    except (IndexError, ValueError) as error:
        raise ScheduleRefused(f"予定「{text}」を読めません ({error})。例: 2026-05-01 09:00 / 毎週 月,木 07:30 / "
                              "毎月 第2 火 08:00 / 毎月 最終 金 08:00") from None


def _monthly_words(words: list[str]) -> tuple[int, int, str]:
    if len(words) == 2:                           # 毎月 第2火 08:00
        match = re.fullmatch(r"(第\d|最終)(.+)", words[0])
        if not match:
            raise ValueError(f"「{words[0]}」")
        words = [match.group(1), match.group(2), words[1]]
    nth_word, day_word, at = words
    nth = LAST if nth_word in ("最終", "last") else int(nth_word.removeprefix("第"))
    if nth != LAST and not 1 <= nth <= 5:
        raise ValueError("第1〜第5 か 最終 を指定してください")
    (weekday,) = _days(day_word)
    return nth, weekday, at


def _days(word: str) -> set[int]:
    days = set()
    for part in filter(None, word.split(",")):
        part = part.lower()
        if part[:1] in WEEKDAYS_JA:
            days.add(WEEKDAYS_JA.index(part[0]))
        elif part[:3] in WEEKDAYS_EN:
            days.add(WEEKDAYS_EN.index(part[:3]))
        else:
            raise ValueError(f"曜日「{part}」")
    return days


def _time(word: str) -> time:
    return time.fromisoformat(word if len(word) > 4 else f"0{word}")


def describe(rule: Rule, tz: ZoneInfo = JST) -> str:
    """The rule as staff read it, e.g. 「毎週 月・木曜 7:30 (除外日 2日)」."""
    if isinstance(rule, Once):
        at = rule.at.astimezone(tz)
        return f"{at:%Y年%-m月%-d日}({WEEKDAYS_JA[at.weekday()]}) {at:%-H:%M}"
    if isinstance(rule, Weekly):
        text = f"毎週 {'・'.join(WEEKDAYS_JA[day] for day in rule.days)}曜 {rule.at:%-H:%M}"
    else:
        nth = "最終" if rule.nth == LAST else f"第{rule.nth}"
        text = f"毎月 {nth}{WEEKDAYS_JA[rule.weekday]}曜 {rule.at:%-H:%M}"
    if rule.skip:
        text += f" (除外日 {len(rule.skip)}日)"
    if rule.until:
        text += f" ({rule.until:%Y年%-m月%-d日}まで)"
    return text


def to_dict(rule: Rule) -> dict:
    if isinstance(rule, Once):
        return {"kind": "once", "at": rule.at.isoformat()}
    common = {"at": rule.at.isoformat(timespec="minutes"), "skip": sorted(day.isoformat() for day in rule.skip),
              "until": rule.until.isoformat() if rule.until else None}
    if isinstance(rule, Weekly):
        return {"kind": "weekly", "days": list(rule.days), **common}
    return {"kind": "monthly", "nth": rule.nth, "weekday": rule.weekday, **common}


def from_dict(data: dict) -> Rule:
    if data["kind"] == "once":
        return Once(datetime.fromisoformat(data["at"]))
    skip = frozenset(date.fromisoformat(day) for day in data["skip"])
    until = date.fromisoformat(data["until"]) if data["until"] else None
    if data["kind"] == "weekly":
        return Weekly(tuple(data["days"]), time.fromisoformat(data["at"]), skip, until)
    return MonthlyNth(data["nth"], data["weekday"], time.fromisoformat(data["at"]), skip, until)
