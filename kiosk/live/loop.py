"""The thread both watchers run (content/ and the single files: playlist, config.yaml).

Events from watchdog wait in a queue until the thread hands them to the Settler; a rescan
comes every `rescan_s` (every `poll_s` when polling, where no events arrive); the watched
folders are looked at every few seconds in case one was replaced; and a batch of changes is
read only once the Settler says it is complete. Each watcher says what its notes, folders,
looks, rescans and reads are.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from abc import ABC, abstractmethod

from watchdog.observers.api import BaseObserver

from kiosk.config import LiveConfig
from kiosk.live.settle import Batch, Look, Settler

ROOT_CHECK_S = 1.0  # how often a watcher looks whether its folders were replaced or came back
log = logging.getLogger(__name__)

RETUNE = ("", "retune", 0.0)  # in the queue of events: not a change, the timers are to be set again


class WatchLoop(ABC):
    settings: LiveConfig
    polling: bool
    settler: Settler
    _events: queue.SimpleQueue[tuple[str, str, float] | None]
    _handled: int
    _received: int
    _stop: threading.Event
    _observer: BaseObserver | None
    _notes: list[str]

    def _run(self) -> None:
        self._begin()
        now = time.monotonic()
        next_scan, next_folder_check = now + self._scan_interval(), now + ROOT_CHECK_S
        while not self._stop.is_set():
            self._hand_on_notes()
            look = self.settler.next_look()
            wake = min(next_scan, next_folder_check, math.inf if look is None else look)
            if self._take_events(max(0.0, wake - time.monotonic())):
                next_scan = time.monotonic() + self._scan_interval()
            now = time.monotonic()
            if now >= next_folder_check:
                next_folder_check = now + ROOT_CHECK_S
                self._follow_folders(now)
            if now >= next_scan:
                next_scan = now + self._scan_interval()
                self._rescan(now)
            batch = self.settler.ready(now, self._look)
            if batch is not None:
                self._read(batch)

    def _scan_interval(self) -> float:
        if self.polling:
            return self.settings.poll_s
        return self.settings.rescan_s or math.inf

    def _take_events(self, timeout: float) -> bool:
        """Hand the events waiting to the Settler; True when the settings were retuned."""
        retuned = False
        try:
            item = self._events.get(timeout=timeout)
        except queue.Empty:
            return False
        while item is not None:  # None: stop() wants the thread to end
            if item is RETUNE:
                retuned = True
            else:
                path, state, at = item
                self.settler.note(path, state, at)
                self._handled += 1
            try:
                item = self._events.get_nowait()
            except queue.Empty:
                break
        return retuned

    def _put(self, path: str, state: str) -> None:
        """On watchdog's thread: queue one event for the watcher's thread."""
        self._received += 1
        self._events.put((path, state, time.monotonic()))

    def _polling_instead(self, what: str, err: OSError) -> None:
        """inotify refused (usually its watch limit): look every poll_s, and tell the administrator."""
        self.polling = True
        note = (f"the kernel cannot watch {what} ({err.strerror or err}); changes are found by looking every "
                f"{self.settings.poll_s:g} s instead. To get them at once, raise the limit: "
                "sudo sysctl fs.inotify.max_user_watches=524288")
        log.warning(note)
        self._notes.append(note)

    def _unwatch(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None

    def _begin(self) -> None:
        """First, on the watcher's own thread, before any change is read."""

    @abstractmethod
    def _hand_on_notes(self) -> None:
        """Give the administrator's notes (out of watches, a folder gone) to whoever shows them."""

    @abstractmethod
    def _follow_folders(self, now: float) -> None:
        """Watch again a folder that was replaced, deleted or created."""

    @abstractmethod
    def _rescan(self, now: float) -> None:
        """Compare every watched file with its last look; tell the Settler what changed."""

    @abstractmethod
    def _look(self, path: str) -> Look | None:
        """A file's size and time now, or None when it is gone."""

    @abstractmethod
    def _read(self, batch: Batch) -> None:
        """Read a complete batch of changes."""
