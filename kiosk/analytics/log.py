"""The durable interaction log: events go to SQLite from a thread of their own.

Administrators must never lose a logged event, and visitors must never wait for a disk. So
`emit` (main loop) only stamps the event and appends it to a bounded memory queue; a writer
thread commits what is queued at least twice a second, in one transaction per batch, in WAL
mode with full sync. A `kill -9` or a power cut at any moment leaves a database that opens
clean, missing at most the last half second. When the disk is full or the folder cannot be
written, events wait in memory (up to `queue_limit`), the problem is shown to the
administrator, and writing resumes by itself when the disk allows it again.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from kiosk.analytics.events import NEVER_LOGGED, ON_A_PANEL, VOCABULARY
from kiosk.analytics.schema import SchemaTooNew, migrate

log = logging.getLogger(__name__)

QUEUE_LIMIT = 200_000  # events held while the disk refuses them: about 60 MB, a busy week
BATCH = 5_000  # rows per transaction: a burst is written in a few commits
MAX_VALUE_CHARS = 2_000  # the JSON value must stay small
RETENTION_EVERY_S = 24 * 3600

Row = tuple[int, int, int | None, str, str | None, str | None, str | None, str]
INSERT = ("INSERT INTO events (ts_ms, utc_offset_min, session, kind, zone, panel, title, value, kiosk) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


class Visit:
    """Which visit and which panel (open, or just left) the next event belongs to; main loop only.

    The session id is the session_start's time in ms: unique per kiosk, and it needs no
    database read, so the main loop never waits for one.
    """

    def __init__(self) -> None:
        self.session: int | None = None
        self.zone: str | None = None
        self.panel: str | None = None

    def stamp(self, kind: str, ts_ms: int, zone: str | None,
              panel: str | None) -> tuple[int | None, str | None, str | None]:
        if kind == "session_start":
            self.session = ts_ms
        session = self.session
        if zone is None and panel is None and kind in ON_A_PANEL:
            zone, panel = self.zone, self.panel
        if kind == "session_end":
            self.session, self.zone, self.panel = None, None, None
        elif kind == "panel_open":
            self.zone, self.panel = zone, panel
        elif kind == "zone_enter":
            self.zone, self.panel = zone, None
        # After panel_close the panel is kept: a player stopped by leaving the panel reports
        # its viewing just after.
        return session, zone, panel


def value_json(value: dict[str, object]) -> str:
    """The event's small JSON value, without anything personal, never raising."""
    kept = {k: v for k, v in value.items() if k.lower() not in NEVER_LOGGED}
    if not kept:
        return "{}"
    try:
        text = json.dumps(kept, ensure_ascii=False, separators=(",", ":"), default=str)
    except (TypeError, ValueError):  # a circular list: keep the event, say what was lost
        return json.dumps({"unreadable": sorted(kept)})
    if len(text) > MAX_VALUE_CHARS:
        return json.dumps({"too_long": sorted(kept)}, ensure_ascii=False)
    return text


def connect(path: Path) -> sqlite3.Connection:
    """A connection for the writer thread; transactions are explicit (BEGIN ... COMMIT)."""
    return sqlite3.connect(path, isolation_level=None, timeout=5)


