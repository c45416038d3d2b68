"""The service manager hears the kiosk: READY after the first frame, then watchdog pings from
the frame loop itself, which stop while the loop is blocked (a hang, not only a crash, gets
the kiosk restarted within WatchdogSec)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from kiosk.service.notify import ServiceNotifier
from kiosk.service.report import ServiceReport
from tests.conftest import REPO
from tests.test_e2e import Kiosk, display  # noqa: F401 (the Xvfb fixture)
from tests.test_notify import Manager, manager  # noqa: F401 (the service manager's socket)
from tests.test_screens import make_app


def _stamped(listening: Manager, seconds: float) -> list[tuple[float, str]]:
    """What arrives during `seconds`, each message with when it arrived."""
    heard, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        heard += [(time.monotonic(), m) for m in listening.received()]
        time.sleep(0.01)
    return heard


@pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("xdotool") is None, reason="needs Xvfb and xdotool")
def test_the_real_kiosk_is_ready_after_its_first_frame_and_pings_its_watchdog(
        display: str, manager: Manager, tmp_path: Path) -> None:  # noqa: F811
    kiosk = Kiosk(display, tmp_path, env={"NOTIFY_SOCKET": manager.name, "WATCHDOG_USEC": "1000000"})
    try:
        kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop")
        heard = [m for _t, m in _stamped(manager, 2.5)]
    finally:
        kiosk.stop()
    (ready,) = [m for m in heard if m.startswith("READY=1")]
    assert "STATUS=attract" in ready  # sent with the first frame, the attract loop's
    assert heard.count("WATCHDOG=1") >= 4  # every half second
    assert "STOPPING=1" in manager.received()


@pytest.fixture
def headless() -> Iterator[pygame.Surface]:
    pygame.display.init()
    pygame.freetype.init()
    yield pygame.display.set_mode((1920, 1080))
    pygame.quit()


def test_a_blocked_frame_loop_stops_the_pings_and_they_resume_when_it_runs(
        headless: pygame.Surface, manager: Manager) -> None:  # noqa: F811
    app = make_app(headless, REPO / "content")
    app.service = ServiceReport(None, ServiceNotifier.from_environ(
        {"NOTIFY_SOCKET": manager.name, "WATCHDOG_USEC": "400000", "WATCHDOG_PID": str(os.getpid())}))
    marks: dict[str, float] = {}

    def block() -> None:  # a scene that hangs for 1.5 s, as a stuck decoder or a bug would
        marks["blocked"] = time.monotonic()
        time.sleep(1.5)
        marks["free"] = time.monotonic()

    def script() -> None:
        time.sleep(1.0)
        app.inbox.put(block)
        app.wake()
        time.sleep(3.0)
        app.inbox.put(app.stop)

    threading.Thread(target=script, daemon=True).start()
    heard: list[tuple[float, str]] = []
    listener = threading.Thread(target=lambda: heard.extend(_stamped(manager, 5.0)), daemon=True)
    listener.start()
    app.run()
    listener.join()
    pings = [t for t, m in heard if m == "WATCHDOG=1"]
    assert any(m.startswith("READY=1") for _t, m in heard)
    during = [t for t in pings if marks["blocked"] + 0.05 < t < marks["free"] - 0.05]
    assert during == []  # a systemd with WatchdogSec=0.4 would have restarted the kiosk
    assert [t for t in pings if t < marks["blocked"]] and [t for t in pings if t > marks["free"]]
