"""Videos in the attract loop, as a passer-by sees them: never a black frame, moving pictures,
silent unless the playlist asks for sound, looping for as long as the item lasts, and a file
broken after the check shows its still while the administrator learns why.

Real clips through libvlc and the kiosk's real loop; waits are guards against a hang, never
timing checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from kiosk.attract.playlist import load_playlist
from kiosk.config import DEFAULT_ZONES
from kiosk.content.loader import load_catalog
from kiosk.engine.scenes.attract import AttractScene
from tests.clips import BACKGROUND, Clips, named
from tests.conftest import make_image, write
from tests.test_video_panel import SIZE, Hall, clips, screen

__all__ = ["clips", "screen"]  # fixtures shared with the video panel tests

POSTER = (178, 34, 34)  # the still item's picture (tests.conftest.make_image): red, unlike the clip's blue


@pytest.fixture
def content(tmp_path: Path, clips: Clips) -> Path:
    root = tmp_path / "content"
    make_image(root / "education" / "cover.jpg", (320, 180))
    write(root / "education" / "zone.yaml", "cover: cover.jpg\n")
    folder = root / "education" / "01-影片"
    write(folder / "panel.yaml", "kind: video\ntitle: 影片\n")
    (folder / "影片.mp4").write_bytes(clips.video("mp4", seconds=2).read_bytes())
    return root


def playlist_file(content: Path, items: str) -> Path:
    folder = content.parent / "playlists"
    write(folder / "hall.yaml", f"items:\n{items}")
    return folder


@pytest.fixture
def hall(screen: pygame.Surface, content: Path) -> Iterator[Hall]:
    running = Hall(screen, content)
    yield running
    running.app.home()  # leave whatever plays


def start_loop(hall: Hall, content: Path, items: str) -> AttractScene:
    folder = playlist_file(content, items)
    playlist, problems = load_playlist(folder, "hall", hall.ctx.catalog)
    assert problems == []
    hall.app.playlist = lambda catalog: playlist
    hall.app.attract()
    return hall.app.scene


def centre(hall: Hall) -> tuple[int, int, int]:
    return tuple(hall.screen.get_at((SIZE[0] // 2, SIZE[1] // 3)))[:3]


def near(colour: tuple[int, int, int], wanted: tuple[int, int, int], within: int = 40) -> bool:
    return all(abs(a - b) <= within for a, b in zip(colour, wanted, strict=True))


def test_a_video_item_is_read_from_the_playlist(tmp_path: Path, content: Path) -> None:
    catalog = load_catalog(content, DEFAULT_ZONES)
    folder = playlist_file(content, (
        "  - media: education/01-影片/影片.mp4\n"
        "  - media: education/01-影片/影片.mp4\n    seconds: 30\n    sound: true\n    caption: 宣传片\n"
        "  - media: education/01-影片/影.mp4\n"
        "  - media: education/cover.jpg\n    sound: yes please\n"))
    playlist, problems = load_playlist(folder, "hall", catalog)
    whole, long = playlist.items
    assert (whole.video, whole.sound, whole.picture) == ("education/01-影片/影片.mp4", False, None)
    assert 1.9 <= whole.seconds <= 2.5  # once through, by default
    assert (long.seconds, long.sound, long.title) == (30.0, True, "宣传片")
    assert "not a playable video" in problems[0].message and "Did you mean 'education/01-影片/影片.mp4'" \
        in problems[0].message
    assert "'sound: yes please'" in problems[1].message


def test_the_loop_goes_from_a_still_to_a_moving_video_without_a_black_frame(hall: Hall, content: Path) -> None:
    scene = start_loop(hall, content, "  - zone: education\n    seconds: 2\n"
                                      "  - media: education/01-影片/影片.mp4\n    seconds: 4\n")
    seen: list[tuple[int, int, int]] = []
    cued_at_fade: list[bool] = []

    def watch() -> bool:
        if scene.fade is not None and not cued_at_fade:
            cued_at_fade.append(scene._videos[1].cued)
        seen.append(centre(hall))
        return scene.index == 1 and scene.fade is None and scene.shown_for > 1.5

    hall.spin(watch, "the video item")
    assert cued_at_fade == [True]  # its first picture was there before the still's time was up
    assert not any(max(c) < 20 for c in seen[1:]), "a black frame between items"  # [0]: before the first draw
    assert any(near(c, POSTER) for c in seen) and near(seen[-1], BACKGROUND)
    first = pygame.image.tobytes(hall.screen, "RGB")
    hall.spin(seconds=0.4)
    assert pygame.image.tobytes(hall.screen, "RGB") != first  # moving pictures
    player = scene._videos[1].player
    assert player.state == "playing" and player.sound is False  # muted: its sound is not even decoded
    assert hall.kinds().count("attract_item") == 2


def test_a_short_video_loops_for_as_long_as_its_item_then_the_loop_moves_on(hall: Hall, content: Path) -> None:
    scene = start_loop(hall, content, "  - media: education/01-影片/影片.mp4\n    seconds: 5\n"
                                      "  - zone: education\n    seconds: 3\n")
    hall.spin(lambda: scene._videos.get(0) is not None and scene._videos[0].running, "the video")
    video = scene._videos[0]
    hall.spin(lambda: scene.shown_for > 3.2, "past the clip's end")  # the clip is 2 s long
    assert video.running and video.player.frames.delivered > 60  # still playing, from the top again
    assert near(centre(hall), BACKGROUND)
    hall.spin(lambda: scene.index == 1 and scene.fade is None, "the next item")
    assert near(centre(hall), POSTER)
    assert video.player.state == "closed" and 0 not in scene._videos  # let go once it left the screen


def test_a_video_broken_after_the_check_shows_its_still_and_names_the_file(hall: Hall, content: Path) -> None:
    video = content / "education" / "01-影片" / "影片.mp4"
    scene = start_loop(hall, content, "  - media: education/01-影片/影片.mp4\n    seconds: 60\n"
                                      "  - zone: education\n    seconds: 3\n")
    scene.close()  # replaced by a curator's broken copy before the loop reached it
    video.write_bytes(b"not a video" * 100)
    hall.app.attract()
    scene = hall.app.scene
    hall.spin(lambda: scene.index == 1, "the loop moving past the broken video")
    assert [p for p in hall.ctx.runtime_problems if "education/01-影片/影片.mp4 cannot be played" in p]
    assert hall.last("attract_error")["item"] == "media:education/01-影片/影片.mp4"
    assert near(centre(hall), POSTER)


def test_a_touch_during_the_video_begins_a_visit_and_stops_it(hall: Hall, content: Path) -> None:
    scene = start_loop(hall, content, "  - media: education/01-影片/影片.mp4\n    seconds: 30\n"
                                      "  - zone: education\n")
    hall.spin(lambda: 0 in scene._videos and scene._videos[0].running, "the video")
    player = scene._videos[0].player
    hall.touch([(SIZE[0] / 2, SIZE[1] / 2)])
    assert hall.app.scene.name == "home"
    assert player.state == "closed"


def test_a_phone_video_in_the_loop_stands_upright_in_its_own_shape(hall: Hall, content: Path, clips: Clips) -> None:
    """Filmed upright on a phone: stored sideways with a rotation flag, shown portrait in the middle."""
    folder = content / "education" / "02-手机"
    write(folder / "panel.yaml", "kind: video\ntitle: 手机拍的\n")
    (folder / "竖拍.mp4").write_bytes(clips.phone(90, (360, 640)).read_bytes())
    hall.app.swap_catalog(load_catalog(content, DEFAULT_ZONES))  # copied in while the kiosk runs
    scene = start_loop(hall, content, "  - media: education/02-手机/竖拍.mp4\n    seconds: 30\n"
                                      "  - zone: education\n")
    hall.spin(lambda: 0 in scene._videos and scene._videos[0].running and scene.fade is None, "the video")
    hall.spin(seconds=0.3)
    where = scene._videos[0].rect
    assert abs(where.width / where.height - 9 / 16) < 0.02 and where.height >= SIZE[1] - 2
    assert where.centerx == SIZE[0] // 2

    def colour(x: float, y: float) -> str:
        return named(hall.screen.get_at((where.x + round(x * where.width), where.y + round(y * where.height))))

    assert [colour(0.75, 0.2), colour(0.5, 0.4), colour(0.5, 0.6), colour(0.25, 0.85)] == ["red", "red", "blue", "blue"]
    mark = 3 / 16  # the green square's centre, in widths from the top left corner
    assert colour(mark, mark * where.width / where.height) == "green"
    assert named(hall.screen.get_at((SIZE[0] // 8, SIZE[1] // 2))) not in ("red", "blue")  # nothing stretched sideways


def test_a_playlist_saved_while_a_video_plays_lets_it_play_on(hall: Hall, content: Path) -> None:
    scene = start_loop(hall, content, "  - media: education/01-影片/影片.mp4\n    seconds: 30\n"
                                      "  - zone: education\n")
    hall.spin(lambda: 0 in scene._videos and scene._videos[0].player.position_s() > 1, "the video under way")
    player = scene._videos[0].player
    folder = playlist_file(content, "  - zone: education\n    caption: 新的第一项\n"
                                    "  - media: education/01-影片/影片.mp4\n    seconds: 30\n  - zone: education\n")
    playlist, _ = load_playlist(folder, "hall", hall.ctx.catalog)
    hall.app.playlist = lambda catalog: playlist
    hall.app.playlist_changed()
    rebuilt = hall.app.scene
    assert rebuilt is not scene and rebuilt.index == 1  # the same film, now the second item
    assert rebuilt._videos[1].player is player and player.state == "playing"  # not started again
    hall.spin(seconds=0.3)
    assert player.position_s() > 1 and near(centre(hall), BACKGROUND)
