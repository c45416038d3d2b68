"""A video panel in the real kiosk, fullscreen on a virtual X screen, touched through xdotool.

What a visitor sees is read from screenshots: moving pictures, a paused picture, the seek bar's
knob, Chinese subtitles, and the card in place of a file that broke while the hall was open.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.clips import Clips, truncate, write_srt
from tests.conftest import REPO, write
from tests.test_e2e import Kiosk, _open_panel, display  # noqa: F401 (display is a fixture)

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
                                reason="needs Xvfb and xdotool (./scripts/test.sh installs them)")

BROKEN = {
    "02-截断": truncate,
    "03-改名的文本": lambda p: p.write_text("这是一份改了扩展名的文字稿\n", encoding="utf-8"),
    "04-空文件": lambda p: p.write_bytes(b""),
}


@pytest.fixture
def hall(display: str, tmp_path: Path) -> Iterator[tuple[Kiosk, Path]]:  # noqa: F811
    clips = Clips(tmp_path)
    content = tmp_path / "content"
    film = content / "education" / "01-影片"
    write(film / "panel.yaml", "kind: video\ntitle: 影片\n")
    shutil.copy(clips.video("mp4", seconds=8, size=(640, 360)), film / "影片.mp4")
    write_srt(film / "影片.srt", [(0, 30, "一九二一年七月，中国共产党第一次全国代表大会召开")])
    for name in BROKEN:
        write(content / "education" / name / "panel.yaml", f"kind: video\ntitle: {name[3:]}\n")
        shutil.copy(clips.video("mp4", seconds=2), content / "education" / name / "片.mp4")
    config = write(tmp_path / "config.yaml", f"paths:\n  content: {content}\n  playlists: {REPO / 'playlists'}\n"
                                             f"  log_db: {tmp_path / 'log.sqlite3'}\n")
    running = Kiosk(display, tmp_path, "--config", str(config))
    yield running, content
    running.stop()


def _education(kiosk: Kiosk) -> None:
    """From the attract loop (or home, without one) to the education zone's list of panels."""
    state = kiosk.wait_for(lambda s: s["screen"] in ("attract", "home"), "the first screen")
    if state["screen"] == "attract":
        kiosk.tap("start")
        kiosk.wait_for(lambda s: s["screen"] == "home", "the home screen")
    kiosk.tap("zone:education")
    kiosk.wait_for(lambda s: s["screen"] == "zone", "the zone")


def _shot(kiosk: Kiosk, path: Path, rect: list[int]) -> Image.Image:
    x, y, w, h = rect
    return Image.open(kiosk.screenshot(path)).convert("RGB").crop((x, y, x + w, y + h))


def _target(kiosk: Kiosk, target_id: str) -> list[int]:
    return next(t["rect"] for t in kiosk.state()["targets"] if t["id"] == target_id)


def _ids(state: dict) -> set[str]:
    return {t["id"] for t in state["targets"]}


def _knob(bar: Image.Image) -> float:
    """Where the seek bar's white knob is, from 0 at its left end to 1 at its right end."""
    row = bar.height // 2
    xs = [x for x in range(bar.width) if min(bar.getpixel((x, row))) > 240]
    assert xs, "no knob on the seek bar"
    return (sum(xs) / len(xs)) / bar.width


def test_a_video_plays_pauses_seeks_and_shows_chinese_subtitles(hall: tuple[Kiosk, Path], tmp_path: Path) -> None:
    kiosk, _content = hall
    _education(kiosk)
    kiosk.wait_for(lambda s: s["screen"] == "zone", "the zone")
    _open_panel(kiosk, "education/01-影片")
    kiosk.wait_for(lambda s: "play" in _ids(s), "the play button")
    video = _target(kiosk, "video")

    kiosk.tap("play")
    kiosk.wait_for(lambda s: "pause" in _ids(s), "playing")
    time.sleep(0.5)
    first = _shot(kiosk, tmp_path / "1.png", video)
    time.sleep(1)
    second = _shot(kiosk, tmp_path / "2.png", video)
    assert ImageChops.difference(first, second).getbbox() is not None, "the picture did not move"

    lower = second.crop((0, second.height * 3 // 4, second.width, second.height))
    white = sum(1 for x in range(0, lower.width, 2) for y in range(0, lower.height, 2)
                if min(lower.getpixel((x, y))) > 220)
    assert white > 300, "no subtitle over the lower part of the picture"

    kiosk.tap("pause")
    kiosk.wait_for(lambda s: "play" in _ids(s), "paused")
    time.sleep(0.8)
    held = _shot(kiosk, tmp_path / "3.png", video)
    time.sleep(1)
    assert ImageChops.difference(held, _shot(kiosk, tmp_path / "4.png", video)).getbbox() is None, \
        "a paused picture moved"

    seek = _target(kiosk, "seek")
    before = _knob(_shot(kiosk, tmp_path / "5.png", seek))
    assert before < 0.5
    time.sleep(0.3)
    x, y, w, h = seek
    kiosk.xdotool("mousemove", str(x + round(w * 0.75)), str(y + h // 2), "click", "1")
    time.sleep(0.8)
    assert abs(_knob(_shot(kiosk, tmp_path / "6.png", seek)) - 0.75) < 0.08, "the knob is not where the finger was"
    kiosk.tap("play")
    kiosk.wait_for(lambda s: "pause" in _ids(s), "playing again")


def test_files_broken_while_the_hall_is_open_show_the_card_and_the_rest_runs_on(hall: tuple[Kiosk, Path],
                                                                                tmp_path: Path) -> None:
    kiosk, content = hall
    _education(kiosk)
    for name, damage in BROKEN.items():
        panel = f"education/{name}"
        _open_panel(kiosk, panel)
        kiosk.wait_for(lambda s: "play" in _ids(s), f"{panel} ready")
        stage = _target(kiosk, "video")
        damage(content / "education" / name / "片.mp4")  # the copy on disk breaks while the panel is open
        kiosk.tap("play")
        kiosk.wait_for(lambda s: not {"play", "pause", "seek", "volume"} & _ids(s), f"the card on {panel}")
        card = _shot(kiosk, tmp_path / f"{name}.png", stage)
        colours = card.getcolors(card.width * card.height)
        assert max(colours)[1] == (255, 252, 245), "the calm card is not what fills the player's place"
        assert all(c != (0, 0, 0) for _n, c in colours), "black in the player's place"
        kiosk.tap("back")
        kiosk.wait_for(lambda s: s["screen"] == "zone", "back in the zone")
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    for name in BROKEN:
        assert f"{name}/片.mp4 cannot be played" in log
    _open_panel(kiosk, "education/01-影片")  # and the hall goes on
    kiosk.tap("play")
    kiosk.wait_for(lambda s: "pause" in _ids(s), "the good video playing")
    assert kiosk.process.poll() is None
