"""Raw pointer events from the touch frame -> kiosk gestures.

Pure Python, so the rules can be tested without a display: the app layer turns pygame mouse
and finger events into `Pointer`s, feeds them in, calls `tick` once per frame and acts on the
gestures that come back. Thresholds are in millimetres because a visitor's finger is physical;
`mm_per_px` maps them onto whichever panel is fitted.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

TAP_SLOP_MM = 6.0  # finger roll and IR jitter stay inside this; beyond it a press is a drag
DOUBLE_TAP_MM = 10.0
SWIPE_MIN_MM = 25.0
SWIPE_MIN_SPEED_MM_S = 150.0
MIN_PINCH_SPAN_MM = 10.0  # two fingertips are never closer; a smaller span is a sensor ghost
VELOCITY_WINDOW_S = 0.1  # only the last moment of motion says where a fling was heading
MIN_VELOCITY_SPAN_S = 0.01  # over less time, a jump is a sensor glitch, not a fling


@dataclass(frozen=True)
class Pointer:
    """One raw contact event in screen pixels and seconds; the mouse is pointer_id -1."""

    kind: Literal["down", "move", "up"]
    pointer_id: int
    x: float
    y: float
    t: float


@dataclass(frozen=True)
class Tap:
    """Emitted on release, so the UI can answer within a frame."""

    x: float
    y: float


@dataclass(frozen=True)
class DoubleTap:
    """Emitted after the second Tap, which the UI has already seen."""

    x: float
    y: float


@dataclass(frozen=True)
class LongPress:
    x: float
    y: float


@dataclass(frozen=True)
class DragStart:
    """Where the finger first touched, so the app grabs what was under it."""

    x: float
    y: float


@dataclass(frozen=True)
class Drag:
    """dx, dy are since the previous Drag (or the DragStart), so they sum to the movement."""

    x: float
    y: float
    dx: float
    dy: float


@dataclass(frozen=True)
class DragEnd:
    """vx, vy: release velocity in px/s, for flinging lists and carousels."""

    x: float
    y: float
    vx: float
    vy: float


@dataclass(frozen=True)
class Swipe:
    """A quick straight flick, emitted after its DragEnd for page-turning screens."""

    direction: Literal["left", "right", "up", "down"]
    x: float
    y: float


@dataclass(frozen=True)
class Pinch:
    """scale is relative to the previous Pinch, so the app multiplies them up."""

    cx: float
    cy: float
    scale: float


@dataclass(frozen=True)
class Pan:
    """Two-finger movement of the centre since the previous Pan."""

    dx: float
    dy: float


@dataclass(frozen=True)
class Cancel:
    """The gesture in progress is abandoned: the app drops its feedback and does nothing."""


Gesture = Tap | DoubleTap | LongPress | DragStart | Drag | DragEnd | Swipe | Pinch | Pan | Cancel


@dataclass(slots=True)
class _Contact:
    x0: float
    y0: float
    t0: float
    x: float
    y: float
    moved: bool = False  # beyond the tap slop: never a Tap again
    long_pressed: bool = False
    drag_x: float = 0.0  # where the last Drag left off
    drag_y: float = 0.0
    after_tap: tuple[float, float] | None = None  # a recent Tap this press may double
    samples: deque[tuple[float, float, float]] = field(default_factory=deque)  # (t, x, y)


class GestureRecognizer:
    """Feed every Pointer in order and call tick() every frame.

    One finger taps, long-presses and drags; two fingers pinch and pan; three or more contacts
    (a palm, a cleaning cloth) cancel everything until the screen is clear again.
    """

    def __init__(
        self,
        mm_per_px: float,
        cooldown_s: float = 0.08,
        long_press_s: float = 0.6,
        double_tap_s: float = 0.3,
    ) -> None:
        if not mm_per_px > 0:
            raise ValueError(f"mm_per_px must be > 0, got {mm_per_px!r}")
        self.cooldown_s = cooldown_s
        self.long_press_s = long_press_s
        self.double_tap_s = double_tap_s
        self._slop = TAP_SLOP_MM / mm_per_px
        self._double_dist = DOUBLE_TAP_MM / mm_per_px
        self._swipe_dist = SWIPE_MIN_MM / mm_per_px
        self._swipe_speed = SWIPE_MIN_SPEED_MM_S / mm_per_px
        self._min_span = MIN_PINCH_SPAN_MM / mm_per_px
        self._contacts: dict[int, _Contact] = {}
        self._ignored: set[int] = set()  # down, but bounced, or part of a palm
        self._blocked = False  # 3+ contacts seen: ignore everything until all are up
        self._multi = False  # two fingers were down: no taps or drags until all are up
        self._span = 0.0  # finger distance at the previous Pinch
        self._centre = (0.0, 0.0)  # finger midpoint at the previous Pan
        self._clock = -math.inf  # mouse and touch timestamps may disagree; time never runs back
        self._last_release = -math.inf
        self._last_tap: tuple[float, float, float] | None = None  # x, y, t

    def feed(self, event: Pointer) -> list[Gesture]:
        """Gestures caused by one event; unknown pointers are ignored, never an error."""
        t = self._clock = max(self._clock, event.t)
        pid = event.pointer_id
        if event.kind == "down":
            return self._down(pid, event.x, event.y, t)
        if pid in self._ignored:
            if event.kind == "up":
                self._ignored.discard(pid)
                self._lifted(t)
            return []
        contact = self._contacts.get(pid)
        if contact is None:
            return []
        out = self._move(contact, event.x, event.y, t)
        if event.kind == "up":
            out += self._up(pid, contact, t)
        return out

    def tick(self, now: float) -> list[Gesture]:
        """LongPress, once, when a still single finger has been down long enough."""
        if self._multi:
            return []
        for c in self._contacts.values():
            if not (c.moved or c.long_pressed) and now - c.t0 >= self.long_press_s:
                c.long_pressed = True
                return [LongPress(c.x, c.y)]
        return []

    def held(self, now: float) -> list[tuple[float, float, float]]:
        """(x, y, seconds) of presses still within the slop, for hidden hold-to-open corners."""
        return [(c.x, c.y, max(0.0, now - c.t0)) for c in self._contacts.values() if not c.moved]

    def _down(self, pid: int, x: float, y: float, t: float) -> list[Gesture]:
        out = self._forget(pid)
        if not self._blocked and len(self._contacts) + len(self._ignored) >= 2:
            if self._contacts:
                out.append(Cancel())
            self._ignored.update(self._contacts)
            self._contacts.clear()
            self._blocked = True
            self._multi = False
        if self._blocked or t - self._last_release < self.cooldown_s:
            self._ignored.add(pid)
            return out
        contact = _Contact(x, y, t, x, y, drag_x=x, drag_y=y)
        contact.samples.append((t, x, y))
        if self._contacts:
            (first,) = self._contacts.values()
            if first.moved and not self._multi:
                out.append(DragEnd(first.x, first.y, 0.0, 0.0))  # keep what it did, no fling
            self._multi = True
            self._contacts[pid] = contact
            a, b = self._contacts.values()
            self._span = math.hypot(a.x - b.x, a.y - b.y)
            self._centre = ((a.x + b.x) / 2, (a.y + b.y) / 2)
        else:
            self._contacts[pid] = contact
            last = self._last_tap
            if last is not None and t - last[2] <= self.double_tap_s:
                contact.after_tap = (last[0], last[1])
        self._last_tap = None  # only the very next press can make a DoubleTap
        return out

    def _forget(self, pid: int) -> list[Gesture]:
        """A second down for a pointer already down means its up was lost: end it quietly."""
        self._ignored.discard(pid)
        contact = self._contacts.pop(pid, None)
        dragging = contact is not None and contact.moved and not self._multi
        self._settle()
        return [Cancel()] if dragging else []

    def _move(self, c: _Contact, x: float, y: float, t: float) -> list[Gesture]:
        c.x, c.y = x, y
        c.samples.append((t, x, y))
        while c.samples[0][0] < t - VELOCITY_WINDOW_S:
            c.samples.popleft()
        out: list[Gesture] = []
        if not c.moved and math.hypot(x - c.x0, y - c.y0) > self._slop:
            c.moved = True
            if not self._multi:
                out.append(DragStart(c.x0, c.y0))
        if self._multi:
            if len(self._contacts) == 2:
                out += self._pair_motion()
        elif c.moved and (x, y) != (c.drag_x, c.drag_y):
            out.append(Drag(x, y, x - c.drag_x, y - c.drag_y))
            c.drag_x, c.drag_y = x, y
        return out

    def _pair_motion(self) -> list[Gesture]:
        a, b = self._contacts.values()
        if not (a.moved or b.moved):
            return []  # two resting fingers jitter; that is not a zoom
        out: list[Gesture] = []
        span = math.hypot(a.x - b.x, a.y - b.y)
        cx, cy = (a.x + b.x) / 2, (a.y + b.y) / 2
        if span >= self._min_span and span != self._span:
            if self._span >= self._min_span:
                out.append(Pinch(cx, cy, span / self._span))
            self._span = span
        if (cx, cy) != self._centre:
            out.append(Pan(cx - self._centre[0], cy - self._centre[1]))
            self._centre = (cx, cy)
        return out

    def _up(self, pid: int, c: _Contact, t: float) -> list[Gesture]:
        del self._contacts[pid]
        was_multi = self._multi
        self._lifted(t)
        if was_multi:
            return []
        if c.moved:
            return self._release_drag(c)
        if c.long_pressed:
            return []
        if t - c.t0 >= self.long_press_s:
            return [LongPress(c.x, c.y)]  # no frame ticked in time; still not a Tap
        out: list[Gesture] = [Tap(c.x, c.y)]
        after = c.after_tap
        if after is not None and math.hypot(c.x - after[0], c.y - after[1]) <= self._double_dist:
            out.append(DoubleTap(c.x, c.y))
        else:
            self._last_tap = (c.x, c.y, t)
        return out

    def _release_drag(self, c: _Contact) -> list[Gesture]:
        t0, x0, y0 = c.samples[0]
        t1, x1, y1 = c.samples[-1]
        dt = t1 - t0
        vx, vy = ((x1 - x0) / dt, (y1 - y0) / dt) if dt >= MIN_VELOCITY_SPAN_S else (0.0, 0.0)
        out: list[Gesture] = [DragEnd(c.x, c.y, vx, vy)]
        dx, dy = c.x - c.x0, c.y - c.y0
        if abs(dx) >= abs(dy):
            travel, speed, direction = dx, vx, ("right" if dx > 0 else "left")
        else:
            travel, speed, direction = dy, vy, ("down" if dy > 0 else "up")
        fast = speed * travel > 0 and abs(speed) >= self._swipe_speed
        if fast and abs(travel) >= self._swipe_dist:
            out.append(Swipe(direction, c.x, c.y))
        return out

    def _lifted(self, t: float) -> None:
        """Any release, even an ignored one, restarts the cooldown: cloths bounce repeatedly."""
        self._last_release = t
        self._settle()

    def _settle(self) -> None:
        if not self._contacts:
            self._multi = False
            self._blocked = self._blocked and bool(self._ignored)
