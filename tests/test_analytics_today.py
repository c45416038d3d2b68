from __future__ import annotations

import datetime as dt

from kiosk.analytics.events import RecordedEvents
from kiosk.analytics.today import TodayTally


def test_the_overlay_counts_today_and_passes_every_event_on() -> None:
    day = [dt.date(2026, 7, 1)]
    log = RecordedEvents()
    tally = TodayTally(log, today=lambda: day[0])
    tally.emit("session_start")
    for title in ("入党誓词", "入党誓词", "开天辟地"):
        tally.emit("panel_open", panel="x", title=title)
    assert tally.lines() == [("参观人次（本次开机以来）", "1"), ("打开版面", "3 次"),
                             ("最受关注", "入党誓词（2）、开天辟地（1）")]
    assert len(log.events) == 4
    day[0] = dt.date(2026, 7, 2)
    tally.emit("zoom")
    assert tally.lines()[0][1] == "0"
