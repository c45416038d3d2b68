"""A visitor's journey on the real kiosk (Xvfb, xdotool) lands in the log exactly as it happened."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
                                reason="needs Xvfb and xdotool (./scripts/test.sh installs them)")


@pytest.fixture
def display() -> Iterator[str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(timeout=10)


class Screen:
    """Reads the kiosk's targets file and taps what a visitor would."""

    def __init__(self, display: str, targets: Path, process: subprocess.Popen) -> None:
        self.env = {**os.environ, "DISPLAY": display}
        self.targets = targets
        self.process = process

    def state(self) -> dict:
        try:
            return json.loads(self.targets.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def wait_for(self, check: Callable[[dict], bool], what: str) -> dict:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the kiosk stopped while waiting for {what}"
            state = self.state()
            if state and check(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; last state: {self.state()}")

    def tap(self, target_id: str) -> float:
        """Tap the middle of a target; returns when (monotonic) the finger came down."""
        time.sleep(0.3)  # a hand needs this long between touches; the kiosk filters faster ones
        x, y, w, h = next(t["rect"] for t in self.state()["targets"] if t["id"] == target_id)
        subprocess.run(["xdotool", "mousemove", str(x + w // 2), str(y + h // 2)], env=self.env, check=True)
        touched = time.monotonic()
        subprocess.run(["xdotool", "click", "1"], env=self.env, check=True)
        return touched


def test_a_journey_is_logged_in_order_with_its_dwell_time(display: str, tmp_path: Path) -> None:
    log_db = tmp_path / "log" / "interactions.sqlite3"
    config = tmp_path / "config.yaml"
    config.write_text(f"kiosk_id: e2e-hall\npaths:\n  content: {REPO / 'content'}\n  playlists: {REPO / 'playlists'}\n"
                      f"  log_db: {log_db}\n", encoding="utf-8")
    targets = tmp_path / "targets.json"
    with (tmp_path / "kiosk.log").open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--config", str(config), "--targets-file", str(targets)],
            cwd=REPO, env={**os.environ, "DISPLAY": display, "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy"},
            stdout=output, stderr=subprocess.STDOUT)
        try:
            screen = Screen(display, targets, process)
            first = screen.wait_for(lambda s: s.get("screen") in ("attract", "home"), "the first screen")
            if first["screen"] == "attract":
                start = next(t["id"] for t in first["targets"])
                began = screen.tap(start)
                screen.wait_for(lambda s: s["screen"] == "home", "home")
                screen.tap("zone:education")
            else:
                began = screen.tap("zone:education")
            zone = screen.wait_for(lambda s: s["screen"] == "zone", "the education zone")
            panel = next(t["id"] for t in zone["targets"] if t["id"].startswith("panel:"))
            opened = screen.tap(panel)
            screen.wait_for(lambda s: s["screen"] == "panel", "the panel")
            time.sleep(2)  # reading
            left = screen.tap("back")
            screen.wait_for(lambda s: s["screen"] == "zone", "back in the zone")
            last = screen.tap("home")
            screen.wait_for(lambda s: s["screen"] == "home", "home again")
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=10) == 0

    db = sqlite3.connect(log_db)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT kind, zone, panel, title, session, value, ts_ms, kiosk FROM events "
                      "WHERE kind != 'attract_item' ORDER BY id").fetchall()
    panel_id = panel.removeprefix("panel:")
    assert [(kind, zone, p) for kind, zone, p, *_rest in rows] == [
        ("app_start", None, None),
        ("session_start", None, None),
        ("zone_enter", "education", None),
        ("panel_open", "education", panel_id),
        ("panel_close", "education", panel_id),
        ("zone_enter", "education", None),  # back from the panel to its zone
        ("session_end", None, None),  # the kiosk was stopped mid-visit
        ("app_stop", None, None),
    ]
    assert {r[7] for r in rows} == {"e2e-hall"}
    session = rows[1][4]
    assert session is not None and all(r[4] == session for r in rows[1:7])
    assert rows[0][4] is None and rows[7][4] is None
    assert rows[2][3] == "教育" and rows[3][3] == rows[4][3] and rows[3][3]

    values = [json.loads(r[5]) for r in rows]
    assert values[0]["version"] == values[7]["version"]
    dwell = values[4]["dwell_ms"]
    assert abs(dwell - (left - opened) * 1000) < 500, "the dwell time is the time between the two taps"
    assert abs(dwell - (rows[4][6] - rows[3][6])) < 50, "and the time between panel_open and panel_close"
    assert values[6]["reason"] == "stop"
    assert abs(values[6]["length_ms"] - (last - began) * 1000) < 500
    assert values[6]["touches"] >= 4
