"""What the screen tells the interaction log: one call per thing a visitor or the kiosk did.

The main loop only calls `emit`; whatever records events (the SQLite log) must return at once.
"""

from __future__ import annotations

from typing import Protocol


class EventSink(Protocol):
    def emit(self, kind: str, *, zone: str | None = None, panel: str | None = None,
             title: str | None = None, **value: object) -> None:
        """Record one event; never blocks and never raises."""


class NoEvents:
    """For snapshots and tests that log nothing."""

    def emit(self, kind: str, *, zone: str | None = None, panel: str | None = None,
             title: str | None = None, **value: object) -> None:
        del kind, zone, panel, title, value


class RecordedEvents:
    """Keeps events in memory, for tests that check what a journey logged."""

    def __init__(self) -> None:
        self.events: list[dict[str, object]] = []

    def emit(self, kind: str, *, zone: str | None = None, panel: str | None = None,
             title: str | None = None, **value: object) -> None:
        self.events.append({"kind": kind, "zone": zone, "panel": panel, "title": title, **value})
