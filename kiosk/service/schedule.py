"""The calendar of playlists: the `schedule:` list of config.yaml (issue #13).

    schedule:
      - name: 七一建党节
        date: 06-28..07-04            # 07-01 (every year), 2027-10-01 (one day), or a range of either
        playlist: 建党节               # playlists/建党节.yaml
        featured: [education/01-开天辟地]  # panels put first on the home screen
      - weekdays: [sat, sun]
        time: "09:00-12:00"
        playlist: 周末

When several entries apply, the most specific wins. Specificity compares, in this order:
the date rule (an exact date, then a yearly date, then a range of dates, then none), then
whether the entry narrows its days to some weekdays, then whether it has a time window.
So an exact date beats a yearly date beats a date range beats weekdays beats a time-only
entry, and nothing beats attract.playlist, the default. Two entries are tied when these
three are the same; a tie is a mistake only when both can apply at the same minute.
Pure: parsed values in, dataclasses out; which playlists and panels exist is `check`'s
business (kiosk/service/calendar_check.py).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations

from kiosk.service.dates import (
    DAY_MINUTES,
    DateRule,
    TimeRange,
    clock,
    parse_date_rule,
    parse_time_range,
    parse_weekdays,
    weekdays_text,
)
from kiosk.service.source import KeyPath, Source, key_of

ENTRY_KEYS = ("name", "date", "weekdays", "time", "playlist", "featured")
DATE_LEVELS = {"exact": 3, "yearly": 2, "range": 1}
MOST_FEATURED = 12
WHOLE_DAY = TimeRange(0, DAY_MINUTES)


@dataclass(frozen=True)
class ScheduleEntry:
    playlist: str
    dates: DateRule | None = None  # None: any date
    weekdays: frozenset[int] = frozenset()  # Monday is 0; empty: any weekday
    time: TimeRange | None = None  # None: the whole day
    featured: tuple[str, ...] = ()  # panel ids, first on the home screen while this entry plays
    name: str = ""
    key: str = "schedule[0]"
    source: str = "config.yaml"
    line: int | None = None
    index: int = field(default=0, compare=False)  # its place in the list, for stable order

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    @property
    def rank(self) -> tuple[int, int, int]:
        """Specificity: the higher tuple wins (see the module's docstring)."""
        level = DATE_LEVELS[self.dates.kind] if self.dates else 0
        return (level, int(bool(self.weekdays)), int(self.time is not None))

    @property
    def window(self) -> TimeRange:
        return self.time or WHOLE_DAY

    def on(self, day: date) -> bool:
        """Whether the entry applies to `day` (its time window starts on that day)."""
        if self.dates is not None and not self.dates.matches(day):
            return False
        return not self.weekdays or day.weekday() in self.weekdays

    def describe(self) -> str:
        """What the entry says, as a curator would read it: "每年 06-28..07-04 · 周六、周日 · 09:00-12:00"."""
        parts = [self.dates.describe()] if self.dates else []
        if self.weekdays:
            parts.append(weekdays_text(self.weekdays))
        if self.time:
            parts.append(str(self.time))
        return " · ".join(parts)

    def label(self) -> str:
        """"config.yaml:57 schedule[2]「七一建党节」"."""
        named = f"「{self.name}」" if self.name else ""
        return f"{self.where} {self.key}{named}"


RANK_WORDS = {0: "不限日期", 1: "日期范围", 2: "每年的日期", 3: "具体日期"}


def rank_words(rank: tuple[int, int, int]) -> str:
    level, weekdays, time = rank
    return RANK_WORDS[level] + ("+星期" if weekdays else "") + ("+时间段" if time else "")


def read_schedule(source: Source, top: dict) -> tuple[ScheduleEntry, ...]:
    """The `schedule:` list of a parsed config.yaml; mistakes go to `source.fail`."""
    data = top.get("schedule")
    if data is None:
        return ()
    if not isinstance(data, list):
        source.fail(("schedule",), "要写成列表，每项一条：- {date: 07-01, playlist: 建党节}")
        return ()
    entries = [e for i, item in enumerate(data) if (e := _entry(source, ("schedule", i), item, i))]
    _report_ties(source, entries)
    return tuple(entries)


def _entry(source: Source, path: KeyPath, item: object, index: int) -> ScheduleEntry | None:
    if not isinstance(item, dict):
        source.fail(path, "每项要写成一节键，例如 {date: 07-01, playlist: 建党节}")
        return None
    problems = 0

    def fail(key: str, message: str) -> None:
        nonlocal problems
        problems += 1
        source.fail((*path, key) if key else path, message)

    meant: set[str] = set()
    for key in item:
        if key not in ENTRY_KEYS:
            close = difflib.get_close_matches(str(key), ENTRY_KEYS, n=1, cutoff=0.6)
            meant.update(close)
            fail(key, f"不认识的键 {key}" + (f"；是不是 {close[0]}？" if close else f"；可写 {', '.join(ENTRY_KEYS)}"))
    values: dict[str, object] = {}
    for key, parse in (("date", parse_date_rule), ("weekdays", parse_weekdays), ("time", parse_time_range)):
        if key in item:
            try:
                values[key] = parse(item[key])
            except ValueError as err:
                fail(key, str(err))
    playlist = item.get("playlist")
    if playlist is None:
        if "playlist" not in meant:  # a misspelt playlist: key is named once, above
            fail("", "没有写 playlist：这段时间放哪个轮播清单（playlists/ 里的文件名，不带 .yaml）")
    elif not _is_playlist_name(playlist):
        fail("playlist", f"{playlist!r} 不是清单名：写 playlists/ 里的文件名，不带 .yaml，不含 /")
    featured = _featured(item.get("featured", []), fail)
    name = item.get("name", "")
    if not isinstance(name, str) or len(name) > 40:
        fail("name", "要写成不超过 40 个字的名称，例如 七一建党节")
    if not any(key in item for key in ("date", "weekdays", "time")) and not meant:
        fail("", "没有写 date、weekdays 或 time，这一条会一直生效；平时放的清单请改 attract.playlist")
    dates, weekdays = values.get("date"), values.get("weekdays", frozenset())
    if isinstance(dates, DateRule) and weekdays:
        if dates.kind != "range":
            fail("weekdays", f"date 只有一天（{dates.text}），不需要 weekdays，请删去 weekdays")
        elif dates.days and not any(d.weekday() in weekdays for d in dates.days):
            fail("weekdays", f"{dates.text} 里没有{weekdays_text(weekdays)}，这一条永远不会生效")
    if problems:
        return None
    return ScheduleEntry(str(playlist), dates, weekdays, values.get("time"), featured, name,
                         key_of(path), source.name, source.doc.line(*path), index)


def _is_playlist_name(value: object) -> bool:
    return (isinstance(value, str) and bool(value.strip()) and len(value) <= 80 and not value.startswith(".")
            and not any(c in value for c in "/\\"))


def _featured(value: object, fail: Callable[[str, str], None]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    ids = tuple(items)
    if len(ids) > MOST_FEATURED or not all(isinstance(p, str) and p.count("/") == 1 for p in ids):
        fail("featured", f"要写成版面编号的列表（展区/版面名，例如 education/01-开天辟地），最多 {MOST_FEATURED} 个")
        return ()
    return ids


def _report_ties(source: Source, entries: list[ScheduleEntry]) -> None:
    by_rank: dict[tuple[int, int, int], list[ScheduleEntry]] = {}
    for entry in entries:
        by_rank.setdefault(entry.rank, []).append(entry)
    for group in by_rank.values():
        for earlier, later in _may_meet(group):
            when = overlap_example(earlier, later)
            if when:
                source.fail(("schedule", later.index),
                            f"和 {earlier.key}（第 {earlier.line} 行）一样具体（都是{rank_words(later.rank)}），"
                            f"又都在 {when} 生效，无法决定放哪个清单；请缩小其中一条的日期或时间，或删去一条")


def _may_meet(group: list[ScheduleEntry]) -> list[tuple[ScheduleEntry, ScheduleEntry]]:
    """Pairs (earlier, later) that share a month-day, the next one for a window past midnight.

    Only these can meet, so a long calendar of separate dates is checked in a few pairs, not
    in every pair of it.
    """
    by_monthday: dict[tuple[int, int], list[ScheduleEntry]] = {}
    any_day: list[ScheduleEntry] = []
    for entry in group:
        if entry.dates is None:
            any_day.append(entry)
            continue
        days = {(d.month, d.day) for d in entry.dates.days} | entry.dates.monthdays
        if entry.window.overnight:
            days |= {after for md in days for after in _NEXT[md]}
        for monthday in days:
            by_monthday.setdefault(monthday, []).append(entry)
    pairs = {(a.index, b.index) for members in by_monthday.values() for a, b in combinations(members, 2)}
    pairs |= {tuple(sorted((a.index, b.index))) for a in any_day for b in group if a is not b}
    by_index = {entry.index: entry for entry in group}
    return [(by_index[a], by_index[b]) for a, b in sorted(pairs, key=lambda p: (p[1], p[0]))]


def overlap_example(a: ScheduleEntry, b: ScheduleEntry) -> str:
    """A minute both entries apply to, as words ("每年 07-01 10:00"), or "" when they never meet."""
    for shift, first, second in ((0, a, b), (1, a, b), (1, b, a)):
        if shift and not first.window.overnight:
            continue
        if not first.window.meets(second.window, shift):
            continue
        day = _common_day(first, second, shift)
        if day:
            minute = max(first.window.start, second.window.start + shift * DAY_MINUTES)
            return f"{day}{'的次日' if minute >= DAY_MINUTES else ''} {clock(minute % DAY_MINUTES)}"
    return ""


def _common_day(a: ScheduleEntry, b: ScheduleEntry, shift: int) -> str:
    """A day `a` applies to such that `b` applies `shift` days later, as words, or ""."""
    step = timedelta(days=shift)
    if a.dates is not None and a.dates.days:
        return next((d.isoformat() for d in sorted(a.dates.days) if a.on(d) and b.on(d + step)), "")
    if b.dates is not None and b.dates.days:
        return next(((d - step).isoformat() for d in sorted(b.dates.days) if b.on(d) and a.on(d - step)), "")
    # Neither names a year: a month-day falls on every weekday in some year, so the two questions part.
    weekday = next((w for w in range(7) if (not a.weekdays or w in a.weekdays)
                    and (not b.weekdays or (w + shift) % 7 in b.weekdays)), None)
    if weekday is None:
        return ""
    monthday = _common_monthday(a, b, shift)
    if monthday is None:
        return ""
    words = [f"每年 {monthday[0]:02d}-{monthday[1]:02d}"] if monthday else []
    if a.weekdays or b.weekdays:
        words.append(weekdays_text(frozenset({weekday})))
    return " ".join(words) or "每天"


def _common_monthday(a: ScheduleEntry, b: ScheduleEntry, shift: int) -> tuple[int, int] | tuple[()] | None:
    """A month-day of `a` whose next `shift` day is one of `b`'s; () when neither has dates."""
    mine = a.dates.monthdays if a.dates else None
    theirs = b.dates.monthdays if b.dates else None
    if mine is None and theirs is None:
        return ()
    if mine is None:
        return min(_PREVIOUS[md] for md in theirs) if shift else min(theirs)
    found = sorted(md for md in mine if theirs is None or _NEXT[md] & theirs) if shift else \
        sorted(mine if theirs is None else mine & theirs)
    return found[0] if found else None


def _next_monthdays() -> dict[tuple[int, int], frozenset[tuple[int, int]]]:
    leap = date(2000, 1, 1)
    table = {}
    for i in range(366):
        day = leap + timedelta(days=i)
        after = day + timedelta(days=1)
        table[(day.month, day.day)] = {(after.month, after.day)}
    table[(2, 28)].add((3, 1))  # in other years 02-28 is followed by 03-01
    return {md: frozenset(nexts) for md, nexts in table.items()}


_NEXT = _next_monthdays()
_PREVIOUS = {after: md for md, nexts in _NEXT.items() for after in sorted(nexts, reverse=True)}
