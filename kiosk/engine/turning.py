"""Pure: how a ring of photographs turns under a finger (issue #22, 实物 panels).

An object panel shows one photograph of a ring taken around the exhibit. The angle is the
truth; the photograph shown is the one nearest to it. A full ring wraps round, a partial arc
stops at its ends. No pygame here, so every rule is tested in milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FULL_TURN = 360.0
DEGREES_PER_WIDTH = 180.0  # a finger across the whole picture turns the object half round
GLIDE_S = 0.3  # time constant of the glide after a flick: a little inertia, not a spinning top
MAX_GLIDE_DEG_S = 720.0  # a hard flick turns about a full ring, no more
STILL_DEG_S = 5.0  # slower than this the glide has stopped
SELF_TURN_DEG_S = 12.0  # until the first touch: one full turn in 30 seconds


@dataclass(frozen=True)
class Ring:
    """`count` photographs at even steps over `arc` degrees (360: all the way round)."""

    count: int
    arc: float = FULL_TURN

    @property
    def full(self) -> bool:
        return self.arc >= FULL_TURN

    @property
    def step(self) -> float:
        """Degrees between two neighbouring photographs; an arc has one at each end."""
        if self.full:
            return FULL_TURN / self.count
        return self.arc / max(1, self.count - 1)

    def angle_of(self, frame: int) -> float:
        return (frame % self.count) * self.step if self.full else min(max(frame, 0), self.count - 1) * self.step

    def frame_at(self, angle: float) -> int:
        """The photograph nearest to an angle."""
        if self.full:
            return round(angle / self.step) % self.count
        return min(max(round(angle / self.step), 0), self.count - 1)

    def held(self, angle: float) -> float:
        """An angle the ring can show: wrapped into one turn, or kept between an arc's ends."""
        return angle % FULL_TURN if self.full else min(max(angle, 0.0), self.arc)

    def at_end(self, angle: float) -> bool:
        return not self.full and (angle <= 0.0 or angle >= self.arc)


def drag_degrees(dx: float, width: float) -> float:
    """Degrees turned by a finger moving dx pixels over a picture `width` pixels wide.

    Dragging right brings the later photographs: their front has moved right."""
    return dx / max(1.0, width) * DEGREES_PER_WIDTH


def glide(velocity: float, seconds: float) -> tuple[float, float]:
    """(degrees travelled, velocity left) `seconds` after a flick at `velocity` degrees/s."""
    v0 = max(-MAX_GLIDE_DEG_S, min(MAX_GLIDE_DEG_S, velocity))
    decay = math.exp(-seconds / GLIDE_S)
    return v0 * GLIDE_S * (1.0 - decay), v0 * decay


def self_turn(ring: Ring, seconds: float) -> float:
    """The angle `seconds` into the slow turn before anyone touches: round and round on a
    full ring, to and fro on an arc."""
    travelled = seconds * SELF_TURN_DEG_S
    if ring.full:
        return travelled % FULL_TURN
    if ring.arc <= 0:
        return 0.0
    there_and_back = travelled % (2 * ring.arc)
    return there_and_back if there_and_back <= ring.arc else 2 * ring.arc - there_and_back


class Turning:
    """The state of one object panel: its angle, a glide after a flick, the self-turn."""

    def __init__(self, ring: Ring) -> None:
        self.ring = ring
        self.angle = 0.0
        self.touched = False  # the self-turn runs until the first touch
        self.idle_s = 0.0  # time spent self-turning
        self.velocity = 0.0  # degrees/s of a glide in progress
        self.glide_s = 0.0  # time since the flick

    @property
    def frame(self) -> int:
        return self.ring.frame_at(self.angle)

    def touch(self) -> None:
        """A finger is on the object: the self-turn ends for good, a glide is caught."""
        self.touched = True
        self.velocity = 0.0

    def drag(self, dx: float, width: float) -> None:
        self.touch()
        self.angle = self.ring.held(self.angle + drag_degrees(dx, width))

    def release(self, vx: float, width: float) -> None:
        """The finger lets go moving at vx pixels/s: the object glides on a little."""
        self.velocity = 0.0 if self.ring.at_end(self.angle) else drag_degrees(vx, width)
        self.glide_s = 0.0

    def update(self, dt: float) -> bool:
        """Advance by dt seconds; True when another photograph is to be shown."""
        before = self.frame
        if not self.touched:
            self.idle_s += dt
            self.angle = self_turn(self.ring, self.idle_s)
        elif self.velocity:
            was, _ = glide(self.velocity, self.glide_s)
            self.glide_s += dt
            now, left = glide(self.velocity, self.glide_s)
            self.angle = self.ring.held(self.angle + now - was)
            if abs(left) < STILL_DEG_S or self.ring.at_end(self.angle):
                self.velocity = 0.0
        return self.frame != before
