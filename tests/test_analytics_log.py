"""The durable log: what reaches SQLite, and that nothing stops the kiosk or corrupts the file.

The writer thread commits every flush_s; tests use a short one and wait for what they expect,
never for a fixed time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.analytics.log import InteractionLog
from kiosk.analytics.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SchemaTooNew,
    migrate,
    version_of,
)
from tests.conftest import REPO


def rows(path: Path, where: str = "1") -> list[dict]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(f"SELECT * FROM events WHERE {where} ORDER BY id")]
    finally:
        db.close()


def wait_until(check: Callable[[], bool], what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def quick_log(path: Path, **options: object) -> InteractionLog:
    options = {"flush_s": 0.02, "retry_s": 0.05, **options}
    return InteractionLog(path, "hall-1", **options).start()


def test_a_visit_is_written_with_ids_titles_and_durations(tmp_path: Path) -> None:
    path = tmp_path / "data" / "log.sqlite3"  # the folder is made on first use
    log = quick_log(path)
    log.emit("app_start", version="0.1.0")
    log.emit("session_start")
    log.emit("zone_enter", zone="education", title="教育")
    log.emit("panel_open", zone="education", panel="education/01-开天辟地", title="开天辟地")
    log.emit("zoom", media="a.jpg", how="pinch")
    log.emit("panel_close", zone="education", panel="education/01-开天辟地", title="开天辟地", dwell_ms=4200)
    log.emit("session_end", length_ms=9000, touches=4, reason="idle")
    assert log.close() == 0
    events = rows(path)
    assert [e["kind"] for e in events] == ["app_start", "session_start", "zone_enter", "panel_open", "zoom",
                                           "panel_close", "session_end"]
    assert {e["kiosk"] for e in events} == {"hall-1"}
    visit = events[1]["session"]
    assert events[0]["session"] is None and visit == events[1]["ts_ms"]
    assert all(e["session"] == visit for e in events[1:])
    assert events[3]["title"] == "开天辟地"
    assert events[4]["panel"] == "education/01-开天辟地"  # filled in: the zoom happened on that panel
    assert json.loads(events[5]["value"]) == {"dwell_ms": 4200}
    assert json.loads(events[0]["value"]) == {"version": "0.1.0"}
    assert events[0]["utc_offset_min"] == time.localtime().tm_gmtoff // 60
    assert abs(events[0]["ts_ms"] - time.time() * 1000) < 60_000
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert version_of(db) == SCHEMA_VERSION


def test_nothing_personal_is_ever_stored(tmp_path: Path) -> None:
    log = quick_log(tmp_path / "log.sqlite3")
    log.emit("admin_login", ok=False, pin="2468", PIN="1357", password="x")
    log.close()
    (event,) = rows(tmp_path / "log.sqlite3")
    assert json.loads(event["value"]) == {"ok": False}
    assert "2468" not in (tmp_path / "log.sqlite3").read_bytes().decode("latin-1")


def test_odd_values_are_kept_small_and_never_raise(tmp_path: Path) -> None:
    log = quick_log(tmp_path / "log.sqlite3")
    loop: list[object] = []
    loop.append(loop)
    log.emit("content_reload", added=loop)
    log.emit("content_reload", added=["x" * 100] * 100)
    log.emit("zoom", media=tmp_path / "a.jpg")
    log.close()
    values = [json.loads(e["value"]) for e in rows(tmp_path / "log.sqlite3")]
    assert values == [{"unreadable": ["added"]}, {"too_long": ["added"]}, {"media": str(tmp_path / "a.jpg")}]


def test_a_kind_outside_the_vocabulary_is_kept_and_named_once(tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    log = quick_log(tmp_path / "log.sqlite3")
    log.emit("quiz_answer", correct=True)
    log.emit("quiz_answer", correct=False)
    log.close()
    assert [e["kind"] for e in rows(tmp_path / "log.sqlite3")] == ["quiz_answer", "quiz_answer"]
    assert [r.getMessage() for r in caplog.records if "EVENTS.md" in r.getMessage()] == [
        "interaction log: 'quiz_answer' is not in docs/EVENTS.md; add it there"]


def test_a_burst_of_ten_thousand_events_is_all_written_in_order(tmp_path: Path) -> None:
    log = quick_log(tmp_path / "log.sqlite3")
    for i in range(10_000):
        log.emit("swipe", zone="z", panel="z/p", direction="left", n=i)
    wait_until(lambda: log.written == 10_000, "the burst on disk")
    log.close()
    assert [json.loads(e["value"])["n"] for e in rows(tmp_path / "log.sqlite3")] == list(range(10_000))


def test_an_unwritable_folder_holds_events_in_memory_shows_why_and_writes_them_later(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the log's folder should be")
    path = blocker / "log.sqlite3"
    log = quick_log(path)
    changes: list[str | None] = []
    log.on_change = lambda: changes.append(log.problem)
    for i in range(5):
        log.emit("panel_open", zone="z", panel=f"z/{i}", title=str(i))
    wait_until(lambda: log.problem is not None, "the problem to be reported")
    assert str(path) in log.problem and "free disk space or make the folder writable" in log.problem
    assert log.waiting == 5
    problems = ["content: something else"]
    log.show_problem(problems)
    assert problems == ["content: something else", log.problem]

    blocker.unlink()  # the administrator fixes it
    blocker.mkdir()
    wait_until(lambda: log.problem is None, "writing to resume")
    log.show_problem(problems)
    assert problems == ["content: something else"]
    log.close()
    assert [e["panel"] for e in rows(path)] == [f"z/{i}" for i in range(5)]
    assert changes[0] is not None and changes[-1] is None


def test_a_full_disk_keeps_events_queued_and_in_order_until_space_returns(tmp_path: Path) -> None:
    """SQLite's max_page_count gives the real 'database or disk is full' error."""
    room = {"pages": 0}  # 0: no limit

    def connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None)
        if room["pages"]:
            db.execute(f"PRAGMA max_page_count = {room['pages']}")
        return db

    path = tmp_path / "log.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db)
    room["pages"] = db.execute("PRAGMA page_count").fetchone()[0] + 2  # a disk with a few pages left
    db.close()
    log = quick_log(path, connect=connect)
    for i in range(3000):
        log.emit("swipe", n=i, text="长" * 200)
    wait_until(lambda: log.problem is not None, "the disk to be full")
    assert "full" in log.problem
    room["pages"] = 0
    wait_until(lambda: log.waiting == 0, "the queue to drain")
    log.close()
    written = [json.loads(e["value"]).get("n") for e in rows(path, "kind = 'swipe'")]
    assert written == list(range(3000))
    assert log.problem is None


