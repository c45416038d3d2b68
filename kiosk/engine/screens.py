"""Follow the screens connected to the kiosk PC while it runs.

A screen switched on after the PC, the named output plugged in late, or a panel that came up
at a lower mode first: the kiosk's window must end up covering the right screen at its own
size. Every few seconds a thread asks `xrandr` (a few milliseconds, off the main loop) and,
when the chosen placement would change, asks the kiosk to start again on the new one: every
size in the screens is laid out for the screen, so a clean start is the one way to be right.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Callable

from kiosk.engine.outputs import Output, Placement, moved, parse_xrandr

log = logging.getLogger(__name__)

CHECK_EVERY_S = float(os.environ.get("KIOSK_SCREEN_CHECK_S", "10"))  # tests look more often


class ScreenFollower:
    def __init__(self, placement: Placement | None, wanted: str, orientation: str, app, wake: Callable[[], None]) -> None:
        self.placement, self.wanted, self.orientation = placement, wanted, orientation
        self.app, self.wake = app, wake
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if placement is not None and os.environ.get("DISPLAY") and shutil.which("xrandr"):
            self._thread = threading.Thread(target=self._run, name="screens", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(CHECK_EVERY_S):
            outputs = xrandr_outputs()
            better = moved(self.placement, outputs, self.wanted, self.orientation) if outputs else None  # type: ignore[arg-type]
            if better is not None:
                x, y, w, h = better.rect
                self._restart(f"the screen changed: {better.output.name} is now {w}x{h} at {x},{y}")
                return

    def _restart(self, reason: str) -> None:
        log.warning("%s", reason)
        self.app.inbox.put(lambda: self.app.stop(restart=reason))
        self.wake()

    def stop(self) -> None:
        self._stop.set()


def xrandr_outputs() -> list[Output]:
    """The outputs `xrandr` lists as connected and showing a picture; [] where it cannot tell."""
    if not os.environ.get("DISPLAY") or not shutil.which("xrandr"):
        return []
    try:
        done = subprocess.run(["xrandr", "--query"], check=False, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_xrandr(done.stdout) if done.returncode == 0 else []
