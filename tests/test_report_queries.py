"""Report numbers from synthetic event streams whose answers are known by hand.

Three visits on hall-1 and one on hall-2 over three days; a panel that was renamed and one
that was deleted since; videos watched to the end and not; a reload with problems and a
restart after a power cut. Every number below can be counted in the stream.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from pathlib import Path

import pytest

from kiosk.analytics import queries
from kiosk.analytics.log import INSERT, Visit
from kiosk.analytics.schema import migrate
from kiosk.analytics.sources import Selection, merge_logs

CST = 480  # China Standard Time, UTC+8


def write_log(path: Path, stream: list[tuple[str, str, dict]], kiosk: str = "hall-1",
              offset_min: int = CST) -> Path:
    """Each event: (local time "YYYY-MM-DD HH:MM:SS[.fff]", kind, fields); stamped as the kiosk would."""
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db)
    visit = Visit()
    for local, kind, fields in stream:
        fields = dict(fields)
        utc = dt.datetime.fromisoformat(local).replace(tzinfo=dt.UTC) - dt.timedelta(minutes=offset_min)
        ts_ms = round(utc.timestamp() * 1000)
        session, zone, panel = visit.stamp(kind, ts_ms, fields.pop("zone", None), fields.pop("panel", None))
        title = fields.pop("title", None)
        db.execute(INSERT, (ts_ms, offset_min, session, kind, zone, panel, title,
                            json.dumps(fields, ensure_ascii=False), kiosk))
    db.close()
    return path


def opened(zone: str, name: str, title: str) -> dict:
    return {"zone": zone, "panel": f"{zone}/{name}", "title": title}


def closed(zone: str, name: str, title: str, dwell_s: float) -> dict:
    return {**opened(zone, name, title), "dwell_ms": round(dwell_s * 1000)}


EDU, SHOW, LEARN = {"zone": "education", "title": "教育"}, {"zone": "showcase", "title": "展示"}, \
    {"zone": "learning", "title": "学习"}

HALL_1 = [
    ("2026-03-02 08:30:00", "app_start", {"version": "0.1.0"}),
    # Monday 09:00: a visit of 150 s through two education panels and a video watched to the end.
    ("2026-03-02 09:00:00", "session_start", {}),
    ("2026-03-02 09:00:02", "zone_enter", EDU),
    ("2026-03-02 09:00:05", "panel_open", opened("education", "a", "开天辟地")),
    ("2026-03-02 09:00:35", "panel_close", closed("education", "a", "开天辟地", 30)),
    ("2026-03-02 09:00:36", "panel_open", opened("education", "b", "遵义会议")),
    ("2026-03-02 09:00:40", "video_play", {"media": "b.mp4", "position_ms": 0, "duration_ms": 60000}),
    ("2026-03-02 09:01:40", "video_complete", {"media": "b.mp4", "share": 1.0, "finished": True}),
    ("2026-03-02 09:02:06", "panel_close", closed("education", "b", "遵义会议", 90)),
    ("2026-03-02 09:02:10", "panel_open", opened("education", "old", "旧版面")),  # deleted since
    ("2026-03-02 09:02:20", "panel_close", closed("education", "old", "旧版面", 10)),
    ("2026-03-02 09:03:50", "session_end", {"length_ms": 150000, "touches": 6, "reason": "idle"}),
    # Monday 14:30: a showcase visit of 45 s with a QR code.
    ("2026-03-02 14:30:00", "session_start", {}),
    ("2026-03-02 14:30:03", "zone_enter", SHOW),
    ("2026-03-02 14:30:05", "panel_open", opened("showcase", "c", "英模事迹")),
    ("2026-03-02 14:30:06", "qr_shown", {"target": "https://example.org/c"}),
    ("2026-03-02 14:30:25", "panel_close", closed("showcase", "c", "英模事迹", 20)),
    ("2026-03-02 14:31:45", "session_end", {"length_ms": 45000, "touches": 3, "reason": "idle"}),
    ("2026-03-02 18:00:00", "app_stop", {"version": "0.1.0", "uptime_s": 34200}),
    # Tuesday: a curator's reload with two problems.
    ("2026-03-03 12:00:00", "content_reload", {"added": 1, "changed": 0, "removed": 1, "problems": 2}),
    # Wednesday: a power cut (a start without a stop), then a long visit with the renamed panel a.
    ("2026-03-04 08:30:00", "app_start", {"version": "0.1.0"}),
    ("2026-03-04 09:40:00", "app_start", {"version": "0.1.0"}),
    ("2026-03-04 10:05:00", "session_start", {}),
    ("2026-03-04 10:05:03", "zone_enter", EDU),
    ("2026-03-04 10:05:05", "panel_open", opened("education", "a", "开天辟地（新）")),
    ("2026-03-04 10:05:10", "video_complete", {"media": "a.mp4", "share": 0.4, "finished": False}),
    ("2026-03-04 10:06:05", "panel_close", closed("education", "a", "开天辟地（新）", 60)),
    ("2026-03-04 10:06:06", "panel_error", {"message": "could not be drawn"}),
    ("2026-03-04 10:06:10", "admin_login", {"ok": False}),
    ("2026-03-04 10:06:20", "admin_login", {"ok": True}),
    ("2026-03-04 10:16:40", "session_end", {"length_ms": 700000, "touches": 9, "reason": "admin"}),
]

HALL_2 = [
    # Tuesday 16:00 on the second kiosk: a short visit to learning.
    ("2026-03-03 16:00:00", "session_start", {}),
    ("2026-03-03 16:00:01", "zone_enter", LEARN),
    ("2026-03-03 16:00:02", "panel_open", opened("learning", "d", "党章学习")),
    ("2026-03-03 16:00:12", "panel_close", closed("learning", "d", "党章学习", 10)),
    ("2026-03-03 16:00:12", "audio_complete", {"media": "d.mp3", "share": 0.97}),
    ("2026-03-03 16:00:14", "session_end", {"length_ms": 14000, "touches": 3, "reason": "idle"}),
]


@pytest.fixture
def merged(tmp_path: Path) -> sqlite3.Connection:
    logs = [write_log(tmp_path / "hall-1.sqlite3", HALL_1), write_log(tmp_path / "hall-2.sqlite3", HALL_2, "hall-2")]
    db = merge_logs(logs)
    yield db
    db.close()


def test_summary_counts_visits_opens_and_time(merged: sqlite3.Connection) -> None:
    s = queries.summary(merged)
    assert s.kiosks == ("hall-1", "hall-2")
    assert (s.first_day, s.last_day) == ("2026-03-02", "2026-03-04")
    assert s.events == len(HALL_1) + len(HALL_2)
    assert s.sessions == 4
    assert s.mean_session_s == round((150 + 45 + 700 + 14) / 4, 1)
    assert s.median_session_s == (45 + 150) / 2
    assert s.panel_opens == 6
    assert s.dwell_h == round((30 + 90 + 10 + 20 + 60 + 10) / 3600, 2)


def test_visits_per_day_per_kiosk_include_days_without_any(merged: sqlite3.Connection) -> None:
    days = queries.days(merged, None, dt.date(2026, 3, 5))
    table = queries.sessions_per_day(merged, days)
    assert table.columns == ("日期", "hall-1", "hall-2", "合计")
    assert table.rows == [("2026-03-02", 2, 0, 2), ("2026-03-03", 0, 1, 1), ("2026-03-04", 1, 0, 1),
                          ("2026-03-05", 0, 0, 0)]


def test_the_heat_map_puts_each_visit_at_its_local_weekday_and_hour(merged: sqlite3.Connection) -> None:
    table = queries.hour_by_weekday(merged)
    cells = {(row[0], hour): n for row in table.rows for hour, n in enumerate(row[1:]) if n}
    assert cells == {("周一", 9): 1, ("周一", 14): 1, ("周二", 16): 1, ("周三", 10): 1}


def test_zone_share_counts_entries_opens_and_minutes(merged: sqlite3.Connection) -> None:
    assert queries.zone_share(merged).rows == [
        ("education", "教育", 2, 50.0, 4, round(190 / 60, 1)),
        ("learning", "学习", 1, 25.0, 1, round(10 / 60, 1)),
        ("showcase", "展示", 1, 25.0, 1, round(20 / 60, 1)),
    ]


def test_top_panels_use_the_last_title_and_keep_deleted_panels_readable(merged: sqlite3.Connection) -> None:
    assert queries.top_panels_by_opens(merged).rows == [
        ("education/a", "开天辟地（新）", "education", 2, round(200 / 6, 1)),
        ("education/b", "遵义会议", "education", 1, round(100 / 6, 1)),
        ("education/old", "旧版面", "education", 1, round(100 / 6, 1)),
        ("learning/d", "党章学习", "learning", 1, round(100 / 6, 1)),
        ("showcase/c", "英模事迹", "showcase", 1, round(100 / 6, 1)),
    ]
    assert queries.top_panels_by_opens(merged, limit=2).rows[1][0] == "education/b"
    assert queries.top_panels_by_dwell(merged).rows == [
        ("education/a", "开天辟地（新）", "education", 1.5, 45.0, 2),  # a tie on minutes: by id
        ("education/b", "遵义会议", "education", 1.5, 90.0, 1),
        ("showcase/c", "英模事迹", "showcase", 0.3, 20.0, 1),
        ("education/old", "旧版面", "education", 0.2, 10.0, 1),
        ("learning/d", "党章学习", "learning", 0.2, 10.0, 1),
    ]


def test_session_lengths_fall_in_their_buckets(merged: sqlite3.Connection) -> None:
    table = queries.session_lengths(merged)
    assert [(label, n) for label, n, _share in table.rows] == [
        ("30秒以内", 1), ("30秒–1分钟", 1), ("1–2分钟", 0), ("2–5分钟", 1), ("5–10分钟", 0),
        ("10–20分钟", 1), ("20分钟以上", 0)]
    assert [share for *_rest, share in table.rows] == [25.0, 25.0, 0.0, 25.0, 0.0, 25.0, 0.0]


def test_completion_rates_count_viewings_that_reached_the_end(merged: sqlite3.Connection) -> None:
    assert queries.media_completion(merged).rows == [
        ("视频", "education/a", "开天辟地（新）", "a.mp4", 1, 0, 0.0, 40.0),
        ("视频", "education/b", "遵义会议", "b.mp4", 1, 1, 100.0, 100.0),
        ("音频", "learning/d", "党章学习", "d.mp3", 1, 1, 100.0, 97.0),  # no "finished": 97 % counts as seen
    ]


def test_qr_codes_are_counted_on_the_panel_that_showed_them(merged: sqlite3.Connection) -> None:
    assert queries.qr_shown(merged).rows == [("showcase/c", "英模事迹", "https://example.org/c", 1)]


def test_operations_show_reloads_problems_logins_and_restarts_by_day(merged: sqlite3.Connection) -> None:
    table = queries.operations_per_day(merged, queries.days(merged))
    assert table.rows == [
        ("2026-03-02", 0, 0, 0, 0, 0, 0, 0),
        ("2026-03-03", 1, 2, 0, 0, 0, 0, 0),
        ("2026-03-04", 0, 0, 1, 1, 1, 0, 1),
    ]


def test_a_selection_keeps_only_its_days_and_kiosks(tmp_path: Path) -> None:
    logs = [write_log(tmp_path / "hall-1.sqlite3", HALL_1), write_log(tmp_path / "hall-2.sqlite3", HALL_2, "hall-2")]
    db = merge_logs(logs, Selection(since=dt.date(2026, 3, 3), until=dt.date(2026, 3, 4), kiosks=("hall-1",)))
    assert queries.summary(db).sessions == 1
    assert queries.sessions_per_day(db, queries.days(db, dt.date(2026, 3, 3), dt.date(2026, 3, 4))).rows == [
        ("2026-03-03", 0, 0), ("2026-03-04", 1, 1)]


def test_days_are_the_halls_own_even_when_utc_is_another_day(tmp_path: Path) -> None:
    """07:30 in Beijing is 23:30 the day before in UTC: the visit belongs to the local morning."""
    log = write_log(tmp_path / "hall-1.sqlite3", [("2026-03-02 07:30:00", "session_start", {})])
    db = merge_logs([log], Selection(since=dt.date(2026, 3, 2), until=dt.date(2026, 3, 2)))
    assert queries.sessions_per_day(db, ["2026-03-02"]).rows == [("2026-03-02", 1, 1)]
    assert queries.hour_by_weekday(db).rows[0][1 + 7] == 1  # Monday, 7 o'clock


def test_two_copies_of_one_kiosks_log_count_each_event_once(tmp_path: Path) -> None:
    early = write_log(tmp_path / "march-2.sqlite3", HALL_1[:12])
    late = write_log(tmp_path / "march-4.sqlite3", HALL_1)
    db = merge_logs([early, late])
    assert queries.summary(db).events == len(HALL_1)
    assert queries.summary(db).sessions == 3


def test_an_empty_log_gives_empty_tables_not_errors(tmp_path: Path) -> None:
    db = merge_logs([write_log(tmp_path / "empty.sqlite3", [])])
    every_day = queries.days(db)
    assert every_day == []
    assert queries.summary(db).sessions == 0 and queries.summary(db).mean_session_s is None
    assert queries.sessions_per_day(db, every_day).rows == []
    assert queries.zone_share(db).rows == [] and queries.media_completion(db).rows == []
    assert all(n == 0 for _label, n, _share in queries.session_lengths(db).rows)


def test_a_report_reads_the_log_while_the_kiosk_is_writing_it(tmp_path: Path) -> None:
    from kiosk.analytics.log import InteractionLog

    path = tmp_path / "interactions.sqlite3"
    log = InteractionLog(path, "hall-1", flush_s=0.02).start()
    try:
        log.emit("session_start")
        log.emit("panel_open", zone="education", panel="education/a", title="开天辟地")
        deadline = time.monotonic() + 10
        while log.written < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        db = merge_logs([path])
        assert queries.summary(db).sessions == 1 and queries.summary(db).panel_opens == 1
        db.close()
        log.emit("panel_close", zone="education", panel="education/a", title="开天辟地", dwell_ms=1000)
    finally:
        assert log.close() == 0  # the kiosk went on writing after the report read its log
    assert log.problem is None
