"""The calendar's part of `python -m kiosk check` (issue #13).

Loading config.yaml already refuses a calendar that cannot be read (a 25:00, a 02-30, a tie).
What needs the rest of the hall is checked here: a scheduled playlist without its file, a
featured panel that does not exist, and the playlists' own items. None of these stop the
kiosk: a missing playlist plays the default one instead and an unknown panel is not
featured. A system clock not on Beijing time opens and closes the hall at the wrong hours,
so it is a warning whenever `hours:` is set.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from pathlib import Path

from kiosk.attract.playlist import load_playlist
from kiosk.content.model import Catalog, Problem
from kiosk.service.calendar import Calendar
from kiosk.service.clock import HALL_ZONE, HALL_ZONE_ALIASES


def calendar_problems(calendar: Calendar, playlists: Collection[str], panels: Collection[str],
                      zone: str) -> list[Problem]:
    """Problems of the schedule against the playlists and panels there are, and of the zone."""
    problems = []
    for entry in calendar.schedule:
        if entry.playlist not in playlists:
            hint = _close(entry.playlist, playlists) or f"现有清单：{'、'.join(sorted(playlists)) or '无'}"
            problems.append(Problem(entry.source, "error", f"{entry.key}.playlist: 没有播放清单 {entry.playlist}"
                                    f"（playlists/{entry.playlist}.yaml），这段时间将改放默认清单 "
                                    f"{calendar.default_playlist}。{hint}", entry.line))
        for panel in entry.featured:
            if panel not in panels:
                problems.append(Problem(entry.source, "error", f"{entry.key}.featured: 没有版面 {panel}，首页不会推荐它。"
                                        f"{_close(panel, panels) or '版面编号见 python -m kiosk check --json'}",
                                        entry.line))
    if calendar.hours.week is not None and zone not in HALL_ZONE_ALIASES:
        source = calendar.hours.week[0].source
        problems.append(Problem(source, "warning", f"hours: 开闭馆按系统时钟的时区 {zone or '（不明）'}，不是北京时间 "
                                f"{HALL_ZONE}。展厅在中国的话，请运行 sudo timedatectl set-timezone {HALL_ZONE}"))
    return problems


def _close(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"是不是 {close[0]}？" if close else ""


def check_calendar(calendar: Calendar, playlists_dir: Path, catalog: Catalog, zone: str) -> list[Problem]:
    """Everything `check` says about the calendar, the scheduled playlists' own items included."""
    names = {p.stem for p in playlists_dir.glob("*.yaml")} if playlists_dir.is_dir() else set()
    problems = calendar_problems(calendar, names, catalog.panels.keys(), zone)
    scheduled = {entry.playlist for entry in calendar.schedule} & names
    for name in sorted(scheduled - {calendar.default_playlist}):  # the default one is checked already
        problems += load_playlist(playlists_dir, name, catalog)[1]
    return problems
