"""What the report says, as SQL over the merged events: each function one table of the report.

Pure: a connection in (sources.merge_logs), a Table out; no drawing, no files. The same Table
becomes a chart, an HTML table and a CSV file, so the three always agree, and each is tested
in milliseconds against synthetic event streams with known answers. Days and hours are local
to the hall (local_ms); panels and zones are named by their last known title (the
panel_titles and zone_titles tables of the merged database), so a deleted panel still reads
well.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
DAY = "date(local_ms / 1000, 'unixepoch')"

# Session lengths, in seconds: the report's buckets (upper bounds) and their labels.
LENGTH_BUCKETS = ((30, "30秒以内"), (60, "30秒–1分钟"), (120, "1–2分钟"), (300, "2–5分钟"),
                  (600, "5–10分钟"), (1200, "10–20分钟"), (None, "20分钟以上"))

@dataclass
class Table:
    """One table of the report: `key` names its CSV file, the rest is shown as is."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    kiosks: tuple[str, ...]
    first_day: str | None
    last_day: str | None
    events: int
    sessions: int
    mean_session_s: float | None
    median_session_s: float | None
    panel_opens: int
    dwell_h: float


def summary(db: sqlite3.Connection) -> Summary:
    kiosks = _kiosks(db)
    events = db.execute("SELECT events FROM span").fetchone()[0]
    first, last = _first_and_last_day(db)
    sessions = _count(db, "session_start")
    lengths = [r[0] for r in db.execute(
        "SELECT json_extract(value, '$.length_ms') / 1000.0 AS s FROM events "
        "WHERE kind = 'session_end' AND s IS NOT NULL ORDER BY s")]
    dwell_ms = db.execute("SELECT coalesce(sum(json_extract(value, '$.dwell_ms')), 0) FROM events "
                          "WHERE kind = 'panel_close'").fetchone()[0]
    return Summary(kiosks, first, last, events, sessions,
                   round(sum(lengths) / len(lengths), 1) if lengths else None,
                   round(_median(lengths), 1) if lengths else None,
                   _count(db, "panel_open"), round(dwell_ms / 3_600_000, 2))


def _count(db: sqlite3.Connection, kind: str) -> int:
    return db.execute("SELECT count(*) FROM events WHERE kind = ?", (kind,)).fetchone()[0]


def _median(values: list[float]) -> float:
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _kiosks(db: sqlite3.Connection) -> tuple[str, ...]:
    return tuple(r[0] for r in db.execute("SELECT kiosk FROM kiosks ORDER BY kiosk"))


def _first_and_last_day(db: sqlite3.Connection) -> tuple[str | None, str | None]:
    first, last = db.execute("SELECT date(first_ms / 1000, 'unixepoch'), date(last_ms / 1000, 'unixepoch') "
                             "FROM span").fetchone()
    return first, last


