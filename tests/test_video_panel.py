"""Video and audio panels as a visitor uses them, through the real loop with real touches.

Mouse events go into pygame's queue exactly as an infrared touch frame sends them; the loop
turns them into gestures, the panel plays real clips through libvlc. Waits are guards against
a hang, never timing checks: each waits for something a visitor would see.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest

from kiosk.analytics.events import RecordedEvents
from kiosk.config import load_config
from kiosk.content.loader import load_catalog
from kiosk.engine.app import App
from kiosk.engine.assets import PictureCache
from kiosk.engine.bodies.media import STAGE, PlayableBody
from kiosk.engine.scenes.base import Context
from kiosk.engine.targets import TargetsFile
from kiosk.engine.text import TextRenderer
from kiosk.engine.theme import FontFiles, Theme
from tests.clips import BACKGROUND, Clips, named, scramble_pictures, truncate, write_srt
from tests.conftest import REPO, make_image, write

SIZE = (1920, 1080)
GUARD_S = 30


@pytest.fixture(scope="module")
def screen() -> Iterator[pygame.Surface]:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    pygame.display.init()
    pygame.freetype.init()
    yield pygame.display.set_mode(SIZE)
    pygame.display.quit()


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    return Clips(tmp_path_factory.mktemp("clips"))


def folder_panel(root: Path, name: str, yaml: str, files: dict[str, Path]) -> None:
    folder = root / "education" / name
    write(folder / "panel.yaml", yaml)
    for file_name, source in files.items():
        (folder / file_name).write_bytes(source.read_bytes())


@pytest.fixture
def content(tmp_path: Path, clips: Clips) -> Path:
    root = tmp_path / "content"
    clip = clips.video("mp4", seconds=6)
    folder_panel(root, "01-影片", "kind: video\ntitle: 影片\n", {"影片.mp4": clip})
    write_srt(root / "education" / "01-影片" / "影片.srt", [(0, 10, "一九二一年七月 中国共产党成立")])
    write(root / "education" / "01-影片" / "body.md", "一段关于影片的说明。\n")
    folder_panel(root, "02-循环", "kind: video\ntitle: 循环\nloop: true\n", {"循环.mp4": clips.video("mp4", seconds=1)})
    folder_panel(root, "03-朗读", "kind: audio\ntitle: 朗读\nmedia: [朗读.mp3, 图.png]\n",
                 {"朗读.mp3": clips.audio("mp3", seconds=3)})
    make_image(root / "education" / "03-朗读" / "图.png", (320, 180))
    folder_panel(root, "04-噪声", "kind: video\ntitle: 噪声\n", {})
    scramble_pictures(clip, root / "education" / "04-噪声" / "噪声.mp4")
    for name in ("05-截断", "06-文本", "07-空文件"):
        folder_panel(root, name, f"kind: video\ntitle: {name[3:]}\n", {"片.mp4": clips.video("mp4", seconds=2)})
    folder_panel(root, "08-手机", "kind: video\ntitle: 手机拍的\n", {"竖拍.mp4": clips.phone(90, (360, 640))})
    return root


class Hall:
    """The kiosk's loop driven from a test, with the events it logs kept in memory."""

    def __init__(self, screen: pygame.Surface, content: Path, config: Path = REPO / "config.yaml") -> None:
        settings = load_config(config, content)
        fonts = FontFiles(settings.font_file("sans"), settings.font_file("sans_bold"), settings.font_file("serif"), 2)
        theme = Theme(SIZE, settings.screen.mm_per_px(SIZE), fonts)
        self.events = RecordedEvents()
        ctx = Context(settings, theme, TextRenderer(theme), PictureCache(content),
                      load_catalog(content, settings.zones), SIZE, events=self.events)
        self.ctx = ctx
        self.app = App(ctx, screen, windowed=True, targets=TargetsFile(None))
        self.screen = screen

    def spin(self, until: Callable[[], bool] = lambda: False, what: str = "", seconds: float | None = None) -> None:
        """Run the loop until `until()` (or for `seconds`)."""
        app = self.app
        end = time.monotonic() + (seconds if seconds is not None else GUARD_S)
        last = time.monotonic()
        while not until():
            now = time.monotonic()
            if now > end:
                assert seconds is not None, f"hung waiting for {what}"
                return
            animating = app._step(now - last)
            last = now
            if app.dirty:
                app.draw_frame()
            else:
                app.present_changes()
            if not (animating or app.dirty):
                app._handle(pygame.event.wait(20))

    def open(self, panel_id: str) -> PlayableBody:
        self.app.panel(panel_id)
        self.spin(lambda: self.body.player.state != "checking", "the file's check")
        self.spin(seconds=0.1)
        return self.body

    @property
    def body(self) -> PlayableBody:
        return self.app.scene.body

    def ids(self) -> list[str]:
        return [t.id for t in self.app.scene.targets()]

    def rect(self, target_id: str) -> pygame.Rect:
        return pygame.Rect(next(t.rect for t in self.app.scene.targets() if t.id == target_id))

    def touch(self, points: list[tuple[float, float]]) -> None:
        """A finger down at the first point, through the others, up at the last; as a touch frame sends it."""
        time.sleep(0.15)  # the kiosk ignores touches closer together than a hand can make them
        x, y = points[0]
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(x, y), touch=False))
        self.spin(seconds=0.03)
        for x, y in points[1:]:
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, buttons=(1, 0, 0), pos=(x, y), rel=(0, 0),
                                                 touch=False))
            self.spin(seconds=0.03)
        self.spin(seconds=0.1)  # hold still before lifting: a drag, not a fling
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=points[-1], touch=False))
        self.spin(seconds=0.1)

    def play(self, panel_id: str) -> PlayableBody:
        """Open a video panel and tap 播放: back once its pictures are coming."""
        body = self.open(panel_id)
        self.tap("play")
        self.spin(playing(self), "pictures")
        return body

    def tap(self, target_id: str, across: float = 0.5) -> None:
        rect = self.rect(target_id)
        self.touch([(rect.x + rect.width * across, rect.centery)])

    def picture(self) -> bytes:
        return pygame.image.tobytes(self.screen.subsurface(self.rect("video" if "video" in self.ids() else "picture")),
                                    "RGB")

    def kinds(self) -> list[str]:
        return [e["kind"] for e in self.events.events]

    def last(self, kind: str) -> dict[str, object]:
        return [e for e in self.events.events if e["kind"] == kind][-1]


