"""Give freed memory back to the system while the screen is still.

Decoding a picture or playing a video allocates tens of megabytes that the caches then free;
glibc keeps such memory for reuse, so a kiosk that has shown every panel would look twice as
large as it is. Trimming when nothing moves returns it (about 130 MB after a tour of the
demo hall) and costs a few milliseconds nobody sees. Elsewhere than glibc: nothing to do.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_ARENA_MAX = -8

try:
    _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    _TRIM = _LIBC.malloc_trim
    _MALLOPT = _LIBC.mallopt
except (OSError, AttributeError):
    _TRIM = _MALLOPT = None


def limit_arenas(count: int = 2) -> None:
    """Before worker threads start: fewer malloc arenas, less memory held per thread.

    glibc fixes its limit once more than eight arenas exist, so this comes before the threads. The
    main thread always uses the main arena, so its full-screen surfaces cost the same; libvlc's
    decoder threads share the others instead of leaving pages in up to 16 (kiosk/media/memory.py).
    """
    if _MALLOPT is not None:
        _MALLOPT(M_ARENA_MAX, count)


def give_back() -> None:
    if _TRIM is not None:
        _TRIM(0)
