"""Every screen drawn headless: what a visitor would see breaks here before it reaches a hall."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pygame
import pytest

from kiosk.analytics.events import RecordedEvents
from kiosk.config import load_config
from kiosk.content.loader import load_catalog
from kiosk.engine.app import App
from kiosk.engine.assets import PictureCache
from kiosk.engine.gestures import DoubleTap, Swipe
from kiosk.engine.scenes.base import Context
from kiosk.engine.targets import TargetsFile
from kiosk.engine.text import TextRenderer
from kiosk.engine.theme import RED, FontFiles, Theme
from tests.conftest import REPO, make_image, write

SIZE = (1920, 1080)


@pytest.fixture(scope="module")
def display() -> pygame.Surface:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    pygame.display.init()
    pygame.freetype.init()
    screen = pygame.display.set_mode(SIZE)
    yield screen
    pygame.quit()


def make_app(display: pygame.Surface, content: Path, targets: Path | None = None) -> App:
    config = load_config(REPO / "config.yaml", content)
    fonts = FontFiles(config.font_file("sans"), config.font_file("sans_bold"), config.font_file("serif"), 2)
    theme = Theme(SIZE, config.screen.mm_per_px(SIZE), fonts)
    ctx = Context(config, theme, TextRenderer(theme), PictureCache(content), load_catalog(content, config.zones), SIZE)
    return App(ctx, display, windowed=True, targets=TargetsFile(targets))


def settle(app: App) -> None:
    """Draw, wait for pictures to finish loading, draw again."""
    deadline = time.monotonic() + 10
    app.draw_frame()
    while app.ctx.pictures.busy and time.monotonic() < deadline:
        time.sleep(0.02)
        app.ctx.pictures.collect()
    app.ctx.pictures.collect()
    app.draw_frame()


def test_every_demo_panel_draws_without_a_problem(display: pygame.Surface) -> None:
    app = make_app(display, REPO / "content")
    assert len(app.ctx.catalog.panels) >= 120
    for panel_id in app.ctx.catalog.panels:
        app.panel(panel_id)
        app.draw_frame()
        ids = [t.id for t in app.scene.targets()]
        assert ids[:2] == ["back", "home"], panel_id
        assert "next" in ids and "previous" in ids, panel_id
    assert app.ctx.runtime_problems == []


def test_navigation_home_zone_panel_and_back(display: pygame.Surface, tmp_path: Path) -> None:
    app = make_app(display, REPO / "content", tmp_path / "targets.json")
    settle(app)
    home = [t.id for t in app.scene.targets()]
    assert home == [f"zone:{z}" for z in ("management", "education", "showcase", "learning", "activity")]
    app.scene.tap(*_centre(app, "zone:education"))
    settle(app)
    assert (app.scene.name, app.scene.zone_id) == ("zone", "education")
    first = next(t for t in app.scene.targets() if t.id.startswith("panel:"))
    app.scene.tap(*_centre(app, first.id))
    settle(app)
    assert app.scene.panel_id == first.id.removeprefix("panel:")
    app.scene.gesture(Swipe("left", 900, 600))
    settle(app)
    second = app.ctx.catalog.zone("education").panel_ids[1]
    assert app.scene.panel_id == second
    app.scene.tap(*_centre(app, "back"))
    settle(app)
    assert app.scene.name == "zone"
    app.scene.tap(*_centre(app, "home"))
    settle(app)
    assert app.scene.name == "home"
    assert '"screen": "home"' in (tmp_path / "targets.json").read_text(encoding="utf-8")


def _centre(app: App, target_id: str) -> tuple[int, int]:
    x, y, w, h = next(t.rect for t in app.scene.targets() if t.id == target_id)
    return x + w // 2, y + h // 2


def test_header_is_red_and_chinese_text_is_drawn(display: pygame.Surface) -> None:
    app = make_app(display, REPO / "content")
    app.zone("education")
    settle(app)
    header_colour = display.get_at((SIZE[0] // 2, 10))[:3]
    assert abs(header_colour[0] - RED[0]) < 40 and header_colour[1] < 60
    # The zone title is drawn in glyphs: its row holds far more than one colour.
    row = {display.get_at((x, 150))[:3] for x in range(40, 200)}
    assert len(row) > 5


def test_quiz_answers_show_right_wrong_and_score(display: pygame.Surface, tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / "learning" / "quiz" / "panel.yaml", (
        "quiz:\n  - question: 中共一大在哪一年召开？\n    options: [1919年, 1921年]\n    answer: B\n"
        "    explanation: 1921年7月在上海开幕。\n"
    ))
    app = make_app(display, content)
    app.panel("learning/quiz")
    settle(app)
    app.scene.tap(*_centre(app, "option:A"))
    settle(app)
    assert "next-question" in [t.id for t in app.scene.targets()]
    assert "option:B" not in [t.id for t in app.scene.targets()]  # answered: no second try
    app.scene.tap(*_centre(app, "next-question"))
    settle(app)
    assert app.scene.body.finished and app.scene.body.score == 0
    app.scene.tap(*_centre(app, "quiz-restart"))
    settle(app)
    app.scene.tap(*_centre(app, "option:B"))
    assert app.scene.body.score == 1


def test_a_gallery_zooms_and_changes_picture(display: pygame.Surface, tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        make_image(content / "activity" / "wall" / name, (800, 600))
    app = make_app(display, content)
    app.panel("activity/wall")
    settle(app)
    body = app.scene.body
    assert [t.id for t in app.scene.targets() if t.id.startswith("picture:")] == ["picture:1", "picture:2", "picture:3"]
    app.scene.tap(*_centre(app, "picture:3"))
    assert body.strip.index == 2
    settle(app)
    centre = body.view.rect.center
    app.scene.gesture(DoubleTap(*centre))
    assert body.view.zoomed
    settle(app)
    app.scene.gesture(DoubleTap(*centre))
    assert not body.view.zoomed
    app.scene.gesture(Swipe("right", *centre))
    assert body.strip.index == 1


def test_a_picture_replaced_while_it_is_decoded_shows_the_new_one(display: pygame.Surface, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from PIL import Image

    from kiosk.engine import assets

    path = tmp_path / "photo.jpg"
    Image.new("RGB", (40, 30), (200, 30, 30)).save(path)
    decoded, go_on, real = threading.Event(), threading.Event(), assets.decode

    def slow(*args: object) -> object:  # the old file is decoded, then the curator's copy lands
        result = real(*args)
        decoded.set()
        go_on.wait(5)
        return result

    monkeypatch.setattr(assets, "decode", slow)
    cache = PictureCache(tmp_path)
    assert cache.get("photo.jpg", (40, 30)) is None
    assert decoded.wait(5)
    Image.new("RGB", (40, 30), (30, 30, 200)).save(path)
    cache.forget({"photo.jpg"})  # the reload of the new file arrives while the old decode finishes
    go_on.set()
    deadline = time.monotonic() + 10
    while (picture := cache.get("photo.jpg", (40, 30))) is None:
        assert time.monotonic() < deadline, "the picture never arrived"
        cache.collect()
        time.sleep(0.01)
    red, _green, blue, _alpha = picture.get_at((20, 15))
    assert blue > 150 and red < 80, "the old picture came back after the new file was saved"
    cache.close()


def test_a_picture_that_fails_to_decode_shows_a_notice_not_a_crash(display: pygame.Surface, tmp_path: Path) -> None:
    content = tmp_path / "content"
    picture = make_image(content / "showcase" / "broken.jpg", (800, 600))
    data = bytearray(picture.read_bytes())
    start = data.index(b"\xff\xda") + 20  # after the start-of-scan header: only the pixels are noise
    data[start:-2] = os.urandom(len(data) - start - 2)
    picture.write_bytes(bytes(data))
    app = make_app(display, content)
    app.panel("showcase/broken")
    settle(app)
    assert app.scene.name == "panel"
    assert app.ctx.runtime_problems == []


def test_a_panel_that_fails_to_draw_shows_a_dignified_card(display: pygame.Surface, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    write(content / "education" / "a.md", "正文\n")
    app = make_app(display, content)
    app.panel("education/a")

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(app.scene.body, "draw", broken)
    app.draw_frame()
    assert app.scene.name == "panel"
    assert type(app.scene.body).__name__ == "ErrorBody"
    assert any("education/a" in p for p in app.ctx.runtime_problems)


def test_windowed_quit_keys_and_kiosk_keys_do_nothing(display: pygame.Surface) -> None:
    app = make_app(display, REPO / "content")
    app.windowed = False
    for key, mod in ((pygame.K_ESCAPE, 0), (pygame.K_q, pygame.KMOD_CTRL), (pygame.K_F4, pygame.KMOD_ALT)):
        app._handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod))
    app._handle(pygame.event.Event(pygame.QUIT))
    assert app.running
    app.windowed = True
    app._handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
    assert not app.running


def test_launch_without_a_display_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.engine.launch import launch

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("SDL_VIDEODRIVER", "x11")
    args = argparse.Namespace(size=None, windowed=False, targets_file=None)
    assert launch(load_config(REPO / "config.yaml"), args) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("No display found") and "xvfb-run" in err and "\n" not in err


def test_a_journey_tells_the_log_what_the_visitor_did(display: pygame.Surface) -> None:
    from kiosk.analytics.events import RecordedEvents

    app = make_app(display, REPO / "content")
    app.ctx.events = log = RecordedEvents()
    settle(app)
    app.scene.tap(*_centre(app, "zone:education"))
    settle(app)
    first, second = app.ctx.catalog.zone("education").panel_ids[:2]
    app.scene.tap(*_centre(app, f"panel:{first}"))
    settle(app)
    time.sleep(0.2)
    app.scene.gesture(Swipe("left", 900, 600))
    settle(app)
    app.scene.tap(*_centre(app, "home"))
    kinds = [(e["kind"], e["panel"]) for e in log.events]
    assert kinds == [("zone_enter", None), ("panel_open", first), ("swipe", first), ("panel_close", first),
                     ("panel_open", second), ("panel_close", second)]
    assert log.events[0]["zone"] == "education" and log.events[0]["title"] == "教育"
    assert log.events[3]["dwell_ms"] >= 200
    assert log.events[1]["title"] == app.ctx.catalog.panels[first].title


def test_a_qr_panel_shows_a_code_a_phone_can_read(display: pygame.Surface, tmp_path: Path) -> None:
    import shutil
    import subprocess

    content = tmp_path / "content"
    write(content / "learning" / "xuexi" / "panel.yaml", "body: 正文\nqr: https://www.xuexi.cn/\n")
    app = make_app(display, content)
    app.ctx.events = log = RecordedEvents()
    app.panel("learning/xuexi")
    settle(app)
    shot = tmp_path / "qr.png"
    pygame.image.save(display, str(shot))
    assert shutil.which("zbarimg"), "zbarimg is missing: ./scripts/test.sh installs zbar-tools"
    read = subprocess.run(["zbarimg", "-q", "--raw", str(shot)], capture_output=True, text=True, check=False)
    assert read.stdout.strip() == "https://www.xuexi.cn/"
    assert [e["kind"] for e in log.events].count("qr_shown") == 1


@pytest.mark.parametrize("kind", ["bar", "line", "pie"])
def test_charts_grow_in_then_show_their_figures(display: pygame.Surface, tmp_path: Path, kind: str) -> None:
    content = tmp_path / "content"
    write(content / "showcase" / "c" / "panel.yaml", (
        f"chart:\n  type: {kind}\n  unit: 名\n  labels: [2021, 2022, 2023]\n"
        "  series:\n    - name: 党员\n      values: [120, 134, 151]\n"
    ))
    app = make_app(display, content)
    app.panel("showcase/c")
    settle(app)
    start = _inked(display)
    while app.scene.update(0.1):
        pass
    app.draw_frame()
    assert _inked(display) > start + 100  # the bars, line or wedges have grown in
    assert not app.scene.update(0.1)  # then the screen is still


def _inked(surface: pygame.Surface) -> int:
    """Sampled pixels of the chart area that are not the paper background."""
    from kiosk.engine.theme import PAPER

    return sum(1 for x in range(0, SIZE[0], 3) for y in range(300, 900, 3)
               if sum(abs(a - b) for a, b in zip(surface.get_at((x, y))[:3], PAPER, strict=True)) > 60)
