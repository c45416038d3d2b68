"""One video or audio file of one panel, played by libvlc and driven from the main loop.

Nothing here makes a visitor wait: the file is checked (its header, then a libvlc parse with
a timeout, as `kiosk check` does) in a worker as soon as the panel opens; libvlc decodes on
its own threads; its events only set flags, which `poll()` reads on the main loop; stopping
and releasing, which wait for libvlc's threads, happen in a worker too.

libvlc reports no error for a damaged file: it plays it to the end with zero pictures. So a
video that ends without a single picture, a sound that ends without its clock ever moving,
or either that shows nothing within START_TIMEOUT_S, counts as a failure with its reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.probe import MediaInfo, MediaRefused, probe_stream
from kiosk.content.textfile import TextRefused, read_text
from kiosk.media import libvlc, memory
from kiosk.media.frames import VideoFrames
from kiosk.media.progress import fit
from kiosk.media.subtitles import Subtitles, parse_srt

log = logging.getLogger(__name__)

START_TIMEOUT_S = 15.0  # from play to the first picture (or the sound's clock moving)
CLOCK_GLIDE_S = 1.0  # libvlc's clock moves in steps of up to half a second; between steps it glides
LOOP_REPEATS = 65535  # libvlc's input-repeat: seamless, unlike restarting at the end


@dataclass(frozen=True)
class Checked:
    info: MediaInfo
    subtitles: Subtitles
    stamp: tuple[int, int]  # the file's size and modification time when it was checked


class Player:
    """States: checking -> ready -> starting -> playing <-> paused -> ready (ended), or failed.

    `poll()` returns what just happened ("ready", "playing", "ended", "failed") or None.
    """

    def __init__(self, path: Path, kind: str, *, wake: Callable[[], None], loop: bool = False,
                 volume: int = 60, subtitles: Path | None = None, sound: bool = True) -> None:
        self.path = path
        self.kind = kind  # "video" or "audio"
        self.loop = loop
        self.sound = sound  # False: the sound is not even decoded (a muted attract-loop video)
        self.volume = volume
        self.state = "checking"
        self.problem = ""  # why it cannot play, for the administrator
        self.duration_s = 0.0
        self.source_size = (0, 0)
        self.pixel_aspect = 1.0
        self.subtitles = Subtitles()
        self.frames: VideoFrames | None = None
        self.frame_size = (0, 0)  # the picture's size on screen; libvlc scales to it
        self._wake = wake
        self._subtitles_path = subtitles
        self._checked: Checked | str | None = None  # written by the worker
        self._stamp = (0, 0)
        self._news: str | None = None  # something that happened outside poll(), told by its next call
        self._start_at = 0.0
        self._generation = 0  # events of a released libvlc player are ignored
        self._ended = self._error = False  # set by libvlc's events
        self._started_at = 0.0
        self._sounded = False  # the clock moved at least once
        self._clock = (-1, 0.0)  # libvlc's last clock reading (ms) and when it changed
        self._vlc = None  # (media player, media, event manager) while one exists
        libvlc.in_background(self._check, "check")

    # The worker.
    def _check(self) -> None:
        try:
            libvlc.instance()  # started here, so the main loop never waits for libvlc's plugins
            stamp = _stamp(self.path)
            info = probe_stream(self.path, self.kind, libvlc.parser())
            self._checked = Checked(info, _read_subtitles(self._subtitles_path), stamp)
        except (MediaRefused, libvlc.PlayerUnavailable) as err:
            self._checked = str(err)
        except OSError as err:
            self._checked = f"cannot be read ({err.strerror or err}). Check that the file is still there"
        self._wake()

    # The main loop.
    def poll(self) -> str | None:
        """Act on what libvlc and the worker reported since the last call."""
        if self._news is not None:
            news, self._news = self._news, None
            return news
        if self.state == "checking":
            return self._after_check() if self._checked is not None else None
        if self.state not in ("starting", "playing", "paused"):
            return None
        if self._error:
            return self._fail("libvlc stopped with an error while playing it. Export it again as MP4 (H.264/AAC)")
        if self._ended:
            return self._after_end()
        if self.state == "starting":
            if self._has_started():
                self.state = "playing"
                return "playing"
            if time.monotonic() - self._started_at > START_TIMEOUT_S:
                what = "picture" if self.kind == "video" else "sound"
                return self._fail(f"no {what} came within {START_TIMEOUT_S:.0f} seconds of pressing play. "
                                  "Export it again as MP4 (H.264/AAC) or MP3")
        return None

    def _after_check(self) -> str:
        checked = self._checked
        if isinstance(checked, str):
            return self._fail(checked)
        if checked.info.warning:  # libvlc is missing: the check could not run, nor can playing
            return self._fail(checked.info.warning)
        self.duration_s = checked.info.duration_s
        self.source_size = (checked.info.width, checked.info.height)
        self.pixel_aspect = checked.info.pixel_aspect
        self.subtitles = checked.subtitles
        self._stamp = checked.stamp
        self.state = "ready"
        return "ready"

    def _has_started(self) -> bool:
        """A video's first picture came; a sound's clock moved."""
        if self.kind == "video":
            return self.frames is not None and self.frames.delivered > 0
        self._sounded = self._sounded or self.position_s() > 0
        return self._sounded

    def _after_end(self) -> str:
        if not self._has_started():
            what = "a single picture" if self.kind == "video" else "any sound"
            return self._fail(f"it played to its end without {what}: the file is damaged. Export it again")
        self._release()
        self._start_at = 0.0
        self.state = "ready"
        return "ended"

    def _fail(self, problem: str) -> str:
        log.warning("%s cannot be played: %s", self.path, problem)
        self._release()
        self.problem = problem
        self.state = "failed"
        return "failed"

    def play(self) -> None:
        """Start when ready, or resume after pause; set `frame_size` first for a video.

        A file replaced since it was checked (a curator's new copy, or a broken one) goes back to
        "checking" and is checked again first.
        """
        if self.state == "ready" and self._changed_on_disk():
            self.state, self._checked = "checking", None
            libvlc.in_background(self._check, "check")
        elif self.state == "paused":
            self._vlc[0].set_pause(0)
            self.state = "playing" if self._has_started() else "starting"
            self._started_at = time.monotonic()
        elif self.state == "ready":
            self._start()

    def _start(self) -> None:
        import vlc

        try:
            instance = libvlc.instance()
        except libvlc.PlayerUnavailable as err:
            self._news = self._fail(str(err))
            return
        media = instance.media_new_path(str(self.path))
        if self.loop:
            media.add_option(f"input-repeat={LOOP_REPEATS}")
        if self._start_at > 0:
            media.add_option(f"start-time={self._start_at:.3f}")
        if not self.sound and self.kind == "video":
            media.add_option("no-audio")
        if self.kind == "audio":
            media.add_option("no-video")  # cover art in an MP3 must not open a window of its own
        player = instance.media_player_new()
        player.set_media(media)
        self.frames = None
        if self.kind == "video":
            if min(self.frame_size) < 2:  # not laid out yet: the file's own size
                self.frame_size = fit(self.source_size, self.pixel_aspect, self.source_size)
            self.frames = VideoFrames(self.frame_size, self._wake)
            self.frames.attach(player)
        self._generation += 1
        self._ended = self._error = self._sounded = False
        # Not player.event_manager(): python-vlc memoizes it for ever, and with it this Player
        # and its picture buffers (6 MB a video); this one goes when the player is released.
        events = vlc.libvlc_media_player_event_manager(player)
        events.event_attach(vlc.EventType.MediaPlayerEndReached, self._flag, "_ended", self._generation)
        events.event_attach(vlc.EventType.MediaPlayerEncounteredError, self._flag, "_error", self._generation)
        player.audio_set_volume(self.volume)
        self._vlc = (player, media, events)
        self._started_at = time.monotonic()
        self.state = "starting"
        player.play()

    def _flag(self, _event: object, name: str, generation: int) -> None:
        """On a libvlc thread: set the flag and wake the loop; never call libvlc from here."""
        if generation == self._generation:
            setattr(self, name, True)
            self._wake()

    def pause(self) -> None:
        if self.state in ("playing", "starting") and self._vlc is not None:
            self._vlc[0].set_pause(1)
            self.state = "paused"

    def seek(self, seconds: float) -> None:
        """Move to `seconds`; before playing, that is where playing will start."""
        seconds = min(max(0.0, seconds), max(0.0, self.duration_s - 0.1))
        if self._vlc is not None:
            self._vlc[0].set_time(round(seconds * 1000))
        else:
            self._start_at = seconds

    def set_volume(self, volume: int) -> None:
        self.volume = volume
        if self._vlc is not None:
            self._vlc[0].audio_set_volume(volume)

    def position_s(self) -> float:
        """The clock, in seconds from the start of the file, as close to the picture as can be.

        libvlc's own clock advances in steps of a quarter to half a second, so subtitles would
        change late; while playing, the time since its last step is added.
        """
        if self._vlc is None:
            return self._start_at
        ms, now = self._vlc[0].get_time(), time.monotonic()
        if ms != self._clock[0]:
            self._clock = (ms, now)
        if ms <= 0:
            return 0.0
        glide = min(now - self._clock[1], CLOCK_GLIDE_S) if self.state == "playing" else 0.0
        return ms / 1000 + glide

    def lost_pictures(self) -> int:
        """Pictures libvlc decoded too late to show (for benchmarks)."""
        import vlc

        if self._vlc is None:
            return 0
        stats = vlc.MediaStats()
        self._vlc[1].get_stats(stats)
        return stats.lost_pictures

    def close(self) -> None:
        """Stop and release libvlc's player (in a worker); this Player is finished."""
        self._release()
        self.state = "closed"

    def _release(self) -> None:
        if self._vlc is None:
            return
        player, media, events = self._vlc
        keep_alive = [events, self.frames]  # libvlc holds their callbacks and buffers until released
        self._vlc, self.frames = None, None
        self._generation += 1

        def release() -> None:
            player.stop()
            player.release()
            media.release()
            if keep_alive[1] is not None:
                keep_alive[1].let_go()
            keep_alive.clear()  # the picture buffers go here, on this thread
            memory.give_back()

        libvlc.in_background(release, "release")

    def _changed_on_disk(self) -> bool:
        try:
            return _stamp(self.path) != self._stamp
        except OSError:
            return True


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_size, stat.st_mtime_ns)


def _read_subtitles(path: Path | None) -> Subtitles:
    """Subtitles to draw; a file the check already named as unreadable just shows none."""
    if path is None:
        return Subtitles()
    try:
        return parse_srt(read_text(path))
    except (TextRefused, OSError):
        return Subtitles()
