"""Follow content/ while the kiosk runs: curators' changes reach the screen within a second.

One thread of its own does everything slow: it takes watchdog's events (inotify on a local
disk, or compares snapshots every `poll_s` on a network share, where no events come), lets
each change settle (kiosk/live/settle.py: never a half-copied file), re-reads just the parts
of content/ it touches (kiosk/live/reload.py) and hands the new Catalog to `deliver`, which
passes it to the main loop. A rescan every `rescan_s` catches whatever the events missed.

Paths are filtered here, not with watchdog's patterns (watchdog 7 matches them against the
whole path): temporary and hidden files (is_ignored) never cause a read, and the kiosk's own
reads (open and close-without-write events) are not changes.

The folder called content/ can itself be replaced (`mv content content.old; mv new content`,
a network share that reconnects): once a second the thread checks it still watches the
folder of that name, and if not, starts over on the new one.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from kiosk.config import LiveConfig, ZoneConfig
from kiosk.content.loader import is_ignored
from kiosk.content.model import Catalog
from kiosk.content.parts import addresses
from kiosk.live import snapshot
from kiosk.live.loop import RETUNE, WatchLoop
from kiosk.live.pace import yield_the_cpu
from kiosk.live.reload import Reload, Reloader
from kiosk.live.settle import (
    COMPLETE,
    CREATED,
    TOUCHED,
    UNSURE,
    WRITING,
    Batch,
    Look,
    Settler,
)

log = logging.getLogger(__name__)

QUIET_S = 0.3  # no event for this long: the save or the copy of a panel has finished


# Only what writes, creates, moves or removes: the kernel then never reports the kiosk's own
# reads (every picture decoded, every panel loaded), which cost a thread's time per file.
WRITES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, DirCreatedEvent, FileModifiedEvent, FileClosedEvent, FileMovedEvent, DirMovedEvent,
    FileDeletedEvent, DirDeletedEvent,
]

class ContentWatcher(WatchLoop):
    """Hands on a Reload for each settled change of content/, from a thread of its own."""

    def __init__(self, root: Path, zones: Sequence[ZoneConfig], settings: LiveConfig,
                 pace: Callable[[], None] = lambda: None) -> None:
        self.root = root
        self.settings = settings
        self.polling = settings.watch == "polling"
        self.pace = pace  # between two panels or folders: lets a frame of the main loop go first
        self.reloader = Reloader(root, zones, pace=pace)
        zone_ids = {z.id for z in zones}
        # A file written but not closed for a whole rescan period lost its close event.
        self.settler = Settler(QUIET_S, settings.settle_s, settings.rescan_s or math.inf,
                               lambda rel: addresses(rel, zone_ids))
        self._events: queue.SimpleQueue[tuple[str, str, float] | None] = queue.SimpleQueue()
        self._received = 0  # counted by watchdog's thread
        self._handled = 0  # counted by ours
        self._reading = False
        self._observer: BaseObserver | None = None
        self._watched: tuple[int, int] | None = None
        self._snapshot: snapshot.Snapshot = {}
        self._notes: list[str] = []
        self._deliver: Callable[[Reload], None] = lambda _reload: None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def load(self) -> Catalog:
        """Start watching, then read everything, so that nothing changed during the read is lost."""
        self._watch()
        if self.polling:  # the snapshot is how polling sees changes: it must predate the read
            self._snapshot = snapshot.take(self.root)
        return self.reloader.load()

    def start(self, deliver: Callable[[Reload], None]) -> None:
        """Follow changes from now on; `deliver` is called on the watcher's thread."""
        self._deliver = deliver
        self._thread = threading.Thread(target=self._run, name="content-watcher", daemon=True)
        self._thread.start()

    def retune(self, settings: LiveConfig) -> None:
        """live.poll_s, rescan_s or settle_s changed in config.yaml: used from now on. (How changes
        are noticed, live.watch, waits for a restart.)"""
        self.settings = settings
        self.settler.settle_s = settings.settle_s
        self.settler.lost_close_s = settings.rescan_s or math.inf
        self._events.put(RETUNE)

    def stop(self) -> None:
        self._stop.set()
        self._events.put(None)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._unwatch()

    @property
    def idle(self) -> bool:
        """Every change seen so far has been read and handed on (for tests and benchmarks)."""
        return self._received == self._handled and self.settler.pending == 0 and not self._reading

    def _begin(self) -> None:
        yield_the_cpu()  # the main loop's frames come first
        if not self.polling:  # inotify saw any change since the read; the rescans' baseline can wait till now
            self._snapshot = snapshot.take(self.root, self.pace)

    def _read(self, batch: Batch) -> None:
        self._reading = True
        try:
            result = self.reloader.reload(batch.paths, batch.last_event)
        except Exception:  # a reader's bug must not end live updates: the next change or rescan reads again
            log.exception("reading the changes in content/ failed: %s", sorted(batch.paths)[:5])
            result = None
        if result is not None:
            self._deliver(result)
        self._reading = False

    def _rescan(self, now: float) -> None:
        after = snapshot.take(self.root, self.pace)
        for rel in snapshot.changes(self._snapshot, after):
            self.settler.note(rel, UNSURE, now)
        self._snapshot = after

    def _look(self, rel: str) -> Look | None:
        try:
            st = os.stat(self.root / rel)
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def _follow_folders(self, now: float) -> None:
        if _identity(self.root) == self._watched:
            return
        log.info("the content folder %s appeared, vanished or was replaced; reading it again", self.root)
        self._unwatch()
        self._watch()
        self.settler.note("", COMPLETE, now)  # everything, once nothing is arriving any more

    def _watch(self) -> None:
        self._watched = _identity(self.root)
        if self.polling or self._watched is None:
            return
        observer = Observer()
        try:
            observer.schedule(_Events(self.root, self._put), str(self.root), recursive=True,
                              event_filter=WRITES)
            observer.start()
        except OSError as err:  # usually the inotify watch limit of a very large hall
            self._polling_instead(str(self.root), err)
            return
        self._observer = observer

    def read_everything(self) -> None:
        """The administrator asked for a reload: every panel is read again, on the watcher's
        thread, with the same care as any change (a broken edit keeps its last good version)."""
        self._put("", COMPLETE)

    def _hand_on_notes(self) -> None:
        if self._notes:
            notes, self._notes = tuple(self._notes), []
            self._deliver(Reload(None, notes=notes))


class _Events(FileSystemEventHandler):
    """watchdog's events -> (path relative to content/, its state for the Settler)."""

    def __init__(self, root: Path, put: Callable[[str, str], None]) -> None:
        self.root = str(root)
        self.put = put

    def dispatch(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if kind in ("opened", "closed_no_write") or (event.is_directory and kind in ("modified", "attrib")):
            return  # reads (ours included), and folders whose files report for themselves
        state = COMPLETE  # closed after writing, removed, moved, and every folder event
        if not event.is_directory:
            state = {"modified": WRITING, "created": CREATED, "attrib": TOUCHED}.get(kind, COMPLETE)
        self._forward(event.src_path, state)
        if kind == "moved":
            self._forward(event.dest_path, COMPLETE)  # renamed into place

    def _forward(self, path: bytes | str, state: str) -> None:
        rel = os.path.relpath(os.fsdecode(path), self.root).replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):
            return  # moved out of content/
        rel = "" if rel == "." else rel
        if any(is_ignored(name) for name in rel.split("/") if name):
            return
        self.put(rel, state)


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
