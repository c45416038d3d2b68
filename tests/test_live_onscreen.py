"""A reload on screen: the visitor's panel changes in place or steps back, stale pictures are
dropped, and the log and the administrator hear about it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame

from kiosk.analytics.events import RecordedEvents
from kiosk.config import DEFAULT_ZONES
from kiosk.live.onscreen import show
from kiosk.live.reload import Reload, Reloader
from tests.conftest import make_image, write
from tests.test_screens import display, make_app, settle

__all__ = ["display"]  # the headless screen fixture, shared with test_screens.py

PANEL = "education/01-开天辟地"


def exhibition(root: Path) -> None:
    for zone in DEFAULT_ZONES:
        (root / zone.id).mkdir(parents=True, exist_ok=True)
    write(root / PANEL / "body.md", "中共一大在上海开幕。\n")
    make_image(root / PANEL / "会址.jpg", (640, 360))


def test_an_edited_panel_changes_in_place_and_the_log_hears_of_it(display: pygame.Surface, tmp_path: Path) -> None:
    exhibition(tmp_path)
    app = make_app(display, tmp_path)
    app.ctx.events = RecordedEvents()
    reloader = Reloader(tmp_path, DEFAULT_ZONES)
    reloader.load()
    app.panel(PANEL)
    settle(app)
    write(tmp_path / PANEL / "body.md", "中共一大在上海召开。\n")
    reload = reloader.reload({f"{PANEL}/body.md"}, last_event=100.0)
    show(app, reload, clock=lambda: 100.25)
    app.draw_frame()
    assert app.scene.panel_id == PANEL and app.scene.shown.body == "中共一大在上海召开。\n"
    assert app.ctx.events.events[-1] == {
        "kind": "content_reload", "zone": None, "panel": None, "title": None,
        "added": [], "changed": [PANEL], "removed": [], "problems": 0, "latency_ms": 250}


def test_a_replaced_picture_is_decoded_again(display: pygame.Surface, tmp_path: Path) -> None:
    exhibition(tmp_path)
    app = make_app(display, tmp_path)
    reloader = Reloader(tmp_path, DEFAULT_ZONES)
    reloader.load()
    picture = f"{PANEL}/会址.jpg"
    app.ctx.pictures.get(picture, (320, 180))
    settle(app)
    assert app.ctx.pictures.get(picture, (320, 180)) is not None
    before = app.ctx.pictures.get(picture, (320, 180)).get_at((160, 90))
    from PIL import Image

    Image.new("RGB", (320, 180), (30, 60, 200)).save(tmp_path / picture)
    show(app, reloader.reload({picture}, 0.0))
    assert app.ctx.pictures.get(picture, (320, 180)).get_at((160, 90)) == before  # the old one, while the new loads
    assert app.ctx.pictures.get(picture, (320, 180), fresh=True) is None
    settle(app)
    red, _green, blue, _alpha = app.ctx.pictures.get(picture, (320, 180)).get_at((160, 90))
    assert blue > 150 and red < 80


def test_the_log_counts_only_the_problems_a_reload_found(display: pygame.Surface, tmp_path: Path) -> None:
    exhibition(tmp_path)
    write(tmp_path / "education" / "说明.docx", "x")  # a problem from the start
    app = make_app(display, tmp_path)
    app.ctx.events = RecordedEvents()
    reloader = Reloader(tmp_path, DEFAULT_ZONES)
    reloader.load()
    write(tmp_path / PANEL / "panel.yaml", "title: [\n")
    show(app, reloader.reload({f"{PANEL}/panel.yaml"}, 0.0))
    write(tmp_path / "education" / "02-入党誓词.md", "我志愿加入中国共产党。\n")  # the mistake is still there
    show(app, reloader.reload({"education/02-入党誓词.md"}, 0.0))
    assert [e["problems"] for e in app.ctx.events.events if e["kind"] == "content_reload"] == [1, 0]


def test_a_deleted_open_panel_returns_the_visitor_to_its_zone(display: pygame.Surface, tmp_path: Path) -> None:
    exhibition(tmp_path)
    app = make_app(display, tmp_path)
    reloader = Reloader(tmp_path, DEFAULT_ZONES)
    reloader.load()
    app.panel(PANEL)
    shutil.rmtree(tmp_path / PANEL)
    show(app, reloader.reload({PANEL}, 0.0))
    assert (app.scene.name, app.scene.zone_id) == ("zone", "education")


def test_notes_reach_the_administrator_without_touching_the_screen(display: pygame.Surface, tmp_path: Path) -> None:
    exhibition(tmp_path)
    app = make_app(display, tmp_path)
    catalog = app.ctx.catalog
    show(app, Reload(None, notes=("inotify ran out of watches",), standing=("the content folder is missing",)))
    assert app.ctx.runtime_problems == ["inotify ran out of watches"]
    assert app.ctx.standing_problems == {"content": ("the content folder is missing",)}
    assert app.ctx.catalog is catalog
    show(app, Reload(None, standing=()))  # it came back
    assert app.ctx.standing_problems == {"content": ()} and app.ctx.runtime_problems == ["inotify ran out of watches"]
