"""`python -m kiosk schedule`: rehearse the calendar before the day, in Chinese (issue #13).

    --at "2027-07-01 09:30"   open or closed, which playlist, which entry of config.yaml and why
    --week [--from DATE]      a table of seven days: open and closed, the playlist of each span

Text only: no pygame and nothing heavier than the calendar, so the answer comes at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

from kiosk.service.calendar import (
    Calendar,
    DayRow,
    HallState,
    Span,
    hall_state,
    matching,
)
from kiosk.service.dates import DAY_MINUTES, WEEKDAY_LABELS, clock
from kiosk.service.schedule import ScheduleEntry

_INSTANT = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")  # seconds: for rehearsing a change
Exists = Callable[[str], bool]  # whether playlists/NAME.yaml is there


def parse_instant(text: str, zone: tzinfo) -> datetime:
    """"2027-07-01 09:30" on the hall's wall clock; ValueError with one line for a person."""
    match = _INSTANT.fullmatch(text.strip())
    if match:
        year, month, day = (int(p) for p in match[1].split("-"))
        try:
            return datetime(year, month, day, int(match[2]), int(match[3]), int(match[4] or 0), tzinfo=zone)
        except ValueError:
            pass  # 02-30, 25:00: said below like any other mistake
    raise ValueError(f'--at: "{text}" 不是有效的日期和时刻，请写成 "2027-07-01 09:30"')


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f'--from: "{text}" 不是有效的日期，请写成 2027-06-28') from None


def _when_words(when: datetime) -> str:
    return f"{when:%Y-%m-%d %H:%M} {WEEKDAY_LABELS[when.weekday()]}"


def _state_words(state: HallState, calendar: Calendar) -> str:
    if state.open:
        return "开放"
    if state.closed_mode == "sleep":
        return f"闭馆（屏幕休眠，触摸唤醒 {calendar.hours.wake_minutes} 分钟）"
    return "闭馆（只放待机轮播）"


def _playlist_words(name: str, calendar: Calendar, exists: Exists) -> str:
    if exists(name):
        return name
    if name == calendar.default_playlist:
        return f"{name}（playlists/{name}.yaml 不存在，轮流显示各展区封面）"
    return f"{name}（playlists/{name}.yaml 不存在，将改放默认清单 {calendar.default_playlist}）"


def describe_instant(calendar: Calendar, when: datetime, zone: str, exists: Exists) -> list[str]:
    """The answer at `when`, line by line, with the rules that gave it."""
    state = hall_state(calendar, when)
    local = when.astimezone(UTC).astimezone(when.tzinfo)
    lines = [f"{_when_words(local)}（时区 {zone}）"]
    if local.replace(tzinfo=None) != when.replace(tzinfo=None):
        lines.append(f"  注意：{when:%H:%M} 因夏令时拨快而不存在，按 {local:%H:%M} 计算")
    elif when.replace(fold=1).utcoffset() != when.utcoffset():
        lines.append(f"  注意：夏令时结束，{when:%H:%M} 出现两次，按第一次计算")
    lines += [f"展厅：{_state_words(state, calendar)}", f"  依据：{state.opening_why}",
              f"播放清单：{_playlist_words(state.playlist, calendar, exists)}", f"  依据：{state.why}"]
    lines += [f"  同时适用、但不如它具体：{e.label()}：{e.describe()} → {e.playlist}"
              for e in matching(calendar, when)[1:]]
    lines.append(f"首页推荐版面：{'、'.join(state.featured) if state.featured else '无'}")
    lines.append(f"下一次变化：{_next_words(state, calendar)}")
    return lines


def _next_words(state: HallState, calendar: Calendar) -> str:
    if state.next_change is None:
        return "不会变化（没有 hours 和 schedule）"
    after = hall_state(calendar, state.next_change)
    if (after.open, after.playlist, after.featured) == (state.open, state.playlist, state.featured):
        return f"到 {_when_words(state.next_change)} 为止都不变"
    changes = []
    if after.open != state.open:
        changes.append(_state_words(after, calendar))
    if after.playlist != state.playlist:
        changes.append(f"改放 {after.playlist}")
    if after.featured != state.featured:
        changes.append(f"推荐版面改为 {'、'.join(after.featured) or '无'}")
    return f"{_when_words(state.next_change)} → {'，'.join(changes)}"


