"""The words curators write for times and days in `hours:` and `schedule:` (issue #13).

    "09:00-17:00"        a time range; "20:00-次日02:00" runs into the next day
    mon, monday, 周一, 星期一   a weekday; "周二-周日" or "tue-sun" several
    07-01                a date every year (02-29: only in leap years)
    2027-10-01           one exact date
    06-28..07-04         a range of dates every year (12-25..01-05 crosses the new year)
    2027-10-01..2027-10-07  an exact range of dates

Each parser takes a YAML value and returns what it means, or raises ValueError whose text is
the Chinese sentence config.yaml's message shows after its key. Pure, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

DAY_MINUTES = 24 * 60
NEXT_DAY = "次日"
WEEKDAY_LABELS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_ENGLISH = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ENGLISH_LONG = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CHINESE = "一二三四五六日"
WEEKDAYS: dict[str, int] = {
    **{name: i for i, name in enumerate(_ENGLISH)},
    **{name: i for i, name in enumerate(_ENGLISH_LONG)},
    **{f"周{c}": i for i, c in enumerate(_CHINESE)},
    **{f"星期{c}": i for i, c in enumerate(_CHINESE)},
    "周天": 6, "星期天": 6,
}
WEEKDAY_HELP = "可写 mon…sun、monday…sunday、周一…周日 或 星期一…星期日，几天连着可写 周二-周日"
_TIME_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*[-–—~～至]\s*(次日)?\s*(\d{1,2}):(\d{2})")
_WEEKDAY_SPAN = re.compile(r"(.+?)\s*(?:-|–|~|～|至|\.\.)\s*(.+)")
_DATE_SPAN = re.compile(r"(.+?)\s*(?:\.\.|~|～|至)\s*(.+)")
_EXACT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEARLY = re.compile(r"(\d{1,2})-(\d{1,2})")
YEARS = (2000, 2099)
LONGEST_RANGE_DAYS = 5 * 366  # an exact range is kept as its days; five years is plenty for a hall
_LEAP_YEAR = 2000  # every month-day, 02-29 included, exists in it


def _days_in(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def clock(minute: int) -> str:
    """Minutes after midnight -> "09:30"; 1440 is "24:00"."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class TimeRange:
    """Open from `start` to just before `end`, in minutes after midnight of the day it belongs to.

    `end` is above 1440 when the range runs past midnight: 20:00-次日02:00 belongs to the day
    it starts on and ends at 02:00 the next morning.
    """

    start: int
    end: int

    @property
    def overnight(self) -> bool:
        return self.end > DAY_MINUTES

    def __str__(self) -> str:
        if self.overnight:
            return f"{clock(self.start)}-{NEXT_DAY}{clock(self.end - DAY_MINUTES)}"
        return f"{clock(self.start)}-{clock(self.end)}"

    def meets(self, other: TimeRange, shift: int = 0) -> bool:
        """Whether the two share a minute, `other` taken `shift` days later."""
        later = shift * DAY_MINUTES
        return self.start < other.end + later and other.start + later < self.end


def parse_time_range(value: object) -> TimeRange:
    match = _TIME_RANGE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f'{_shown(value)} 不是时间段，请写成带引号的 "09:00-17:00"（跨过午夜写 "20:00-次日02:00"）')
    start = _minute(int(match[1]), int(match[2]), end=False)
    end = _minute(int(match[4]), int(match[5]), end=True)
    if match[3]:
        if end >= start or end == DAY_MINUTES:
            raise ValueError(f'"{value}" 超过 24 小时：次日的结束时间要早于开始时间 {clock(start)}')
        return TimeRange(start, end + DAY_MINUTES)
    if end == start:
        raise ValueError(f'"{value}" 开始和结束都是 {clock(start)}，时间段是空的')
    if end < start:
        raise ValueError(f"结束时间 {clock(end)} 早于开始时间 {clock(start)}，请改为 "
                         f'"{clock(end)}-{clock(start)}"；若要跨过午夜，写成 "{clock(start)}-{NEXT_DAY}{clock(end)}"')
    return TimeRange(start, end)


def _minute(hour: int, minute: int, end: bool) -> int:
    if minute > 59:
        raise ValueError(f"时间 {hour:02d}:{minute:02d} 不存在：分钟是 00 到 59")
    if end and hour == 24 and minute == 0:
        return DAY_MINUTES
    if hour > 23:
        allowed = "（结束时间可写 24:00）" if end else ""
        raise ValueError(f"时间 {hour:02d}:{minute:02d} 不存在：小时是 00 到 23{allowed}")
    return hour * 60 + minute


def parse_weekdays(value: object) -> frozenset[int]:
    """One name, a span such as "周一-周五", or a list of those; Monday is 0."""
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ValueError(f"星期的列表是空的；{WEEKDAY_HELP}")
    days: set[int] = set()
    for item in items:
        days |= _weekday_span(item)
    return frozenset(days)


def _weekday_span(item: object) -> frozenset[int]:
    text = item.strip().lower() if isinstance(item, str) else ""
    if text in WEEKDAYS:
        return frozenset({WEEKDAYS[text]})
    span = _WEEKDAY_SPAN.fullmatch(text)
    if span and span[1] in WEEKDAYS and span[2] in WEEKDAYS:
        first, last = WEEKDAYS[span[1]], WEEKDAYS[span[2]]
        return frozenset((first + i) % 7 for i in range((last - first) % 7 + 1))  # fri-mon wraps the weekend
    raise ValueError(f"不认识的星期 {_shown(item)}：{WEEKDAY_HELP}")


