"""The arithmetic of playback, free of libvlc and pygame: clock text, fitting a picture into
a frame without distorting it, and how much of a clip a visitor actually watched.
"""

from __future__ import annotations

import math

MAX_STEP_S = 2.0  # between two readings of the clock; a bigger jump was a seek, not watching
LOOP_EDGE_S = 2.0  # a looping clip that goes from its last to its first seconds started again


def clock(seconds: float) -> str:
    """00:42, 12:05, or 1:02:03 for an hour and more."""
    total = int(seconds) if math.isfinite(seconds) and seconds > 0 else 0
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def fit(source: tuple[int, int], pixel_aspect: float, box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with the picture's shape that fits in `box`, in even pixels.

    `pixel_aspect` is the width of one stored pixel relative to its height (DVD and some
    camera files store 16:9 pictures in 720×576 pixels with wide pixels).
    """
    width, height = source
    if width <= 0 or height <= 0 or box[0] < 2 or box[1] < 2:
        return (max(2, box[0] - box[0] % 2), max(2, box[1] - box[1] % 2))
    shown = width * (pixel_aspect if pixel_aspect > 0 else 1.0) / height
    w, h = box[0], box[0] / shown
    if h > box[1]:
        w, h = box[1] * shown, box[1]
    return (max(2, int(w) - int(w) % 2), max(2, int(h) - int(h) % 2))


def loop_restarted(previous_s: float, now_s: float, duration_s: float) -> bool:
    """A looping clip went from its end back to its beginning on its own."""
    return previous_s > duration_s - LOOP_EDGE_S and now_s < LOOP_EDGE_S and now_s < previous_s


class Watched:
    """Which parts of a clip were on screen while playing, for the share logged at its end.

    A visitor who seeks past the middle and watches to the end completed the clip but watched
    half of it; the interaction log wants the half.
    """

    def __init__(self, duration_s: float) -> None:
        self.duration_s = duration_s
        self.spans: list[tuple[float, float]] = []
        self.last: float | None = None  # the clock at the previous reading while playing

    def reached(self, t: float) -> None:
        """The clock read `t` while playing."""
        if self.last is not None and 0 <= t - self.last <= MAX_STEP_S:
            if self.spans and self.spans[-1][1] == self.last:  # one stretch, however many readings
                self.spans[-1] = (self.spans[-1][0], t)
            else:
                self.spans.append((self.last, t))
        self.last = t

    def finished(self) -> None:
        """Played to the end: the stretch since the last reading was watched too."""
        if self.last is not None:
            self.spans.append((self.last, max(self.last, self.duration_s)))
        self.last = None

    def interrupted(self) -> None:
        """Paused, seeking or stopped: the next reading starts a new stretch."""
        self.last = None

    def share(self) -> float:
        """0 to 1: how much of the clip was watched."""
        if self.duration_s <= 0:
            return 0.0
        seen = sum(b - a for a, b in _merged(self.spans))
        return round(min(1.0, seen / self.duration_s), 3)


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    result: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if result and a <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], b))
        else:
            result.append((a, b))
    return result
