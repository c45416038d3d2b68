"""The real kiosk, fullscreen on a virtual X screen, driven with xdotool as a touch frame would.

Infrared touch frames send mouse clicks and drags; xdotool sends the same X events. The kiosk
reports what can be tapped through --targets-file, so taps land where a visitor's would.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
                                reason="needs Xvfb and xdotool (./scripts/test.sh installs them)")


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(timeout=10)


class Kiosk:
    def __init__(self, display: str, workdir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.display = display
        self.targets_path = workdir / "targets.json"
        self.env = {**os.environ, "DISPLAY": display, "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy",
                    **(env or {})}
        self.log = (workdir / "kiosk.log").open("w")
        if "--at" not in args:  # an ordinary Wednesday morning: no special day's playlist, whatever today is
            args = ("--at", "2027-03-10 10:00", *args)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--targets-file", str(self.targets_path), *args],
            cwd=REPO, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)

    def state(self) -> dict:
        try:
            return json.loads(self.targets_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def wait_for(self, check: Callable[[dict], bool], what: str, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the kiosk stopped while waiting for {what}"
            state = self.state()
            if state and check(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; last state: {self.state()}")

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=10)

    def centre(self, target_id: str) -> tuple[int, int]:
        target = next(t for t in self.state()["targets"] if t["id"] == target_id)
        x, y, w, h = target["rect"]
        return x + w // 2, y + h // 2

    def tap(self, target_id: str) -> float:
        """Tap the middle of a target; returns when (monotonic) the finger came down."""
        time.sleep(0.3)  # a person's hand needs this long between touches; the kiosk filters faster ones
        x, y = self.centre(target_id)
        self.xdotool("mousemove", str(x), str(y))
        touched = time.monotonic()
        self.xdotool("click", "1")
        return touched

    def swipe(self, x: int, y: int, dx: int) -> None:
        """A quick horizontal flick, as a finger on an infrared frame makes it."""
        time.sleep(0.3)
        self.xdotool("mousemove", str(x), str(y), "mousedown", "1")
        for i in range(1, 9):
            self.xdotool("mousemove", str(x + dx * i // 8), str(y))
        self.xdotool("mouseup", "1")

    def begin(self) -> dict:
        """The kiosk starts in its attract loop; a touch anywhere begins a visit on home."""
        self.wait_for(lambda s: s["screen"] == "attract", "the attract loop")
        self.tap("start")
        return self.wait_for(lambda s: s["screen"] == "home", "the home screen")

    def screenshot(self, path: Path) -> Path:
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30)
        return path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.fixture
def kiosk(display: str, tmp_path: Path) -> Iterator[Kiosk]:
    running = Kiosk(display, tmp_path)
    yield running
    running.stop()


def test_a_visitor_walks_home_zone_panel_and_back(kiosk: Kiosk, tmp_path: Path) -> None:
    home = kiosk.begin()
    assert [t["id"] for t in home["targets"]] == [
        "zone:management", "zone:education", "zone:showcase", "zone:learning", "zone:activity"]
    kiosk.screenshot(tmp_path / "home.png")

    kiosk.tap("zone:education")
    zone = kiosk.wait_for(lambda s: s["screen"] == "zone", "the education zone")
    assert zone["zone"] == "education"
    first = next(t["id"] for t in zone["targets"] if t["id"].startswith("panel:"))

    kiosk.tap(first)
    panel = kiosk.wait_for(lambda s: s["screen"] == "panel", "a panel")
    assert panel["panel"] == first.removeprefix("panel:") and panel["zone"] == "education"

    kiosk.swipe(1400, 800, -700)
    moved = kiosk.wait_for(lambda s: s["screen"] == "panel" and s["panel"] != panel["panel"], "the next panel")
    assert moved["zone"] == "education"

    kiosk.tap("back")
    kiosk.wait_for(lambda s: s["screen"] == "zone", "back in the zone")
    kiosk.tap("home")
    kiosk.wait_for(lambda s: s["screen"] == "home", "home again")


def test_no_key_leads_out_of_the_fullscreen_kiosk(kiosk: Kiosk) -> None:
    kiosk.begin()  # a borderless window of the screen's size: what fullscreen is with no window manager
    for keys in ("Escape", "alt+F4", "ctrl+q", "ctrl+w", "alt+Tab", "super", "ctrl+alt+BackSpace"):
        kiosk.xdotool("key", keys)
    time.sleep(1)
    assert kiosk.process.poll() is None
    kiosk.tap("zone:learning")  # and it still answers a touch
    kiosk.wait_for(lambda s: s["screen"] == "zone" and s["zone"] == "learning", "the learning zone")


def test_the_home_screen_shows_chinese_and_fills_the_screen(kiosk: Kiosk, tmp_path: Path) -> None:
    from PIL import Image

    kiosk.begin()
    time.sleep(0.5)
    shot = Image.open(kiosk.screenshot(tmp_path / "home.png")).convert("RGB")
    assert shot.size == (1920, 1080)  # fullscreen
    top = shot.getpixel((960, 20))
    assert top[0] > 120 and top[1] < 60  # the red banner
    banner = {shot.getpixel((x, y)) for x in range(300, 1600, 5) for y in range(40, 240, 5)}
    assert len(banner) > 50  # the hall's name is drawn in glyphs over the gradient, not blank


def test_the_service_manager_stops_it_cleanly(kiosk: Kiosk) -> None:
    kiosk.begin()
    kiosk.process.send_signal(signal.SIGTERM)
    assert kiosk.process.wait(timeout=5) == 0


def _open_panel(kiosk: Kiosk, panel_id: str) -> None:
    """From a zone's list, drag the cards up until the panel's card shows, then tap it."""
    target = f"panel:{panel_id}"
    for _ in range(12):
        if any(t["id"] == target for t in kiosk.state()["targets"]):
            break
        time.sleep(0.3)
        kiosk.xdotool("mousemove", "960", "900", "mousedown", "1")
        for y in range(860, 460, -40):
            kiosk.xdotool("mousemove", "960", str(y))
        time.sleep(0.15)  # hold still before lifting: a drag, not a fling
        kiosk.xdotool("mouseup", "1")
        time.sleep(0.2)
    kiosk.tap(target)
    kiosk.wait_for(lambda s: s["screen"] == "panel" and s["panel"] == panel_id, f"panel {panel_id}")


def test_every_zone_and_every_kind_of_panel_opens(kiosk: Kiosk, tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    from kiosk.config import load_config
    from kiosk.content.loader import load_catalog

    config = load_config(REPO / "config.yaml")
    catalog = load_catalog(config.paths.content, config.zones)
    kinds_left = {p.kind for p in catalog.panels.values()}
    assert kinds_left == {"article", "gallery", "video", "audio", "chart", "quiz", "timeline", "object"}
    kiosk.begin()
    for zone in catalog.zones:
        kiosk.tap(f"zone:{zone.id}")
        kiosk.wait_for(lambda s, z=zone.id: s["screen"] == "zone" and s["zone"] == z, f"zone {zone.id}")
        wanted = list({p.kind: p for p in reversed(catalog.panels_of(zone.id)) if p.kind in kinds_left}.values())[:3]
        for panel in wanted:
            _open_panel(kiosk, panel.id)
            kinds_left.discard(panel.kind)
            if panel.kind == "gallery":
                time.sleep(1)
                before = kiosk.screenshot(tmp_path / "gallery.png")
                x, y = kiosk.centre("picture")
                time.sleep(0.3)
                kiosk.xdotool("mousemove", str(x), str(y), "click", "--repeat", "2", "--delay", "150", "1")
                time.sleep(1)
                after = kiosk.screenshot(tmp_path / "gallery-zoomed.png")
                difference = ImageChops.difference(Image.open(before).convert("RGB"), Image.open(after).convert("RGB"))
                assert difference.getbbox() is not None, "double-tap did not zoom the picture"
            kiosk.tap("back")
            kiosk.wait_for(lambda s, z=zone.id: s["screen"] == "zone" and s["zone"] == z, "back in the zone")
        kiosk.tap("home")
        kiosk.wait_for(lambda s: s["screen"] == "home", "home")
    assert kinds_left == set(), f"kinds never opened: {kinds_left}"


@pytest.fixture
def quick_kiosk(display: str, tmp_path: Path) -> Iterator[Kiosk]:
    """The demo hall with short waits: 2-second attract items, a 12-second idle time, a PIN."""
    from kiosk.admin.pin import hash_pin

    playlists = tmp_path / "playlists"
    playlists.mkdir()
    (playlists / "quick.yaml").write_text(
        "items:\n  - zone: education\n    seconds: 2\n  - zone: showcase\n    seconds: 2\n    transition: slide\n",
        encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(
        f"idle:\n  timeout_s: 12\n  warning_s: 6\nattract:\n  playlist: quick\n"
        f"paths:\n  content: {REPO / 'content'}\n  playlists: {playlists}\n  log_db: {tmp_path / 'log.sqlite3'}\n"
        f'admin:\n  pin_hash: "{hash_pin("2468")}"\n  hold_s: 2\n', encoding="utf-8")
    running = Kiosk(display, tmp_path, "--config", str(config))
    yield running
    running.stop()


def _same(a: Path, b: Path) -> bool:
    from PIL import Image, ImageChops

    return ImageChops.difference(Image.open(a).convert("RGB"), Image.open(b).convert("RGB")).getbbox() is None


def test_attract_loop_then_a_visit_then_the_countdown_then_attract_again(quick_kiosk: Kiosk, tmp_path: Path) -> None:
    kiosk = quick_kiosk
    kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop")
    time.sleep(1)
    first = kiosk.screenshot(tmp_path / "attract-1.png")
    time.sleep(2.5)
    second = kiosk.screenshot(tmp_path / "attract-2.png")
    assert not _same(first, second), "the attract loop did not move on to its next item"
    kiosk.tap("start")
    kiosk.wait_for(lambda s: s["screen"] == "home", "home after a touch")
    kiosk.tap("zone:education")
    kiosk.wait_for(lambda s: s["screen"] == "zone", "the education zone")
    countdown = kiosk.wait_for(lambda s: any(t["id"] == "continue" for t in s["targets"]), "the countdown", 15)
    assert countdown["screen"] == "zone"
    kiosk.tap("continue")  # the visitor is still here
    kiosk.wait_for(lambda s: not any(t["id"] == "continue" for t in s["targets"]), "the countdown to go")
    assert kiosk.state()["screen"] == "zone"
    kiosk.wait_for(lambda s: any(t["id"] == "continue" for t in s["targets"]), "the countdown again", 15)
    kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop again", 15)


def test_a_video_in_the_attract_loop_plays_full_screen_with_the_hint(display: str, tmp_path: Path) -> None:
    playlists = tmp_path / "playlists"
    playlists.mkdir()
    (playlists / "film.yaml").write_text("items:\n  - media: activity/23-主题党日掠影.mp4\n    caption: 主题党日掠影\n",
                                         encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"attract:\n  playlist: film\npaths:\n  content: {REPO / 'content'}\n"
                      f"  playlists: {playlists}\n  log_db: {tmp_path / 'log.sqlite3'}\n", encoding="utf-8")
    kiosk = Kiosk(display, tmp_path, "--config", str(config))
    try:
        kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop")
        deadline = time.monotonic() + 20
        while True:  # a loop of one video: the screen changes only because its pictures move
            first = kiosk.screenshot(tmp_path / "video-1.png")
            time.sleep(0.5)
            second = kiosk.screenshot(tmp_path / "video-2.png")
            if not _same(first, second):
                break
            assert time.monotonic() < deadline, "the attract loop's video never moved"
        from PIL import Image

        shot = Image.open(second).convert("RGB")
        assert max(shot.getpixel((960, 400))) > 40, "a black screen instead of the video"
        assert "start" in [t["id"] for t in kiosk.state()["targets"]]
        kiosk.tap("start")
        kiosk.wait_for(lambda s: s["screen"] == "home", "home after a touch on the video")
    finally:
        kiosk.stop()


def _type_pin(kiosk: Kiosk, pin: str) -> None:
    for key in [*pin, "ok"]:
        kiosk.tap(f"key:{key}")


def test_the_corner_and_the_pin_open_the_overlay_and_guessing_locks_it(quick_kiosk: Kiosk) -> None:
    kiosk = quick_kiosk
    kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop")

    def hold_corner() -> None:
        time.sleep(0.3)
        kiosk.xdotool("mousemove", "8", "8", "mousedown", "1")
        time.sleep(2.6)
        kiosk.xdotool("mouseup", "1")

    hold_corner()
    kiosk.wait_for(lambda s: s["screen"] == "admin", "the PIN pad")
    for _ in range(5):
        _type_pin(kiosk, "1357")
    _type_pin(kiosk, "2468")  # right, but the pad is locked for a minute
    time.sleep(0.5)
    assert "reload" not in [t["id"] for t in kiosk.state()["targets"]]
    kiosk.tap("close")
    kiosk.wait_for(lambda s: s["screen"] == "home", "home after closing the pad")
    kiosk.stop()
    log = kiosk.targets_path.parent / "log.sqlite3"
    import sqlite3

    rows = [r[0] for r in sqlite3.connect(log).execute(
        "SELECT json_extract(value, '$.result') FROM events WHERE kind = 'admin_login' ORDER BY id")]
    assert rows == ["failure"] * 4 + ["locked", "locked"]


def test_the_right_pin_opens_the_overlay(quick_kiosk: Kiosk) -> None:
    kiosk = quick_kiosk
    kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop")
    time.sleep(0.3)
    kiosk.xdotool("mousemove", "8", "8", "mousedown", "1")
    time.sleep(2.6)
    kiosk.xdotool("mouseup", "1")
    kiosk.wait_for(lambda s: s["screen"] == "admin", "the PIN pad")
    _type_pin(kiosk, "2468")
    overlay = kiosk.wait_for(lambda s: "reload" in [t["id"] for t in s["targets"]], "the overlay")
    assert {"reload", "attract", "exit", "close"} <= {t["id"] for t in overlay["targets"]}
    kiosk.tap("attract")
    kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop restarted")
