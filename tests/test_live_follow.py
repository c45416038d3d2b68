"""The kiosk's own loop while an administrator saves the attract playlist and config.yaml: the
loop shows the new playlist, live settings take effect, the rest is named in the admin overlay,
and a broken save changes nothing but says what is wrong."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest

from kiosk.admin.pin import hash_pin
from kiosk.admin.setpin import with_pin_hash
from kiosk.analytics.events import RecordedEvents
from kiosk.config import DEFAULT_ZONES, load_config
from kiosk.engine.app import App
from kiosk.engine.assets import PictureCache
from kiosk.engine.scenes.base import Context
from kiosk.engine.targets import TargetsFile
from kiosk.engine.text import TextRenderer
from kiosk.engine.theme import FontFiles, Theme
from kiosk.live.follow import LiveUpdates
from tests.conftest import make_image, write
from tests.test_screens import SIZE, display

__all__ = ["display"]  # the headless screen fixture, shared with test_screens.py

WAIT_S = 20  # generous: no test asserts timings
FIRST = "education/01-开天辟地"
SECOND = "education/02-入党誓词"
PIN = "2468"
SETTINGS = "设置（config.yaml）"
CONFIG = f"""attract:
  playlist: hall
idle:
  timeout_s: 90
  warning_s: 15
live:
  settle_s: 0.5
admin:
  pin_hash: "{hash_pin(PIN)}"
"""
LONG = "    seconds: 600\n"  # an item that stays on screen for the whole test


def save(path: Path, text: str) -> None:
    """An editor's save: written beside it, renamed into place."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


class Hall:
    """The App on a small hall in tmp_path, following it as `python -m kiosk run` does."""

    def __init__(self, screen: pygame.Surface, root: Path, playlist: str) -> None:
        for zone in DEFAULT_ZONES:
            (root / "content" / zone.id).mkdir(parents=True, exist_ok=True)
        for panel in (FIRST, SECOND):
            make_image(root / "content" / panel / "poster.jpg")
        write(root / "playlists" / "hall.yaml", playlist)
        self.config_path = write(root / "config.yaml", CONFIG)
        self.playlist_path = root / "playlists" / "hall.yaml"
        config = load_config(self.config_path)
        self.live = LiveUpdates(config, self.config_path)
        catalog = self.live.load()
        fonts = FontFiles(config.font_file("sans"), config.font_file("sans_bold"), config.font_file("serif"), 2)
        theme = Theme(SIZE, config.screen.mm_per_px(SIZE), fonts)
        ctx = Context(config, theme, TextRenderer(theme), PictureCache(config.paths.content), catalog, SIZE)
        self.events = RecordedEvents()
        ctx.events = self.events
        self.app = App(ctx, screen, windowed=True, targets=TargetsFile(None), playlist=self.live.playlist,
                       reread=self.live.read_everything)
        self.live.start(self.app, wake=lambda: None)

    def run_until(self, check: Callable[[], bool], what: str) -> None:
        """The kiosk's loop, a frame at a time, until `check` holds."""
        deadline = time.monotonic() + WAIT_S
        while not check():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            self.app._step(1 / 60)
            if self.app.dirty:
                self.app.draw_frame()
            time.sleep(0.01)

    def logged(self, kind: str) -> list[dict]:
        return [e for e in self.events.events if e["kind"] == kind]

    def showing(self) -> str | None:
        """The attract loop's item on screen now, as the log records it."""
        items = self.logged("attract_item")
        return items[-1]["item"] if items and self.app.scene.name == "attract" else None

    def saved_config(self, text: str) -> None:
        before = len(self.logged("config_reload"))
        save(self.config_path, text)
        self.run_until(lambda: len(self.logged("config_reload")) > before, "config.yaml to be read")

    def overlay(self) -> dict[str, list[str]]:
        """Open the admin overlay with the PIN; what its cards say."""
        self.app.open_admin()
        for key in (*PIN, "ok"):
            self.app.scene.press(key)
        self.app.draw_frame()
        return self.app.scene.cards


@pytest.fixture
def hall(display: pygame.Surface, tmp_path: Path) -> Iterator[Hall]:
    running = Hall(display, tmp_path, f"items:\n  - zone: education\n{LONG}")
    yield running
    running.live.stop()


