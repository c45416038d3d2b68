"""Synthetic interaction logs: a year of plausible visits, for benchmarks and for looking at a report.

    .venv/bin/python scripts/synthetic_logs.py OUT_DIR [--events 1000000] [--kiosks 3]
    .venv/bin/python -m kiosk report --db OUT_DIR/hall-1.sqlite3 --db OUT_DIR/hall-2.sqlite3 ... --out r.html

Visits follow opening hours (busier at weekends, none on Mondays when the hall is closed),
open panels, watch videos, show QR codes and end by idling, as the real kiosk logs them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.analytics.log import INSERT, Visit
from kiosk.analytics.schema import migrate

ZONES = {
    "management": ("管理", ["组织架构", "党员名册管理", "三会一课制度", "党费收缴规范", "民主评议流程"]),
    "education": ("教育", ["开天辟地", "南昌起义", "遵义会议", "长征精神", "延安整风", "开国大典", "改革开放",
                           "新时代新征程"]),
    "showcase": ("展示", ["全国优秀党员", "先进基层党组织", "英模事迹", "荣誉墙", "警营风采"]),
    "learning": ("学习", ["党章学习", "党史知识答题", "重温入党誓词", "理论学习专栏"]),
    "activity": ("活动", ["主题党日", "志愿服务", "红色教育基地", "支部共建"]),
}
OFFSET_MIN = 480  # China Standard Time


def panels() -> list[tuple[str, str, str]]:
    return [(zone, f"{zone}/{i + 1:02d}-{title}", title)
            for zone, (_zt, titles) in ZONES.items() for i, title in enumerate(titles)]


def visit_events(rng: random.Random, start_ms: int, catalog: list[tuple[str, str, str]]) -> list[tuple]:
    """(ts_ms, kind, zone, panel, title, value) for one visit, starting with its first touch."""
    events: list[tuple] = [(start_ms, "session_start", None, None, None, {})]
    now, touches = start_ms, 1
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        zone = rng.choice(list(ZONES))
        now += rng.randint(2_000, 8_000)
        touches += 1
        events.append((now, "zone_enter", zone, None, ZONES[zone][0], {}))
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            _z, panel, title = rng.choice([p for p in catalog if p[0] == zone])
            now += rng.randint(1_500, 6_000)
            touches += 1
            events.append((now, "panel_open", zone, panel, title, {}))
            dwell = int(rng.lognormvariate(10.3, 0.9))
            if "誓词" in title or "长征" in title:
                share = min(1.0, rng.random() * 1.4)
                events.append((now + 500, "video_play", zone, panel, None, {"media": "video.mp4", "position_ms": 0}))
                events.append((now + dwell, "video_complete", zone, panel, None,
                               {"media": "video.mp4", "share": round(share, 2), "finished": share >= 1.0}))
            if "答题" in title or "基地" in title:
                events.append((now + 300, "qr_shown", zone, panel, None, {"target": "https://example.org/" + zone}))
            for _ in range(rng.choice((0, 0, 1, 2))):
                events.append((now + rng.randint(0, dwell), "zoom", zone, panel, None,
                               {"media": "picture.jpg", "how": "double_tap"}))
            now += dwell
            touches += 3
            events.append((now, "panel_close", zone, panel, title, {"dwell_ms": dwell}))
    events.append((now + 90_000, "session_end", None, None, None,
                   {"length_ms": now - start_ms, "touches": touches, "reason": "idle"}))
    return sorted(events, key=lambda e: e[0])


def generate_log(path: Path, kiosk: str, events_wanted: int, first_day: dt.date, seed: int) -> int:
    """Write about `events_wanted` events, one day after another from `first_day`; returns how many."""
    rng = random.Random(seed)
    catalog = panels()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    migrate(db)
    rows: list[tuple] = []
    day, written = first_day, 0
    while written < events_wanted:
        day_ms = (day - dt.date(1970, 1, 1)).days * 86_400_000 - OFFSET_MIN * 60_000
        stream = [(day_ms + 8 * 3_600_000, "app_start", None, None, None, {"version": "0.1.0"})]
        if day.weekday() != 0:  # closed on Mondays
            visits = int(rng.gauss(70 if day.weekday() >= 5 else 40, 8))
            starts = sorted(rng.choice((9, 9, 10, 10, 10, 11, 11, 14, 14, 15, 15, 15, 16, 16)) * 3_600_000
                            + rng.randint(0, 3_599_000) for _ in range(max(0, visits)))
            free_at = 0  # one visitor at a time on one screen
            for start in starts:
                visit = visit_events(rng, max(start, free_at + rng.randint(5_000, 60_000)) + day_ms, catalog)
                free_at = visit[-1][0] - day_ms
                stream += visit
            if rng.random() < 0.1:
                stream.append((day_ms + 12 * 3_600_000, "content_reload", None, None, None,
                               {"added": 1, "changed": 2, "removed": 0, "problems": rng.choice((0, 0, 1, 2))}))
        stream.append((day_ms + 18 * 3_600_000, "app_stop", None, None, None, {"version": "0.1.0"}))
        stream.sort(key=lambda e: e[0])
        visit = Visit()
        for ts, kind, zone, panel, title, value in stream:
            session, zone, panel = visit.stamp(kind, ts, zone, panel)
            rows.append((ts, OFFSET_MIN, session, kind, zone, panel, title,
                         json.dumps(value, ensure_ascii=False), kiosk))
        written += len(stream)
        day += dt.timedelta(days=1)
        if len(rows) > 50_000:
            _flush(db, rows)
    _flush(db, rows)
    db.close()
    return written


def _flush(db: sqlite3.Connection, rows: list[tuple]) -> None:
    db.execute("BEGIN")
    db.executemany(INSERT, rows)
    db.execute("COMMIT")
    rows.clear()


def generate_logs(folder: Path, events: int, kiosks: int, first_day: dt.date = dt.date(2025, 1, 1)) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(kiosks):
        path = folder / f"hall-{i + 1}.sqlite3"
        path.unlink(missing_ok=True)
        generate_log(path, f"hall-{i + 1}", events // kiosks, first_day, seed=i)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--kiosks", type=int, default=3)
    args = parser.parse_args()
    for path in generate_logs(args.folder, args.events, args.kiosks):
        print(path)


if __name__ == "__main__":
    main()
