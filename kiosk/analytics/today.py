"""Today's visitors at a glance for the admin overlay, counted as events pass. Pure.

The overlay must open instantly, so it does not query the log on disk; this tally sits in
front of the log and counts what this kiosk has seen since it started today.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from kiosk.analytics.events import EventSink


class TodayTally:
    def __init__(self, inner: EventSink, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.inner = inner
        self.today = today
        self.day = today()
        self.sessions = 0
        self.opens = 0
        self.panels: Counter[str] = Counter()

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
        return [("参观人次（本次开机以来）", str(self.sessions)), ("打开版面", f"{self.opens} 次"),
                ("最受关注", top or "—")]
