"""What the kiosk tells the world outside its screen while it runs: the status file, and the
service manager's notifications (ready after the first frame, a watchdog ping from the
frame loop itself, the scene as the service's status line).

The frame loop calls `frame()` every time round; everything else is called when something
changes. Nothing here touches the disk on the main loop (status.py writes in its own thread,
a notification is one datagram).
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from kiosk.service.calendar import HallState
from kiosk.service.status import StatusFile, stamp


class Notifier(Protocol):
    def ready(self, status: str | None = None) -> None: ...
    def watchdog(self, now: float) -> None: ...
    def status(self, text: str) -> None: ...
    def stopping(self) -> None: ...


class ServiceReport:
    def __init__(self, status: StatusFile | None, notifier: Notifier | None) -> None:
        self.status_file = status
        self.notifier = notifier
        self._ready = False
        self._touched = False

    def frame(self, now: float) -> None:
        if self.status_file is not None:
            self.status_file.beat()
        if self.notifier is not None:
            self.notifier.watchdog(now)

    def drawn(self, scene: str, zone: str | None, panel: str | None) -> None:
        """A frame is on screen: the first one makes the service ready."""
        words = _words(scene, zone, panel)
        if self.status_file is not None:
            self.status_file.update(scene=scene, zone=zone, panel=panel)
        if self.notifier is None:
            return
        if not self._ready:
            self._ready = True
            self.notifier.ready(words)
        else:
            self.notifier.status(words)

    def hall(self, state: HallState) -> None:
        """Open or closed and the playlist by the calendar, with why (the rule's file and line)."""
        if self.status_file is not None:
            self.status_file.update(open=state.open, closed_mode=None if state.open else state.closed_mode,
                                    playlist=state.playlist, playlist_why=state.why,
                                    hours_why=state.opening_why)

    def touched(self) -> None:
        if not self._touched:
            self._touched = True
            if self.status_file is not None:
                self.status_file.update(touched=True, first_touch_at=stamp(time.time()))

    def content(self, panels: int, errors: int, warnings: int, reloaded: bool = True) -> None:
        if self.status_file is None:
            return
        fields: dict[str, Any] = {"panels": panels, "problems": {"errors": errors, "warnings": warnings}}
        if reloaded:
            fields["last_reload_at"] = stamp(time.time())
        self.status_file.update(**fields)
        if reloaded:
            self.status_file.content_changed()

    def stopping(self) -> None:
        if self.notifier is not None:
            self.notifier.stopping()
        if self.status_file is not None:
            self.status_file.stop(state="stopped", scene=None, zone=None, panel=None)


def _words(scene: str, zone: str | None, panel: str | None) -> str:
    return " ".join(part for part in (scene, panel or zone) if part)