class InteractionLog:
    """An EventSink that writes to the SQLite log at `path`. Call `start` once, `close` at the end."""

    def __init__(self, path: Path, kiosk_id: str, *, retention_days: int = 365, queue_limit: int = QUEUE_LIMIT,
                 flush_s: float = 0.5, retry_s: float = 5.0,
                 connect: Callable[[Path], sqlite3.Connection] = connect) -> None:
        self.path = path
        self.kiosk_id = kiosk_id
        self.retention_days = retention_days
        self.queue_limit = queue_limit
        self.flush_s = flush_s
        self.retry_s = retry_s
        self._connect = connect
        self._queue: deque[Row] = deque()
        self._visit = Visit()
        self._strangers: set[str] = set()  # kinds outside the vocabulary, warned about once
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="interaction-log", daemon=True)
        self.dropped = 0  # events refused because the queue was full
        self._dropped_logged = 0
        self.written = 0
        self.problem: str | None = None  # set by the writer while it cannot write
        self._shown: str | None = None
        # Called from the writer thread when `problem` changes; the kiosk hands
        # show_problem to the main loop from here.
        self.on_change: Callable[[], None] | None = None

    # The main loop's side: stamp and enqueue, nothing else.
    def emit(self, kind: str, *, zone: str | None = None, panel: str | None = None,
             title: str | None = None, **value: object) -> None:
        now = time.time()
        ts_ms = int(now * 1000)
        if kind not in VOCABULARY and kind not in self._strangers:  # recorded all the same
            self._strangers.add(kind)
            log.warning("interaction log: '%s' is not in docs/EVENTS.md; add it there", kind)
        session, zone, panel = self._visit.stamp(kind, ts_ms, zone, panel)
        if len(self._queue) >= self.queue_limit:
            self.dropped += 1
            return
        offset = time.localtime(now).tm_gmtoff // 60
        self._queue.append((ts_ms, offset, session, kind, zone, panel, title, value_json(value)))

    @property
    def waiting(self) -> int:
        """Events in memory, not yet on disk."""
        return len(self._queue)

    def show_problem(self, problems: list[str]) -> None:
        """On the main loop: keep this log's current problem, and only it, in `problems`."""
        if self._shown is not None and self._shown in problems:
            problems.remove(self._shown)
        self._shown = self.problem
        if self._shown is not None:
            problems.append(self._shown)

    def start(self) -> InteractionLog:
        self._thread.start()
        return self

    def close(self, timeout_s: float = 5.0) -> int:
        """Write what is queued and stop; returns how many events could not be written."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
        return len(self._queue)

    # The writer thread.
    def _run(self) -> None:
        db: sqlite3.Connection | None = None
        next_open = 0.0
        next_retention = 0.0
        while True:
            stopping = self._stop.wait(self.flush_s)
            now = time.monotonic()
            if db is None and (now >= next_open or stopping):
                db = self._open()
                next_open = now + self.retry_s
            if db is not None and not self._write(db):
                db.close()
                db = None
            if db is not None and now >= next_retention:
                next_retention = now + RETENTION_EVERY_S
                self._prune(db)
            if stopping:
                break
        if db is not None:
            db.close()

    def _open(self) -> sqlite3.Connection | None:
        db = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = self._connect(self.path)
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only takes effect on a new log
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                raise sqlite3.OperationalError(f"WAL mode refused (got {mode})")
            db.execute("PRAGMA synchronous = FULL")  # a committed batch survives a power cut
            migrate(db)
            return db
        except SchemaTooNew as err:
            self._set_problem(f"interaction log {self.path}: {err}; events wait in memory")
        except (sqlite3.Error, OSError) as err:
            self._set_problem(self._cannot_write(err))
        if db is not None:
            db.close()
        return None

    def _write(self, db: sqlite3.Connection) -> bool:
        """Commit everything queued, a batch per transaction; False when the disk refused."""
        try:
            self._note_dropped(db)
            while self._queue:
                batch = list(itertools.islice(self._queue, BATCH))
                db.execute("BEGIN IMMEDIATE")
                db.executemany(INSERT, [(*row, self.kiosk_id) for row in batch])
                db.execute("COMMIT")
                for _ in batch:  # only now: a refused batch stays queued, in order
                    self._queue.popleft()
                self.written += len(batch)
        except sqlite3.Error as err:
            with contextlib.suppress(sqlite3.Error):  # the connection is closed next anyway
                db.execute("ROLLBACK")
            self._set_problem(self._cannot_write(err))
            return False
        self._set_problem(None)
        return True

    def _note_dropped(self, db: sqlite3.Connection) -> None:
        """After an overflow, one event in the log says how many were lost and when."""
        lost = self.dropped - self._dropped_logged
        if lost <= 0:
            return
        now = time.time()
        db.execute(INSERT, (int(now * 1000), time.localtime(now).tm_gmtoff // 60, None, "log_overflow",
                            None, None, None, json.dumps({"lost": lost}), self.kiosk_id))
        self._dropped_logged += lost

    def _prune(self, db: sqlite3.Connection) -> None:
        """Retention: events older than `retention_days` go, a few thousand rows per transaction."""
        cutoff = int((time.time() - self.retention_days * 86400) * 1000)
        try:
            deleted = BATCH
            while deleted:  # a few thousand rows at a time: the writer never holds the file for long
                deleted = db.execute("DELETE FROM events WHERE id IN (SELECT id FROM events WHERE ts_ms < ? LIMIT ?)",
                                     (cutoff, BATCH)).rowcount
            db.execute("PRAGMA incremental_vacuum")
        except sqlite3.Error as err:  # the next day tries again; writing matters more
            log.warning("interaction log %s: old events could not be removed (%s)", self.path, err)

    def _cannot_write(self, err: Exception) -> str:
        return (f"interaction log {self.path} cannot be written ({err}); events wait in memory "
                f"(up to {self.queue_limit:,}) and are written as soon as it can be: "
                "free disk space or make the folder writable")

    def _set_problem(self, problem: str | None) -> None:
        if problem == self.problem:
            return
        if problem is None:
            log.info("interaction log %s: writing again", self.path)
        else:
            log.warning("%s", problem)
        self.problem = problem
        if self.on_change is not None:
            self.on_change()
