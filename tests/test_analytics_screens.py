"""The running screen feeds the log: touches start and end visits, a failing panel is recorded."""

from __future__ import annotations

import pygame
import pytest

from kiosk.analytics.events import RecordedEvents
from kiosk.engine.scenes import panel as panel_scene
from tests.conftest import REPO
from tests.test_screens import display, make_app  # noqa: F401  (display is a fixture)


def press(app, x: int, y: int) -> None:
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        app._handle(pygame.event.Event(kind, button=1, pos=(x, y), touch=False))


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
