"""When a changed file may be read: after its copy or save has finished, never during it.

Time is a number the tests move by hand; files are a dict of (size, mtime) they change.
"""

from __future__ import annotations

from kiosk.config import DEFAULT_ZONES
from kiosk.content.parts import addresses
from kiosk.live.settle import COMPLETE, CREATED, TOUCHED, UNSURE, WRITING, Settler

ZONES = {z.id for z in DEFAULT_ZONES}


class Disk:
    """What `look` sees: (size, mtime) by path; a missing path is a removed file."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[int, int]] = {}

    def look(self, rel: str) -> tuple[int, int] | None:
        return self.files.get(rel)


def settler() -> Settler:
    return Settler(quiet_s=0.3, settle_s=2.0, lost_close_s=60.0, scopes=lambda rel: addresses(rel, ZONES))


def test_an_atomic_save_is_read_once_the_events_stop() -> None:
    s = settler()
    s.note("education/a/panel.yaml", COMPLETE, at=10.0)  # renamed into place
    assert s.ready(10.1, Disk().look) is None  # the editor may still be saving other files
    assert s.next_look() == 10.3
    batch = s.ready(10.3, Disk().look)
    assert batch is not None and batch.paths == {"education/a/panel.yaml"} and batch.last_event == 10.0
    assert s.pending == 0 and s.next_look() is None


def test_the_files_of_one_panel_saved_one_after_another_are_read_together() -> None:
    s = settler()
    for i, name in enumerate(("panel.yaml", "body.md", "宣誓.jpg", "body.en.md")):
        s.note(f"education/a/{name}", COMPLETE, at=10 + i * 0.2)
    for now in (10.3, 10.5, 10.7, 10.8):
        assert s.ready(now, Disk().look) is None  # each file holds back the others while the save goes on
    assert len(s.ready(10.9, Disk().look).paths) == 4


def test_a_file_being_copied_waits_for_its_close() -> None:
    s, disk = settler(), Disk()
    s.note("education/宣誓.mp4", CREATED, at=0.0)
    for second in range(1, 50):  # copying: a modified event every second
        disk.files["education/宣誓.mp4"] = (second * 3_000_000, second)
        s.note("education/宣誓.mp4", WRITING, at=float(second))
        assert s.ready(second + 0.5, disk.look) is None
    # the USB stick stalls for ten seconds: no event, size and time stay the same
    for now in (50.0, 52.0, 55.0, 60.0):
        assert s.ready(now, disk.look) is None
    assert s.next_look() is None  # nothing to look at: the close will wake the watcher
    s.note("education/宣誓.mp4", WRITING, at=61.0)
    s.note("education/宣誓.mp4", COMPLETE, at=62.0)  # closed after writing
    s.note("education/宣誓.mp4", TOUCHED, at=62.0)  # cp -p sets its time afterwards
    assert s.ready(62.3, disk.look).paths == {"education/宣誓.mp4"}


def test_a_file_moved_in_from_outside_is_read_once_two_quick_looks_agree() -> None:
    s, disk = settler(), Disk()
    disk.files["education/a.jpg"] = (100, 1)  # its bytes came with its name: no write was reported
    s.note("education/a.jpg", CREATED, at=0.0)
    assert s.ready(0.3, disk.look) is None
    assert s.ready(0.6, disk.look).paths == {"education/a.jpg"}


def test_a_new_empty_file_may_be_a_copy_about_to_start() -> None:
    s, disk = settler(), Disk()
    disk.files["education/a.mp4"] = (0, 1)
    s.note("education/a.mp4", CREATED, at=0.0)
    assert s.ready(0.3, disk.look) is None
    assert s.ready(0.6, disk.look) is None
    s.note("education/a.mp4", WRITING, at=1.0)  # the copy starts
    disk.files["education/a.mp4"] = (4096, 2)
    assert s.ready(5.0, disk.look) is None


def test_a_changed_permission_alone_is_read_after_the_quiet_time() -> None:
    s = settler()
    s.note("education/a.jpg", TOUCHED, at=0.0)
    assert s.ready(0.3, Disk().look).paths == {"education/a.jpg"}


def test_without_a_close_a_file_is_read_once_its_size_and_time_stay_the_same() -> None:
    s, disk = settler(), Disk()  # a network share
    disk.files["education/a.jpg"] = (100, 1)
    s.note("education/a.jpg", UNSURE, at=0.0)
    assert s.ready(0.3, disk.look) is None  # first look
    disk.files["education/a.jpg"] = (200, 2)  # still growing, though no event said so
    assert s.ready(2.3, disk.look) is None
    assert s.next_look() == 4.3
    assert s.ready(3.0, disk.look) is None  # the same twice, but not yet settle_s apart
    assert s.ready(4.3, disk.look).paths == {"education/a.jpg"}


def test_without_a_close_looks_start_over_when_more_arrives() -> None:
    s, disk = settler(), Disk()
    disk.files["education/a.mp4"] = (100, 1)
    s.note("education/a.mp4", UNSURE, at=0.0)
    assert s.ready(0.3, disk.look) is None
    s.note("education/a.mp4", UNSURE, at=2.0)  # the next poll of a network share saw it change
    assert s.ready(2.2, disk.look) is None
    assert s.ready(2.3, disk.look) is None
    assert s.ready(4.3, disk.look).paths == {"education/a.mp4"}


def test_a_removed_file_is_complete() -> None:
    s = settler()
    s.note("education/a.jpg", CREATED, at=0.0)  # created, then removed before any look
    assert s.ready(0.3, Disk().look).paths == {"education/a.jpg"}


def test_a_panel_folder_is_read_once_all_of_it_has_arrived() -> None:
    s, disk = settler(), Disk()
    s.note("education/新版面", COMPLETE, at=0.0)  # the folder
    s.note("education/新版面/panel.yaml", COMPLETE, at=0.1)  # closed
    s.note("education/新版面/宣誓.mp4", WRITING, at=0.2)  # still being copied
    disk.files["education/新版面/宣誓.mp4"] = (1, 1)
    assert s.ready(5.0, disk.look) is None
    s.note("education/新版面/宣誓.mp4", COMPLETE, at=9.0)
    assert s.ready(9.3, disk.look).paths == {
        "education/新版面", "education/新版面/panel.yaml", "education/新版面/宣誓.mp4"}


def test_a_copy_holds_back_only_its_own_panel() -> None:
    s, disk = settler(), Disk()
    s.note("education/纪录片.mp4", WRITING, at=0.0)
    disk.files["education/纪录片.mp4"] = (1, 1)
    s.note("education/纪录片.mp4", WRITING, at=5.0)
    s.note("showcase/榜样/body.md", COMPLETE, at=5.0)  # a typo fixed elsewhere meanwhile
    s.note("education/入党誓词/body.md", COMPLETE, at=5.0)  # and in the same zone
    assert s.ready(5.3, disk.look).paths == {"showcase/榜样/body.md", "education/入党誓词/body.md"}
    assert s.pending == 1


def test_a_video_and_its_subtitles_are_read_together() -> None:
    s, disk = settler(), Disk()
    s.note("education/宣誓.srt", COMPLETE, at=0.0)
    s.note("education/宣誓.mp4", WRITING, at=0.0)
    disk.files["education/宣誓.mp4"] = (1, 1)
    assert s.ready(1.0, disk.look) is None  # the subtitles wait for their video


def test_a_whole_zone_waits_for_everything_in_it() -> None:
    s, disk = settler(), Disk()
    s.note("education", COMPLETE, at=0.0)  # the zone folder replaced
    s.note("education/a/宣誓.mp4", WRITING, at=0.0)
    disk.files["education/a/宣誓.mp4"] = (1, 1)
    s.note("showcase/b/body.md", COMPLETE, at=0.0)
    assert s.ready(1.0, disk.look).paths == {"showcase/b/body.md"}
    s.note("education/a/宣誓.mp4", COMPLETE, at=1.5)
    assert s.ready(1.8, disk.look).paths == {"education", "education/a/宣誓.mp4"}


def test_the_next_look_is_when_something_can_change() -> None:
    s, disk = settler(), Disk()
    disk.files["education/a.jpg"] = (1, 1)
    s.note("education/a.jpg", UNSURE, at=0.0)
    s.note("education/b/body.md", COMPLETE, at=0.0)
    assert s.next_look() == 0.3
    assert s.ready(0.3, disk.look).paths == {"education/b/body.md"}
    assert s.next_look() == 2.3  # the picture's second look, not a busy loop


def test_a_close_lost_by_the_kernel_is_made_up_for_by_the_rescan() -> None:
    s, disk = settler(), Disk()
    disk.files["education/a.jpg"] = (100, 1)
    s.note("education/a.jpg", WRITING, at=0.0)
    s.note("education/a.jpg", UNSURE, at=30.0)  # a rescan while the writer may still be at work
    assert s.ready(40.0, disk.look) is None
    s.note("education/a.jpg", UNSURE, at=61.0)  # a whole rescan period without an event
    assert s.ready(61.3, disk.look) is None
    assert s.ready(63.3, disk.look).paths == {"education/a.jpg"}
