"""Opening hours on the real kiosk: it sleeps at closing time, a touch wakes it, closed with
the attract loop only no visit begins, and the calendar's playlist takes over at midnight.
Each run rehearses a moment just before the change (`run --at`), so nothing waits for a clock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO
from tests.test_e2e import Kiosk, display  # noqa: F401 (the Xvfb fixture)
from tests.test_e2e_start import _config, _lit


def _hall(tmp_path: Path, closed: str) -> Path:
    config = _config(tmp_path)
    text = config.read_text(encoding="utf-8").replace(
        "\nattract:\n", f'\nhours:\n  mon-sun: ["09:00-17:00"]\n  when_closed: {closed}\n  wake_minutes: 1\n\nattract:\n', 1)
    config.write_text(text, encoding="utf-8")
    return config


def _status(tmp_path: Path) -> dict:
    try:
        return json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _until(check, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_at_closing_time_the_screen_sleeps_and_a_touch_wakes_it_for_a_visit(
        display: str, tmp_path: Path) -> None:  # noqa: F811
    config = _hall(tmp_path, "sleep")
    (tmp_path / "bin").mkdir()
    xset = tmp_path / "bin" / "xset"  # stands in for the display's power switch, and says what it was asked
    xset.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path / "power.txt"}\n')
    xset.chmod(0o755)
    kiosk = Kiosk(display, tmp_path, "--config", str(config), "--at", "2027-03-10 16:59:56",
                  env={"PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"})
    try:
        kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop while open")
        _until(lambda: _status(tmp_path).get("open") is True, "the status: open")
        _until(lambda: _status(tmp_path).get("scene") == "asleep", "sleep at 17:00")
        doc = _status(tmp_path)
        assert doc["open"] is False and doc["closed_mode"] == "sleep" and "09:00-17:00" in doc["hours_why"]
        time.sleep(0.3)
        shot = kiosk.screenshot(tmp_path / "asleep.png")
        assert len(_lit(shot)) == 16 * 9  # every cell black: nothing drawn
        kiosk.xdotool("mousemove", "960", "540", "click", "1")  # wakes it, and does nothing else
        _until(lambda: _status(tmp_path).get("scene") == "attract", "the attract loop after a touch")
        time.sleep(0.3)
        assert _lit(kiosk.screenshot(tmp_path / "woken.png")) == []
        assert kiosk.state()["screen"] == "attract"
        kiosk.tap("start")  # woken, the hall can be visited
        kiosk.wait_for(lambda s: s["screen"] == "home", "the home screen")
    finally:
        kiosk.stop()
    # Powered down at closing time; up again at the touch, DPMS's own timeouts switched off again.
    assert (tmp_path / "power.txt").read_text().splitlines() == ["dpms force off", "dpms force on", "-dpms"]
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert "hall closed (sleep)" in log and "a touch woke the screen" in log and "Traceback" not in log


def test_closed_with_the_attract_loop_only_says_so_and_a_touch_begins_no_visit(
        display: str, tmp_path: Path) -> None:  # noqa: F811
    config = _hall(tmp_path, "attract")
    kiosk = Kiosk(display, tmp_path, "--config", str(config), "--at", "2027-03-10 20:00")
    try:
        state = kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop")
        assert state["targets"][0]["label"].startswith("闭馆中")
        kiosk.xdotool("mousemove", "960", "540", "click", "1")
        time.sleep(1.5)
        assert kiosk.state()["screen"] == "attract"
        _until(lambda: _status(tmp_path).get("open") is False, "the status: closed")
    finally:
        kiosk.stop()


def test_the_calendars_playlist_takes_over_at_midnight(display: str, tmp_path: Path) -> None:  # noqa: F811
    config = _config(tmp_path)
    kiosk = Kiosk(display, tmp_path, "--config", str(config), "--at", "2027-06-27 23:59:57")
    try:
        kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop")
        _until(lambda: _status(tmp_path).get("playlist") == "default", "the default playlist before midnight")
        _until(lambda: _status(tmp_path).get("playlist") == "建党节", "the 七一 playlist at midnight")
        assert "schedule[0]" in _status(tmp_path)["playlist_why"]
    finally:
        kiosk.stop()
    assert "playlist 建党节" in (tmp_path / "kiosk.log").read_text(encoding="utf-8")


def test_a_rehearsal_time_that_does_not_exist_is_one_clear_line() -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--at", "2027-02-30 09:00"], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.strip() == '--at: "2027-02-30 09:00" 不是有效的日期和时刻，请写成 "2027-07-01 09:30"'
