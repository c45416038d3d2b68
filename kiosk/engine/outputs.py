"""Which screen the kiosk covers, and how: pure, so every odd screen is tested without one.

A kiosk PC may have one screen, two (a touch screen and a projector), a 4K panel, a screen
hung in portrait on an output that stays landscape, or a screen switched on a few seconds
after the PC. The kiosk asks the display for its outputs (name and rectangle on the desktop),
picks one here, and opens its window at exactly that rectangle. It never trusts a size the
window system would pick for it: a fullscreen request that goes wrong on a busy machine has
left a 1024x768 window on a black 1920x1080 screen (issue #23).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Rect = tuple[int, int, int, int]  # x, y, width, height on the desktop
TURNS = {"portrait": 1, "portrait-flipped": 3}  # config screen.orientation -> quarter turns


@dataclass(frozen=True)
class Output:
    """One connected screen as the display reports it; the first is the primary one."""

    name: str
    x: int
    y: int
    width: int
    height: int

    @property
    def rect(self) -> Rect:
        return self.x, self.y, self.width, self.height


@dataclass(frozen=True)
class Placement:
    """Where the window goes and what the screens draw on.

    `turn` is the quarter turns clockwise from the canvas to the window: 1 for a screen hung in
    portrait (turned a quarter anticlockwise, its top edge now on the left) on an output that
    stays landscape, 3 for one turned the other way; the picture is turned as it is shown and
    every touch is turned back."""

    output: Output
    canvas: tuple[int, int]
    turn: int = 0
    note: str = ""  # for the log and the status: why this output, when it is not the one asked for

    @property
    def rect(self) -> Rect:
        return self.output.rect


def place(outputs: list[Output], wanted: str = "auto", orientation: str = "landscape") -> Placement | None:
    """The output named `wanted` ("auto": the primary), turned for `orientation`. None when no
    output is connected at all. A named output that is missing falls back to the primary with
    a note, and the kiosk moves over when it appears (`moved`)."""
    if not outputs:
        return None
    note = ""
    chosen = outputs[0]
    if wanted != "auto":
        named = [o for o in outputs if o.name == wanted]
        if named:
            chosen = named[0]
        else:
            names = ", ".join(o.name for o in outputs)
            note = f"screen.output {wanted} is not connected (connected: {names}); showing on {chosen.name}"
    if orientation in TURNS and chosen.width > chosen.height:
        return Placement(chosen, (chosen.height, chosen.width), TURNS[orientation], note)
    return Placement(chosen, (chosen.width, chosen.height), 0, note)


def moved(current: Placement, outputs: list[Output], wanted: str, orientation: str) -> Placement | None:
    """A better placement than `current` for the outputs connected now, or None to stay.

    The window follows a screen switched on late, one that changed its size (a 4K panel that
    first came up at a lower mode), or the named output once it appears; when every output is
    gone (a cable pulled) it stays where it is, as there is nothing better."""
    best = place(outputs, wanted, orientation)
    if best is None or (best.rect, best.turn) == (current.rect, current.turn):
        return None
    return best


def covers(window: Rect, placement: Placement) -> bool:
    """The window the server shows is exactly the chosen output's rectangle."""
    return window == placement.rect


def to_canvas(x: float, y: float, placement: Placement) -> tuple[float, float]:
    """A point in window coordinates (a touch) -> the same point on the canvas."""
    width, height = placement.canvas
    if placement.turn == 1:  # canvas (cx, cy) was shown at window (height - 1 - cy, cx)
        return y, height - 1 - x
    if placement.turn == 3:  # canvas (cx, cy) was shown at window (cy, width - 1 - cx)
        return width - 1 - y, x
    return x, y


def parse_xrandr(text: str) -> list[Output]:
    """`xrandr --query` -> the connected outputs that show a picture, the primary first.

    A line reads `HDMI-1 connected primary 1920x1080+0+0 (normal left ...) 527mm x 296mm`;
    a connected output with no mode (switched off) has no geometry and is left out."""
    found: list[tuple[bool, Output]] = []
    for line in text.splitlines():
        words = line.split()
        if len(words) < 3 or words[1] != "connected":
            continue
        primary = "primary" in words[2:4]
        geometry = next((w for w in words[2:5] if _GEOMETRY.fullmatch(w)), None)
        if geometry is None:
            continue
        w, h, x, y = (int(n) for n in _GEOMETRY.fullmatch(geometry).groups())  # type: ignore[union-attr]
        found.append((primary, Output(words[0], x, y, w, h)))
    found.sort(key=lambda item: not item[0])  # stable: the primary first, the rest as listed
    return [output for _primary, output in found]


_GEOMETRY = re.compile(r"(\d+)x(\d+)\+(-?\d+)\+(-?\d+)")
