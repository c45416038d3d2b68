"""data/status.json and `python -m kiosk status`: what an administrator or the console reads."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

from kiosk.service.report import ServiceReport
from kiosk.service.show import print_status
from kiosk.service.status import StatusFile, fingerprint, read_status, running, stamp
from tests.conftest import write


def _hall(root: Path) -> Path:
    write(root / "education" / "01-开天辟地" / "panel.yaml", "title: 开天辟地\n")
    (root / "education" / "film.mp4").write_bytes(os.urandom(300_000))
    return root


def test_the_same_files_give_the_same_fingerprint_on_another_machine(tmp_path: Path) -> None:
    one = _hall(tmp_path / "one")
    other = tmp_path / "other"
    for path in sorted(one.rglob("*")):
        copy = other / path.relative_to(one)
        if path.is_dir():
            copy.mkdir(parents=True, exist_ok=True)
        else:
            copy.write_bytes(path.read_bytes())
            os.utime(copy, (1_000_000, 1_000_000))  # copied on another day
    write(other / ".stfolder" / "x", "")  # a sync tool's own files are not the exhibition
    assert fingerprint(one) == fingerprint(other)


def test_a_changed_word_a_renamed_file_or_a_cut_video_changes_the_fingerprint(tmp_path: Path) -> None:
    hall = _hall(tmp_path / "hall")
    before = fingerprint(hall)
    write(hall / "education" / "01-开天辟地" / "panel.yaml", "title: 开天辟地！\n")
    edited = fingerprint(hall)
    (hall / "education" / "film.mp4").rename(hall / "education" / "film2.mp4")
    renamed = fingerprint(hall)
    with open(hall / "education" / "film2.mp4", "r+b") as film:
        film.truncate(200_000)
    assert len({before, edited, renamed, fingerprint(hall)}) == 4


def test_the_heartbeat_is_the_frame_loops_not_the_writers(tmp_path: Path) -> None:
    path = tmp_path / "data" / "status.json"
    status = StatusFile(path, {"kiosk_id": "hall-1"})
    status.beat()
    status.start()
    status.update(scene="attract")
    first = read_status(path) or {}
    time.sleep(1.1)
    status.update(scene="home")  # written again, but the loop has not gone round since
    status.stop()
    doc = read_status(path)
    assert doc is not None and doc["kiosk_id"] == "hall-1" and doc["pid"] == os.getpid()
    assert doc["heartbeat_at"] == first.get("heartbeat_at", doc["heartbeat_at"])
    assert not [p for p in path.parent.iterdir() if p.name != "status.json"]  # no temporary file left


def test_a_kiosk_is_running_while_its_heartbeat_is_fresh_and_not_once_stopped() -> None:
    now = time.time()
    assert running({"heartbeat_at": stamp(now - 5)}, now)
    assert not running({"heartbeat_at": stamp(now - 31)}, now)
    assert not running({"heartbeat_at": stamp(now), "state": "stopped"}, now)
    assert not running(None, now) and not running({"heartbeat_at": "yesterday"}, now)


def _doc(now: float, **extra: object) -> dict:
    return {"kiosk_id": "hall-1", "version": "0.1.0", "pid": 42, "started_at": stamp(now - 3 * 3600 - 120),
            "heartbeat_at": stamp(now - 2), "scene": "panel", "zone": "education", "panel": "education/01-开天辟地",
            "open": True, "panels": 143, "problems": {"errors": 1, "warnings": 2}, "touched": False,
            "screen": {"output": "HDMI-1", "window": [0, 0, 1920, 1080], "fullscreen": True, "turn": 0},
            "disk_free_bytes": 5 * 1024 ** 3, **extra}


def test_status_says_in_chinese_what_the_kiosk_shows_and_that_no_touch_arrived() -> None:
    now = time.time()
    out = io.StringIO()
    assert print_status(_doc(now), out, as_json=False, now=now) == 0
    text = out.getvalue()
    assert "展项 hall-1 正在运行" in text and "3 小时 2 分" in text
    assert "版面（education/01-开天辟地）" in text and "143 个版面，1 个错误，2 个提醒" in text
    assert "HDMI-1（1920x1080）" in text and "还没有收到触摸" in text and "5.0 GB" in text


def test_status_says_not_running_when_the_heartbeat_is_old_and_exits_3() -> None:
    now = time.time()
    out = io.StringIO()
    assert print_status(_doc(now, heartbeat_at=stamp(now - 45)), out, as_json=False, now=now) == 3
    assert "展项未在运行" in out.getvalue() and "可能已崩溃或卡住" in out.getvalue()
    raw = io.StringIO()
    assert print_status(_doc(now, heartbeat_at=stamp(now - 45)), raw, as_json=True, now=now) == 3
    assert json.loads(raw.getvalue())["running"] is False
    none = io.StringIO()
    assert print_status(None, none, as_json=False, now=now) == 3 and "没有状态文件" in none.getvalue()


class Recorder:
    def __init__(self) -> None:
        self.said: list[str] = []

    def ready(self, status: str | None = None) -> None:
        self.said.append(f"READY {status}")

    def watchdog(self, now: float) -> None:
        self.said.append("WATCHDOG")

    def status(self, text: str) -> None:
        self.said.append(f"STATUS {text}")

    def stopping(self) -> None:
        self.said.append("STOPPING")


def test_the_service_is_ready_after_the_first_frame_and_hears_each_scene(tmp_path: Path) -> None:
    notifier = Recorder()
    status = StatusFile(tmp_path / "status.json", {})
    report = ServiceReport(status, notifier)
    report.frame(0.0)
    report.drawn("attract", None, None)
    report.touched()
    report.drawn("panel", "education", "education/01-开天辟地")
    status.start()
    report.stopping()
    assert notifier.said == ["WATCHDOG", "READY attract", "STATUS panel education/01-开天辟地", "STOPPING"]
    doc = read_status(tmp_path / "status.json")
    assert doc is not None and doc["touched"] is True and doc["state"] == "stopped"
