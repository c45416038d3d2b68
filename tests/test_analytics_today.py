from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path

from kiosk.analytics.events import RecordedEvents
from kiosk.analytics.log import InteractionLog
from kiosk.analytics.today import TodayTally, earlier_today


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


def test_a_restarted_kiosk_still_counts_the_whole_day(tmp_path: Path) -> None:
    log_path = tmp_path / "log.sqlite3"
    log = InteractionLog(log_path, "hall-1").start()
    log.emit("session_start")
    log.emit("panel_open", panel="education/02", title="入党誓词")
    log.emit("panel_open", panel="education/02", title="入党誓词")
    log.close()
    other = InteractionLog(log_path, "hall-2").start()
    other.emit("session_start")  # another kiosk's visitors are not this one's
    other.close()
    day, sessions, opens, panels = earlier_today(log_path, "hall-1", int(time.time() * 1000) + 1000)
    assert (day, sessions, opens, panels) == (dt.date.today(), 1, 2, Counter({"入党誓词": 2}))
    tally = TodayTally(RecordedEvents())
    tally.emit("session_start")
    tally.add_earlier(day, sessions, opens, panels)
    assert tally.lines()[0] == ("参观人次", "2")
    assert earlier_today(tmp_path / "missing.sqlite3", "hall-1", 0)[1:3] == (0, 0)
