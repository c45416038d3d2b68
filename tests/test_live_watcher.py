"""A real watcher on a real folder: curators' saves, copies and swaps reach the Catalog, and a
file still being copied never does."""

from __future__ import annotations

import os
import queue
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_ZONES, LiveConfig
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog
from kiosk.live.reload import Reload
from kiosk.live.watcher import ContentWatcher
from tests.conftest import make_image, write

WAIT_S = 20  # generous: a loaded test machine may be slow, and no test asserts timings


class Following:
    """A started watcher and what it delivered."""

    def __init__(self, root: Path, settings: LiveConfig) -> None:
        self.watcher = ContentWatcher(root, DEFAULT_ZONES, settings)
        self.catalog = self.watcher.load()
        self.delivered: queue.Queue[Reload] = queue.Queue()
        self.seen: list[Reload] = []
        self.watcher.start(self.delivered.put)

    def wait_for(self, check: Callable[[Catalog], bool], what: str) -> Catalog:
        deadline = time.monotonic() + WAIT_S
        while not check(self.catalog):
            try:
                reload = self.delivered.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"timed out waiting for {what}") from None
            self.seen.append(reload)
            if reload.catalog is not None:
                self.catalog = reload.catalog
        return self.catalog

    def settle(self) -> Catalog:
        """Wait until the watcher has nothing left to do, then take what it delivered."""
        deadline = time.monotonic() + WAIT_S
        calm = 0
        while calm < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
            calm = calm + 1 if self.watcher.idle else 0
        self.drain()
        return self.catalog

    def drain(self) -> list[Reload]:
        """What was delivered so far, taken in."""
        found = []
        while not self.delivered.empty():
            reload = self.delivered.get()
            self.seen.append(reload)
            if reload.catalog is not None:
                self.catalog = reload.catalog
            found.append(reload)
        return found


def exhibition(root: Path) -> None:
    for zone in DEFAULT_ZONES:
        (root / zone.id).mkdir(parents=True, exist_ok=True)
    write(root / "education" / "01-开天辟地" / "panel.yaml", "title: 开天辟地\n")
    write(root / "education" / "01-开天辟地" / "body.md", "中共一大在上海召开。\n")
    make_image(root / "showcase" / "榜样.jpg")


FAST = LiveConfig("inotify", poll_s=0.5, rescan_s=0, settle_s=0.5)
POLLING = LiveConfig("polling", poll_s=0.3, rescan_s=0, settle_s=0.5)


@pytest.fixture(params=[FAST, POLLING], ids=["inotify", "polling"])
def following(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Following]:
    exhibition(tmp_path / "content")
    running = Following(tmp_path / "content", request.param)
    yield running
    running.watcher.stop()


