"""Redraw the screenshots in docs/screenshots/ from the shipped exhibition.

    .venv/bin/python scripts/screenshots.py

Each scene at 1920×1080, and home also in portrait (1080×1920) and at 3840×2160, drawn by
the same code the kiosk runs (kiosk/engine/snapshot.py), without a display.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.attract.playlist import load_playlist
from kiosk.config import Config, load_config
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog
from kiosk.engine.scenes.attract import AttractScene
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
    qr_panel = next((p.id for p in catalog.panels.values() if p.qr), None)
    if qr_panel:
        shots.append(("panel-qr", None, qr_panel))
    screen = Snapshotter(config, catalog, (1920, 1080))
    try:
        for name, zone, panel in shots:
            report(screen.render(OUT / f"{name}.jpg", zone=zone, panel=panel), name)
        overlays(screen, config, catalog)
    finally:
        screen.close()
    for size, name in (((1080, 1920), "home-portrait"), ((3840, 2160), "home-4k")):
        screen = Snapshotter(config, catalog, size)
        try:
            report(screen.render(OUT / f"{name}.jpg"), name)
        finally:
            screen.close()


def overlays(screen: Snapshotter, config: Config, catalog: Catalog) -> None:
    """The attract loop, the idle countdown and the admin overlay, drawn by the same App."""
    import pygame

    app = screen.app
    playlist, _problems = load_playlist(config.paths.playlists, config.attract.playlist, catalog)
    app.scene = AttractScene(screen.ctx, app, playlist)
    settle(screen)
    pygame.image.save(screen.screen, str(OUT / "attract.jpg"))
    app.zone("education")
    settle(screen)
    app.countdown = 9
    app.draw_frame()
    pygame.image.save(screen.screen, str(OUT / "countdown.jpg"))
    app.open_admin()
    app.scene.unlocked = True
    app.draw_frame()
    pygame.image.save(screen.screen, str(OUT / "admin.jpg"))
    print("attract, countdown, admin: ok")


def settle(screen: Snapshotter) -> None:
    screen.app.draw_frame()
    while screen.ctx.pictures.busy:
        time.sleep(0.02)
        screen.ctx.pictures.collect()
    screen.app.scene.update(0.1)
    screen.app.draw_frame()


def report(problems: list[str], name: str) -> None:
    print(f"{name}: {'; '.join(problems) if problems else 'ok'}")


if __name__ == "__main__":
    main()
