"""Scrolling that follows a finger and glides to a stop: pure state, no drawing."""

from __future__ import annotations

from dataclasses import dataclass

FRICTION = 4.0  # per second: the glide loses ~98 % of its speed in one second
MIN_SPEED = 20.0  # px/s below which the glide stops


@dataclass
class Scroll:
    offset: float = 0.0
    limit: float = 0.0  # the largest offset: content length minus the visible length
    velocity: float = 0.0

    def set_limit(self, content: float, visible: float) -> None:
        self.limit = max(0.0, content - visible)
        self.offset = min(max(self.offset, 0.0), self.limit)

    def drag(self, delta: float) -> None:
        """The finger moved by `delta` px; content follows it (moving up scrolls down)."""
        self.velocity = 0.0
        self.offset = min(max(self.offset - delta, 0.0), self.limit)

    def release(self, finger_velocity: float) -> None:
        self.velocity = -finger_velocity

    def by(self, delta: float) -> None:
        self.velocity = 0.0
        self.offset = min(max(self.offset + delta, 0.0), self.limit)

    def update(self, dt: float) -> bool:
        """Advance the glide by `dt` seconds; True while still moving."""
        if abs(self.velocity) < MIN_SPEED:
            self.velocity = 0.0
            return False
        self.offset += self.velocity * dt
        self.velocity *= max(0.0, 1.0 - FRICTION * dt)
        if self.offset <= 0.0 or self.offset >= self.limit:
            self.offset = min(max(self.offset, 0.0), self.limit)
            self.velocity = 0.0
            return False
        return True

    @property
    def scrollable(self) -> bool:
        return self.limit > 0