@pytest.fixture
def hall(screen: pygame.Surface, content: Path) -> Iterator[Hall]:
    running = Hall(screen, content)
    yield running
    running.app.home()  # leave whatever plays


def playing(hall: Hall) -> Callable[[], bool]:
    return lambda: hall.body.player.state == "playing"


def test_before_play_the_poster_and_every_control_can_be_tapped(hall: Hall) -> None:
    body = hall.open("education/01-影片")
    assert body.player.state == "ready"
    assert hall.ids()[:6] == ["back", "home", "video", "play", "seek", "volume"]
    assert hall.ctx.runtime_problems == []
    assert hall.kinds()[-1] == "panel_open"  # nothing plays by itself


def test_play_shows_moving_pictures_and_pause_holds_them(hall: Hall) -> None:
    hall.play("education/01-影片")
    assert "pause" in hall.ids() and "play" not in hall.ids()
    hall.spin(seconds=0.3)
    first = hall.picture()
    hall.spin(seconds=0.5)
    assert hall.picture() != first  # moving pictures
    assert hall.last("video_play")["media"] == "education/01-影片/影片.mp4"
    hall.tap("pause")
    assert hall.body.player.state == "paused"
    hall.spin(seconds=0.6)
    held = hall.picture()
    hall.spin(seconds=0.5)
    assert hall.picture() == held
    assert hall.last("video_pause")["position_ms"] > 0
    hall.tap("video")  # the picture itself plays and pauses too
    assert hall.body.player.state in ("playing", "starting")
    hall.spin(seconds=0.5)
    assert hall.picture() != held


def test_the_picture_keeps_its_shape_and_true_colours(hall: Hall) -> None:
    hall.play("education/01-影片")
    hall.spin(seconds=0.2)
    stage = hall.rect("video")
    shown = hall.body.player.frame_size
    assert abs(shown[0] / shown[1] - 16 / 9) < 0.02
    assert stage.width - shown[0] <= 2 or stage.height - shown[1] <= 2  # as large as its place allows
    x, y = stage.centerx - shown[0] // 2 + 10, stage.centery  # inside the picture, left of the moving pattern
    r, g, b, _ = hall.screen.get_at((x, y))
    assert abs(r - BACKGROUND[0]) < 20 and abs(g - BACKGROUND[1]) < 20 and abs(b - BACKGROUND[2]) < 20


