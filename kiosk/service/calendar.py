"""The hall's calendar: open or closed, and which playlist plays, at any instant (issue #13).

    state = hall_state(config.calendar, datetime.now(local_zone()))
    state.open, state.closed_mode, state.playlist, state.featured, state.why
    state.next_change   # sleep until then: nothing the hall does changes before it

A pure function of (calendar, an aware datetime): no pygame, no clock read here, so
`python -m kiosk schedule`, the kiosk and tests with a fake clock all get the same answer.
Wall time picks the rules; timers run on monotonic time (kiosk/service/clock.py).

Rules are read on the wall clock: a range belongs to the day it starts on, and one written
"20:00-次日02:00" keeps going until 02:00 the next morning. On a summer-time night the
skipped hour never happens and the repeated hour happens twice, as the clock shows it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cached_property

from kiosk.service.clock import reached, wall
from kiosk.service.dates import DAY_MINUTES
from kiosk.service.hours import DayHours, OpeningHours
from kiosk.service.schedule import ScheduleEntry

LOOKAHEAD_DAYS = 400  # every yearly rule but 02-29 comes round in it
_SLACK = timedelta(hours=3)  # more than any summer-time shift: how far a later day's instants can reach back


@dataclass(frozen=True)
class Calendar:
    hours: OpeningHours = field(default_factory=OpeningHours)
    schedule: tuple[ScheduleEntry, ...] = ()
    default_playlist: str = "default"  # attract.playlist: what plays when no entry applies

    @property
    def constant(self) -> bool:
        """Always open with the default playlist: nothing ever changes."""
        return self.hours.week is None and not self.schedule

    @cached_property
    def _index(self) -> _Index:
        return _Index(self.schedule)

    def entries_on(self, day: date) -> list[ScheduleEntry]:
        """Entries whose time window starts on `day`."""
        return self._index.on(day)


class _Index:
    """Entries by the days they name, so a day's entries are three lookups, not a pass over all."""

    def __init__(self, entries: tuple[ScheduleEntry, ...]) -> None:
        self.by_day: dict[date, list[ScheduleEntry]] = {}
        self.by_monthday: dict[tuple[int, int], list[ScheduleEntry]] = {}
        self.any_day: list[ScheduleEntry] = []
        for entry in entries:
            if entry.dates is None:
                self.any_day.append(entry)
            for day in entry.dates.days if entry.dates else ():
                self.by_day.setdefault(day, []).append(entry)
            for monthday in entry.dates.monthdays if entry.dates else ():
                self.by_monthday.setdefault(monthday, []).append(entry)

    def on(self, day: date) -> list[ScheduleEntry]:
        found = self.by_day.get(day, []) + self.by_monthday.get((day.month, day.day), []) + self.any_day
        return [e for e in found if not e.weekdays or day.weekday() in e.weekdays]


@dataclass(frozen=True)
class HallState:
    """What the hall does at one instant, and why."""

    open: bool
    closed_mode: str  # hours.when_closed: what closed means, "sleep" or "attract"
    playlist: str
    featured: tuple[str, ...]  # panel ids first on the home screen; check names ids that do not exist
    entry: ScheduleEntry | None  # the schedule entry that chose the playlist; None: attract.playlist
    opening: DayHours | None  # the hours rule that made it open or closed; None: no hours: section
    next_change: datetime | None  # the next instant open, playlist or featured change (in `when`'s zone);
    # the end of a 400-day look-ahead when none changes in it; None when the calendar never changes

    @property
    def why(self) -> str:
        """Why this playlist, in Chinese, with the file and line of the rule."""
        if self.entry is None:
            return f"没有适用的 schedule 条目，放默认清单（attract.playlist: {self.playlist}）"
        return f"{self.entry.label()}：{self.entry.describe()}"

    @property
    def opening_why(self) -> str:
        """Why open or closed, in Chinese, with the file and line of the rule."""
        if self.opening is None:
            return "没有 hours: 一节，全天开放"
        named = f"（{self.opening.name}）" if self.opening.name else ""
        return f"{self.opening.where} {self.opening.key}{named}：{self.opening.describe()}"


def hall_state(calendar: Calendar, when: datetime) -> HallState:
    """Open or closed, which playlist and featured panels at `when`, why, and until when.

    `when` must carry its zone, the hall's (`datetime.now(local_zone())`): its wall clock picks
    the rules, and a zone with summer time needs its rules to find the next change.
    """
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("when needs the hall's time zone, such as datetime.now(local_zone())")
    zone = when.tzinfo
    moment = _moment_at(calendar, when, zone)
    following = None if calendar.constant else _next_change(calendar, when, zone, moment.answer)
    return moment.state(calendar, following)


def matching(calendar: Calendar, when: datetime) -> list[ScheduleEntry]:
    """Every schedule entry that applies at `when`, the one that wins first (for rehearsals)."""
    local = wall(when, when.tzinfo)
    return _ranked(calendar, local.date(), local.hour * 60 + local.minute)


def playable(state: HallState, default_playlist: str, playlists: Collection[str]) -> tuple[HallState, str]:
    """The state with the default playlist when the scheduled one has no file, and the problem to list.

    A schedule naming a missing playlist is a `check` error; a running hall plays on with the
    default playlist rather than a black screen.
    """
    if state.playlist in playlists or state.entry is None:
        return state, ""
    problem = (f"{state.entry.label()} 的播放清单 {state.playlist} 不存在（playlists/{state.playlist}.yaml），"
               f"改放默认清单 {default_playlist}")
    return replace(state, playlist=default_playlist), problem