def test_a_saved_playlist_reaches_the_attract_loop_on_screen(hall: Hall) -> None:
    hall.run_until(lambda: hall.showing() == "zone:education", "the first item")
    save(hall.playlist_path, f"items:\n  - panel: {SECOND}\n{LONG}")
    hall.run_until(lambda: hall.showing() == f"panel:{SECOND}", "the saved playlist's item")
    (reload,) = hall.logged("content_reload")
    assert (reload["playlist"], reload["items"], reload["problems"]) == ("hall", 1, 0)
    assert any("轮播清单已更新：hall.yaml，1 项" in line for line in hall.overlay()["最近的更新"])


def test_the_loop_goes_on_from_the_item_it_was_showing(hall: Hall) -> None:
    hall.run_until(lambda: hall.showing() == "zone:education", "the first item")
    scene = hall.app.scene
    save(hall.playlist_path, f"items:\n  - panel: {FIRST}\n{LONG}  - zone: education\n{LONG}")
    hall.run_until(lambda: hall.app.scene is not scene, "the rebuilt loop")
    rebuilt = hall.app.scene
    assert rebuilt.items[rebuilt.index].source == "zone:education"  # not back to the first item
    assert hall.showing() == "zone:education"  # and not announced as shown anew


def test_a_half_typed_playlist_keeps_the_last_good_one_on_screen(hall: Hall) -> None:
    hall.run_until(lambda: hall.showing() == "zone:education", "the first item")
    save(hall.playlist_path, f"items:\n  - panel: {SECOND}\n  - zone: [educ\n")
    hall.run_until(lambda: hall.app.ctx.standing_problems.get("playlist"), "the problem to be reported")
    (note,) = hall.app.ctx.standing_problems["playlist"]
    assert note == "the attract loop keeps the last good version of playlists/hall.yaml until it is fixed"
    assert hall.showing() == "zone:education"
    cards = hall.overlay()
    assert any(line.startswith("playlists/hall.yaml:") for line in cards["内容问题（2）"])
    assert "轮播清单 hall.yaml 有错误" in cards["最近的更新"][0]
    hall.app.attract()
    save(hall.playlist_path, f"items:\n  - panel: {SECOND}\n{LONG}")  # fixed
    hall.run_until(lambda: hall.showing() == f"panel:{SECOND}", "the fixed playlist")
    assert hall.overlay()["内容问题（0）"] == ["没有发现问题。"]


def test_a_deleted_playlist_gives_the_zones_covers_and_a_new_one_comes_back(hall: Hall) -> None:
    save(hall.playlist_path, f"items:\n  - panel: {FIRST}\n{LONG}")
    hall.run_until(lambda: hall.showing() == f"panel:{FIRST}", "the saved playlist")
    hall.playlist_path.unlink()
    hall.run_until(lambda: hall.showing() == "zone:management", "the zones' covers")
    assert "'hall' does not exist" in hall.overlay()["内容问题（1）"][0]
    hall.app.attract()  # the overlay's 重新开始轮播
    write(hall.playlist_path, f"items:\n  - panel: {SECOND}\n{LONG}")  # written in place, as a new file
    hall.run_until(lambda: hall.showing() == f"panel:{SECOND}", "the new playlist")


def test_temporary_files_beside_the_playlist_change_nothing(hall: Hall) -> None:
    hall.run_until(lambda: hall.showing() == "zone:education", "the first item")
    write(hall.playlist_path.with_name(".hall.yaml.swp"), "items: [\n")
    write(hall.playlist_path.with_name("hall.yaml~"), "items: [\n")
    time.sleep(1)
    hall.run_until(lambda: hall.live.idle, "the watchers to be idle")
    assert hall.logged("content_reload") == [] and hall.app.ctx.runtime_problems == []


def test_a_new_idle_time_is_used_at_once(hall: Hall) -> None:
    hall.app.home()
    hall.saved_config(CONFIG.replace("timeout_s: 90", "timeout_s: 30").replace("warning_s: 15", "warning_s: 10"))
    hall.app.idle.activity(time.monotonic())
    hall.app.idle.last_activity -= 25  # a visitor walked away 25 s ago
    hall.app._step(1 / 60)
    assert hall.app.countdown is not None  # 您还在参观吗？ after 20 s now, not 75
    (reload,) = hall.logged("config_reload")
    assert reload["applied"] == ["idle.timeout_s", "idle.warning_s"] and reload["restart"] == []


def test_a_setting_that_needs_a_restart_is_named_in_the_overlay(hall: Hall) -> None:
    hall.saved_config(CONFIG + "screen:\n  resolution: 1280x720\n")
    cards = hall.overlay()
    assert "需要重启才能生效：screen.resolution（屏幕分辨率）" in cards[SETTINGS]
    assert hall.app.ctx.config.screen.resolution is None  # still the screen it started on
    hall.app.home()
    hall.saved_config(CONFIG)  # put back: nothing waits any more
    assert hall.overlay()[SETTINGS] == ["所有设置都已生效。"]


