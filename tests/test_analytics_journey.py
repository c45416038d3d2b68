"""A visitor's journey on the real kiosk (Xvfb, xdotool) lands in the log exactly as it happened."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_e2e import Kiosk, display  # noqa: F401 (display is a fixture)

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
                                reason="needs Xvfb and xdotool (./scripts/test.sh installs them)")


def test_a_journey_is_logged_in_order_with_its_dwell_time(display: str, tmp_path: Path) -> None:  # noqa: F811
    log_db = tmp_path / "log" / "interactions.sqlite3"
    config = tmp_path / "config.yaml"
    config.write_text(f"kiosk_id: e2e-hall\npaths:\n  content: {REPO / 'content'}\n  playlists: {REPO / 'playlists'}\n"
                      f"  log_db: {log_db}\n", encoding="utf-8")
    screen = Kiosk(display, tmp_path, "--config", str(config))
    process = screen.process
    try:
        screen.wait_for(lambda s: s["screen"] == "attract", "the attract loop")
        began = screen.tap("start")  # the visit begins with this touch
        screen.wait_for(lambda s: s["screen"] == "home", "home")
        screen.tap("zone:education")
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
        screen.stop()

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
