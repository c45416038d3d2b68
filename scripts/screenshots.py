"""Redraw the screenshots in docs/screenshots/ from the shipped exhibition.

    .venv/bin/python scripts/screenshots.py

Each scene at 1920×1080, and home also in portrait (1080×1920) and at 3840×2160, drawn by
the same code the kiosk runs (kiosk/engine/snapshot.py), without a display.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.config import load_config
from kiosk.content.loader import load_catalog
from kiosk.engine.snapshot import Snapshotter

OUT = REPO / "docs" / "screenshots"
KINDS = ("article", "gallery", "video", "audio", "chart", "quiz", "timeline")


def main() -> None:
    config = load_config(REPO / "config.yaml")
    catalog = load_catalog(config.paths.content, config.zones)
    first_of_kind = {}
    for panel in catalog.panels.values():
        first_of_kind.setdefault(panel.kind, panel.id)
    shots = [("home", None, None), ("zone", "education", None)]
    shots += [(f"panel-{kind}", None, first_of_kind[kind]) for kind in KINDS if kind in first_of_kind]
    screen = Snapshotter(config, catalog, (1920, 1080))
    try:
        for name, zone, panel in shots:
            report(screen.render(OUT / f"{name}.jpg", zone=zone, panel=panel), name)
    finally:
        screen.close()
    for size, name in (((1080, 1920), "home-portrait"), ((3840, 2160), "home-4k")):
        screen = Snapshotter(config, catalog, size)
        try:
            report(screen.render(OUT / f"{name}.jpg"), name)
        finally:
            screen.close()


def report(problems: list[str], name: str) -> None:
    print(f"{name}: {'; '.join(problems) if problems else 'ok'}")


if __name__ == "__main__":
    main()
