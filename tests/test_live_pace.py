"""Reading content/ off the main loop gives way to the loop's frames."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_ZONES
from kiosk.content.parts import ContentParts
from kiosk.live import snapshot
from kiosk.live.pace import Pace, yield_the_cpu
from tests.conftest import write


def test_a_reader_waits_while_the_loop_makes_a_frame_and_goes_on_when_it_rests() -> None:
    pace = Pace(max_wait_s=30)
    pace.frame()
    through = threading.Event()
    reader = threading.Thread(target=lambda: (pace.turn(), through.set()))
    reader.start()
    assert not through.wait(0.2)  # still waiting: the frame is not finished
    pace.rest()
    reader.join(timeout=30)
    assert through.is_set()


def test_a_loop_that_never_rests_still_lets_the_reader_on() -> None:
    pace = Pace(max_wait_s=0.01)
    pace.frame()
    pace.turn()  # returns: the reader only waits so long for each panel


def test_a_reader_takes_its_turn_before_each_panel_and_each_folder(tmp_path: Path) -> None:
    for i in range(7):
        write(tmp_path / DEFAULT_ZONES[i % 5].id / f"{i:02d}-版面" / "body.md", "正文\n")
    turns: list[str] = []
    parts = ContentParts(tmp_path, DEFAULT_ZONES, pace=lambda: turns.append("panel"))
    parts.read_all()
    assert len(turns) == 7
    turns.clear()
    snapshot.take(tmp_path, pace=lambda: turns.append("folder"))
    assert len(turns) == 1 + 5 + 7  # content/, the zones, the panels' folders


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="per-thread priorities are Linux's")
def test_a_reading_thread_gives_the_cpu_to_the_loop_first() -> None:
    found: list[int] = []

    def reader() -> None:
        yield_the_cpu()
        found.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=reader)
    thread.start()
    thread.join()
    assert found[0] > os.getpriority(os.PRIO_PROCESS, threading.get_native_id())  # the loop's is untouched
