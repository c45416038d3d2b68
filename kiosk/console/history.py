"""data/history/: the previous version of every file a console change replaced or deleted.

One folder per change, named by its time (`20270701-093000-123456`), holding the old files
(numbered) and change.json: who, when, what, and each path with its state before (a saved
copy, or "none" when the change created the file). Restoring a change puts every path back
as it was before it; the restore is itself a change, so it can be undone in turn. Old files
are hard links where the disk allows (a replaced 2 GB video costs no copy), kept within the
size and age set in config.yaml; the newest change is always kept so the last mistake can be
undone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.config import HistoryLimits
from kiosk.console.files import (
    Hall,
    Target,
    files_under,
    make_folders,
    put_in_place,
    remove,
    resolve,
    temporary_beside,
    write_atomically,
)
from kiosk.console.refusal import Refused
from kiosk.service.status import stamp

RECORD = "change.json"
CHANGE_ID = re.compile(r"\d{8}-\d{6}-\d{6,7}")
DAY_S = 86_400
ABANDONED_AFTER_S = DAY_S  # a folder without its record this old was a change cut short


class Change:
    """One change being made: call keep(target) before touching target, then commit()."""

    def __init__(self, history: History, user: str, action: str, restores: str | None) -> None:
        self.history = history
        self.id, self.folder = history.new_folder()
        self.record: dict[str, Any] = {"id": self.id, "at": stamp(history.clock()), "user": user,
                                       "action": action, "files": []}
        if restores:
            self.record["restores"] = restores
        self._seen: set[str] = set()

    def keep(self, target: Target) -> None:
        """Save what target is now (every file under it, for a folder) before it changes."""
        for file in files_under(target):
            name = f"{target.root}/{file.relative_to(target.base).as_posix()}"
            if name in self._seen:
                continue  # the state before the change is the first one seen
            self._seen.add(name)
            entry: dict[str, Any] = {"path": name, "before": "none"}
            if file.is_file():
                copy = self.folder / str(len(self.record["files"]))
                try:
                    os.link(file, copy)
                except OSError:  # another disk, or links not allowed: a real copy
                    shutil.copy2(file, copy)
                entry = {"path": name, "before": "file", "copy": copy.name, "bytes": copy.stat().st_size}
            self.record["files"].append(entry)

    def commit(self) -> dict[str, Any] | None:
        """Write the record (nothing at all if nothing changed); the oldest changes may go."""
        if not self.record["files"]:
            shutil.rmtree(self.folder, ignore_errors=True)
            return None
        write_atomically(self.folder / RECORD, json.dumps(self.record, ensure_ascii=False, indent=1).encode())
        self.history.prune(keep=self.id)
        return self.record


class History:
    def __init__(self, folder: Path, hall: Hall, limits: HistoryLimits, clock=time.time) -> None:
        self.folder = folder
        self.hall = hall
        self.limits = limits
        self.clock = clock

    def begin(self, user: str, action: str, restores: str | None = None) -> Change:
        return Change(self, user, action, restores)

    def new_folder(self) -> tuple[str, Path]:
        """Named by the time to the microsecond, so names sort as the changes happened."""
        now = self.clock()
        micro = int(now * 1_000_000) % 1_000_000
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            change_id = time.strftime("%Y%m%d-%H%M%S", time.localtime(now)) + f"-{micro:06d}"
            try:
                (self.folder / change_id).mkdir()
                return change_id, self.folder / change_id
            except FileExistsError:
                micro += 1  # two changes within a microsecond (or a test's clock standing still)

    def changes(self) -> list[dict[str, Any]]:
        """Every change kept, newest first, as the API lists them."""
        found = []
        for record in sorted(self._records(), key=lambda r: r["id"], reverse=True):
            shown = {key: record[key] for key in ("id", "at", "user", "action", "restores") if key in record}
            shown["files"] = [entry["path"] for entry in record["files"]]
            found.append(shown)
        return found

    def record(self, change_id: str) -> dict[str, Any]:
        if not CHANGE_ID.fullmatch(change_id):
            raise Refused(404, f"没有这条历史记录：{change_id}")
        try:
            return json.loads((self.folder / change_id / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise Refused(404, f"没有这条历史记录：{change_id}（可能已按保留期限删除）") from None

    def restore(self, change_id: str, user: str) -> dict[str, Any]:
        """Every file of that change back as it was before it; returns the new change's record."""
        record = self.record(change_id)
        change = self.begin(user, "restore", restores=change_id)
        try:
            for entry in record["files"]:
                target = resolve(self.hall, entry["path"])
                change.keep(target)
                try:
                    if entry["before"] == "file":
                        self._put_back(self.folder / change_id / entry["copy"], target)
                    elif target.path.exists():
                        remove(target)  # a file that change had created
                except OSError as err:
                    raise Refused(409, f"无法恢复 {entry['path']}：{err.strerror}") from None
        finally:
            done = change.commit()
        return done or {"id": None, "files": []}

    def _put_back(self, copy: Path, target: Target) -> None:
        make_folders(target)
        temporary = temporary_beside(target.path)
        try:
            shutil.copyfile(copy, temporary)  # a copy: the kept version must not change with the hall's file
            with open(temporary, "rb+") as out:
                os.fsync(out.fileno())
            if target.path.is_dir():
                remove(target)
            put_in_place(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)

    def prune(self, keep: str) -> None:
        """Changes older than max_days go, then the oldest until the rest fit in max_mb."""
        now = self.clock()
        if self.folder.is_dir():
            for folder in self.folder.iterdir():
                cut_short = not (folder / RECORD).exists() and now - folder.stat().st_mtime > ABANDONED_AFTER_S
                if cut_short and folder.name != keep:
                    shutil.rmtree(folder, ignore_errors=True)
        records = sorted((r for r in self._records() if r["id"] != keep), key=lambda r: r["id"])
        oldest_allowed = now - self.limits.max_days * DAY_S
        sizes = {r["id"]: sum(e.get("bytes", 0) for e in r["files"]) for r in self._records()}
        total = sum(sizes.values())
        for record in records:
            too_old = _seconds(record["at"]) < oldest_allowed
            if too_old or total > self.limits.max_mb * 1024 * 1024:
                shutil.rmtree(self.folder / record["id"], ignore_errors=True)
                total -= sizes[record["id"]]

    def _records(self) -> list[dict[str, Any]]:
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob(f"*/{RECORD}"):
            try:
                found.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue  # being written: listed once complete
        return found


def _seconds(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()