def test_a_phone_video_stands_upright_on_the_stage_in_its_own_shape(hall: Hall) -> None:
    """Filmed upright on a phone: stored sideways with a rotation flag, shown portrait between dark sides."""
    hall.play("education/08-手机")
    hall.spin(seconds=0.2)
    stage = hall.rect("video")
    w, h = hall.body.player.frame_size
    assert abs(w / h - 9 / 16) < 0.02
    assert stage.height - h <= 2  # as tall as its place allows
    left, top = stage.centerx - w // 2, stage.centery - h // 2

    def colour(x: float, y: float) -> str:
        return named(hall.screen.get_at((left + round(x), top + round(y))))

    mark = w * 3 / 16  # the green square's centre, as far from the top as from the left
    assert [colour(w * 0.75, h * 0.2), colour(w * 0.5, h * 0.4), colour(w * 0.5, h * 0.6), colour(w * 0.25, h * 0.85),
            colour(w * 0.75, h * 0.85)] == ["red", "red", "blue", "blue", "blue"]  # not upside down, not sideways
    assert (colour(mark, mark), colour(w - mark, mark)) == ("green", "red")  # not mirrored
    for x in (stage.x + 10, stage.right - 10):  # the stage's dark sides left and right of the picture
        assert hall.screen.get_at((x, stage.centery))[:3] == STAGE


