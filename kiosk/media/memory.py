"""Memory that a video used, given back to the system when its player is released.

Each video brings large blocks: three picture buffers (6 MB at a panel's size) and libvlc's
decoder frames (3 MB each at 1080p), freed from libvlc's threads when the player goes. glibc
keeps freed memory in its arenas; without a trim the process grew from 153 MB to about 400 MB
over 500 videos. The trim cannot return a page that still holds a live allocation, and with
glibc's default of an arena per thread (up to 16 here) libvlc's short-lived decoder threads
leave such pages in every arena: 15 to 40 MB more at rest, moving by ±10 MB from one video to
the next. So the kiosk runs with two arenas (`kiosk.engine.memory.limit_arenas`, at start-up),
and 500 videos then end within 3 % of the first (docs/PERFORMANCE.md, video_cycles). Holding
glibc's mmap threshold at 1 MB instead would make every full-screen surface the rest of the
kiosk allocates about 6 ms slower (docs/PERFORMANCE.md, surfaces), so it is not done. glibc
only: elsewhere the C library returns memory as it sees fit.
"""

from __future__ import annotations

import ctypes
import ctypes.util

_libc = None  # False where the C library cannot be loaded


def give_back() -> None:
    """Return the free parts of glibc's arenas to the system."""
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        except OSError:
            _libc = False
    trim = getattr(_libc, "malloc_trim", None)
    if trim is not None:
        trim(0)
