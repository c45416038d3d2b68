"""Every start lights the whole screen and answers the first touch, also on a busy machine.

A kiosk PC is busy when it is switched on: desktop services, a document conversion or the
console start beside the kiosk, and a remote-view tool may read the screen. Such a start
has left a black screen that ignored every touch while the frame loop ran on (issue #23).
Here the kiosk is started again and again on a virtual screen with no window manager, both
cores kept busy and the screen read every 10 ms, as on such a morning. Screens that are
not the default one (two outputs, a screen switched on late, 4K, portrait) are covered too;
their outputs come from a stand-in for `xrandr`, as Xvfb has a single output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import REPO
from tests.test_e2e import Kiosk

pytestmark = pytest.mark.skipif(any(shutil.which(tool) is None for tool in ("Xvfb", "xdotool", "import")),
                                reason="needs Xvfb, xdotool and imagemagick (./scripts/test.sh installs them)")

STARTS = int(os.environ.get("KIOSK_TEST_STARTS", "20"))  # a soak of the same test: KIOSK_TEST_STARTS=100


def _xvfb(size: str) -> Iterator[str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


@pytest.fixture
def screen_1080() -> Iterator[str]:
    yield from _xvfb("1920x1080")


@pytest.fixture
def busy_machine(screen_1080: str) -> Iterator[str]:
    """Both cores busy and the screen read every 10 ms, for as long as the test runs."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    reader = subprocess.Popen(["sh", "-c", "while true; do import -silent -window root xwd:/dev/null 2>/dev/null; sleep 0.01; done"],
                              env={**os.environ, "DISPLAY": screen_1080})
    try:
        yield screen_1080
    finally:
        for process in (*spinners, reader):
            process.kill()
            process.wait()


def _lit(shot: Path, box: tuple[int, int, int, int] | None = None, grid: tuple[int, int] = (16, 9)) -> list[str]:
    """The cells of a grid over `box` of the screenshot that are black: [] when all are lit."""
    image = Image.open(shot).convert("RGB")
    if box is not None:
        image = image.crop(box)
    cols, rows = grid
    w, h = image.size[0] // cols, image.size[1] // rows
    return [f"{c},{r}" for c in range(cols) for r in range(rows)
            if max(max(band) for band in image.crop((c * w, r * h, (c + 1) * w, (r + 1) * h)).getextrema()) < 8]


def _start_and_touch(display: str, workdir: Path, *args: str, env: dict[str, str] | None = None) -> Kiosk:
    kiosk = Kiosk(display, workdir, *args, env=env)
    kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop", timeout=60)
    return kiosk


def test_every_start_on_a_busy_machine_lights_the_whole_screen_and_answers_the_first_touch(
        busy_machine: str, tmp_path: Path) -> None:
    failures = []
    for start in range(STARTS):
        workdir = tmp_path / f"start-{start}"
        workdir.mkdir()
        kiosk = _start_and_touch(busy_machine, workdir)
        try:
            time.sleep(0.3)
            dark = _lit(kiosk.screenshot(workdir / "attract.png"))
            kiosk.xdotool("mousemove", "960", "540", "click", "1")
            try:
                kiosk.wait_for(lambda s: s["screen"] == "home", "the home screen after a touch", timeout=15)
                answered = True
            except AssertionError:
                answered = False
        finally:
            kiosk.stop()
        if dark or not answered:
            log = (workdir / "kiosk.log").read_text(encoding="utf-8", errors="replace")
            failures.append(f"start {start}: black cells {dark[:5]}, answered {answered}; log: {log[-400:]}")
    assert not failures, f"{len(failures)} of {STARTS} starts failed:\n" + "\n".join(failures)


FAKE_XRANDR = """#!/bin/sh
# Stands in for xrandr: the outputs a test says are connected, as xrandr prints them.
cat "$KIOSK_TEST_OUTPUTS"
"""


def _fake_xrandr(folder: Path, outputs: str) -> dict[str, str]:
    (folder / "bin").mkdir(exist_ok=True)
    tool = folder / "bin" / "xrandr"
    tool.write_text(FAKE_XRANDR)
    tool.chmod(0o755)
    (folder / "outputs.txt").write_text(outputs)
    return {"PATH": f"{folder / 'bin'}:{os.environ['PATH']}", "KIOSK_TEST_OUTPUTS": str(folder / "outputs.txt"),
            "KIOSK_SCREEN_CHECK_S": "0.5"}


