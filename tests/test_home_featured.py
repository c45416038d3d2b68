"""The calendar's featured panels stand first on the home screen, under 今日推荐, and open with a tap."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from tests.conftest import REPO
from tests.test_screens import make_app, settle


@pytest.fixture(scope="module")
def display() -> pygame.Surface:
    pygame.display.init()
    pygame.freetype.init()
    yield pygame.display.set_mode((1920, 1080))
    pygame.quit()


def test_featured_panels_show_above_the_zones_and_open_their_panel(display: pygame.Surface, tmp_path: Path) -> None:
    app = make_app(display, REPO / "content")
    app.ctx.featured = ("education/01-开天辟地", "no/such-panel", "education/17-建党百年")
    settle(app)
    targets = {t.id: t for t in app.scene.targets()}
    featured = [t for t in targets if t.startswith("featured:")]
    assert featured == ["featured:education/01-开天辟地", "featured:education/17-建党百年"]  # a missing id is left out
    first = targets["featured:education/01-开天辟地"]
    assert first.label == app.ctx.catalog.panels["education/01-开天辟地"].title
    zones = [t for t in targets.values() if t.id.startswith("zone:")]
    assert len(zones) == 5 and all(z.rect[1] > first.rect[1] + first.rect[3] for z in zones)  # below, not over
    pygame.image.save(display, str(tmp_path / "home.png"))
    x, y, w, h = first.rect
    assert app.scene.tap(x + w // 2, y + h // 2)
    assert app.scene.name == "panel" and app.scene.panel_id == "education/01-开天辟地"


def test_without_featured_panels_home_is_as_before(display: pygame.Surface) -> None:
    app = make_app(display, REPO / "content")
    settle(app)
    assert not [t for t in app.scene.targets() if t.id.startswith("featured:")]
