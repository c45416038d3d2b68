"""Follow a few single files while the kiosk runs: config.yaml and the attract playlist.

The same care as for content/ (kiosk/live/watcher.py), for files that are not in it: one
thread of its own takes watchdog's events on the folders that hold them (not recursively:
the interaction log beside config.yaml writes all day in data/, and that is never
reported), lets each change settle (kiosk/live/settle.py: a file still being written is
never read), then calls the reader given for that file, on this thread. Temporary files
are never read: only the exact paths followed count, so an editor's `.config.yaml.swp` is
nothing until it is renamed into place.

With `live.watch: polling` the files are looked at every `poll_s` (a network share reports
nothing); with inotify a look every `rescan_s` catches what the events missed. Once a second
the thread checks the folders are still the ones it watches: a playlists/ folder created
after the start, or replaced, is followed from then on.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from kiosk.config import LiveConfig
from kiosk.live.loop import RETUNE, WatchLoop
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
from kiosk.live.watcher import QUIET_S, WRITES

log = logging.getLogger(__name__)

Reader = Callable[[float], None]  # called with the monotonic time of the change's last event
Stat = tuple[int, int, int] | None  # size, modification time, inode; None: not there


class FileWatcher(WatchLoop):
    """Calls each followed file's reader, on a thread of its own, after each settled change."""

    def __init__(self, settings: LiveConfig) -> None:
        self.settings = settings
        self.polling = settings.watch == "polling"
        self.settler = Settler(QUIET_S, settings.settle_s, settings.rescan_s or math.inf)
        self._lock = threading.Lock()  # guards the readers, which other threads may change
        self._watching = threading.Lock()  # one thread at a time sets the observer up again
        self._readers: dict[str, Reader] = {}
        self._followed: frozenset[str] = frozenset()  # read by watchdog's thread without the lock
        self._folders: dict[str, tuple[int, int] | None] = {}  # watched folder -> its identity
        self._stats: dict[str, Stat] = {}  # each file as last looked at, for polling and rescans
        self._events: queue.SimpleQueue[tuple[str, str, float] | None] = queue.SimpleQueue()
        self._received = 0
        self._handled = 0
        self._reading = False
        self._observer: BaseObserver | None = None
        self._notes: list[str] = []  # for the administrator, handed to on_note on the watcher's thread
        self.on_note: Callable[[str], None] = lambda note: None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def follow(self, path: Path, read: Reader) -> None:
        """Read `path` with `read` after each settled change of it, from now on."""
        key = _key(path)
        with self._lock:
            self._readers[key] = read
            self._followed = frozenset(self._readers)
            self._stats[key] = _stat(key)
        self._watch_again()

    def forget(self, path: Path) -> None:
        """Stop following `path` (the attract playlist was renamed in config.yaml)."""
        key = _key(path)
        with self._lock:
            self._readers.pop(key, None)
            self._followed = frozenset(self._readers)
            self._stats.pop(key, None)
        self._watch_again()

    def read_now(self, path: Path) -> None:
        """Read `path` on the watcher's thread as soon as nothing is arriving in it."""
        self._put(_key(path), COMPLETE)

    def retune(self, settings: LiveConfig) -> None:
        """live.poll_s, rescan_s or settle_s changed in config.yaml (live.watch waits for a restart)."""
        self.settings = settings
        self.settler.settle_s = settings.settle_s
        self.settler.lost_close_s = settings.rescan_s or math.inf
        self._events.put(RETUNE)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="file-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._events.put(None)
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._watching:
            self._unwatch()

    @property
    def idle(self) -> bool:
        """Every change seen so far has been read (for tests and benchmarks)."""
        return self._received == self._handled and self.settler.pending == 0 and not self._reading

    def _hand_on_notes(self) -> None:
        while self._notes:
            self.on_note(self._notes.pop(0))

    def _look(self, path: str) -> Look | None:
        return _look_at(path)

    def _read(self, batch: Batch) -> None:
        self._reading = True
        for path in sorted(batch.paths):
            with self._lock:
                reader = self._readers.get(path)
                if reader is not None:
                    self._stats[path] = _stat(path)  # what the next rescan compares with
            if reader is None:
                continue  # no longer followed
            try:
                reader(batch.last_event)
            except Exception:  # a reader's bug must not end following: the next save reads again
                log.exception("reading %s after a change failed", path)
        self._reading = False

    def _rescan(self, now: float) -> None:
        with self._lock:
            changed = []
            for path, before in self._stats.items():
                after = _stat(path)
                if after != before:
                    self._stats[path] = after
                    changed.append(path)
        for path in changed:
            self.settler.note(path, UNSURE, now)

    def _follow_folders(self, now: float) -> None:
        with self._lock:
            folders = dict(self._folders)
        if all(_identity(folder) == identity for folder, identity in folders.items()):
            return
        log.info("a folder holding %s appeared, vanished or was replaced; watching it again",
                 ", ".join(sorted(self._followed)))
        self._watch_again()
        for path in self._followed:
            self.settler.note(path, COMPLETE, now)

    def _watch_again(self) -> None:
        """Watch the folders of the files followed now (all of them again: there are few)."""
        with self._watching:
            self._set_up_watches()

    def _set_up_watches(self) -> None:
        with self._lock:
            folders = sorted({os.path.dirname(path) for path in self._readers})
            self._folders = {folder: _identity(folder) for folder in folders}
        self._unwatch()
        if self.polling:
            return
        observer = Observer()
        try:
            for folder, identity in self._folders.items():
                if identity is not None:
                    observer.schedule(_Events(lambda: self._followed, self._put), folder, recursive=False,
                                      event_filter=WRITES)
            observer.start()
        except OSError as err:  # usually the inotify watch limit
            self._polling_instead(", ".join(folders), err)
            return
        self._observer = observer

class _Events(FileSystemEventHandler):
    """watchdog's events on the followed files -> (path, its state for the Settler)."""

    def __init__(self, followed: Callable[[], Iterable[str]], put: Callable[[str, str], None]) -> None:
        self.followed = followed
        self.put = put

    def dispatch(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if event.is_directory or kind in ("opened", "closed_no_write"):
            return
        followed = self.followed()
        source = os.fsdecode(event.src_path)
        if source in followed:  # written, removed, or renamed away (then it is gone)
            self.put(source, {"modified": WRITING, "created": CREATED, "attrib": TOUCHED}.get(kind, COMPLETE))
        if kind == "moved" and (dest := os.fsdecode(event.dest_path)) in followed:
            self.put(dest, COMPLETE)  # an editor's save renamed into place


def _key(path: Path) -> str:
    return os.path.abspath(path)


def _stat(path: str) -> Stat:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _look_at(path: str) -> Look | None:
    st = _stat(path)
    return None if st is None else (st[0], st[1])


def _identity(folder: str) -> tuple[int, int] | None:
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