def days(db: sqlite3.Connection, since: dt.date | None = None, until: dt.date | None = None) -> list[str]:
    """Every day of the report, also those without a visitor: from `since` (or the first event) to `until`."""
    first, last = _first_and_last_day(db)
    start = since or (dt.date.fromisoformat(first) if first else None)
    end = until or (dt.date.fromisoformat(last) if last else None)
    if start is None or end is None or end < start:
        return []
    return [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def sessions_per_day(db: sqlite3.Connection, every_day: list[str]) -> Table:
    """Visits (sessions) each day, one column per kiosk and their total."""
    kiosks = _kiosks(db)
    counts = {(day, kiosk): n for day, kiosk, n in db.execute(
        f"SELECT {DAY} AS day, kiosk, count(*) FROM events WHERE kind = 'session_start' GROUP BY day, kiosk")}
    rows = []
    for day in every_day:
        per_kiosk = [counts.get((day, k), 0) for k in kiosks]
        rows.append((day, *per_kiosk, sum(per_kiosk)))
    return Table("sessions_per_day", "每日参观人次", ("日期", *kiosks, "合计"), rows)


def hour_by_weekday(db: sqlite3.Connection) -> Table:
    """Visits by the hour they began (columns 0-23) for each weekday, Monday first."""
    grid = [[0] * 24 for _ in WEEKDAYS]
    for weekday, hour, n in db.execute(
            "SELECT (CAST(strftime('%w', local_ms / 1000, 'unixepoch') AS INTEGER) + 6) % 7 AS wd, "
            "CAST(strftime('%H', local_ms / 1000, 'unixepoch') AS INTEGER) AS hour, count(*) "
            "FROM events WHERE kind = 'session_start' GROUP BY wd, hour"):
        grid[weekday][hour] = n
    return Table("hour_by_weekday", "各时段参观人次（星期 × 小时）", ("星期", *(f"{h}时" for h in range(24))),
                 [(name, *grid[i]) for i, name in enumerate(WEEKDAYS)])


def zone_share(db: sqlite3.Connection) -> Table:
    """How often each zone was entered, its share of all entries, and what was opened and read there."""
    rows = db.execute("""
        WITH entries AS (SELECT zone, count(*) AS n FROM events WHERE kind = 'zone_enter' AND zone IS NOT NULL
                    GROUP BY zone),
        opens AS (SELECT zone, count(*) AS n FROM events WHERE kind = 'panel_open' AND zone IS NOT NULL
                  GROUP BY zone),
        dwell AS (SELECT zone, sum(json_extract(value, '$.dwell_ms')) AS ms FROM events
                  WHERE kind = 'panel_close' AND zone IS NOT NULL GROUP BY zone),
        zones AS (SELECT zone FROM entries UNION SELECT zone FROM opens UNION SELECT zone FROM dwell)
        SELECT zones.zone, coalesce(zone_titles.title, zones.zone), coalesce(entries.n, 0),
               coalesce(opens.n, 0), round(coalesce(dwell.ms, 0) / 60000.0, 1)
        FROM zones LEFT JOIN entries USING (zone) LEFT JOIN opens USING (zone) LEFT JOIN dwell USING (zone)
        LEFT JOIN zone_titles USING (zone)
        ORDER BY 3 DESC, 4 DESC, zones.zone""").fetchall()
    total = sum(r[2] for r in rows)
    return Table("zone_share", "各展区占比", ("展区", "名称", "进入次数", "占比%", "打开版面次数", "停留分钟"),
                 [(z, t, n, _percent(n, total), opens, minutes) for z, t, n, opens, minutes in rows])


def top_panels_by_opens(db: sqlite3.Connection, limit: int = 15) -> Table:
    total = _count(db, "panel_open")
    rows = db.execute("""
        SELECT e.panel, coalesce(panel_titles.title, e.panel), e.zone, count(*) AS n
        FROM events AS e LEFT JOIN panel_titles USING (panel)
        WHERE e.kind = 'panel_open' AND e.panel IS NOT NULL
        GROUP BY e.panel ORDER BY n DESC, e.panel LIMIT ?""", (limit,)).fetchall()
    return Table("top_panels_by_opens", "最常打开的版面", ("版面编号", "标题", "展区", "打开次数", "占比%"),
                 [(p, t, z, n, _percent(n, total)) for p, t, z, n in rows])


def top_panels_by_dwell(db: sqlite3.Connection, limit: int = 15) -> Table:
    rows = db.execute("""
        SELECT e.panel, coalesce(panel_titles.title, e.title, e.panel), e.zone,
               sum(json_extract(e.value, '$.dwell_ms')) AS ms, count(*)
        FROM events AS e LEFT JOIN panel_titles USING (panel)
        WHERE e.kind = 'panel_close' AND e.panel IS NOT NULL
        GROUP BY e.panel ORDER BY ms DESC, e.panel LIMIT ?""", (limit,)).fetchall()
    return Table("top_panels_by_dwell", "停留最久的版面",
                 ("版面编号", "标题", "展区", "停留分钟合计", "平均停留秒", "浏览次数"),
                 [(p, t, z, round((ms or 0) / 60000, 1), round((ms or 0) / n / 1000, 1), n)
                  for p, t, z, ms, n in rows])


def session_lengths(db: sqlite3.Connection) -> Table:
    """How long visits lasted, in buckets; only visits that ended (a kiosk that lost power ends none)."""
    cases = " ".join(f"WHEN s < {upper} THEN {i}" for i, (upper, _label) in enumerate(LENGTH_BUCKETS)
                     if upper is not None)
    counts = dict(db.execute(f"""
        SELECT CASE {cases} ELSE {len(LENGTH_BUCKETS) - 1} END AS bucket, count(*)
        FROM (SELECT json_extract(value, '$.length_ms') / 1000.0 AS s FROM events WHERE kind = 'session_end')
        WHERE s IS NOT NULL GROUP BY bucket""").fetchall())
    total = sum(counts.values())
    return Table("session_lengths", "参观时长分布", ("时长", "人次", "占比%"),
                 [(label, counts.get(i, 0), _percent(counts.get(i, 0), total))
                  for i, (_upper, label) in enumerate(LENGTH_BUCKETS)])


def media_completion(db: sqlite3.Connection) -> Table:
    """For each video and narration: viewings, how many reached the end, and the mean share watched.

    A viewing is one *_complete event (sent at the end, or when the visitor left mid-way).
    """
    rows = db.execute("""
        SELECT CASE e.kind WHEN 'video_complete' THEN '视频' ELSE '音频' END, e.panel,
               coalesce(panel_titles.title, e.panel), json_extract(e.value, '$.media') AS media, count(*) AS n,
               sum(coalesce(json_extract(e.value, '$.finished'), json_extract(e.value, '$.share') >= 0.95, 0)),
               avg(json_extract(e.value, '$.share'))
        FROM events AS e LEFT JOIN panel_titles USING (panel)
        WHERE e.kind IN ('video_complete', 'audio_complete')
        GROUP BY e.kind, e.panel, media ORDER BY e.kind DESC, n DESC, e.panel""").fetchall()
    return Table("media_completion", "视频与音频完播率",
                 ("类型", "版面编号", "标题", "文件", "观看次数", "看完次数", "完播率%", "平均观看比例%"),
                 [(k, p, t, m, n, done, _percent(done, n), None if share is None else round(share * 100, 1))
                  for k, p, t, m, n, done, share in rows])


def qr_shown(db: sqlite3.Connection) -> Table:
    rows = db.execute("""
        SELECT e.panel, coalesce(panel_titles.title, e.panel), json_extract(e.value, '$.target') AS target,
               count(*) AS n
        FROM events AS e LEFT JOIN panel_titles USING (panel)
        WHERE e.kind = 'qr_shown' GROUP BY e.panel, target ORDER BY n DESC, e.panel""").fetchall()
    return Table("qr_shown", "二维码展示次数", ("版面编号", "标题", "二维码内容", "展示次数"), rows)


def operations_per_day(db: sqlite3.Connection, every_day: list[str]) -> Table:
    """Content reloads, problems and kiosk health, each day: what an administrator follows up on.

    A start not preceded by a stop is a restart after a crash or a power cut.
    """
    per_day: dict[str, list[int]] = {}
    for day, reloads, found, errors, logins_ok, logins_failed, lost in db.execute(f"""
            SELECT {DAY} AS day,
                   sum(kind = 'content_reload'),
                   sum(CASE WHEN kind != 'content_reload' THEN 0
                            WHEN json_type(value, '$.problems') = 'array' THEN json_array_length(value, '$.problems')
                            WHEN json_type(value, '$.problems') = 'integer' THEN json_extract(value, '$.problems')
                            ELSE 0 END),
                   sum(kind = 'panel_error'),
                   sum(kind = 'admin_login' AND json_extract(value, '$.ok') = 1),
                   sum(kind = 'admin_login' AND json_extract(value, '$.ok') IS NOT 1),
                   sum(CASE WHEN kind = 'log_overflow' THEN json_extract(value, '$.lost') ELSE 0 END)
            FROM events
            WHERE kind IN ('content_reload', 'panel_error', 'admin_login', 'log_overflow')
            GROUP BY day"""):
        per_day[day] = [reloads, found, errors, logins_ok, logins_failed, lost, 0]
    for day, n in db.execute(f"""
            SELECT {DAY} AS day, count(*) FROM (
                SELECT kind, local_ms, lag(kind) OVER (PARTITION BY kiosk ORDER BY ts_ms, src_id) AS before
                FROM events WHERE kind IN ('app_start', 'app_stop'))
            WHERE kind = 'app_start' AND before = 'app_start' GROUP BY day"""):
        per_day.setdefault(day, [0] * 7)[6] = n
    return Table("operations_per_day", "内容更新与故障",
                 ("日期", "内容更新次数", "更新时发现的问题", "版面故障", "管理登录成功", "管理登录失败",
                  "丢失的事件", "异常重启"),
                 [(day, *per_day.get(day, [0] * 7)) for day in every_day])


def _percent(part: float, whole: float) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0