def instant_json(calendar: Calendar, when: datetime, zone: str, exists: Exists) -> dict[str, object]:
    state = hall_state(calendar, when)
    return {
        "at": when.isoformat(),
        "zone": zone,
        "open": state.open,
        "closed_mode": state.closed_mode,
        "opening": state.opening_why,
        "playlist": state.playlist,
        "playlist_exists": exists(state.playlist),
        "entry": _entry_json(state.entry),
        "why": state.why,
        "featured": list(state.featured),
        "next_change": state.next_change.isoformat() if state.next_change else None,
    }


def _entry_json(entry: ScheduleEntry | None) -> dict[str, object] | None:
    if entry is None:
        return None
    return {"key": entry.key, "file": entry.source, "line": entry.line, "name": entry.name,
            "rule": entry.describe(), "playlist": entry.playlist}


HEADER = ("日期", "星期", "开放时间", "时段", "状态", "播放清单", "依据")


def week_table(calendar: Calendar, rows: list[DayRow], zone: str, exists: Exists) -> list[str]:
    """One line per span, aligned for a terminal; while the screen sleeps nothing plays."""
    table = [HEADER]
    for row in rows:
        first = True
        for span in _shown_spans(row.spans, calendar):
            day_cells = (row.day.isoformat(), WEEKDAY_LABELS[row.day.weekday()], _hours_words(row)) if first \
                else ("", "", "")
            table.append((*day_cells, _span_words(span), *_span_cells(span, calendar, exists)))
            first = False
    widths = [max(_width(r[i]) for r in table) for i in range(len(HEADER))]
    lines = [f"{rows[0].day} 至 {rows[-1].day}（时区 {zone}）" if rows else f"（时区 {zone}）"]
    lines += ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(r, widths, strict=True)).rstrip()
              for r in table]
    return lines


def _shown_spans(spans: tuple[Span, ...], calendar: Calendar) -> list[Span]:
    """Closed spans of a sleeping screen merged: what would play there is never seen."""
    sleeping = calendar.hours.when_closed == "sleep"
    shown: list[Span] = []
    for span in spans:
        if shown and sleeping and not span.open and not shown[-1].open:
            last = shown[-1]
            shown[-1] = Span(last.start, span.end, False, last.playlist, last.featured, last.entry, last.opening)
        else:
            shown.append(span)
    return shown


def _hours_words(row: DayRow) -> str:
    if row.hours is None:
        return "全天"
    named = f"（{row.hours.name}）" if row.hours.name else ""
    return f"{row.hours.describe()}{named}"


def _span_words(span: Span) -> str:
    return f"{clock(span.start)}-{clock(min(span.end, DAY_MINUTES))}"


def _span_cells(span: Span, calendar: Calendar, exists: Exists) -> tuple[str, str, str]:
    if not span.open and calendar.hours.when_closed == "sleep":
        reason = f"{span.opening.where} {span.opening.key}" if span.opening else ""
        return ("闭馆·休眠", "—", reason)
    status = "开放" if span.open else "闭馆·轮播"
    reason = span.entry.label() if span.entry else "默认（attract.playlist）"
    playlist = span.playlist
    if not exists(playlist) and playlist != calendar.default_playlist:
        playlist = f"{calendar.default_playlist}（缺 {playlist}.yaml）"
    return (status, playlist, reason)


def week_json(calendar: Calendar, rows: list[DayRow], zone: str, exists: Exists) -> dict[str, object]:
    return {
        "zone": zone,
        "closed_mode": calendar.hours.when_closed,
        "days": [{
            "date": row.day.isoformat(),
            "hours": _hours_words(row),
            "spans": [{"from": clock(s.start), "to": clock(s.end), "open": s.open, "playlist": s.playlist,
                       "playlist_exists": exists(s.playlist), "featured": list(s.featured),
                       "entry": _entry_json(s.entry)} for s in row.spans],
        } for row in rows],
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
