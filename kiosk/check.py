"""`python -m kiosk check`: every problem in content/, one line each, for curators.

Lines read `path[:line]: severity: what is wrong. how to fix`, errors first. Exit status 0
means the hall can open (warnings only), 1 means something will not be shown.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from typing import TextIO

from kiosk.attract.playlist import load_playlist
from kiosk.config import Config
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog, Problem
from kiosk.service.calendar_check import check_calendar
from kiosk.service.clock import system_zone_name


def checked_catalog(config: Config) -> Catalog:
    """content/ read as the kiosk reads it, with the problems of the playlist and the calendar
    added: what `check` and the console report."""
    catalog = load_catalog(config.paths.content, config.zones)
    _playlist, playlist_problems = load_playlist(config.paths.playlists, config.attract.playlist, catalog)
    calendar_problems = check_calendar(config.calendar, config.paths.playlists, catalog, system_zone_name())
    return replace(catalog, problems=catalog.problems + tuple(playlist_problems) + tuple(calendar_problems))


def summary(catalog: Catalog) -> dict[str, object]:
    return {
        "zones": {z.id: len(z.panel_ids) for z in catalog.zones},
        "panels": len(catalog.panels),
        "kinds": dict(sorted(Counter(p.kind for p in catalog.panels.values()).items())),
        "problems": [p.as_dict() for p in sorted_problems(catalog.problems)],
    }


def sorted_problems(problems: tuple[Problem, ...]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line or 0))


def print_report(catalog: Catalog, out: TextIO, as_json: bool) -> int:
    """Write the report; return the exit status."""
    if as_json:
        json.dump(summary(catalog), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.writelines(f"{problem}\n" for problem in sorted_problems(catalog.problems))
        errors = len(catalog.errors)
        warnings = len(catalog.problems) - errors
        zones = ", ".join(f"{z.title} {len(z.panel_ids)}" for z in catalog.zones)
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(Counter(p.kind for p in catalog.panels.values()).items()))
        out.write(f"{len(catalog.panels)} panels ({zones}); kinds: {kinds or 'none'}\n")
        out.write(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n")
    return 1 if catalog.errors else 0
