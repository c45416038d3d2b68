"""The hall's calendar (issue #13): opening hours and the schedule of playlists, on a fake clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.config import ConfigError, load_config
from kiosk.service.calendar import Calendar, hall_state, matching, playable, week
from kiosk.service.calendar_check import calendar_problems
from kiosk.service.dates import DAY_MINUTES, TimeRange, parse_date_rule, parse_weekdays
from kiosk.service.hours import DayHours, HoursException, OpeningHours
from kiosk.service.schedule import ScheduleEntry
from tests.conftest import REPO, write

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")

HALL = """\
hours:
  tue-sun: ["09:00-12:00", "13:30-17:00"]
  monday: closed
  exceptions:
    - {date: 01-01, name: 元旦, hours: closed}
    - {date: 2027-10-04, name: 特别开放日, hours: ["10:00-15:00"]}
schedule:
  - {name: 七一, date: 06-28..07-04, playlist: 建党节, featured: [education/01-开天辟地]}
  - {date: 12-13, playlist: 国家公祭日}
  - {weekdays: [sat, sun], time: "09:00-12:00", playlist: 周末}
"""


def calendar_of(tmp_path: Path, text: str) -> Calendar:
    return load_config(write(tmp_path / "config.yaml", text)).calendar


def errors_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path / "config.yaml", text))
    return caught.value.lines


def at(text: str, zone: ZoneInfo = SHANGHAI) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def answer(calendar: Calendar, when: datetime) -> tuple[bool, str, tuple[str, ...]]:
    state = hall_state(calendar, when)
    return (state.open, state.playlist, state.featured)


# Opening hours


def test_the_hall_opens_tuesday_to_sunday_with_a_lunch_break_and_stays_closed_on_mondays(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, HALL)
    assert hall_state(hall, at("2027-07-06 10:00")).open  # a Tuesday morning
    assert not hall_state(hall, at("2027-07-06 12:30")).open  # lunch
    assert hall_state(hall, at("2027-07-06 13:30")).open
    assert not hall_state(hall, at("2027-07-06 17:00")).open  # an end is the first closed minute
    monday = hall_state(hall, at("2027-07-05 10:00"))
    assert not monday.open
    assert monday.opening_why.endswith("hours.monday：闭馆")
    assert monday.closed_mode == "sleep"


def test_closed_is_sleep_unless_attract_is_asked_for(tmp_path: Path) -> None:
    text = 'hours:\n  mon-sun: ["09:00-17:00"]\n  when_closed: attract\n  wake_minutes: 10\n'
    hall = calendar_of(tmp_path, text)
    state = hall_state(hall, at("2027-07-05 20:00"))
    assert (state.open, state.closed_mode, hall.hours.wake_minutes) == (False, "attract", 10)


def test_without_hours_the_hall_is_always_open_and_nothing_ever_changes(tmp_path: Path) -> None:
    state = hall_state(calendar_of(tmp_path, "attract:\n  playlist: default\n"), at("2027-07-05 03:00"))
    assert (state.open, state.playlist, state.entry, state.next_change) == (True, "default", None, None)
    assert state.opening_why == "没有 hours: 一节，全天开放"


def test_a_holiday_exception_beats_its_weekday_and_a_special_open_day_opens_a_monday(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, HALL)
    new_year = hall_state(hall, at("2027-01-01 10:00"))  # a Friday
    assert not new_year.open
    assert "hours.exceptions[0].hours（元旦）" in new_year.opening_why
    special = hall_state(hall, at("2027-10-04 14:00"))  # a Monday
    assert special.open
    assert "特别开放日" in special.opening_why
    assert not hall_state(hall, at("2027-10-04 15:00")).open


def test_opening_past_midnight_belongs_to_the_day_it_starts(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, 'hours:\n  fri: ["19:00-次日02:00"]\n  exceptions:\n'
                                 '    - {date: 2027-07-10, hours: closed}\n')
    saturday_night = hall_state(hall, at("2027-07-10 01:30"))  # Friday's evening goes on, the exception is Saturday's
    assert saturday_night.open
    assert "hours.fri" in saturday_night.opening_why
    assert saturday_night.next_change == at("2027-07-10 02:00")
    assert not hall_state(hall, at("2027-07-10 02:00")).open
    assert not hall_state(hall, at("2027-07-09 18:59")).open


def test_next_change_lets_a_closed_hall_sleep_until_it_opens(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, 'hours:\n  tue-sun: ["09:00-17:00"]\n')
    assert hall_state(hall, at("2027-07-05 10:00")).next_change == at("2027-07-06 09:00")  # all of Monday
    assert hall_state(hall, at("2027-07-06 16:59:30")).next_change == at("2027-07-06 17:00")


# The schedule of playlists


def test_a_date_range_plays_its_playlist_with_its_featured_panels(tmp_path: Path) -> None:
    state = hall_state(calendar_of(tmp_path, HALL), at("2027-07-01 09:30"))
    assert (state.open, state.playlist, state.featured) == (True, "建党节", ("education/01-开天辟地",))
    assert state.entry is not None and state.entry.key == "schedule[0]"
    assert state.why.startswith(f"{tmp_path / 'config.yaml'}:8 schedule[0]「七一」：每年 06-28..07-04")


def test_outside_every_entry_the_default_playlist_plays(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, HALL + "attract:\n  playlist: 平时\n")
    state = hall_state(hall, at("2027-07-07 10:00"))
    assert (state.playlist, state.entry, state.featured) == ("平时", None, ())
    assert "attract.playlist" in state.why


SPECIFICITY = """\
schedule:
  - {time: "08:00-20:00", playlist: time-only}
  - {weekdays: [thu], playlist: weekdays}
  - {weekdays: [thu], time: "09:00-10:00", playlist: weekdays-and-time}
  - {date: 06-28..07-04, playlist: range}
  - {date: 06-28..07-04, time: "11:00-12:00", playlist: range-and-time}
  - {date: 07-01, playlist: yearly}
  - {date: 2027-07-01, time: "15:00-16:00", playlist: exact-and-time}
  - {date: 2027-07-01, playlist: exact}
