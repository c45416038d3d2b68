"""The object panel drawn headless: a finger turns the exhibit, a double-tap looks closer."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from kiosk.engine.app import App
from kiosk.engine.gestures import DoubleTap, Drag, DragEnd, DragStart, Swipe, Tap
from tests.conftest import write
from tests.test_screens import display, make_app, settle  # noqa: F401 (display is a fixture)

PANEL = "showcase/水壶"


def _ring(content: Path, count: int, arc: int | None = None) -> None:
    """Photographs of different greys, so each frame on screen can be told apart."""
    from PIL import Image

    folder = content / PANEL
    write(folder / "panel.yaml", "kind: object\ntitle: 行军水壶\nera: 1935年\n" + (f"arc: {arc}\n" if arc else ""))
    write(folder / "body.md", "长征途中使用的水壶。\n")
    for i in range(1, count + 1):
        Image.new("RGB", (120, 120), (i * 5, 40, 255 - i * 5)).save(folder / f"{i:02d}.jpg")


def _open(display: pygame.Surface, tmp_path: Path, count: int = 36, arc: int | None = None) -> App:  # noqa: F811
    content = tmp_path / "content"
    _ring(content, count, arc)
    app = make_app(display, content)
    app.panel(PANEL)
    settle(app)
    return app


def _drag(app: App, share: float) -> None:
    """One finger across `share` of the picture's width, in small steps, then let go still."""
    body = app.scene.body
    x, y = body.picture.center
    app.scene.gesture(DragStart(x, y))
    steps = 10
    for _ in range(steps):
        app.scene.gesture(Drag(x, y, body.picture.width * share / steps, 0))
    app.scene.gesture(DragEnd(x, y, 0, 0))
    settle(app)


def test_the_exhibit_shows_its_photograph_and_its_card(display: pygame.Surface, tmp_path: Path) -> None:  # noqa: F811
    app = _open(display, tmp_path)
    body = app.scene.body
    assert type(body).__name__ == "ObjectBody" and body.frame == 0
    red, _green, blue, _ = display.get_at(body.picture.center)
    assert red < 30 and blue > 220  # the first photograph, not a placeholder
    assert "object" in [t.id for t in app.scene.targets()]
    assert app.ctx.runtime_problems == []


def test_a_drag_across_a_fifth_of_the_picture_turns_it_four_photographs_on(display: pygame.Surface,  # noqa: F811
                                                                             tmp_path: Path) -> None:
    app = _open(display, tmp_path)
    body = app.scene.body
    first = display.get_at(body.picture.center)
    _drag(app, 0.2)  # 36° on a ring of 36: the photograph at 40°
    assert body.frame == 4
    assert display.get_at(body.picture.center) != first
    _drag(app, -0.2)
    assert body.frame == 0


def test_a_full_ring_turns_past_its_last_photograph_to_its_first(display: pygame.Surface,  # noqa: F811
                                                                  tmp_path: Path) -> None:
    app = _open(display, tmp_path)
    body = app.scene.body
    _drag(app, -0.05)  # 9° back
    assert body.frame == 35
    _drag(app, 0.1)  # 18° on: past the last photograph to the second
    assert body.frame == 1
    _drag(app, 2.0)  # a whole turn more comes back to the same photograph
    assert body.frame == 1
    assert app.scene.panel_id == PANEL


def test_an_arc_stops_at_its_ends(display: pygame.Surface, tmp_path: Path) -> None:  # noqa: F811
    app = _open(display, tmp_path, count=10, arc=90)
    body = app.scene.body
    _drag(app, -0.5)
    assert body.frame == 0
    _drag(app, 3.0)
    assert body.frame == 9


def test_a_sideways_swipe_on_the_object_turns_it_and_keeps_the_panel(display: pygame.Surface,  # noqa: F811
                                                                      tmp_path: Path) -> None:
    app = _open(display, tmp_path)
    _drag(app, 0.1)
    app.scene.gesture(Swipe("left", *app.scene.body.picture.center))
    assert app.scene.panel_id == PANEL


def test_a_double_tap_zooms_into_the_angle_shown_and_drags_then_look_round(display: pygame.Surface,  # noqa: F811
                                                                           tmp_path: Path) -> None:
    app = _open(display, tmp_path)
    body = app.scene.body
    _drag(app, 0.2)
    centre = body.picture.center
    app.scene.gesture(DoubleTap(*centre))
    settle(app)
    assert body.view.zoomed and body.view.path == body.frames[4]
    _drag(app, 0.2)
    assert body.frame == 4  # a zoomed photograph is looked round, not turned
    app.scene.gesture(DoubleTap(*centre))
    assert not body.view.zoomed


def test_it_turns_by_itself_until_a_visitor_touches_it(display: pygame.Surface, tmp_path: Path) -> None:  # noqa: F811
    app = _open(display, tmp_path)
    body = app.scene.body
    assert any(app.scene.update(0.5) for _ in range(10))
    assert body.frame > 0
    assert app.scene.tap(*body.picture.center)
    frame = body.frame
    assert not any(app.scene.update(0.5) for _ in range(20))
    assert body.frame == frame


def test_only_the_photographs_around_the_angle_are_asked_for(display: pygame.Surface, tmp_path: Path,  # noqa: F811
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    app = _open(display, tmp_path, count=72)
    body = app.scene.body
    asked: set[str] = set()
    real_get = app.ctx.pictures.get

    def get(path: str, *args: object, **kwargs: object) -> pygame.Surface | None:
        asked.add(path)
        return real_get(path, *args, **kwargs)

    monkeypatch.setattr(app.ctx.pictures, "get", get)
    _drag(app, 0.25)  # 45°: the tenth photograph of 72
    assert body.frame == 9
    assert asked == set(body.frames[3:16])  # six on each side; the far side of the exhibit waits


@pytest.mark.parametrize("gesture", [Tap, DoubleTap])
def test_any_touch_on_the_object_ends_the_self_turn(display: pygame.Surface, tmp_path: Path,  # noqa: F811
                                                     gesture: type) -> None:
    app = _open(display, tmp_path)
    body = app.scene.body
    x, y = body.picture.center
    if gesture is Tap:
        app.scene.tap(x, y)
    else:
        app.scene.gesture(gesture(x, y))
    assert body.turning.touched