def save_atomically(path: Path, text: str) -> None:
    """What editors do: write a temporary file beside it, then rename it into place."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_an_atomic_save_shows_the_new_text(following: Following) -> None:
    body = following.watcher.root / "education" / "01-开天辟地" / "body.md"
    save_atomically(body, "中国共产党第一次全国代表大会在上海召开。\n")
    following.wait_for(lambda c: c.panels["education/01-开天辟地"].body.startswith("中国共产党"), "the new text")
    reload = following.seen[-1]
    assert reload.changed == ("education/01-开天辟地",)
    assert "education/01-开天辟地/body.md" in reload.forget


def test_a_panel_folder_copied_in_appears_whole(following: Following, tmp_path: Path) -> None:
    source = tmp_path / "u盘" / "02-入党誓词"
    write(source / "panel.yaml", "title: 入党誓词\nmedia: [a.jpg, b.jpg]\n")
    make_image(source / "a.jpg")
    make_image(source / "b.jpg")
    shutil.copytree(source, following.watcher.root / "education" / "02-入党誓词")
    catalog = following.wait_for(lambda c: "education/02-入党誓词" in c.panels, "the new panel")
    assert len(catalog.panels["education/02-入党誓词"].media) == 2
    assert catalog.zone("education").panel_ids == ("education/01-开天辟地", "education/02-入党誓词")


def test_a_video_does_not_appear_until_its_copy_has_finished(following: Following, media_dir: Path) -> None:
    data = (media_dir / "clip.mp4").read_bytes()
    target = following.watcher.root / "education" / "宣誓仪式.mp4"
    pieces = 6
    # A slow USB stick: with inotify the copy may stall longer than quiet_s and settle_s
    # together, since only the close counts; a network share has no close, so there only
    # a copy that keeps moving is safe.
    pause = 0.2 if following.watcher.polling else 1.0
    with target.open("wb") as out:
        for i in range(pieces):
            out.write(data[i * len(data) // pieces:(i + 1) * len(data) // pieces])
            out.flush()
            time.sleep(pause)
            assert not any("宣誓仪式" in str(p) for r in following.drain() for p in r.new_problems)
            assert "education/宣誓仪式" not in following.catalog.panels
    catalog = following.wait_for(lambda c: "education/宣誓仪式" in c.panels, "the copied video")
    assert catalog.panels["education/宣誓仪式"].kind == "video"
    assert not any("宣誓仪式" in str(p) for p in catalog.problems)


def test_temporary_files_are_never_read(following: Following) -> None:
    zone = following.watcher.root / "education"
    make_image(zone / "照片.jpg.part", fmt="JPEG")
    write(zone / "~$说明.docx", "x")
    write(zone / ".说明.md.swp", "x")
    catalog = following.settle()
    assert "education/照片" not in catalog.panels and not following.seen
    os.replace(zone / "照片.jpg.part", zone / "照片.jpg")  # the browser's download finished
    following.wait_for(lambda c: "education/照片" in c.panels, "the downloaded picture")


def test_deleting_a_zone_folder_takes_its_panels_away(following: Following) -> None:
    shutil.rmtree(following.watcher.root / "showcase")
    catalog = following.wait_for(lambda c: "showcase/榜样" not in c.panels, "the panel to go")
    assert catalog.zone("showcase").panel_ids == ()
    assert any(p.path == "showcase" and "has no folder" in p.message for p in catalog.problems)


def test_replacing_every_file_at_once_ends_in_the_new_exhibition(following: Following, tmp_path: Path) -> None:
    """rsync --delete-after or `git checkout` of another exhibition: new files first, then deletions."""
    root = following.watcher.root
    new = tmp_path / "new"
    exhibition(new)
    shutil.rmtree(new / "education" / "01-开天辟地")
    for i in range(30):
        write(new / "learning" / f"{i:02d}-学习资料" / "body.md", f"第{i}篇\n")
    make_image(new / "showcase" / "榜样.jpg", (80, 60))
    for folder, _dirs, files in os.walk(new):
        target = root / Path(folder).relative_to(new)
        target.mkdir(exist_ok=True)
        for name in files:
            shutil.copy2(Path(folder) / name, target / name)
    shutil.rmtree(root / "education" / "01-开天辟地")
    expected = load_catalog(new, DEFAULT_ZONES)
    following.wait_for(lambda c: set(c.panels) == set(expected.panels), "the new exhibition")
    catalog = following.settle()
    assert catalog.panels == load_catalog(root, DEFAULT_ZONES).panels
    assert catalog.panels["showcase/榜样"].media[0].width == 80


def test_the_content_folder_swapped_for_another(following: Following, tmp_path: Path) -> None:
    root = following.watcher.root
    new = tmp_path / "content.new"
    exhibition(new)
    write(new / "activity" / "01-主题党日.md", "主题党日活动\n")
    root.rename(tmp_path / "content.old")
    new.rename(root)
    following.wait_for(lambda c: "activity/01-主题党日" in c.panels, "the swapped-in exhibition")
    write(root / "activity" / "02-志愿服务.md", "志愿服务\n")  # and it follows the new folder
    following.wait_for(lambda c: "activity/02-志愿服务" in c.panels, "a change in the new folder")


def test_a_change_the_kernel_did_not_report_is_found_by_the_rescan(tmp_path: Path) -> None:
    exhibition(tmp_path / "content")
    following = Following(tmp_path / "content", LiveConfig("inotify", 2.0, 1, 0.5))
    try:
        deadline = time.monotonic() + WAIT_S
        while not following.watcher._snapshot:  # the rescans' first look, taken on the watcher's thread
            assert time.monotonic() < deadline, "the watcher never took its first look"
            time.sleep(0.01)
        following.watcher._unwatch()  # as if the inotify queue had overflowed
        write(tmp_path / "content" / "learning" / "01-必读书目.md", "《中国共产党简史》\n")
        following.wait_for(lambda c: "learning/01-必读书目" in c.panels, "the rescan to find it")
    finally:
        following.watcher.stop()


def test_a_quiet_hall_is_not_read_again_by_the_rescans(tmp_path: Path) -> None:
    """Nothing changed: no reload, so no picture is decoded again and the log stays quiet."""
    exhibition(tmp_path / "content")
    following = Following(tmp_path / "content", LiveConfig("inotify", 2.0, 0.5, 0.5))
    try:
        time.sleep(2.5)  # four rescans
        following.settle()
        assert following.seen == []
    finally:
        following.watcher.stop()


class _NoWatchesLeft:
    """An observer on a machine whose inotify watches are used up."""

    def schedule(self, *_args: object, **_kwargs: object) -> None:
        pass

    def start(self) -> None:
        raise OSError(28, "inotify watch limit reached")


def test_out_of_inotify_watches_it_polls_and_tells_the_administrator(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kiosk.live.watcher.Observer", _NoWatchesLeft)
    exhibition(tmp_path / "content")
    following = Following(tmp_path / "content", LiveConfig("inotify", 0.3, 0, 0.5))
    try:
        write(tmp_path / "content" / "learning" / "01-必读书目.md", "《中国共产党简史》\n")
        following.wait_for(lambda c: "learning/01-必读书目" in c.panels, "the change, found by looking")
        (note,) = [n for r in following.seen for n in r.notes]
        assert "max_user_watches" in note and "every 0.3 s" in note
    finally:
        following.watcher.stop()
