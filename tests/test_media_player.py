"""The libvlc player on real files: every format curators bring plays, every broken one is named.

No display is needed: libvlc renders into memory. Waits below are guards against a hang, not
timing checks; each waits for something a visitor would see (a picture, the clock moving).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from kiosk.content.probe import StreamParser, probe_stream, upright
from kiosk.media.player import Player
from kiosk.media.progress import fit
from tests.clips import (
    AUDIO,
    BACKGROUND,
    VIDEO,
    Clips,
    named,
    scramble_pictures,
    truncate,
)

GUARD_S = 30  # a player that needs this long is hung


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    return Clips(tmp_path_factory.mktemp("clips"))


class Driven:
    """A player and what it reported, woken the way the main loop is."""

    def __init__(self, path: Path, kind: str = "video", **options: object) -> None:
        self.woken = threading.Event()
        self.player = Player(path, kind, wake=self.woken.set, **options)
        self.player.frame_size = (160, 90)
        self.happened: list[str] = []

    def until(self, done, what: str) -> None:
        deadline = time.monotonic() + GUARD_S
        while not done():
            assert time.monotonic() < deadline, f"hung waiting for {what}; it reported {self.happened}"
            self.woken.wait(0.05)
            self.woken.clear()
            news = self.player.poll()
            if news:
                self.happened.append(news)

    def settled(self) -> str:
        self.until(lambda: self.player.state in ("ready", "failed"), "the check")
        return self.player.state

    def play_until_picture(self) -> None:
        assert self.settled() == "ready", self.player.problem
        self.player.play()
        self.until(lambda: self.player.state == "playing", "the first picture")


@pytest.fixture
def driven() -> Iterator[list[Driven]]:
    made: list[Driven] = []
    yield made
    for d in made:
        d.player.close()


def drive(made: list[Driven], path: Path, kind: str = "video", **options: object) -> Driven:
    d = Driven(path, kind, **options)
    made.append(d)
    return d


@pytest.mark.parametrize("fmt", sorted(VIDEO))
def test_every_video_format_plays_to_its_end(clips: Clips, driven: list[Driven], fmt: str) -> None:
    d = drive(driven, clips.video(fmt, seconds=1))
    d.play_until_picture()
    frames = d.player.frames
    d.until(lambda: "ended" in d.happened, "the end")
    assert d.happened == ["ready", "playing", "ended"]
    assert frames.delivered >= 10
    assert d.player.state == "ready"  # ready to play again, from the start


@pytest.mark.parametrize("fmt", sorted(AUDIO))
def test_every_audio_format_plays_to_its_end(clips: Clips, driven: list[Driven], fmt: str) -> None:
    d = drive(driven, clips.audio(fmt, seconds=3), "audio")  # raw AAC tells its length after ~1 s of playing
    d.play_until_picture()  # for sound: the clock moved
    d.until(lambda: "ended" in d.happened, "the end")
    assert d.happened == ["ready", "playing", "ended"]
    assert 2.8 < d.player.duration_s < 3.4


def test_pictures_arrive_in_their_true_colours_at_the_size_asked(clips: Clips, driven: list[Driven]) -> None:
    d = drive(driven, clips.video("mp4", seconds=2))
    d.play_until_picture()
    picture = d.player.frames.latest()
    assert picture.get_size() == (160, 90)
    r, g, b, _a = picture.get_at((8, 85))  # the calm background, below the moving pattern
    assert abs(r - BACKGROUND[0]) < 16 and abs(g - BACKGROUND[1]) < 16 and abs(b - BACKGROUND[2]) < 16


def test_the_file_says_its_size_and_shape(clips: Clips, driven: list[Driven]) -> None:
    d = drive(driven, clips.video("mp4", seconds=1, size=(720, 576), pixel_aspect="64/45"))
    assert d.settled() == "ready"
    assert d.player.source_size == (720, 576)
    assert d.player.pixel_aspect == pytest.approx(64 / 45)  # DVD 16:9: shown wide, not squeezed


PHONE = (180, 320)  # the phone clips as shown upright: red top half, blue bottom half, a green mark top left


@pytest.mark.parametrize(("turn", "fmt"), [(0, "mp4"), (90, "mp4"), (180, "mp4"), (270, "mp4"), (90, "mov")])
def test_a_phone_video_is_shown_upright_in_its_own_shape(clips: Clips, driven: list[Driven], turn: int,
                                                         fmt: str) -> None:
    """Phones store a picture filmed upright sideways (or upside down) with a rotation flag."""
    d = drive(driven, clips.phone(turn, PHONE, fmt))
    assert d.settled() == "ready", d.player.problem
    assert d.player.source_size == PHONE  # as shown, not as stored
    d.player.frame_size = fit(d.player.source_size, d.player.pixel_aspect, (320, 320))
    assert d.player.frame_size == PHONE  # portrait, as large as the box allows
    d.player.play()
    d.until(lambda: d.player.state == "playing", "the first picture")
    picture = d.player.frames.latest()
    w, h = picture.get_size()
    assert (w, h) == PHONE

    def colour(x: float, y: float) -> str:
        return named(picture.get_at((round(x), round(y))))

    mark = w * 3 / 16  # the green square's centre, as far from the top as from the left
    assert [colour(w * 0.75, h * 0.2), colour(w * 0.25, h * 0.4), colour(w * 0.5, h * 0.6), colour(w * 0.25, h * 0.85),
            colour(w * 0.75, h * 0.85)] == ["red", "red", "blue", "blue", "blue"]  # not upside down, not sideways
    assert colour(mark, mark) == "green"
    assert colour(w - mark, mark) == "red"  # not mirrored


def test_the_check_says_how_a_phone_video_is_turned(clips: Clips) -> None:
    for turn in (0, 90, 180, 270):
        info = probe_stream(clips.phone(turn, PHONE), "video", StreamParser())
        assert (info.width, info.height, info.turn) == (*PHONE, turn)


def test_a_quarter_turn_swaps_the_sides_and_the_pixel_shape() -> None:
    assert upright(1920, 1080, 1.0, 90) == (1080, 1920, 1.0)
    assert upright(1920, 1080, 1.0, 270) == (1080, 1920, 1.0)
    assert upright(1920, 1080, 1.0, 180) == (1920, 1080, 1.0)
    assert upright(720, 576, 64 / 45, 90) == (576, 720, pytest.approx(45 / 64))  # wide pixels become tall ones
    assert upright(720, 576, 0.0, 270) == (576, 720, 1.0)


def test_pause_holds_the_picture_and_play_goes_on(clips: Clips, driven: list[Driven]) -> None:
    d = drive(driven, clips.video("mp4", seconds=4))
    d.play_until_picture()
    d.until(lambda: d.player.position_s() > 0.5, "the clock to move")
    d.player.pause()
    time.sleep(0.4)  # let pictures already on their way arrive
    held, picture = d.player.position_s(), _pixels(d)
    time.sleep(0.5)
    assert d.player.position_s() == held
    assert _pixels(d) == picture  # libvlc may show it again, but it is the same picture
    d.player.play()
    d.until(lambda: _pixels(d) != picture, "the picture to move again")
    assert d.player.position_s() > held


def _pixels(d: Driven) -> bytes:
    return bytes(d.player.frames.latest().get_view("2"))


def test_seeking_moves_the_clock(clips: Clips, driven: list[Driven]) -> None:
    d = drive(driven, clips.video("mp4", seconds=6))
    d.play_until_picture()
    d.player.seek(4.0)
    d.until(lambda: d.player.position_s() >= 4.0, "the clock at 4 s")
    d.until(lambda: "ended" in d.happened, "the end")


def test_seeking_before_playing_starts_there(clips: Clips, driven: list[Driven]) -> None:
    d = drive(driven, clips.video("mp4", seconds=6))
    assert d.settled() == "ready"
    d.player.seek(5.0)
    assert d.player.position_s() == 5.0
    d.player.play()
    d.until(lambda: d.player.position_s() >= 5.0, "the clock at 5 s")


def test_a_looping_clip_never_ends(clips: Clips, driven: list[Driven]) -> None:
    d = drive(driven, clips.video("mp4", seconds=1), loop=True)
    d.play_until_picture()
    d.until(lambda: d.player.frames.delivered > 60, "two and a half rounds")
    assert d.happened == ["ready", "playing"]


@pytest.mark.parametrize(("damage", "reason"), [
    ("truncated", "cut off (truncated)"),
    ("text", "is a text file, not a video"),
    ("empty", "the file is empty (0 bytes)"),
    ("missing", "cannot be read"),
])
def test_a_broken_video_is_refused_before_it_plays(clips: Clips, driven: list[Driven], tmp_path: Path,
                                                   damage: str, reason: str) -> None:
    path = tmp_path / "影片.mp4"
    if damage == "truncated":
        path.write_bytes(clips.video("mp4", seconds=2).read_bytes())
        truncate(path)
    elif damage == "text":
        path.write_text("这不是视频\n", encoding="utf-8")
    elif damage == "empty":
        path.write_bytes(b"")
    d = drive(driven, path)
    assert d.settled() == "failed"
    assert reason in d.player.problem
    d.player.play()  # a visitor tapping again changes nothing
    assert d.player.state == "failed"


def test_a_video_of_noise_plays_zero_pictures_and_counts_as_failed(clips: Clips, driven: list[Driven],
                                                                   tmp_path: Path) -> None:
    d = drive(driven, scramble_pictures(clips.video("mp4", seconds=2), tmp_path / "噪声.mp4"))
    assert d.settled() == "ready"  # its structure is whole: only playing shows it is broken
    d.player.play()
    d.until(lambda: d.player.state == "failed", "the failure")
    assert "without a single picture" in d.player.problem
    assert d.happened == ["ready", "failed"]


def test_a_file_replaced_after_its_check_is_checked_again(clips: Clips, driven: list[Driven],
                                                         tmp_path: Path) -> None:
    path = tmp_path / "影片.mp4"
    path.write_bytes(clips.video("mp4", seconds=2).read_bytes())
    d = drive(driven, path)
    assert d.settled() == "ready"
    path.write_bytes(b"")  # overwritten by a failed copy while the panel was open
    d.player.play()
    assert d.player.state == "checking"
    d.until(lambda: d.player.state == "failed", "the second check")
    assert "empty" in d.player.problem


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def test_closing_players_lets_go_of_their_threads(clips: Clips) -> None:
    clip = clips.video("mp4", seconds=3)
    warm = Driven(clip)
    warm.play_until_picture()
    warm.player.close()
    before = None
    for _ in range(12):
        d = Driven(clip)
        d.play_until_picture()
        d.player.close()
        if before is None:
            before = _threads()
    deadline = time.monotonic() + GUARD_S
    while _threads() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _threads() <= before


def test_without_pygame_display_the_wake_up_is_harmless() -> None:
    from kiosk.engine.bodies.media import wake_loop

    pygame.display.quit()
    wake_loop()  # from a libvlc thread while the kiosk is closing: nothing happens, nothing raises


@pytest.mark.parametrize(("kind", "fmt"), [("video", f) for f in sorted(VIDEO)] + [("audio", f) for f in sorted(AUDIO)])
def test_check_accepts_every_format_curators_bring(clips: Clips, kind: str, fmt: str) -> None:
    """MPEG-2 program streams and raw AAC tell libvlc nothing until they play: check plays them a moment."""
    path = clips.video(fmt, seconds=3) if kind == "video" else clips.audio(fmt, seconds=3)
    info = probe_stream(path, kind, StreamParser())
    assert info.duration_s > 0.5
    if kind == "video":
        assert (info.width, info.height) == (320, 180)


def test_closed_players_let_go_of_their_picture_memory(clips: Clips) -> None:
    """Each video holds three picture buffers (6 MB at 1080p's on-screen size); a hall opens thousands."""
    import gc
    import weakref

    clip = clips.video("mp4", seconds=3)
    gone = []
    gc.disable()  # released when the player is, not whenever Python next looks for reference cycles
    try:
        for _ in range(5):
            d = Driven(clip)
            d.play_until_picture()
            gone.append(weakref.ref(d.player.frames))
            d.player.close()
            del d
        deadline = time.monotonic() + GUARD_S
        while any(ref() is not None for ref in gone) and time.monotonic() < deadline:
            time.sleep(0.05)  # the release worker stops each player, then lets go of its buffers
        assert all(ref() is None for ref in gone)
    finally:
        gc.enable()
