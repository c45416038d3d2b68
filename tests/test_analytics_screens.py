"""The running screen feeds the log: touches start and end visits, a failing panel is recorded."""

from __future__ import annotations

import time

import pygame
import pytest

from kiosk.analytics.events import RecordedEvents
from kiosk.engine.scenes import panel as panel_scene
from tests.conftest import REPO
from tests.test_screens import display, make_app  # noqa: F401  (display is a fixture)


def press(app, x: int, y: int) -> None:
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        app._handle(pygame.event.Event(kind, button=1, pos=(x, y), touch=False))


def test_the_administrators_corner_press_and_pin_are_not_counted_as_a_visit(
        display: pygame.Surface) -> None:  # noqa: F811
    from dataclasses import replace

    from kiosk.admin.pin import hash_pin

    app = make_app(display, REPO / "content")
    config = app.ctx.config
    app.ctx.config = replace(config, admin=replace(config.admin, pin_hash=hash_pin("2468")))
    app.ctx.events = log = RecordedEvents()
    app._handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(5, 5), touch=False))
    app._step(0.1)
    app._watch_corner(time.monotonic() + config.admin.hold_s + 0.1)  # held still for the whole time
    assert app.scene.name == "admin"
    app._handle(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(5, 5), touch=False))
    app.draw_frame()
    keys = {t.id: t.rect for t in app.scene.targets()}
    for key in (*"2468", "ok"):
        time.sleep(0.1)  # a finger's pace: touches closer than touch.cooldown_ms are bounces
        x, y, w, h = keys[next(k for k in keys if k.endswith(key))]
        press(app, x + w // 2, y + h // 2)
        app.draw_frame()
    assert "reload" in {t.id for t in app.scene.targets()}  # the overlay opened
    assert [e["kind"] for e in log.events if e["kind"].startswith("session")] == []
    time.sleep(0.1)
    x, y, w, h = next(t.rect for t in app.scene.targets() if t.id == "close")
    press(app, x + w // 2, y + h // 2)
    assert app.scene.name == "home"
    time.sleep(0.1)
    press(app, 960, 540)  # the next visitor
    assert [e["kind"] for e in log.events if e["kind"].startswith("session")] == ["session_start"]


def test_a_touch_starts_a_visit_and_the_overlay_ends_it(display: pygame.Surface) -> None:  # noqa: F811
    app = make_app(display, REPO / "content")
    app.ctx.events = log = RecordedEvents()
    press(app, 5, 5)
    press(app, 9, 9)
    assert [e["kind"] for e in log.events] == ["session_start"]
    app.end_visit("admin")
    assert log.events[-1] == {"kind": "session_end", "zone": None, "panel": None, "title": None,
                              "length_ms": log.events[-1]["length_ms"], "touches": 2, "reason": "admin"}
    app.end_visit("stop")
    assert len(log.events) == 2  # no visit, nothing to end


def test_a_panel_that_fails_is_logged_with_its_id(display: pygame.Surface,  # noqa: F811
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def __init__(self, *_args: object) -> None:
            raise RuntimeError("a bug in a body")

    app = make_app(display, REPO / "content")
    app.ctx.events = log = RecordedEvents()
    article = next(p for p in app.ctx.catalog.panels.values() if p.kind == "article")
    monkeypatch.setitem(panel_scene.BODIES, "article", Broken)
    app.panel(article.id)
    errors = [e for e in log.events if e["kind"] == "panel_error"]
    assert errors == [{"kind": "panel_error", "zone": article.zone, "panel": article.id, "title": None,
                       "message": "could not be prepared"}]
