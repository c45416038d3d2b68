"""CSV files for spreadsheets: the raw events and every table of the report.

UTF-8 with a byte-order mark, because Excel opens a CSV without one in the local code page
and shows Chinese as gibberish.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from kiosk.analytics.queries import Table

ENCODING = "utf-8-sig"  # UTF-8 with BOM
EVENT_COLUMNS = ("本地时间", "UTC毫秒", "终端", "访问编号", "类型", "展区", "版面", "标题", "数据")


def write_table(table: Table, folder: Path) -> Path:
    path = folder / f"{table.key}.csv"
    with path.open("w", encoding=ENCODING, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(table.columns)
        writer.writerows(table.rows)
    return path


def write_events(db: sqlite3.Connection, folder: Path) -> Path:
    """Every selected event in time order, streamed: a million rows never sit in memory."""
    path = folder / "events.csv"
    rows = db.execute(
        "SELECT strftime('%Y-%m-%d %H:%M:%f', local_ms / 1000.0, 'unixepoch'), ts_ms, kiosk, session, kind, "
        "zone, panel, title, value FROM events ORDER BY local_ms, kiosk, src_id")
    with path.open("w", encoding=ENCODING, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(EVENT_COLUMNS)
        while batch := rows.fetchmany(10_000):
            writer.writerows(batch)
    return path