def test_a_broken_config_save_keeps_the_kiosk_running_on_its_settings(hall: Hall) -> None:
    hall.saved_config(CONFIG.replace("timeout_s: 90", "timeout_s: abc"))
    assert hall.app.ctx.config.idle.timeout_s == 90 and hall.app.idle.timeout_s == 90
    lines = hall.overlay()[SETTINGS]
    assert lines[0].startswith("config.yaml 保存的版本有错误，展项仍按原来的设置运行")
    assert f'{hall.config_path}:4 idle.timeout_s: must be seconds from 10 to 3600, got "abc"' in lines
    assert hall.logged("config_reload")[-1]["problems"] == 1
    hall.app.home()
    hall.saved_config(CONFIG.replace("timeout_s: 90", "timeout_s: 120"))
    assert hall.app.idle.timeout_s == 120
    assert hall.overlay()[SETTINGS] == ["所有设置都已生效。"]


def test_another_playlist_named_in_config_yaml_is_shown_at_once(hall: Hall) -> None:
    hall.run_until(lambda: hall.showing() == "zone:education", "the first item")
    write(hall.playlist_path.with_name("七一.yaml"), f"items:\n  - panel: {FIRST}\n{LONG}")
    hall.saved_config(CONFIG.replace("playlist: hall", "playlist: 七一"))
    hall.run_until(lambda: hall.showing() == f"panel:{FIRST}", "the other playlist")
    save(hall.playlist_path.with_name("七一.yaml"), f"items:\n  - panel: {SECOND}\n{LONG}")  # and it is followed
    hall.run_until(lambda: hall.showing() == f"panel:{SECOND}", "the other playlist, saved again")


def test_a_pin_set_while_the_kiosk_runs_opens_the_pad(hall: Hall) -> None:
    temp = hall.config_path.with_name("config.yaml.tmp")  # as `python -m kiosk set-pin` writes it
    temp.write_text(with_pin_hash(hall.config_path.read_text(encoding="utf-8"), hash_pin("1357")), encoding="utf-8")
    before = len(hall.logged("config_reload"))
    temp.replace(hall.config_path)
    hall.run_until(lambda: len(hall.logged("config_reload")) > before, "config.yaml to be read")
    hall.app.open_admin()
    for key in "1357":
        hall.app.scene.press(key)
    hall.app.scene.press("ok")
    assert hall.app.scene.unlocked


def test_content_changes_elsewhere_leave_the_loop_alone_and_its_own_items_follow(hall: Hall) -> None:
    hall.run_until(lambda: hall.showing() == "zone:education", "the first item")
    scene, announced = hall.app.scene, len(hall.logged("attract_item"))
    write(hall.playlist_path.parents[1] / "content" / "showcase" / "榜样.md", "榜样的力量\n")
    hall.run_until(lambda: hall.logged("content_reload"), "the new panel")
    assert hall.app.scene is scene and len(hall.logged("attract_item")) == announced  # not even a flicker
    write(hall.playlist_path.parents[1] / "content" / "education" / "zone.yaml", "title: 教育（新）\n")
    hall.run_until(lambda: hall.logged("attract_item")[-1]["title"] == "教育（新）", "the item's new title")
    assert hall.showing() == "zone:education"


def test_a_picture_of_the_loop_replaced_is_composed_again(hall: Hall) -> None:
    save(hall.playlist_path, f"items:\n  - panel: {FIRST}\n{LONG}")
    hall.run_until(lambda: hall.showing() == f"panel:{FIRST}", "the saved playlist")
    scene = hall.app.scene
    make_image(hall.playlist_path.parents[1] / "content" / FIRST / "poster.jpg", (320, 200))
    hall.run_until(lambda: hall.app.scene is not scene, "the loop composed with the new picture")
    assert hall.showing() == f"panel:{FIRST}"


def poster(path: Path, colour: tuple[int, int, int]) -> None:
    """A one-colour poster, saved as an editor would: beside it, then renamed into place."""
    from PIL import Image

    temp = path.with_name(f".{path.name}.part")
    Image.new("RGB", (160, 90), colour).save(temp, format="JPEG")
    os.replace(temp, path)


