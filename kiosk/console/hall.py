"""What the console reads of the hall, with the kiosk's own code: problems, status, panels, report.

Nothing here is the console's own idea of the hall: the problems are `check`'s, the status
is data/status.json judged as `python -m kiosk status` judges it, the report is `report`'s.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.analytics import spreadsheet
from kiosk.analytics.report import make_report
from kiosk.analytics.sources import LogUnreadable, Selection, merge_logs
from kiosk.check import checked_catalog, sorted_problems
from kiosk.config import Config
from kiosk.console.refusal import Refused
from kiosk.content.model import Catalog, Panel, Problem
from kiosk.service.status import read_status, running, status_path


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"file": problem.path, "line": problem.line, "severity": problem.severity, "message": problem.message}


def problems(config: Config) -> list[dict[str, Any]]:
    return [problem_json(p) for p in sorted_problems(checked_catalog(config).problems)]


def status(config: Config) -> dict[str, Any]:
    """data/status.json with running true or false; {"running": false} when there is none."""
    doc = read_status(status_path(config))
    return {**(doc or {}), "running": running(doc, time.time())}


def _panel_problems(catalog: Catalog, panel: Panel) -> list[Problem]:
    folder = f"{panel.zone}/{panel.name}/"
    return [p for p in catalog.problems if p.path in panel.files or p.path.startswith(folder)]


def _panel_path(config: Config, panel: Panel) -> list[str]:
    """What deleting the panel removes: its folder, or its file and the subtitles beside it."""
    if (config.paths.content / panel.zone / panel.name).is_dir():
        return [f"content/{panel.zone}/{panel.name}"]
    return [f"content/{file}" for file in panel.files]


def content(config: Config) -> dict[str, Any]:
    """Zones and their panels as the content page shows them, with each panel's problems."""
    catalog = checked_catalog(config)
    shown: set[Problem] = set()
    zones = []
    for zone in catalog.zones:
        panels = []
        for panel in catalog.panels_of(zone.id):
            found = _panel_problems(catalog, panel)
            shown.update(found)
            panels.append({"id": panel.id, "title": panel.title, "kind": panel.kind, "sample": panel.sample,
                           "cover": f"content/{panel.cover}" if panel.cover else None,
                           "paths": _panel_path(config, panel), "problems": [problem_json(p) for p in found]})
        zones.append({"id": zone.id, "title": zone.title, "subtitle": zone.subtitle, "colour": zone.colour,
                      "panels": panels})
    others = [problem_json(p) for p in sorted_problems(catalog.problems) if p not in shown]
    return {"zones": zones, "other_problems": others,
            "errors": len(catalog.errors), "warnings": len(catalog.problems) - len(catalog.errors)}


def parse_day(text: str | None, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Refused(400, f"{what}的日期应写成 YYYY-MM-DD，例如 2027-07-01，收到的是 {text!r}") from None


def selection(start: str | None, end: str | None) -> Selection:
    since, until = parse_day(start, "开始"), parse_day(end, "结束")
    if since and until and until < since:
        raise Refused(400, f"结束日期 {until} 早于开始日期 {since}")
    return Selection(since, until)


def report_file(config: Config, chosen: Selection, kind: str, folder: Path) -> Path:
    """The report's HTML page or its events as CSV, written into folder (blocking: run in a thread)."""
    logs = [config.paths.log_db]
    if not config.paths.log_db.is_file():
        raise Refused(404, "还没有参观记录：展项运行后才会有（data/interactions.sqlite3）")
    try:
        if kind == "html":
            return make_report(logs, chosen, folder / "report.html", hall=config.hall.title).html
        db = merge_logs(logs, chosen)
        try:
            return spreadsheet.write_events(db, folder)
        finally:
            db.close()
    except LogUnreadable as err:
        raise Refused(409, f"参观记录无法读取：{err}") from None


def scratch_folder(config: Config) -> Path:
    """A private folder beside the data for one download, removed once it is sent."""
    return Path(tempfile.mkdtemp(prefix=".console-report-", dir=config.paths.log_db.parent))


def report_name(chosen: Selection, kind: str) -> str:
    span = f"{chosen.since or '开始'}至{chosen.until or '今天'}"
    return f"参观报告-{span}.html" if kind == "html" else f"参观记录-{span}.csv"
