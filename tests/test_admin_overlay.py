"""The admin overlay closes itself when left alone, and counts what it was told today."""

from __future__ import annotations

import time
from dataclasses import replace

import pygame

from kiosk.admin.pin import hash_pin
from tests.conftest import REPO
from tests.test_screens import display, make_app  # noqa: F401 (display is a fixture)


def test_the_overlay_closes_after_a_minute_without_a_touch(display: pygame.Surface) -> None:  # noqa: F811
    app = make_app(display, REPO / "content")
    app.open_admin()
    app.draw_frame()
    assert app.scene.name == "admin"
    assert not app.scene.update(0.1)  # just opened: it stays
    app.scene.last_touch = time.monotonic() - 61
    app.scene.update(0.1)
    assert app.scene.name != "admin"


def test_the_pad_opens_the_overlay_only_for_the_right_pin(display: pygame.Surface) -> None:  # noqa: F811
    app = make_app(display, REPO / "content")
    config = app.ctx.config
    app.ctx.config = replace(config, admin=replace(config.admin, pin_hash=hash_pin("2468")))
    app.open_admin()
    for key in "1357":
        app.scene.press(key)
    app.scene.press("ok")
    app.draw_frame()
    assert "reload" not in [t.id for t in app.scene.targets()]
    for key in "2468":
        app.scene.press(key)
    app.scene.press("ok")
    app.draw_frame()
    assert {"reload", "attract", "exit", "close"} <= {t.id for t in app.scene.targets()}
