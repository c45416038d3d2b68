"""data/status.json: what the kiosk is doing, for the console, the fleet and a person at a shell.

The main loop only hands over values (a dict update, no disk); a thread of its own writes the
file atomically (temporary name, fsync, rename) when something changed and at least every
10 s. `heartbeat_at` is the last time the frame loop itself went round, not the writer's
clock, so a hung loop shows as an old heartbeat even while the file goes on being written.
Field by field: docs/ADMIN.md#the-status-file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.config import Config

WRITE_EVERY_S = 10.0
FINGERPRINT_AFTER_S = 5.0  # after start: reading every file's ends waits until the hall is on screen
STALE_AFTER_S = 30.0  # `status` calls a kiosk whose loop has not gone round for this long not running
SAMPLE = 64 * 1024  # bytes read from each end of a file for the content fingerprint


def status_path(config: Config) -> Path:
    """Beside the interaction log, in data/."""
    return config.paths.log_db.parent / "status.json"


def stamp(seconds: float) -> str:
    """Wall-clock seconds -> ISO 8601 with the local offset, to the second."""
    return datetime.fromtimestamp(seconds, UTC).astimezone().isoformat(timespec="seconds")


class StatusFile:
    def __init__(self, path: Path, fields: dict[str, Any], content: Path | None = None) -> None:
        self.path = path
        self.content = content
        self._fields = {**fields, "pid": os.getpid(), "started_at": stamp(time.time())}
        self._beat = time.time()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        # Worked out a few seconds after start, not while the first frame is being made.
        self._fingerprint_at: float | None = time.monotonic() + FINGERPRINT_AFTER_S if content is not None else None
        self._thread = threading.Thread(target=self._run, name="status", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def beat(self) -> None:
        """The frame loop went round (every frame: an assignment, nothing more)."""
        self._beat = time.time()

    def update(self, **fields: Any) -> None:
        """New values from the main loop; written at once when they differ."""
        with self._lock:
            changed = any(self._fields.get(k) != v for k, v in fields.items())
            self._fields.update(fields)
        if changed:
            self._wake.set()

    def content_changed(self) -> None:
        """content/ was read again: the fingerprint is worked out anew, off the main loop."""
        if self.content is not None:
            self._fingerprint_at = time.monotonic()
        self._wake.set()

    def stop(self, **fields: Any) -> None:
        self.update(**fields)
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            stopping = self._stop.is_set()  # seen before the write, so the last write has the last values
            due = self._fingerprint_at
            if due is not None and time.monotonic() >= due and not stopping:
                self._fingerprint_at = None
                self.update(content_fingerprint=fingerprint(self.content))  # type: ignore[arg-type]
            self._write()
            if stopping:
                return
            due = self._fingerprint_at
            self._wake.wait(WRITE_EVERY_S if due is None else min(WRITE_EVERY_S, max(0.0, due - time.monotonic())))
            self._wake.clear()

    def _write(self) -> None:
        with self._lock:
            doc = dict(self._fields)
        doc["heartbeat_at"] = stamp(self._beat)
        doc["disk_free_bytes"] = _free(self.path.parent)
        try:
            write_atomically(self.path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        except OSError:
            pass  # a full or read-only disk: the kiosk runs on; the log shows the disk's problem


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def _free(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def fingerprint(content: Path) -> str:
    """The same value for the same files on any machine: names, sizes and the bytes at both
    ends of every file (a whole 2 GB video is not read). Hidden files are left out, as the
    kiosk leaves them out."""
    digest = hashlib.sha256()
    for path in sorted(_files(content)):
        try:
            size = path.stat().st_size
            with open(path, "rb") as data:
                head = data.read(SAMPLE)
                data.seek(max(size - SAMPLE, len(head)))
                tail = data.read(SAMPLE)
        except OSError:
            continue  # gone while being read: the next reload counts again
        name = path.relative_to(content).as_posix().encode("utf-8", "surrogateescape")
        digest.update(b"%d:%s:%d:" % (len(name), name, size))
        digest.update(hashlib.sha256(head + tail).digest())
    return "sha256:" + digest.hexdigest()[:32]


def _files(content: Path):
    for folder, dirs, files in os.walk(content):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(folder) / name


def read_status(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def running(doc: dict[str, Any] | None, now: float) -> bool:
    """True while the kiosk's frame loop went round within the last 30 s."""
    if not doc or "heartbeat_at" not in doc or doc.get("state") == "stopped":
        return False
    try:
        beat = datetime.fromisoformat(doc["heartbeat_at"]).timestamp()
    except (TypeError, ValueError):
        return False
    return now - beat <= STALE_AFTER_S
