"""The real kiosk on a virtual X screen while a curator changes its content/ folder."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.conftest import REPO, make_image, write
from tests.test_e2e import Kiosk, display

__all__ = ["display"]  # the virtual screen fixture, shared with test_e2e.py

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
                                reason="needs Xvfb and xdotool (./scripts/test.sh installs them)")

PANEL = "education/01-开天辟地"


def exhibition(root: Path) -> None:
    for zone in ("management", "education", "showcase", "learning", "activity"):
        (root / zone).mkdir(parents=True)
    write(root / PANEL / "panel.yaml", "title: 开天辟地\ntitle_en: A New Epoch\n")
    write(root / PANEL / "body.md", "## 中共一大\n\n1921年7月23日，中国共产党第一次全国代表大会在上海开幕。\n")
    write(root / "education" / "02-入党誓词.md", "我志愿加入中国共产党，拥护党的纲领。\n")


@pytest.fixture
def curated(display: str, tmp_path: Path) -> Iterator[tuple[Kiosk, Path]]:
    content = tmp_path / "content"
    exhibition(content)
    running = Kiosk(display, tmp_path, "--content", str(content))
    yield running, content
    running.stop()


def save_atomically(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def rendered(content: Path, out: Path) -> Image.Image:
    """The panel as `python -m kiosk snapshot` draws it from the files on disk now."""
    subprocess.run([sys.executable, "-m", "kiosk", "snapshot", "--content", str(content), "--panel", PANEL,
                    "--out", str(out)], cwd=REPO, check=True, capture_output=True)
    return Image.open(out).convert("RGB")


def wait_for_screen(kiosk: Kiosk, expected: Image.Image, shot: Path, what: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        screen = Image.open(kiosk.screenshot(shot)).convert("RGB")
        if ImageChops.difference(screen, expected).getbbox() is None:
            return
        time.sleep(0.3)
    raise AssertionError(f"the screen never showed {what}; see {shot}")


def wait_for_log(kiosk: Kiosk, text: str) -> None:
    log = kiosk.targets_path.with_name("kiosk.log")
    deadline = time.monotonic() + 20
    while text not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"the log never said {text!r}"
        time.sleep(0.1)


def test_a_curator_changes_the_hall_while_a_visitor_reads(curated: tuple[Kiosk, Path], tmp_path: Path) -> None:
    kiosk, content = curated
    first = kiosk.wait_for(lambda s: s["screen"] in ("attract", "home"), "the first screen")
    if first["screen"] == "attract":  # a touch anywhere begins a visit
        kiosk.tap("start")
    kiosk.wait_for(lambda s: s["screen"] == "home", "the home screen")
    kiosk.tap("zone:education")
    kiosk.wait_for(lambda s: s["screen"] == "zone" and s["zone"] == "education", "the education zone")

    # A new panel folder copied in from a USB stick appears in the zone's list.
    stick = tmp_path / "u盘" / "03-红船精神"
    write(stick / "body.md", "开天辟地、敢为人先的首创精神。\n")
    make_image(stick / "红船.jpg", (800, 450))
    shutil.copytree(stick, content / "education" / "03-红船精神")
    kiosk.wait_for(lambda s: any(t["id"] == "panel:education/03-红船精神" for t in s["targets"]), "the new panel")

    kiosk.tap(f"panel:{PANEL}")
    kiosk.wait_for(lambda s: s["screen"] == "panel" and s["panel"] == PANEL, "the open panel")

    # A typo fixed in body.md shows on the open panel, exactly as a fresh drawing of it.
    save_atomically(content / PANEL / "body.md",
                    "## 中共一大\n\n1921年7月23日，中国共产党第一次全国代表大会在上海召开。\n")
    fixed = rendered(content, tmp_path / "fixed.png")
    wait_for_screen(kiosk, fixed, tmp_path / "screen-fixed.png", "the corrected text")

    # panel.yaml saved half-typed: the last good version stays, the problem is reported.
    save_atomically(content / PANEL / "panel.yaml", "title: 开天辟地\ntitle_en: [A New\n")
    wait_for_log(kiosk, f"content: {PANEL}/panel.yaml:")
    wait_for_log(kiosk, f"keeps the last good version of {PANEL}")
    wait_for_screen(kiosk, fixed, tmp_path / "screen-kept.png", "the last good version")
    assert kiosk.state()["panel"] == PANEL

    # The open panel deleted: the visitor is back in its zone, where it is gone.
    shutil.rmtree(content / PANEL)
    zone = kiosk.wait_for(lambda s: s["screen"] == "zone", "the way back to the zone")
    assert zone["zone"] == "education"
    assert f"panel:{PANEL}" not in [t["id"] for t in zone["targets"]]
    assert kiosk.process.poll() is None


def attract_shows(log_db: Path) -> str | None:
    """The attract loop's item on screen now, as the kiosk's interaction log recorded it."""
    if not log_db.exists():
        return None
    with contextlib.closing(sqlite3.connect(log_db, timeout=5)) as db:
        row = db.execute("SELECT json_extract(value, '$.item') FROM events WHERE kind = 'attract_item' "
                         "ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def test_an_administrator_saves_the_playlist_and_config_yaml_while_the_loop_shows(
        display: str, tmp_path: Path) -> None:
    exhibition(tmp_path / "content")
    playlist = write(tmp_path / "playlists" / "hall.yaml", "items:\n  - zone: education\n    seconds: 600\n")
    settings = "attract:\n  playlist: hall\nlive:\n  settle_s: 0.5\n"
    config = write(tmp_path / "config.yaml", settings)
    log_db = tmp_path / "data" / "interactions.sqlite3"
    kiosk = Kiosk(display, tmp_path, "--config", str(config))
    try:
        kiosk.wait_for(lambda s: s["screen"] == "attract", "the attract loop")
        wait_until(lambda: attract_shows(log_db) == "zone:education", "the playlist's first item")

        # The curator's playlist saved: the loop on screen shows it.
        save_atomically(playlist, f"items:\n  - panel: {PANEL}\n    seconds: 600\n")
        wait_until(lambda: attract_shows(log_db) == f"panel:{PANEL}", "the saved playlist's item")

        # config.yaml saved with a mistake: the kiosk runs on and says where the mistake is.
        save_atomically(config, settings + "idle:\n  timeout_s: abc\n")
        wait_for_log(kiosk, f'config: {config}:6 idle.timeout_s: must be seconds from 10 to 3600, got "abc"')
        assert kiosk.state()["screen"] == "attract" and kiosk.process.poll() is None

        # Fixed, with a screen size that only a restart can give.
        save_atomically(config, settings + "screen:\n  resolution: 1280x720\n")
        wait_for_log(kiosk, "waiting for a restart: screen.resolution")
        kiosk.tap("start")  # and it still answers a touch, on the screen it started with
        home = kiosk.wait_for(lambda s: s["screen"] == "home", "the home screen")
        assert max(t["rect"][0] + t["rect"][2] for t in home["targets"]) > 1280
    finally:
        kiosk.stop()


def wait_until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 20
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)
