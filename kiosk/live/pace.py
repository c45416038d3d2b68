"""The main loop lends its idle time to the threads that read content/.

Python runs one thread at a time (the GIL). A thread reading all 2,000 panels of a hall
again, or walking them for the periodic rescan, would take about half of the interpreter
from the main loop for seconds, and the frames of a moving screen would come late. So the
readers wait, between two panels, while the loop is making a frame: the loop says when it
begins one (`frame`) and when it has nothing more to do until the next (`rest`). A reader
never waits more than `max_wait_s` for one panel, so a loop that never rests still gets
its content, only more slowly.
"""

from __future__ import annotations

import gc
import logging
import os
import threading

log = logging.getLogger(__name__)

READER_NICE = 10  # how much less CPU a reading thread asks for than the main loop


class Pace:
    def __init__(self, max_wait_s: float = 0.05) -> None:
        self.max_wait_s = max_wait_s
        self._resting = threading.Event()
        self._resting.set()  # until a loop runs, nobody waits

    def frame(self) -> None:
        """The main loop begins a frame."""
        self._resting.clear()

    def rest(self) -> None:
        """The main loop has nothing to do until its next frame, or until woken."""
        self._resting.set()

    def turn(self) -> None:
        """A reader, between two panels: go on once the loop rests."""
        self._resting.wait(self.max_wait_s)


def set_aside_the_hall() -> None:
    """Once the hall is loaded, before any screen exists: what is alive now is left out of
    Python's full garbage collections. Those walk every object (about 30 ms with 2,000 panels
    loaded), on whichever thread allocated last, often the reader, while no other thread
    runs, so a frame of the loop waits. The Catalog's parts are never cyclic: replaced, they
    are freed at once by reference counting, frozen or not. (A cycle among the objects set
    aside, such as the first file watchers' observers, is not collected if it is let go later,
    which happens only when a watched folder is replaced.)"""
    gc.collect()
    gc.freeze()


def yield_the_cpu() -> None:
    """The calling thread gives way to the main loop (and to the X server drawing its frames)
    when both want a core: on Linux each thread has its own nice value."""
    if not hasattr(os, "setpriority"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + READER_NICE))
    except OSError as err:  # a sandbox that forbids it: the reader just competes as before
        log.info("the content reader keeps its priority (%s)", err)
