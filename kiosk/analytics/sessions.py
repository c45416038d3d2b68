"""When a visitor's visit begins and ends, from touches and the passing of time.

Reports count visitors as sessions: the first touch after the screen was idle starts one,
and `idle.timeout_s` without a touch ends it. Pure: the main loop passes the time (monotonic
seconds) and logs what comes back, so this is tested without a screen or a clock.

A first touch held still in the administrator's corner may be the press that opens the
admin overlay, not a visitor: its visit is tentative, logged only once it proves to be a
visitor's (the finger lifts, moves, or another touches), and forgotten if the overlay opens.
"""

from __future__ import annotations

Happened = list[tuple[str, dict[str, object]]]  # (event kind, its value) for the log


class SessionTracker:
    def __init__(self, idle_s: float) -> None:
        self.idle_s = idle_s
        self.started: float | None = None  # None: nobody is using the screen
        self.last_touch = 0.0
        self.touches = 0
        self.logged = False  # its session_start is in the log (not while tentative)

    @property
    def active(self) -> bool:
        return self.started is not None

    def touch(self, now: float, tentative: bool = False) -> Happened:
        """A finger came down. A touch after a long silence ends the old visit before starting one.
        `tentative`: it may be the administrator's press in the corner."""
        happened = self.tick(now)
        if self.started is None:
            self.started, self.touches, self.logged = now, 0, False
        if not tentative:
            happened += self.confirm()
        self.last_touch = now
        self.touches += 1
        return happened

    def confirm(self) -> Happened:
        """The visit under way is a visitor's: its start goes to the log, once."""
        if self.started is None or self.logged:
            return []
        self.logged = True
        return [("session_start", {})]

    def tick(self, now: float) -> Happened:
        """Called by the loop (at least every quarter second): ends a visit left idle too long."""
        if self.started is not None and now - self.last_touch >= self.idle_s:
            return self.end("idle")
        return []

    def end(self, reason: str) -> Happened:
        """End the visit now: "idle", "admin" (the overlay was opened), "stop" (the kiosk stops) or
        "closed" (closing time).

        Its length runs from the first touch to the last one: the idle wait after the visitor
        walked away is not part of the visit.
        """
        if self.started is None:
            return []
        if not self.logged:  # only the administrator's press in the corner: nobody visited
            self.started = None
            return []
        length_ms = round((self.last_touch - self.started) * 1000)
        self.started = None
        return [("session_end", {"length_ms": length_ms, "touches": self.touches, "reason": reason})]