def weekdays_text(days: frozenset[int]) -> str:
    return "、".join(WEEKDAY_LABELS[d] for d in sorted(days))


DateKind = Literal["exact", "yearly", "range"]


@dataclass(frozen=True)
class DateRule:
    """The days a rule applies to: one exact date, one date every year, or a range of either.

    An exact rule keeps its days, a yearly one its (month, day) pairs, so matching a day is one
    lookup. A yearly 02-29 has no day in other years: it applies only in leap years.
    """

    kind: DateKind
    text: str  # as the curator wrote it, tidied: "07-01", "2027-10-01", "06-28..07-04"
    days: frozenset[date] = frozenset()
    monthdays: frozenset[tuple[int, int]] = frozenset()

    def matches(self, day: date) -> bool:
        if self.days:
            return day in self.days
        return (day.month, day.day) in self.monthdays

    @property
    def yearly(self) -> bool:
        return bool(self.monthdays)

    def describe(self) -> str:
        if self.kind == "exact":
            return self.text
        return f"每年 {self.text}" if self.yearly else self.text


def parse_date_rule(value: object) -> DateRule:
    if isinstance(value, date) and not isinstance(value, datetime):
        return _exact_rule(_within_years(value))
    if not isinstance(value, str) or not value.strip():
        hint = "只写日期，时刻写在 time: 里" if isinstance(value, datetime) else "要写成日期"
        raise ValueError(f"{hint}，例如 07-01、2027-10-01 或 06-28..07-04，现在是 {_shown(value)}")
    text = value.strip()
    span = _DATE_SPAN.fullmatch(text)
    if span is None:
        one = _date_or_monthday(text)
        return _exact_rule(one) if isinstance(one, date) else _yearly_rule([one], text)
    first, last = _date_or_monthday(span[1]), _date_or_monthday(span[2])
    written = f"{span[1]}..{span[2]}"
    if isinstance(first, date) and isinstance(last, date):
        if last < first:
            raise ValueError(f"结束日期 {last} 早于开始日期 {first}，请对调两者")
        count = (last - first).days + 1
        if count > LONGEST_RANGE_DAYS:
            raise ValueError(f"日期范围 {written} 长达 {count} 天，最多 {LONGEST_RANGE_DAYS} 天")
        return DateRule("range", written, days=frozenset(first + timedelta(days=i) for i in range(count)))
    if any(isinstance(end, date) for end in (first, last)):
        raise ValueError(f"日期范围 {text} 的两端要么都写年份（2027-10-01..2027-10-07），"
                         "要么都不写（10-01..10-07，每年）")
    return _yearly_rule(_monthdays_between(first, last), written, kind="range")


def _exact_rule(day: date) -> DateRule:
    return DateRule("exact", day.isoformat(), days=frozenset({day}))


def _within_years(day: date) -> date:
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(f"年份 {day.year} 不对：请写 {YEARS[0]} 到 {YEARS[1]} 年之间的日期")
    return day


def _yearly_rule(monthdays: list[tuple[int, int]], text: str, kind: DateKind = "yearly") -> DateRule:
    tidy = text if kind == "range" else f"{monthdays[0][0]:02d}-{monthdays[0][1]:02d}"
    return DateRule(kind, tidy, monthdays=frozenset(monthdays))


def _date_or_monthday(text: str) -> date | tuple[int, int]:
    text = text.strip()
    exact = _EXACT.fullmatch(text)
    if exact:
        year, month, day = (int(x) for x in exact.groups())
        _check_month(month, text)
        if not YEARS[0] <= year <= YEARS[1]:
            raise ValueError(f"{text} 的年份不对：请写 {YEARS[0]} 到 {YEARS[1]} 年之间的日期")
        if day == 29 and month == 2 and _days_in(year, 2) == 28:
            raise ValueError(f"{year} 年不是闰年，没有 {text}")
        if not 1 <= day <= _days_in(year, month):
            raise ValueError(f"{text} 这一天不存在（{month} 月只有 {_days_in(year, month)} 天）")
        return date(year, month, day)
    yearly = _YEARLY.fullmatch(text)
    if yearly:
        month, day = int(yearly[1]), int(yearly[2])
        _check_month(month, text)
        longest = _days_in(_LEAP_YEAR, month)
        if not 1 <= day <= longest:
            raise ValueError(f"{text} 这一天不存在（{month} 月最多 {longest} 天）")
        return (month, day)
    raise ValueError(f'"{text}" 不是日期：每年的日期写 07-01，某一天写 2027-10-01，一段日期写 06-28..07-04')


def _check_month(month: int, text: str) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"{text} 这一天不存在：月份是 01 到 12")


_YEAR_ROUND = [(d.month, d.day) for d in (date(_LEAP_YEAR, 1, 1) + timedelta(days=i) for i in range(366))]


def _monthdays_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (month, day) from `first` to `last`, through the new year when `last` comes first."""
    start, end = _YEAR_ROUND.index(first), _YEAR_ROUND.index(last)
    if end >= start:
        return _YEAR_ROUND[start:end + 1]
    return _YEAR_ROUND[start:] + _YEAR_ROUND[:end + 1]


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return "空" if value is None else str(value)
