"""One or more kiosks' logs -> one temporary database the report queries.

Administrators collect each kiosk's log file (often copies made on different days, which
overlap) and want one report. Every log is attached read-only, filtered by date and kiosk,
and copied into a private temporary database on disk (a million events need not fit in
memory); an event found in two copies of the same kiosk's log is counted once.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kiosk.analytics.schema import SCHEMA_VERSION

DAY_MS = 86_400_000

MERGED = (
    """CREATE TABLE events (
        src_id INTEGER NOT NULL,   -- the event's id in its own log
        ts_ms INTEGER NOT NULL,
        local_ms INTEGER NOT NULL, -- ts_ms moved by the kiosk's UTC offset: days and hours as the hall saw them
        kiosk TEXT NOT NULL,
        session INTEGER,
        kind TEXT NOT NULL,
        zone TEXT,
        panel TEXT,
        title TEXT,
        value TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX events_once ON events (kiosk, src_id, ts_ms)",
)


class LogUnreadable(Exception):
    """A log given to the report cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class Selection:
    """Which events the report covers: local days from `since` to `until` (both included), some kiosks."""

    since: dt.date | None = None
    until: dt.date | None = None
    kiosks: tuple[str, ...] = ()

    def where(self) -> tuple[str, list[object]]:
        clauses, params = ["1"], []
        local = "ts_ms + utc_offset_min * 60000"
        if self.since is not None:
            clauses.append(f"{local} >= ?")
            params.append(_day_ms(self.since))
        if self.until is not None:
            clauses.append(f"{local} < ?")
            params.append(_day_ms(self.until) + DAY_MS)
        if self.kiosks:
            clauses.append(f"kiosk IN ({', '.join('?' * len(self.kiosks))})")
            params.extend(self.kiosks)
        return " AND ".join(clauses), params


def _day_ms(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days * DAY_MS


def merge_logs(paths: Sequence[Path], selection: Selection = Selection()) -> sqlite3.Connection:
    """Copy the selected events of every log into one temporary database (deleted on close)."""
    db = sqlite3.connect("file:", uri=True, isolation_level=None)  # empty name: private, temporary, on disk
    db.execute("PRAGMA cache_size = -65536")  # 64 MB of pages; the rest spills to the temporary file
    for statement in MERGED:
        db.execute(statement)
    where, params = selection.where()
    seen: set[Path] = set()
    for path in paths:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        _attach(db, path)
        try:
            db.execute("BEGIN")
            db.execute(
                "INSERT OR IGNORE INTO events SELECT id, ts_ms, ts_ms + utc_offset_min * 60000, kiosk, session, "
                f"kind, zone, panel, title, value FROM src.events WHERE {where}", params)
            db.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            raise LogUnreadable(f"{path}: cannot be read ({err}); the file is damaged or not an interaction log") \
                from None
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.execute("DETACH DATABASE src")
    db.execute("CREATE INDEX events_by_kind ON events (kind, local_ms)")
    db.execute("ANALYZE")
    return db


def _attach(db: sqlite3.Connection, path: Path) -> None:
    if not path.is_file():
        raise LogUnreadable(f"{path}: no such file; give the interaction log of a kiosk (paths.log_db in its "
                            "config.yaml), for example --db data/interactions.sqlite3")
    uri = f"file:{quote(str(path.resolve()))}"
    try:
        db.execute("ATTACH DATABASE ? AS src", (f"{uri}?mode=ro",))
        version = db.execute("PRAGMA src.user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        # A copy on a read-only stick cannot get its WAL index: read it as a file nobody writes.
        _detach(db)
        try:
            db.execute("ATTACH DATABASE ? AS src", (f"{uri}?immutable=1",))
            version = db.execute("PRAGMA src.user_version").fetchone()[0]
        except sqlite3.DatabaseError as err:
            _detach(db)
            raise LogUnreadable(f"{path}: cannot be read ({err}); the file is damaged or not an interaction "
                                "log") from None
    if version == 0 or version > SCHEMA_VERSION:
        db.execute("DETACH DATABASE src")
        why = ("is not an interaction log" if version == 0 else
               f"was written by a newer kiosk (schema {version}, this one reads up to {SCHEMA_VERSION}): "
               "make the report with the newer version")
        raise LogUnreadable(f"{path}: {why}")


def _detach(db: sqlite3.Connection) -> None:
    try:
        db.execute("DETACH DATABASE src")
    except sqlite3.OperationalError:
        pass  # it was never attached