"""


@pytest.mark.parametrize(("when", "playlist"), [
    ("2027-07-08 07:00", "weekdays"),  # a Thursday outside the time-only window
    ("2027-07-07 12:00", "time-only"),  # a Wednesday: only the time applies
    ("2027-07-07 21:00", "default"),
    ("2027-07-08 09:30", "weekdays-and-time"),  # with weekdays, a time window wins
    ("2027-07-02 09:30", "range"),  # a date range beats weekdays and times
    ("2027-07-02 11:30", "range-and-time"),
    ("2028-07-01 11:30", "yearly"),  # a yearly date beats a range, even one with a time
    ("2027-07-01 11:30", "exact"),  # an exact date beats them all
    ("2027-07-01 15:30", "exact-and-time"),
])
def test_the_most_specific_entry_wins(tmp_path: Path, when: str, playlist: str) -> None:
    assert hall_state(calendar_of(tmp_path, SPECIFICITY), at(when)).playlist == playlist


def test_the_rehearsal_names_the_entries_that_lost(tmp_path: Path) -> None:
    names = [e.playlist for e in matching(calendar_of(tmp_path, SPECIFICITY), at("2027-07-01 11:30"))]
    assert names == ["exact", "yearly", "range-and-time", "range", "weekdays", "time-only"]


def test_a_range_across_the_new_year_covers_both_ends(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, "schedule:\n  - {date: 12-25..01-05, playlist: 新年}\n")
    assert [hall_state(hall, at(f"{d} 12:00")).playlist for d in ("2027-12-24", "2027-12-25", "2027-12-31",
                                                                   "2028-01-01", "2028-01-05", "2028-01-06")] == \
        ["default", "新年", "新年", "新年", "新年", "default"]
    assert hall_state(hall, at("2027-12-31 23:00")).next_change == at("2028-01-06 00:00")


def test_a_yearly_february_29_plays_only_in_leap_years(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, "schedule:\n  - {date: 02-29, playlist: 闰日}\n")
    assert hall_state(hall, at("2028-02-29 10:00")).playlist == "闰日"
    assert [hall_state(hall, at(f"{d} 10:00")).playlist for d in ("2027-02-28", "2027-03-01")] == ["default"] * 2
    assert hall_state(hall, at("2028-02-28 10:00")).next_change == at("2028-02-29 00:00")


def test_a_schedule_window_past_midnight_keeps_its_playlist_until_morning(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, 'schedule:\n  - {weekdays: fri, time: "20:00-次日02:00", playlist: 夜场}\n')
    assert hall_state(hall, at("2027-07-09 23:00")).playlist == "夜场"
    assert hall_state(hall, at("2027-07-10 01:59")).playlist == "夜场"  # Saturday morning, Friday's window
    assert hall_state(hall, at("2027-07-10 02:00")).playlist == "default"
    assert hall_state(hall, at("2027-07-11 01:00")).playlist == "default"  # Sunday: Saturday has no window


def test_a_missing_playlist_plays_the_default_one_with_the_problem_named(tmp_path: Path) -> None:
    state = hall_state(calendar_of(tmp_path, HALL), at("2027-12-13 10:00"))
    shown, problem = playable(state, "default", {"default", "建党节"})
    assert shown.playlist == "default"
    assert problem.startswith(f"{tmp_path / 'config.yaml'}:9 schedule[1] 的播放清单 国家公祭日 不存在")
    assert playable(state, "default", {"default", "国家公祭日"}) == (state, "")


def test_a_time_without_its_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        hall_state(Calendar(), datetime(2027, 7, 1, 9, 30))


# Summer time


def test_a_boundary_in_the_skipped_spring_hour_happens_when_the_clock_jumps(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, 'schedule:\n  - {time: "02:30-04:00", playlist: 夜}\n')
    before = hall_state(hall, at("2027-03-28 01:45", BERLIN))
    assert before.playlist == "default"
    assert before.next_change.astimezone(UTC) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 02:00 CET -> 03:00 CEST
    assert hall_state(hall, before.next_change).playlist == "夜"


def test_a_boundary_in_the_repeated_autumn_hour_happens_both_times(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, 'hours:\n  mon-sun: ["02:30-20:00"]\n')
    first = hall_state(hall, at("2027-10-31 02:10", BERLIN))  # CEST, the first 02:10
    assert not first.open
    opens = first.next_change
    assert opens.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 CEST
    closes = hall_state(hall, opens).next_change
    assert closes.astimezone(UTC) == datetime(2027, 10, 31, 1, 0, tzinfo=UTC)  # back to 02:00 CET: closed again
    assert not hall_state(hall, closes).open
    opens_again = hall_state(hall, closes).next_change
    assert opens_again.astimezone(UTC) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET, once more
    assert (opens_again.hour, opens_again.minute, opens_again.fold) == (2, 30, 1)
    assert hall_state(hall, opens_again).open


def test_shanghai_has_no_summer_time_surprises(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, 'hours:\n  mon-sun: ["02:30-20:00"]\n')
    assert hall_state(hall, at("2027-03-28 02:10")).next_change == at("2027-03-28 02:30")


# The week


def test_a_week_shows_each_day_open_and_closed_with_the_playlist_of_each_span(tmp_path: Path) -> None:
    rows = week(calendar_of(tmp_path, HALL), date(2027, 6, 28))
    assert [r.day for r in rows] == [date(2027, 6, 28) + timedelta(days=i) for i in range(7)]
    monday, tuesday, saturday = rows[0], rows[1], rows[5]
    assert [(s.start, s.end, s.open) for s in monday.spans] == [(0, DAY_MINUTES, False)]
    assert [(s.start, s.end, s.open, s.playlist) for s in tuesday.spans] == [
        (0, 540, False, "建党节"), (540, 720, True, "建党节"), (720, 810, False, "建党节"),
        (810, 1020, True, "建党节"), (1020, DAY_MINUTES, False, "建党节")]
    assert {s.playlist for s in saturday.spans} == {"建党节"}  # the range beats the weekend mornings
    assert tuesday.hours is not None and tuesday.hours.describe() == "09:00-12:00、13:30-17:00"


# Mistakes: one line each, with file, line and key


@pytest.mark.parametrize(("text", "expected"), [
    ('hours:\n  monday: ["25:00-26:00"]\n', ':2 hours.monday[0]: 时间 25:00 不存在：小时是 00 到 23'),
    ('hours:\n  monday: ["17:00-08:00"]\n',
     ':2 hours.monday[0]: 结束时间 08:00 早于开始时间 17:00，请改为 "08:00-17:00"；若要跨过午夜，写成 "17:00-次日08:00"'),
    ('hours:\n  funday: ["09:00-17:00"]\n', ":2 hours.funday: 不认识的键 funday："),
    ('hours:\n  monday: ["09:00-12:00", "11:00-14:00"]\n', ":2 hours.monday: 时段 09:00-12:00 和 11:00-14:00 重叠"),
    ('hours:\n  tue-sun: ["09:00-17:00"]\n  周三: closed\n', ":3 hours.周三: 周三 已在 hours.tue-sun（第 2 行）写过"),
    ('hours:\n  when_closed: dark\n  monday: ["09:00-17:00"]\n', ":2 hours.when_closed: 闭馆时怎么做：写 sleep"),
    ('hours:\n  monday: closed\n', ":1 hours: 没有任何开放时间，展厅将永远闭馆"),
    ('hours:\n  monday: ["09:00-17:00"]\n  exceptions:\n    - {date: 02-30, hours: closed}\n',
     ":4 hours.exceptions[0].date: 02-30 这一天不存在（2 月最多 29 天）"),
    ('hours:\n  monday: ["09:00-17:00"]\n  exceptions:\n    - {date: 2027-02-29, hours: closed}\n',
     ":4 hours.exceptions[0].date: 2027 年不是闰年，没有 2027-02-29"),
    (('hours:\n  monday: ["09:00-17:00"]\n  exceptions:\n    - {date: 10-01..10-07, hours: closed}\n'
     '    - {date: 2027-10-03, hours: ["09:00-12:00"]}\n'),
     ":5 hours.exceptions[1].date: 2027-10-03 和 hours.exceptions[0]（第 4 行）的 每年 10-01..10-07 都包括 2027-10-03"),
    ('schedule:\n  - {date: 07-01, time: "17:00-08:00", playlist: a}\n',
     ":2 schedule[0].time: 结束时间 08:00 早于开始时间 17:00，请改为"),
    ('schedule:\n  - {weekdays: [funday], playlist: a}\n', ':2 schedule[0].weekdays: 不认识的星期 "funday"'),
    ("schedule:\n  - {date: 02-30, playlist: a}\n", ":2 schedule[0].date: 02-30 这一天不存在"),
    ("schedule:\n  - {date: '2027-02-29', playlist: a}\n", ":2 schedule[0].date: 2027 年不是闰年，没有 2027-02-29"),
    ("schedule:\n  - {date: 2027-10-07..2027-10-01, playlist: a}\n", ":2 schedule[0].date: 结束日期 2027-10-01 早于开始日期"),
    ("schedule:\n  - {date: 07-01}\n", ":2 schedule[0]: 没有写 playlist"),
    ("schedule:\n  - {playlist: a}\n", ":2 schedule[0]: 没有写 date、weekdays 或 time"),
    ("schedule:\n  - {date: 07-01, playlst: a}\n", ":2 schedule[0].playlst: 不认识的键 playlst；是不是 playlist？"),
    ("schedule:\n  - {date: 07-01, weekdays: mon, playlist: a}\n", ":2 schedule[0].weekdays: date 只有一天"),
])
def test_a_calendar_mistake_is_one_line_naming_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    (line,) = errors_of(tmp_path, text)
    assert line.startswith(f"{tmp_path / 'config.yaml'}{expected}")


def test_an_unquoted_date_that_does_not_exist_is_named_too(tmp_path: Path) -> None:
    (line,) = errors_of(tmp_path, "schedule:\n  - date: 2027-02-29\n    playlist: a\n")
    assert line == f"{tmp_path / 'config.yaml'}:2 schedule[0].date: 2027 年不是闰年，没有 2027-02-29"


def test_two_equally_specific_entries_that_meet_are_a_tie_named_with_both_lines(tmp_path: Path) -> None:
    (line,) = errors_of(tmp_path, "schedule:\n"
                                  "  - {date: 06-28..07-04, time: '09:00-12:00', playlist: a}\n"
                                  "  - {date: 2027-06-30..2027-07-02, time: '11:00-13:00', playlist: b}\n")
    assert line.startswith(f"{tmp_path / 'config.yaml'}:3 schedule[1]: 和 schedule[0]（第 2 行）一样具体"
                           "（都是日期范围+时间段），又都在 2027-06-30 11:00 生效，无法决定放哪个清单")


def test_a_window_past_midnight_ties_with_the_next_mornings_window(tmp_path: Path) -> None:
    (line,) = errors_of(tmp_path, "schedule:\n"
                                  "  - {weekdays: fri, time: '20:00-次日02:00', playlist: a}\n"
                                  "  - {weekdays: sat, time: '01:00-03:00', playlist: b}\n")
    assert "schedule[1]: 和 schedule[0]（第 2 行）" in line and "周五的次日 01:00" in line


@pytest.mark.parametrize("entries", [
    ["{date: 07-01, playlist: a}", "{date: 07-02, playlist: b}"],  # different days
    ["{weekdays: sat, playlist: a}", "{weekdays: sun, playlist: b}"],
    ["{time: '09:00-12:00', playlist: a}", "{time: '12:00-13:00', playlist: b}"],  # an end is not shared
    ["{weekdays: fri, time: '20:00-次日02:00', playlist: a}", "{weekdays: sat, time: '02:00-05:00', playlist: b}"],
    ["{date: 2027-07-01..2027-07-03, weekdays: [thu], playlist: a}",
     "{date: 06-28..07-04, weekdays: [sat], playlist: b}"],
    ["{date: 07-01, playlist: a}", "{date: 2027-07-01, playlist: b}"],  # not equally specific
])
def test_equally_specific_entries_that_never_meet_are_fine(tmp_path: Path, entries: list[str]) -> None:
    text = "schedule:\n" + "".join(f"  - {e}\n" for e in entries)
    assert len(calendar_of(tmp_path, text).schedule) == 2


def test_every_mistake_is_listed_at_once(tmp_path: Path) -> None:
    lines = errors_of(tmp_path, 'hours:\n  monday: ["25:00-26:00"]\n  wake_minutes: 0\n'
                                "schedule:\n  - {date: 02-30, playlist: a}\n  - {weekdays: funday, playlist: b}\n")
    assert [line.split(" ")[1] for line in lines] == ["hours.monday[0]:", "hours.wake_minutes:",
                                                      "schedule[0].date:", "schedule[1].weekdays:"]


# What check adds: the rest of the hall, and the clock


def test_check_names_a_missing_playlist_and_an_unknown_featured_panel(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, HALL)
    problems = calendar_problems(hall, {"default", "建党节", "周末"}, {"education/02-入党誓词"}, "Asia/Shanghai")
    assert [(p.line, p.severity) for p in problems] == [(8, "error"), (9, "error")]
    assert str(problems[0]).startswith(f"{tmp_path / 'config.yaml'}:8: error: schedule[0].featured: 没有版面 "
                                       "education/01-开天辟地，首页不会推荐它")
    assert str(problems[1]).startswith(f"{tmp_path / 'config.yaml'}:9: error: schedule[1].playlist: 没有播放清单 "
                                       "国家公祭日（playlists/国家公祭日.yaml），这段时间将改放默认清单 default")


def test_check_warns_when_the_system_clock_is_not_on_beijing_time(tmp_path: Path) -> None:
    hall = calendar_of(tmp_path, 'hours:\n  mon-sun: ["09:00-17:00"]\n')
    (warning,) = calendar_problems(hall, set(), set(), "Europe/Berlin")
    assert warning.severity == "warning"
    assert "Europe/Berlin" in warning.message and "timedatectl set-timezone Asia/Shanghai" in warning.message
    assert calendar_problems(hall, set(), set(), "Asia/Shanghai") == []
    assert calendar_problems(Calendar(), set(), set(), "Europe/Berlin") == []  # no hours: the zone does not matter


def _hall_with_its_example_hours(tmp_path: Path) -> Calendar:
    """The shipped config.yaml with its commented example of opening hours switched on, as the
    comment tells an administrator to."""
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    start = text.index("# hours:")
    end = text.index("\n\n", start)
    example = "\n".join(line[2:] for line in text[start:end].split("\n"))
    config = tmp_path / "config.yaml"
    config.write_text(text[:start] + example + text[end:], encoding="utf-8")
    (tmp_path / "content").mkdir()
    return load_config(config, REPO / "content").calendar


def test_the_demo_is_open_at_all_times_and_its_example_hours_close_mondays_and_new_year(tmp_path: Path) -> None:
    assert answer(load_config(REPO / "config.yaml").calendar, at("2027-12-13 03:00"))[0] is True
    hall = _hall_with_its_example_hours(tmp_path)
    assert answer(hall, at("2027-12-14 10:00"))[0] is True  # a Tuesday morning
    assert answer(hall, at("2027-12-14 12:30"))[0] is False  # the lunch break
    assert answer(hall, at("2027-12-13 10:00"))[:2] == (False, "国家公祭日")  # a Monday: closed
    assert answer(hall, at("2028-01-01 10:00"))[0] is False  # 元旦, a Saturday


def test_the_demo_hall_plays_its_days_of_remembrance_and_celebration() -> None:
    hall = load_config(REPO / "config.yaml").calendar
    assert answer(hall, at("2027-07-01 09:30"))[:2] == (True, "建党节")
    assert answer(hall, at("2027-10-01 10:00"))[:2] == (True, "国庆")
    assert answer(hall, at("2026-12-13 10:00"))[:2] == (True, "国家公祭日")  # a Sunday
    assert answer(hall, at("2027-07-07 10:00"))[:2] == (True, "default")
    playlists = {p.stem for p in (REPO / "playlists").glob("*.yaml")}
    assert calendar_problems(hall, playlists, _panel_ids(), "Asia/Shanghai") == []


def _panel_ids() -> set[str]:
    content = REPO / "content"
    return {f"{p.parent.name}/{p.name}" for p in content.glob("*/*") if p.is_dir()}


# The property: never raises, and nothing changes before next_change


def _entries(draw: st.DrawFn, count: int) -> tuple[ScheduleEntry, ...]:
    entries = []
    for i in range(count):
        kind = draw(st.sampled_from(["exact", "yearly", "range", "yearly-range", "none"]))
        one = draw(st.dates(date(2026, 1, 1), date(2029, 12, 31)))
        other = draw(st.dates(date(2026, 1, 1), date(2029, 12, 31)))
        text = {"exact": one.isoformat(), "yearly": f"{one:%m-%d}",
                "range": f"{min(one, other)}..{max(one, other)}", "yearly-range": f"{one:%m-%d}..{other:%m-%d}",
                "none": None}[kind]
        days = draw(st.sets(st.integers(0, 6), max_size=3))
        entries.append(ScheduleEntry(
            f"p{i}", parse_date_rule(text) if text else None, frozenset(days),
            draw(st.none() | _windows()), draw(st.sampled_from([(), (f"zone/{i}",)])), key=f"schedule[{i}]",
            index=i))
    return tuple(entries)


@st.composite
def _windows(draw: st.DrawFn) -> TimeRange:
    start = draw(st.integers(0, 95)) * 15
    return TimeRange(start, draw(st.integers(start // 15 + 1, start // 15 + 95)) * 15)  # may run past midnight


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    entries = _entries(draw, draw(st.integers(0, 6)))
    if not draw(st.booleans()):
        return Calendar(OpeningHours(), entries, "default")
    week_days = tuple(DayHours(tuple(sorted(draw(st.lists(_windows(), max_size=2)), key=lambda r: r.start)),
                               f"hours.{d}", "config.yaml", d + 1) for d in range(7))
    exceptions = tuple(HoursException(parse_date_rule(f"{draw(st.dates(date(2026, 1, 1), date(2029, 12, 31)))}"),
                                      DayHours((), f"hours.exceptions[{i}]", "config.yaml", 20 + i))
                       for i in range(draw(st.integers(0, 2))))
    return Calendar(OpeningHours(week_days, exceptions), entries, "default")


INSTANTS = st.datetimes(datetime(2026, 1, 1), datetime(2029, 12, 31), timezones=st.sampled_from([SHANGHAI, BERLIN]))


@settings(max_examples=60, deadline=None)
@given(calendars(), INSTANTS, st.lists(st.floats(0, 0.999), min_size=3, max_size=3))
def test_nothing_changes_before_next_change_and_something_does_at_it(
        hall: Calendar, when: datetime, shares: list[float]) -> None:
    state = hall_state(hall, when)
    if state.next_change is None:
        assert hall.constant
        return
    start, end = when.astimezone(UTC), state.next_change.astimezone(UTC)
    assert end > start
    for share in [*shares, 0.0]:
        between = (start + (end - start) * share).astimezone(when.tzinfo)
        assert answer(hall, between) == (state.open, state.playlist, state.featured)
    last_second = (end - timedelta(seconds=1)).astimezone(when.tzinfo)
    if last_second > start:
        assert answer(hall, last_second) == (state.open, state.playlist, state.featured)
    if end - start < timedelta(days=399):
        assert answer(hall, end.astimezone(when.tzinfo)) != (state.open, state.playlist, state.featured)


def test_weekday_spans_wrap_over_the_weekend() -> None:
    assert parse_weekdays("fri-mon") == frozenset({4, 5, 6, 0})
    assert parse_weekdays(["星期一", "周三", "SUNDAY"]) == frozenset({0, 2, 6})


def test_check_lists_the_calendars_problems_with_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.__main__ import main

    monkeypatch.setenv("TZ", "Europe/Berlin")
    write(tmp_path / "content" / "education" / "01-开天辟地.md", "# 开天辟地\n\n1921年7月，中国共产党诞生。\n")
    write(tmp_path / "playlists" / "default.yaml", "items:\n  - zone: education\n")
    write(tmp_path / "playlists" / "建党节.yaml", "items:\n  - panel: education/99-没有\n")
    config = write(tmp_path / "config.yaml", 'zones:\n  - {id: education, title: 教育}\nhours:\n  mon-sun: ["09:00-17:00"]\n'
                                              "schedule:\n  - {date: 07-01, playlist: 建党节}\n"
                                              "  - {date: 10-01, playlist: 国庆}\n")
    assert main(["check", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert f"{config}:7: error: schedule[1].playlist: 没有播放清单 国庆（playlists/国庆.yaml）" in out
    assert "playlists/建党节.yaml" in out and "education/99-没有" in out  # a scheduled playlist's own items
    assert f"{config}: warning: hours: 开闭馆按系统时钟的时区 Europe/Berlin" in out