def test_subtitles_are_drawn_over_the_picture(hall: Hall) -> None:
    hall.play("education/01-影片")
    hall.spin(seconds=0.3)
    stage = hall.rect("video")
    band = hall.screen.subsurface((stage.x, stage.bottom - stage.height // 4, stage.width, stage.height // 4))
    white = sum(1 for x in range(0, band.get_width(), 2) for y in range(0, band.get_height(), 2)
                if min(band.get_at((x, y))[:3]) > 220)
    assert white > 200  # the glyphs of the cue, white on a shaded band over a blue picture
    assert hall.body.player.subtitles.at(hall.body.player.position_s()) == "一九二一年七月 中国共产党成立"


def test_tapping_the_seek_bar_moves_to_that_point(hall: Hall) -> None:
    hall.play("education/01-影片")
    hall.tap("pause")
    hall.tap("seek", across=0.75)
    seek = hall.last("video_seek")
    assert abs(seek["to_ms"] - 4500) < 400  # three quarters of a 6-second clip
    hall.spin(seconds=0.3)
    assert abs(hall.body.player.position_s() - 4.5) < 0.4


def test_the_seek_bar_follows_a_drag_and_seeks_where_the_finger_lifts(hall: Hall) -> None:
    hall.play("education/01-影片")
    hall.tap("pause")
    bar = hall.rect("seek")
    y = bar.centery
    drag = [(bar.x + bar.width * f, y) for f in (0.1, 0.15, 0.3, 0.45, 0.6, 0.66)]
    hall.touch(drag)
    assert hall.app.scene.panel_id == "education/01-影片"  # a quick drag along the bar never turns the panel
    seek = hall.last("video_seek")
    assert abs(seek["to_ms"] - 6000 * 0.66) < 500
    assert hall.kinds().count("video_seek") == 1  # one seek, where the finger lifted


def test_the_volume_control_stops_at_the_configured_limit(screen: pygame.Surface, content: Path,
                                                          tmp_path: Path) -> None:
    config = write(tmp_path / "config.yaml", "media:\n  volume: 30\n  volume_limit: 50\n")
    hall = Hall(screen, content, config)
    try:
        body = hall.open("education/01-影片")
        assert body.player.volume == 30
        hall.tap("volume", across=0.99)  # the far end
        assert body.player.volume == 50
        hall.tap("volume", across=0.0)  # the loudspeaker: silent
        assert body.player.volume == 0
        volume = hall.rect("volume")
        hall.touch([(volume.x + volume.width * f, volume.centery) for f in (0.3, 0.5, 0.8, 1.0)])
        assert body.player.volume == 50
    finally:
        hall.app.home()


def test_a_loop_plays_on_and_logs_each_round(hall: Hall) -> None:
    hall.open("education/02-循环")
    hall.tap("play")
    hall.spin(lambda: hall.kinds().count("video_complete") >= 2, "two rounds")
    assert hall.body.player.state == "playing"
    assert hall.last("video_complete")["finished"] is True


def test_a_clip_that_ends_logs_the_share_watched_and_shows_its_poster_again(hall: Hall) -> None:
    hall.play("education/01-影片")
    hall.tap("seek", across=0.5)  # skip the first half
    hall.spin(lambda: "video_complete" in hall.kinds(), "the end")
    complete = hall.last("video_complete")
    assert complete["finished"] is True
    assert 0.3 < complete["share"] < 0.75
    hall.spin(seconds=0.2)
    assert "play" in hall.ids()  # ready to be played again


def test_leaving_a_playing_video_stops_it_and_logs_how_much_was_watched(hall: Hall) -> None:
    body = hall.play("education/01-影片")
    hall.spin(seconds=0.5)
    hall.tap("back")
    assert hall.app.scene.name == "zone"
    assert body.player.state == "closed"
    complete = hall.last("video_complete")
    assert complete["finished"] is False and 0 < complete["share"] < 0.5
    assert hall.kinds().index("video_complete") < hall.kinds().index("panel_close")


def test_narration_plays_over_its_picture(hall: Hall) -> None:
    hall.open("education/03-朗读")
    assert hall.ids()[:6] == ["back", "home", "picture", "play", "seek", "volume"]
    hall.tap("play")
    hall.spin(playing(hall), "sound")
    assert "pause" in hall.ids()
    hall.spin(lambda: "audio_complete" in hall.kinds(), "the end")
    assert hall.last("audio_complete")["finished"] is True
    assert hall.kinds().count("audio_play") == 1


def test_a_video_of_noise_shows_the_card_and_tells_the_administrator(hall: Hall) -> None:
    hall.open("education/04-噪声")
    hall.tap("play")
    hall.spin(lambda: hall.body.player.state == "failed", "the failure")
    hall.spin(seconds=0.1)
    assert not {"play", "pause", "seek", "volume", "video"} & set(hall.ids())
    (problem,) = hall.ctx.runtime_problems
    assert problem.startswith("education/04-噪声: education/04-噪声/噪声.mp4 cannot be played:")
    assert "without a single picture" in problem and "暂时无法播放" in problem
    assert "without a single picture" in hall.last("panel_error")["message"]
    _shows_the_card(hall)
    hall.tap("next")  # the rest of the hall goes on
    assert hall.app.scene.panel_id == "education/05-截断"
    assert hall.body.player.state == "ready"


@pytest.mark.parametrize(("panel", "damage", "reason"), [
    ("05-截断", truncate, "cut off (truncated)"),
    ("06-文本", lambda p: p.write_text("不是视频", encoding="utf-8"), "is a text file, not a video"),
    ("07-空文件", lambda p: p.write_bytes(b""), "the file is empty"),
])
def test_a_file_broken_while_the_kiosk_runs_shows_the_card(hall: Hall, content: Path, panel: str, damage,
                                                          reason: str) -> None:
    damage(content / "education" / panel / "片.mp4")
    hall.open(f"education/{panel}")
    assert hall.body.player.state == "failed"
    assert reason in hall.ctx.runtime_problems[0]
    _shows_the_card(hall)


def test_a_file_broken_after_its_panel_opened_shows_the_card_when_played(hall: Hall, content: Path) -> None:
    hall.open("education/06-文本")
    (content / "education" / "06-文本" / "片.mp4").write_bytes(b"")
    hall.tap("play")
    hall.spin(lambda: hall.body.player.state == "failed", "the failure")
    assert "empty" in hall.ctx.runtime_problems[0]


def _shows_the_card(hall: Hall) -> None:
    hall.spin(seconds=0.1)
    area = hall.body.stage.union(hall.body.bar)
    colours = {hall.screen.get_at((x, y))[:3] for x in range(area.x + 20, area.right - 20, 7)
               for y in range(area.y + 20, area.bottom - 20, 7)}
    assert (255, 252, 245) in colours  # the calm card, never a black screen
    assert (0, 0, 0) not in colours
    bottom = {hall.screen.get_at((x, area.bottom - 25))[:3] for x in range(area.x + 30, area.right - 30, 5)}
    assert bottom == {(255, 252, 245)}  # the card fills the player's place to its foot, controls and all


def test_every_demo_video_and_narration_plays(screen: pygame.Surface) -> None:
    hall = Hall(screen, REPO / "content")
    media = [p.id for p in hall.ctx.catalog.panels.values() if p.kind in ("video", "audio")]
    assert len([p for p in media if hall.ctx.catalog.panels[p].kind == "video"]) >= 3
    for panel_id in media:
        hall.open(panel_id)
        assert hall.body.player.state == "ready", (panel_id, hall.body.player.problem)
        hall.tap("play")
        hall.spin(playing(hall), f"{panel_id} to play")
        hall.tap("back")
    assert hall.ctx.runtime_problems == []