@dataclass(frozen=True)
class Span:
    """A stretch of one day in which nothing changes; minutes after that day's midnight."""

    start: int
    end: int  # at most 1440 (24:00)
    open: bool
    playlist: str
    featured: tuple[str, ...]
    entry: ScheduleEntry | None
    opening: DayHours | None


@dataclass(frozen=True)
class DayRow:
    day: date
    hours: DayHours | None  # the day's own rule (weekday or exception); None: always open
    spans: tuple[Span, ...]  # from 00:00 to 24:00, on the wall clock


def week(calendar: Calendar, start: date, days: int = 7) -> list[DayRow]:
    """What the hall does from `start` for `days` days, on the wall clock, for the rehearsal table."""
    rows = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        spans: list[Span] = []
        points = _boundaries(calendar, day)
        for begin, end in zip(points, [*points[1:], DAY_MINUTES]):
            moment = _moment(calendar, day, begin)
            last = spans[-1] if spans else None
            if last and (last.open, last.playlist, last.featured, last.entry) == (*moment.answer, moment.entry):
                spans[-1] = Span(last.start, end, last.open, last.playlist, last.featured, last.entry, last.opening)
                continue
            spans.append(Span(begin, end, *moment.answer, moment.entry, moment.opening))
        rows.append(DayRow(day, calendar.hours.day(day), tuple(spans)))
    return rows


@dataclass(frozen=True)
class _Moment:
    open: bool
    opening: DayHours | None
    entry: ScheduleEntry | None
    playlist: str

    @property
    def answer(self) -> tuple[bool, str, tuple[str, ...]]:
        """What a visitor could notice change: open, the playlist, the featured panels."""
        return (self.open, self.playlist, self.entry.featured if self.entry else ())

    def state(self, calendar: Calendar, following: datetime | None) -> HallState:
        return HallState(self.open, calendar.hours.when_closed, self.playlist, self.answer[2], self.entry,
                         self.opening, following)


def _moment_at(calendar: Calendar, instant: datetime, zone: tzinfo) -> _Moment:
    local = wall(instant, zone)
    return _moment(calendar, local.date(), local.hour * 60 + local.minute)


def _moment(calendar: Calendar, day: date, minute: int) -> _Moment:
    is_open, opening = _opening(calendar.hours, day, minute)
    ranked = _ranked(calendar, day, minute)
    entry = ranked[0] if ranked else None
    return _Moment(is_open, opening, entry, entry.playlist if entry else calendar.default_playlist)


def _opening(hours: OpeningHours, day: date, minute: int) -> tuple[bool, DayHours | None]:
    today = hours.day(day)
    if today is None:
        return True, None
    if any(r.start <= minute < r.end for r in today.ranges):
        return True, today
    yesterday = hours.day(day - timedelta(days=1))
    if yesterday is not None and any(minute < r.end - DAY_MINUTES for r in yesterday.ranges):
        return True, yesterday
    return False, today


def _ranked(calendar: Calendar, day: date, minute: int) -> list[ScheduleEntry]:
    today = [e for e in calendar.entries_on(day) if e.window.start <= minute < e.window.end]
    spill = [e for e in calendar.entries_on(day - timedelta(days=1)) if minute < e.window.end - DAY_MINUTES]
    return sorted(today + spill, key=lambda e: (e.rank, -e.index), reverse=True)


def _boundaries(calendar: Calendar, day: date) -> list[int]:
    """The minutes of `day` at which the answer may change: every start and end that falls on it."""
    points = {0}
    yesterday = day - timedelta(days=1)
    today_hours, yesterday_hours = calendar.hours.day(day), calendar.hours.day(yesterday)
    windows = [e.window for e in calendar.entries_on(day)] + list(today_hours.ranges if today_hours else ())
    spilled = [e.window for e in calendar.entries_on(yesterday)] + list(yesterday_hours.ranges
                                                                        if yesterday_hours else ())
    for window in windows:
        points |= {window.start, min(window.end, DAY_MINUTES)}
    points |= {w.end - DAY_MINUTES for w in spilled if w.overnight}
    points.discard(DAY_MINUTES)
    return sorted(points)


def _next_change(calendar: Calendar, when: datetime, zone: tzinfo,
                 current: tuple[bool, str, tuple[str, ...]]) -> datetime:
    """Walk the boundaries day by day, in the order they happen, until the answer differs."""
    first = wall(when, zone).date() - timedelta(days=1)
    waiting: list[datetime] = []
    settled = when
    for offset in range(LOOKAHEAD_DAYS + 2):
        day = first + timedelta(days=offset)
        for minute in _boundaries(calendar, day):
            waiting.extend(reached(day, minute, zone))
        settled = reached(day + timedelta(days=1), 0, zone)[0] - _SLACK  # no later day reaches back past it
        ready = sorted(t for t in waiting if t < settled)
        waiting = [t for t in waiting if t >= settled]
        for instant in ready:
            if instant > when and _moment_at(calendar, instant, zone).answer != current:
                return instant.astimezone(zone)
    return settled.astimezone(UTC).astimezone(zone)
