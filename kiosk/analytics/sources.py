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

# Clustered by kind: each report query reads one or two kinds, which then lie together on
# disk instead of scattered among a million rows. The key also makes each event count once
# when two copies of one kiosk's log overlap.
MERGED = """CREATE TABLE events (
    kind TEXT NOT NULL,
    kiosk TEXT NOT NULL,
    src_id INTEGER NOT NULL,   -- the event's id in its own log
    ts_ms INTEGER NOT NULL,
    local_ms INTEGER NOT NULL, -- ts_ms moved by the kiosk's UTC offset: days and hours as the hall saw them
    session INTEGER,
    zone TEXT,
    panel TEXT,
    title TEXT,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, kiosk, src_id, ts_ms)
) WITHOUT ROWID"""


# Small tables every query needs, made once: how many events over which time, the last
# title each panel and zone was shown with (so a panel deleted or renamed since still reads
# well), and the kiosks.
DERIVED = (
    "CREATE TABLE span (events INTEGER, first_ms INTEGER, last_ms INTEGER)",
    "INSERT INTO span SELECT count(*), min(local_ms), max(local_ms) FROM events",
    "CREATE TABLE panel_titles (panel TEXT PRIMARY KEY, title TEXT NOT NULL) WITHOUT ROWID",
    """INSERT INTO panel_titles SELECT panel, title FROM (
         SELECT panel, title, max(local_ms) FROM events
         WHERE kind = 'panel_open' AND panel IS NOT NULL AND title IS NOT NULL GROUP BY panel)""",
    "CREATE TABLE zone_titles (zone TEXT PRIMARY KEY, title TEXT NOT NULL) WITHOUT ROWID",
    """INSERT INTO zone_titles SELECT zone, title FROM (
         SELECT zone, title, max(local_ms) FROM events
         WHERE kind = 'zone_enter' AND zone IS NOT NULL AND title IS NOT NULL GROUP BY zone)""",
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
    db.execute("PRAGMA journal_mode = OFF")  # nothing to roll back to: a failed merge is thrown away
    db.execute(MERGED)
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
                "INSERT OR IGNORE INTO events SELECT kind, kiosk, id, ts_ms, ts_ms + utc_offset_min * 60000, "
                f"session, zone, panel, title, value FROM src.events WHERE {where}", params)
            db.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            raise LogUnreadable(f"{path}: cannot be read ({err}); the file is damaged or not an interaction log") \
                from None
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.execute("DETACH DATABASE src")
    for statement in DERIVED:
        db.execute(statement)
    db.execute("CREATE TABLE kiosks (kiosk TEXT PRIMARY KEY)")
    db.executemany("INSERT INTO kiosks VALUES (?)", [(k,) for k in _distinct_kiosks(db)])
    return db


def _distinct_kiosks(db: sqlite3.Connection) -> set[str]:
    """Hop along the key (kind, kiosk, ...): a few dozen look-ups instead of reading every event."""
    found: set[str] = set()
    kind = ""
    while row := db.execute("SELECT kind FROM events WHERE kind > ? ORDER BY kind LIMIT 1", (kind,)).fetchone():
        kind, kiosk = row[0], ""
        while row := db.execute("SELECT kiosk FROM events WHERE kind = ? AND kiosk > ? ORDER BY kiosk LIMIT 1",
                                (kind, kiosk)).fetchone():
            kiosk = row[0]
            found.add(kiosk)
    return found


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
