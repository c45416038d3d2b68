"""The interaction log's SQLite schema, with its version and the steps that bring old logs up to date.

A log outlives the code that wrote it: a hall keeps a year of events across upgrades, and
administrators merge logs from kiosks that run different versions. `PRAGMA user_version`
holds the schema version; each migration runs in the same transaction as the version bump,
so a kill in the middle leaves the old version intact and the step runs again next time.
(executescript would commit on its own, outside that transaction: steps are lists of statements.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

# Step N (its statements) brings a log from version N to N + 1. Never edit a released step:
# add one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    ("""CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        ts_ms INTEGER NOT NULL,           -- UTC, milliseconds since 1970
        utc_offset_min INTEGER NOT NULL,  -- the kiosk's clock offset then: days and hours are local
        kiosk TEXT NOT NULL,              -- config.yaml kiosk_id
        session INTEGER,                  -- ts_ms of the visit's session_start; NULL outside a visit
        kind TEXT NOT NULL,               -- kiosk/analytics/events.py VOCABULARY
        zone TEXT,
        panel TEXT,
        title TEXT,                       -- kept so reports read well after a panel is deleted
        value TEXT NOT NULL DEFAULT '{}'  -- a small JSON object
    )""",
     "CREATE INDEX events_by_time ON events (ts_ms)"),
)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(Exception):
    """The log was written by a newer kiosk; an older one must not write into it."""


def version_of(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> int:
    """Bring the log up to the newest schema; returns the version it had before."""
    before = version_of(db)
    if before > len(migrations):
        raise SchemaTooNew(f"the log has schema version {before}, this kiosk knows up to {len(migrations)}: "
                           "upgrade the kiosk software")
    while True:
        with db:  # one transaction per step: the step and its version number land together
            db.execute("BEGIN IMMEDIATE")
            version = version_of(db)  # again, inside the lock: another process may have done it
            if version >= len(migrations):
                return before
            for statement in migrations[version]:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version + 1}")