def _config(tmp_path: Path, **screen: str) -> Path:
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    for key, value in screen.items():
        start = text.index(f"\n  {key}: ") + 1
        end = text.index("\n", start)
        text = text[:start] + f"  {key}: {value}" + text[end:]
    for key, path in (("content", REPO / "content"), ("playlists", REPO / "playlists"),
                      ("log_db", tmp_path / "log.sqlite3")):
        start = text.index(f"\n  {key}: ") + 1
        text = text[:start] + f"  {key}: {path}" + text[text.index("\n", start):]
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture
def wide_screen() -> Iterator[str]:
    yield from _xvfb("3840x1080")


def test_the_configured_one_of_two_screens_is_covered_and_one_switched_on_late_is_moved_to(
        wide_screen: str, tmp_path: Path) -> None:
    env = _fake_xrandr(tmp_path, "HDMI-1 connected primary 1920x1080+0+0 (normal) 0mm x 0mm\n")
    config = _config(tmp_path, output="DP-1")
    kiosk = _start_and_touch(wide_screen, tmp_path, "--config", str(config), env=env)
    try:
        time.sleep(0.3)
        first = kiosk.screenshot(tmp_path / "before.png")
        assert _lit(first, (0, 0, 1920, 1080)) == []  # DP-1 is not on yet: the primary shows the hall
        (tmp_path / "outputs.txt").write_text(
            "HDMI-1 connected primary 1920x1080+0+0 (normal) 0mm x 0mm\n"
            "DP-1 connected 1920x1080+1920+0 (normal) 0mm x 0mm\n")
        kiosk.targets_path.unlink()
        kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop on DP-1", timeout=60)
        time.sleep(0.3)
        after = kiosk.screenshot(tmp_path / "after.png")
        assert _lit(after, (1920, 0, 3840, 1080)) == []
        kiosk.xdotool("mousemove", str(1920 + 960), "540", "click", "1")
        kiosk.wait_for(lambda s: s["screen"] == "home", "a touch on DP-1 answered")
    finally:
        kiosk.stop()
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert "screen.output DP-1 is not connected" in log and "DP-1 is now 1920x1080 at 1920,0" in log


@pytest.fixture
def screen_4k() -> Iterator[str]:
    yield from _xvfb("3840x2160")


def test_a_4k_screen_is_covered_whole(screen_4k: str, tmp_path: Path) -> None:
    kiosk = _start_and_touch(screen_4k, tmp_path)
    try:
        time.sleep(0.3)
        shot = kiosk.screenshot(tmp_path / "4k.png")
        assert Image.open(shot).size == (3840, 2160) and _lit(shot) == []
        kiosk.xdotool("mousemove", "1920", "1080", "click", "1")
        kiosk.wait_for(lambda s: s["screen"] == "home", "the home screen")
    finally:
        kiosk.stop()


def test_a_portrait_screen_on_a_landscape_output_shows_the_hall_upright_and_taps_land_right(
        screen_1080: str, tmp_path: Path) -> None:
    config = _config(tmp_path, orientation="portrait")
    kiosk = _start_and_touch(screen_1080, tmp_path, "--config", str(config))
    try:
        kiosk.xdotool("mousemove", "960", "540", "click", "1")
        home = kiosk.wait_for(lambda s: s["screen"] == "home", "the home screen")
        # Turned a quarter anticlockwise: the visitor's top edge is the output's right edge, so
        # the zone cards, stacked down the portrait screen, run from right to left here.
        zones = [t for t in home["targets"] if t["id"].startswith("zone:")]
        assert len(zones) == 5
        x_of = {t["id"]: t["rect"][0] for t in zones}
        assert x_of["zone:management"] > x_of["zone:activity"]
        time.sleep(0.3)
        shot = kiosk.screenshot(tmp_path / "portrait.png")
        assert _lit(shot) == []
        kiosk.tap("zone:learning")
        kiosk.wait_for(lambda s: s["screen"] == "zone" and s["zone"] == "learning", "the learning zone")
    finally:
        kiosk.stop()


def test_a_window_that_cannot_reach_the_screen_ends_the_start_with_a_clear_error(
        screen_1080: str, tmp_path: Path) -> None:
    # An output the server places where no touch can reach the window (past the screen's edge):
    # opened three times, then a clear error and a non-zero exit for the service to start again.
    env = _fake_xrandr(tmp_path, "HDMI-1 connected primary 1920x1080+4000+0 (normal) 0mm x 0mm\n")
    kiosk = Kiosk(screen_1080, tmp_path, env=env)
    try:
        assert kiosk.process.wait(timeout=60) == 1
    finally:
        kiosk.stop()
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert log.count("attempt") == 3 and "a touch in the middle of the screen would not reach the window" in log
    assert "The kiosk's window does not cover the screen" in log and "Traceback" not in log
    assert not kiosk.targets_path.exists()  # nothing was ever shown as if it worked