class Watched:
    """What the screen showed, frame after frame, at a spot above the band and in the band."""

    def __init__(self, screen: pygame.Surface) -> None:
        self.screen, self.pictures, self.bands = screen, [], []

    def look(self) -> None:
        width, height = self.screen.get_size()
        self.pictures.append(tuple(self.screen.get_at((width // 2, height // 3)))[:3])
        self.bands.append(pygame.image.tobytes(self.screen.subsurface((0, height - 150, width // 2, 150)), "RGB"))


def near(colour: tuple[int, ...], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(colour, wanted))  # JPEG's rounding


GREEN, BLUE = (20, 140, 60), (30, 60, 200)


def test_a_picture_replaced_on_screen_takes_over_without_a_blank_frame(hall: Hall) -> None:
    picture = hall.playlist_path.parents[1] / "content" / FIRST / "poster.jpg"
    poster(picture, GREEN)
    save(hall.playlist_path, f"items:\n  - panel: {FIRST}\n{LONG}")
    hall.run_until(lambda: hall.showing() == f"panel:{FIRST}" and near(hall.app.screen.get_at((960, 360)), GREEN),
                   "the green poster")
    watched = Watched(hall.app.screen)
    poster(picture, BLUE)

    def blue() -> bool:
        watched.look()
        return near(watched.pictures[-1], BLUE)

    hall.run_until(blue, "the blue poster")
    assert all(near(c, GREEN) or near(c, BLUE) for c in watched.pictures), "a frame without the poster"


def test_a_new_hall_name_reaches_the_band_while_the_picture_stays(hall: Hall) -> None:
    poster(hall.playlist_path.parents[1] / "content" / FIRST / "poster.jpg", GREEN)
    save(hall.playlist_path, f"items:\n  - panel: {FIRST}\n{LONG}")
    hall.run_until(lambda: hall.showing() == f"panel:{FIRST}" and near(hall.app.screen.get_at((960, 360)), GREEN),
                   "the green poster")
    watched = Watched(hall.app.screen)
    watched.look()
    save(hall.config_path, CONFIG + "hall:\n  title: 不忘初心 牢记使命\n")

    def renamed() -> bool:
        watched.look()
        return watched.bands[-1] != watched.bands[0]

    hall.run_until(renamed, "the band with the hall's new name")
    assert all(near(c, GREEN) for c in watched.pictures), "the poster left the screen"
    assert hall.app.ctx.config.hall.title == "不忘初心 牢记使命" and hall.showing() == f"panel:{FIRST}"


def test_a_new_photo_as_large_as_the_old_replaces_it_on_an_open_panel(hall: Hall) -> None:
    picture = hall.playlist_path.parents[1] / "content" / FIRST / "poster.jpg"
    poster(picture, GREEN)
    hall.run_until(lambda: hall.logged("content_reload"), "the green poster to be read")
    hall.app.panel(FIRST)

    def share(colour: tuple[int, int, int]) -> float:
        small = pygame.transform.scale(hall.app.screen, (192, 108))
        pixels = [small.get_at((x, y)) for x in range(192) for y in range(108)]
        return sum(near(p, colour) for p in pixels) / len(pixels)

    hall.run_until(lambda: share(GREEN) > 0.05, "the green poster on the panel")
    shown = share(GREEN)
    poster(picture, BLUE)  # the same size: only the pixels differ
    seen: list[tuple[float, float]] = []

    def blue() -> bool:
        seen.append((share(GREEN), share(BLUE)))
        return seen[-1][1] > 0.05

    hall.run_until(blue, "the blue poster on the panel")
    assert share(GREEN) == 0 and hall.app.scene.name == "panel"
    assert all(green + blue >= shown * 0.9 for green, blue in seen), "a frame without the poster"


def test_a_panel_kept_in_its_last_good_version_leaves_the_overlay_once_fixed(hall: Hall) -> None:
    panel_yaml = hall.playlist_path.parents[1] / "content" / FIRST / "panel.yaml"
    save(panel_yaml, "title: 开天辟地\nmedia: [poster.jpg\n")  # saved mid-edit
    hall.run_until(lambda: hall.app.ctx.standing_problems.get("content"), "the problem to be reported")
    problems = next(lines for title, lines in hall.overlay().items() if title.startswith("内容问题"))
    assert any("keeps the last good version of education/01-开天辟地" in line for line in problems)
    assert hall.app.ctx.catalog.panels[FIRST].title == "开天辟地"  # still on screen, from before
    hall.app.home()
    save(panel_yaml, "title: 开天辟地\nmedia: [poster.jpg]\n")
    hall.run_until(lambda: not hall.app.ctx.standing_problems.get("content"), "the fix to be read")
    assert hall.overlay()["内容问题（0）"] == ["没有发现问题。"]