def test_a_full_queue_drops_new_events_and_the_log_says_how_many(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    log = quick_log(blocker / "log.sqlite3", queue_limit=100)
    for i in range(130):
        log.emit("swipe", n=i)
    assert log.waiting == 100 and log.dropped == 30
    blocker.unlink()
    blocker.mkdir()
    wait_until(lambda: log.waiting == 0, "the queue to drain")
    log.close()
    events = rows(blocker / "log.sqlite3")
    assert events[0]["kind"] == "log_overflow" and json.loads(events[0]["value"]) == {"lost": 30}
    assert [json.loads(e["value"])["n"] for e in events[1:]] == list(range(100))


def test_retention_removes_only_events_older_than_configured(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db)
    now_ms = int(time.time() * 1000)
    for days_ago in (400, 40, 29, 1):
        db.execute("INSERT INTO events (ts_ms, utc_offset_min, kiosk, kind, value) VALUES (?, 0, 'hall-1', ?, '{}')",
                   (now_ms - days_ago * 86_400_000, f"app_start_{days_ago}"))
    db.close()
    log = quick_log(path, retention_days=30)
    log.emit("app_start")
    wait_until(lambda: log.written == 1, "the new event")
    log.close()
    assert [e["kind"] for e in rows(path)] == ["app_start_29", "app_start_1", "app_start"]


def test_a_log_from_a_newer_kiosk_is_not_written_into(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(SchemaTooNew):
        migrate(sqlite3.connect(path, isolation_level=None))
    log = quick_log(path)
    log.emit("app_start")
    wait_until(lambda: log.problem is not None, "the problem")
    assert "upgrade the kiosk software" in log.problem and log.waiting == 1
    log.close(timeout_s=1)


def test_migrations_bring_an_old_log_up_to_date_and_keep_its_events(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "log.sqlite3", isolation_level=None)
    assert migrate(db) == 0
    db.execute("INSERT INTO events (ts_ms, utc_offset_min, kiosk, kind) VALUES (1, 480, 'hall-1', 'app_start')")
    next_step = ("ALTER TABLE events ADD COLUMN screen TEXT", "UPDATE events SET screen = 'home'")
    assert migrate(db, (*MIGRATIONS, next_step)) == SCHEMA_VERSION
    assert version_of(db) == SCHEMA_VERSION + 1
    assert db.execute("SELECT kind, screen FROM events").fetchall() == [("app_start", "home")]
    assert migrate(db, (*MIGRATIONS, next_step)) == SCHEMA_VERSION + 1  # already done: nothing runs twice


KILLER = """
import os, random, signal, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from kiosk.analytics.log import InteractionLog

rng = random.Random(7)
for run in range(50):
    ready, told = os.pipe()
    pid = os.fork()  # a fresh kiosk process each time, without paying for a Python start
    if pid == 0:
        os.close(ready)
        log = InteractionLog(Path(sys.argv[2]), "hall-1", flush_s=0.01).start()
        os.write(told, b"!")
        n = 0
        while True:
            log.emit("swipe", zone="z", panel="z/p", run=run, n=n, pad="党" * 50)
            n += 1
            if n % 20 == 0:
                time.sleep(0.001)
    os.close(told)
    if run % 5:  # most runs: kill while events stream in; every fifth, while the log is being opened
        os.read(ready, 1)
        time.sleep(rng.uniform(0.01, 0.08))
    else:
        time.sleep(rng.uniform(0.0, 0.005))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(ready)
"""


def test_kill_9_at_any_moment_never_corrupts_the_log_nor_leaves_holes(tmp_path: Path) -> None:
    """50 writers killed with SIGKILL at random moments, some while the schema is still being made."""
    path = tmp_path / "log.sqlite3"
    subprocess.run([sys.executable, "-S", "-c", KILLER, str(REPO), str(path)], check=True, timeout=120,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    numbers: dict[int, list[int]] = {}
    for (value,) in db.execute("SELECT value FROM events ORDER BY id"):
        event = json.loads(value)
        numbers.setdefault(event["run"], []).append(event["n"])
    assert len(numbers) >= 15, "most writers were killed after their first commits, in the middle of writing"
    for run, ns in numbers.items():
        assert ns == list(range(len(ns))), f"run {run} lost events in the middle"
    log = quick_log(path)  # and the kiosk writes on into it
    log.emit("app_start")
    wait_until(lambda: log.written == 1, "a write after the kills")
    log.close()
