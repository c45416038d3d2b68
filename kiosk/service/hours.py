"""Opening hours: the `hours:` section of config.yaml (issue #13).

    hours:
      tue-sun: ["09:00-12:00", "13:30-17:00"]   # several ranges a day
      monday: closed                             # a weekday left out is closed too
      exceptions:                                # dated days that differ from their weekday
        - {date: 01-01, name: 元旦, hours: closed}
        - {date: 2027-10-02, hours: ["09:00-16:00"]}
      when_closed: sleep                         # or attract
      wake_minutes: 5

No `hours:` section means always open. A range belongs to the day it starts on, so an
exception for 01-01 does not cut short a 12-31 range running to 次日02:00. Every mistake is
one line naming file, line and key, Chinese first; two exceptions sharing a day are a mistake.
Pure: parsed values in, dataclasses out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from kiosk.service.dates import (
    WEEKDAY_HELP,
    WEEKDAY_LABELS,
    DateRule,
    TimeRange,
    parse_date_rule,
    parse_time_range,
    parse_weekdays,
)
from kiosk.service.source import KeyPath, Source, key_of

CLOSED_WORDS = ("closed", "闭馆")
CLOSED_MODES = ("sleep", "attract")
WAKE_MINUTES = (1, 120)
SETTING_KEYS = ("exceptions", "when_closed", "wake_minutes")
EXCEPTION_KEYS = ("date", "hours", "name")


@dataclass(frozen=True)
class DayHours:
    """The open ranges of one day and the line of config.yaml that gives them."""

    ranges: tuple[TimeRange, ...]  # by start; empty: closed all day
    key: str  # "hours.tue-sun", "hours.exceptions[0]"
    source: str
    line: int | None
    name: str = ""  # an exception's name, such as 元旦

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    def describe(self) -> str:
        """"09:00-12:00、13:30-17:00" or "闭馆"."""
        return "、".join(str(r) for r in self.ranges) or "闭馆"


@dataclass(frozen=True)
class HoursException:
    dates: DateRule
    day: DayHours


@dataclass(frozen=True)
class OpeningHours:
    week: tuple[DayHours, ...] | None = None  # Monday first; None: no hours: section, always open
    exceptions: tuple[HoursException, ...] = ()
    when_closed: str = "sleep"  # sleep: screen off, a touch wakes it for wake_minutes; attract: the loop only
    wake_minutes: int = 5

    def day(self, day: date) -> DayHours | None:
        """What applies to `day`: its exception, else its weekday; None when always open."""
        if self.week is None:
            return None
        for exception in self.exceptions:
            if exception.dates.matches(day):
                return exception.day
        return self.week[day.weekday()]


class _Counted:
    """A Source that counts its mistakes, so a consequence of one is not reported as another."""

    def __init__(self, source: Source) -> None:
        self.name, self.doc, self.source, self.count = source.name, source.doc, source, 0

    def fail(self, path: KeyPath, message: str) -> None:
        self.count += 1
        self.source.fail(path, message)


def read_hours(source: Source, top: dict) -> OpeningHours:
    """The `hours:` section of a parsed config.yaml; mistakes go to `source.fail`."""
    source = _Counted(source)
    data = top.get("hours")
    if data is None:
        return OpeningHours()
    if not isinstance(data, dict):
        source.fail(("hours",), "要写成一节：每个星期几一行开放时间，例如 tue-sun: [\"09:00-17:00\"]")
        return OpeningHours()
    week: list[DayHours | None] = [None] * 7
    for key, value in data.items():
        if key in SETTING_KEYS:
            continue
        path = ("hours", key)
        try:
            days = parse_weekdays(key)
        except ValueError:
            source.fail(path, f"不认识的键 {key}：{WEEKDAY_HELP}；其他可写 {', '.join(SETTING_KEYS)}")
            continue
        hours = _day_hours(source, path, value)
        for d in sorted(days):
            if week[d] is not None:
                source.fail(path, f"{WEEKDAY_LABELS[d]} 已在 {week[d].key}（第 {week[d].line} 行）写过，每天只写一次")
            else:
                week[d] = hours
    exceptions = _read_exceptions(source, data.get("exceptions"))
    when_closed = data.get("when_closed", "sleep")
    if when_closed not in CLOSED_MODES:
        source.fail(("hours", "when_closed"), f"闭馆时怎么做：写 sleep（关屏休眠，触摸唤醒）或 attract（只放待机轮播），"
                                               f"现在是 {when_closed}")
        when_closed = "sleep"
    wake = data.get("wake_minutes", 5)
    low, high = WAKE_MINUTES
    if isinstance(wake, bool) or not isinstance(wake, int) or not low <= wake <= high:
        source.fail(("hours", "wake_minutes"), f"闭馆时触摸唤醒多少分钟：写 {low} 到 {high} 的整数，现在是 {wake}")
        wake = 5
    line = source.doc.line("hours")
    closed = [DayHours((), f"hours（没有写{label}）", source.name, line) for label in WEEKDAY_LABELS]
    full_week = tuple(w or closed[i] for i, w in enumerate(week))
    if not source.count and not any(d.ranges for d in full_week) and not any(e.day.ranges for e in exceptions):
        source.fail(("hours",), "没有任何开放时间，展厅将永远闭馆；全天开放就删去 hours: 这一节")
    return OpeningHours(full_week, exceptions, when_closed, wake)


def _day_hours(source: Source, path: KeyPath, value: object, name: str = "") -> DayHours:
    where = (source.name, source.doc.line(*path))
    if value is None or value == "":
        source.fail(path, '没有写时间：写开放时段，例如 ["09:00-17:00"]，或写 closed（闭馆）')
    if value in (None, "", []) or (isinstance(value, str) and value.strip().lower() in CLOSED_WORDS):
        return DayHours((), key_of(path), *where, name)
    items = value if isinstance(value, list) else [value]
    ranges: list[TimeRange] = []
    for i, item in enumerate(items):
        try:
            ranges.append(parse_time_range(item))
        except ValueError as err:
            source.fail((*path, i) if isinstance(value, list) else path, str(err))
    ranges.sort(key=lambda r: r.start)
    for before, after in pairwise(ranges):
        if before.meets(after):
            source.fail(path, f"时段 {before} 和 {after} 重叠，请合并成一段")
    return DayHours(tuple(ranges), key_of(path), *where, name)


def _read_exceptions(source: Source, data: object) -> tuple[HoursException, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        source.fail(("hours", "exceptions"), "要写成列表，每项一行：- {date: 01-01, name: 元旦, hours: closed}")
        return ()
    found: list[HoursException] = []
    for i, item in enumerate(data):
        path: KeyPath = ("hours", "exceptions", i)
        if not isinstance(item, dict) or "date" not in item or "hours" not in item:
            source.fail(path, "每项要有 date 和 hours，例如 {date: 01-01, name: 元旦, hours: closed}")
            continue
        for key in item:
            if key not in EXCEPTION_KEYS:
                source.fail((*path, key), f"不认识的键 {key}：可写 {', '.join(EXCEPTION_KEYS)}")
        try:
            dates = parse_date_rule(item["date"])
        except ValueError as err:
            source.fail((*path, "date"), str(err))
            continue
        name = item.get("name", "")
        if not isinstance(name, str) or len(name) > 40:
            source.fail((*path, "name"), "要写成不超过 40 个字的名称，例如 元旦")
            name = ""
        day = _day_hours(source, (*path, "hours"), item["hours"], name)
        for other in found:
            shared = _shared_day(dates, other.dates)
            if shared:
                source.fail((*path, "date"), f"{dates.describe()} 和 {other.day.key.removesuffix('.hours')}"
                                             f"（第 {other.day.line} 行）的 {other.dates.describe()} 都包括 {shared}，"
                                             "同一天只能有一条例外，请删去或缩小其中一条")
        found.append(HoursException(dates, day))
    return tuple(found)


def _shared_day(a: DateRule, b: DateRule) -> str:
    """A day both rules apply to, as a curator would write it, or "" when there is none."""
    if a.days and b.days:
        common = a.days & b.days
        return min(common).isoformat() if common else ""
    if a.days or b.days:
        exact, yearly = (a, b) if a.days else (b, a)
        common = [d for d in exact.days if yearly.matches(d)]
        return min(common).isoformat() if common else ""
    shared = a.monthdays & b.monthdays
    return "{:02d}-{:02d}".format(*min(shared)) if shared else ""
