"""A real file watcher on real folders: config.yaml and the playlist are read after every complete
save, and never while being written or under a temporary name."""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import LiveConfig
from kiosk.live.files import FileWatcher
from tests.conftest import write

WAIT_S = 20  # generous: a loaded machine may be slow, and no test asserts timings
FAST = LiveConfig("inotify", poll_s=0.5, rescan_s=0, settle_s=0.5)
POLLING = LiveConfig("polling", poll_s=0.3, rescan_s=0, settle_s=0.5)


class Followed:
    """A started FileWatcher following one file, and what it read each time it was called."""

    def __init__(self, path: Path, settings: LiveConfig) -> None:
        self.path = path
        self.reads: queue.Queue[str | None] = queue.Queue()
        self.notes: queue.Queue[str] = queue.Queue()  # for the administrator
        self.watcher = FileWatcher(settings)
        self.watcher.on_note = self.notes.put
        self.watcher.follow(path, self.read)
        self.watcher.start()

    def read(self, _last_event: float) -> None:
        try:
            self.reads.put(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.reads.put(None)

    def next_read(self) -> str | None:
        try:
            return self.reads.get(timeout=WAIT_S)
        except queue.Empty:
            raise AssertionError("the file was never read") from None

    def settle(self) -> list[str | None]:
        """Wait until the watcher has nothing left to do; what it read meanwhile."""
        deadline = time.monotonic() + WAIT_S
        calm = 0
        while calm < 8 and time.monotonic() < deadline:
            time.sleep(0.1)
            calm = calm + 1 if self.watcher.idle else 0
        found = []
        while not self.reads.empty():
            found.append(self.reads.get())
        return found


@pytest.fixture(params=[FAST, POLLING], ids=["inotify", "polling"])
def followed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Followed]:
    write(tmp_path / "playlists" / "default.yaml", "items: []\n")
    running = Followed(tmp_path / "playlists" / "default.yaml", request.param)
    yield running
    running.watcher.stop()


def test_an_editors_atomic_save_is_read_once_complete(followed: Followed) -> None:
    temp = followed.path.with_name(".default.yaml.swp")
    temp.write_text("items:\n  - zone: education\n", encoding="utf-8")
    os.replace(temp, followed.path)
    assert followed.next_read() == "items:\n  - zone: education\n"


def test_a_file_written_in_place_is_read_only_after_its_last_piece(followed: Followed) -> None:
    # inotify reports the close, however long the writer pauses; a network share reports
    # nothing, so there only a writer that keeps going is safe (settle_s).
    pause = 0.2 if followed.watcher.polling else 0.8
    with followed.path.open("w", encoding="utf-8") as out:
        for line in ("items:\n", "  - zone: education\n", "  - zone: showcase\n"):
            out.write(line)
            out.flush()
            time.sleep(pause)
            assert followed.reads.empty(), "read while still being written"
    assert followed.next_read() == "items:\n  - zone: education\n  - zone: showcase\n"


def test_a_new_file_and_a_deletion_are_read(followed: Followed) -> None:
    followed.path.unlink()
    assert followed.next_read() is None
    write(followed.path, "items:\n  - zone: learning\n")
    assert followed.next_read() == "items:\n  - zone: learning\n"


def test_temporary_names_and_other_files_are_never_read(followed: Followed) -> None:
    folder = followed.path.parent
    for name in (".default.yaml.swp", "default.yaml~", "default.yaml.tmp", "#default.yaml#", "七一.yaml"):
        write(folder / name, "items: [\n")
    assert followed.settle() == []


def test_a_folder_made_after_the_start_is_followed(tmp_path: Path) -> None:
    path = tmp_path / "later" / "default.yaml"
    following = Followed(path, FAST)
    try:
        time.sleep(0.3)
        write(path, "items:\n  - zone: activity\n")
        assert following.next_read() == "items:\n  - zone: activity\n"
        write(path, "items:\n  - zone: showcase\n")  # and inotify follows it from then on
        assert following.next_read() == "items:\n  - zone: showcase\n"
    finally:
        following.watcher.stop()


def test_a_file_no_longer_followed_is_not_read(followed: Followed) -> None:
    followed.watcher.forget(followed.path)
    write(followed.path, "items:\n  - zone: learning\n")
    assert followed.settle() == []


def test_a_change_the_kernel_did_not_report_is_found_by_the_rescan(tmp_path: Path) -> None:
    path = write(tmp_path / "config.yaml", "kiosk_id: a\n")
    following = Followed(path, LiveConfig("inotify", 2.0, 0, 0.5))
    try:
        following.watcher._unwatch()  # as if the inotify queue had overflowed
        following.watcher.retune(LiveConfig("inotify", 2.0, 1, 0.5))  # as when live.rescan_s is saved
        write(path, "kiosk_id: b\n")
        assert following.next_read() == "kiosk_id: b\n"
    finally:
        following.watcher.stop()


class _NoWatchesLeft:
    """An observer on a machine whose inotify watches are used up."""

    def schedule(self, *_args: object, **_kwargs: object) -> None:
        raise OSError(28, "inotify watch limit reached")


def test_out_of_inotify_watches_it_looks_at_the_files_and_tells_the_administrator(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kiosk.live.files.Observer", _NoWatchesLeft)
    path = write(tmp_path / "config.yaml", "kiosk_id: a\n")
    following = Followed(path, LiveConfig("inotify", 0.3, 0, 0.5))
    try:
        write(path, "kiosk_id: b\n")
        assert following.next_read() == "kiosk_id: b\n"
        note = following.notes.get(timeout=WAIT_S)
        assert "max_user_watches" in note and "every 0.3 s" in note
    finally:
        following.watcher.stop()
