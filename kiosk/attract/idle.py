"""When to offer "继续浏览" and when to give the screen back to the attract loop. Pure.

A visitor who walks away mid-panel leaves the screen on that panel; after the idle time the
kiosk first shows a countdown the visitor can dismiss (WCAG 2.2.1: warn before a timeout and
let people extend it), then returns to the attract loop. While a video or narration plays,
the visitor is watching, not gone: the clock waits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Idle:
    phase: str  # "active", "warning" or "expired"
    seconds_left: int = 0


class IdleClock:
    def __init__(self, timeout_s: float, warning_s: float, now: float) -> None:
        self.timeout_s = timeout_s
        self.warning_s = warning_s
        self.last_activity = now

    def activity(self, now: float) -> None:
        """A touch, or a video still playing: the visitor is here."""
        self.last_activity = max(self.last_activity, now)

    def state(self, now: float) -> Idle:
        quiet = now - self.last_activity
        if quiet >= self.timeout_s:
            return Idle("expired")
        if quiet >= self.timeout_s - self.warning_s:
            return Idle("warning", max(1, round(self.timeout_s - quiet + 0.499)))
        return Idle("active")

    def next_change(self, now: float) -> float:
        """Seconds until the state can next change (the loop may sleep that long)."""
        quiet = now - self.last_activity
        warn_at = self.timeout_s - self.warning_s
        if quiet < warn_at:
            return warn_at - quiet
        if quiet < self.timeout_s:
            return min(1.0, self.timeout_s - quiet) or 0.05
        return 0.0
