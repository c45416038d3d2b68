"""Today's visitors at a glance for the admin overlay, counted as events pass.

The overlay must open instantly, so it never queries the log while a visitor waits: this
tally sits in front of the log and counts events as they pass, after `earlier_today` has read
what the log already held from before the kiosk (re)started today, once, off the main loop.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from kiosk.analytics.events import EventSink


class TodayTally:
    def __init__(self, inner: EventSink, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.inner = inner
        self.today = today
        self.day = today()
        self.sessions = 0
        self.opens = 0
        self.panels: Counter[str] = Counter()
        self.since_start = True  # until earlier_today's counts arrive

    def add_earlier(self, day: dt.date, sessions: int, opens: int, panels: Counter[str]) -> None:
        """What the log held from earlier today (main thread, handed over by the reader)."""
        if day == self.day:
            self.sessions += sessions
            self.opens += opens
            self.panels.update(panels)
            self.since_start = False

    def emit(self, kind: str, *, zone: str | None = None, panel: str | None = None,
             title: str | None = None, **value: object) -> None:
        if self.today() != self.day:
            self.day, self.sessions, self.opens, self.panels = self.today(), 0, 0, Counter()
        if kind == "session_start":
            self.sessions += 1
        elif kind == "panel_open":
            self.opens += 1
            self.panels[title or panel or "?"] += 1
        self.inner.emit(kind, zone=zone, panel=panel, title=title, **value)

    def lines(self) -> list[tuple[str, str]]:
        top = "、".join(f"{name}（{count}）" for name, count in self.panels.most_common(3))
        label = "参观人次（本次开机以来）" if self.since_start else "参观人次"
        return [(label, str(self.sessions)), ("打开版面", f"{self.opens} 次"),
                ("最受关注", top or "—")]


def earlier_today(log: Path, kiosk_id: str, before_ms: int,
                  today: dt.date | None = None) -> tuple[dt.date, int, int, Counter[str]]:
    """This kiosk's sessions, panel opens and panels of today (local time) logged before `before_ms`.

    Runs in a worker thread: it reads the log on disk. A missing or unreadable log counts nothing.
    """
    day = today or dt.date.today()
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=dt.datetime.now().astimezone().tzinfo)
    start_ms = int(midnight.timestamp() * 1000)
    panels: Counter[str] = Counter()
    sessions = opens = 0
    try:
        db = sqlite3.connect(f"{log.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            rows = db.execute("SELECT kind, coalesce(title, panel, '?') FROM events WHERE kiosk = ? "
                              "AND ts_ms >= ? AND ts_ms < ? AND kind IN ('session_start', 'panel_open')",
                              (kiosk_id, start_ms, before_ms)).fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return day, 0, 0, panels
    for kind, title in rows:
        if kind == "session_start":
            sessions += 1
        else:
            opens += 1
            panels[title] += 1
    return day, sessions, opens, panels
