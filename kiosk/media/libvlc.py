"""The kiosk's one libvlc instance, and the worker threads for libvlc's slow calls.

Starting libvlc loads its plugins (a fraction of a second); parsing a file may take up to
its timeout; stopping a player waits for its threads to end. None of that may happen on the
main loop while a visitor waits, so they run on two long-lived worker threads: one checks
files before they play, one stops and releases players (so a slow check never keeps a
left-behind video decoding). A fixed pair: a thousand clips leave the thread count as it was.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from kiosk.content.probe import StreamParser

OPTIONS = (
    "--intf=dummy",  # no VLC window or interface of its own
    "--quiet",
    "--no-video-title-show",  # no file name drawn over the picture
    "--no-osd",
    "--no-spu",  # libvlc draws no subtitles: the kiosk draws the .srt with Chinese typesetting
    "--no-sub-autodetect-file",  # and libvlc must not pick the .srt up by itself
    "--no-snapshot-preview",
    "--swscale-mode=1",  # bilinear: the default bicubic lost frames scaling 1080p on 2 cores
    # One decoding thread: 1080p H.264 needs about a third of a core, and a decoder spread over
    # both cores took the main loop's core in bursts, making attract transitions late.
    "--avcodec-threads=1",
)


class PlayerUnavailable(Exception):
    """libvlc cannot be started here; the message says how to fix it."""


_lock = threading.Lock()
_instance = None
_parser: StreamParser | None = None
_workers: dict[str, ThreadPoolExecutor] = {}


def options() -> list[str]:
    """libvlc's options; silent where SDL was told there is no sound (tests, headless runs)."""
    silent = os.environ.get("SDL_AUDIODRIVER") == "dummy"
    return [*OPTIONS, "--aout=adummy"] if silent else list(OPTIONS)


def instance():  # -> vlc.Instance
    """The shared libvlc instance, started on first use (in a worker: see Player)."""
    global _instance
    with _lock:
        if _instance is None:
            try:
                import vlc

                created = vlc.Instance(options())
            except (ImportError, OSError, NameError, AttributeError) as err:
                raise PlayerUnavailable(f"libvlc is missing ({err}). Install it with ./scripts/run.sh") from None
            if created is None:
                raise PlayerUnavailable("libvlc could not start. Reinstall the Debian packages libvlc5 "
                                        "and vlc-plugin-base")
            _instance = created
        return _instance


def parser() -> StreamParser:
    """The parser that checks a file before it plays, as `kiosk check` does."""
    global _parser
    with _lock:
        if _parser is None:
            _parser = StreamParser()
        return _parser


def in_background(work: Callable[[], None], worker: str) -> Future:
    """Run `work` on the worker named "check" or "release"."""
    with _lock:
        if worker not in _workers:
            _workers[worker] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"libvlc-{worker}")
        return _workers[worker].submit(work)
