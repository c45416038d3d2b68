"""What the screen tells the interaction log: one call per thing a visitor or the kiosk did.

The main loop only calls `emit`; whatever records events (the SQLite log) must return at once.
The vocabulary below is the contract between the screens and the reports: docs/EVENTS.md
describes each kind for administrators, and the report reads exactly these names.
"""

from __future__ import annotations

from typing import Protocol

# kind -> what it means and the keys of its small JSON value (docs/EVENTS.md says more).
VOCABULARY: dict[str, str] = {
    "app_start": "the kiosk started: version",
    "app_stop": "the kiosk stopped: version, uptime_s",
    "session_start": "the first touch after the screen was idle: a visitor's visit begins",
    "session_end": "a visit ended: length_ms, touches, reason (idle, admin, stop)",
    "zone_enter": "a zone's list of panels was opened (title is the zone's)",
    "panel_open": "a panel was opened (title is the panel's)",
    "panel_close": "a panel was left: dwell_ms",
    "swipe": "a swipe to the next or previous panel: direction",
    "zoom": "a picture was zoomed: media, how (double_tap, pinch)",
    "qr_shown": "a take-home QR code was on screen: target",
    "video_play": "a video started or resumed: media, position_ms, duration_ms",
    "video_pause": "a video was paused: media, position_ms",
    "video_seek": "a video was moved to another point: media, from_ms, to_ms",
    "video_complete": "a viewing ended, at the end or when the visitor left: media, share, finished",
    "audio_play": "narration started or resumed: media, position_ms, duration_ms",
    "audio_pause": "narration was paused: media, position_ms",
    "audio_seek": "narration was moved to another point: media, from_ms, to_ms",
    "audio_complete": "a listening ended: media, share, finished",
    "attract_item": "the attract loop showed an item: item",
    "attract_error": "an attract-loop video could not play and its still was shown: item, message",
    "admin_login": "someone tried the admin PIN: ok (never the PIN itself)",
    "content_reload": ("content/ or the attract playlist changed and was reloaded: added, changed, removed, "
                       "problems, latency_ms; for the playlist: playlist, items, problems, latency_ms"),
    "config_reload": "config.yaml was saved while the kiosk ran: applied, restart, problems, latency_ms",
    "panel_error": "a panel failed and showed a notice instead: message",
    "log_overflow": "the disk refused events so long that the memory queue filled: lost",
}

# Events that happen on a panel: when a screen does not say which, the log fills in the
# panel the visitor has open, so the report can count them per panel.
ON_A_PANEL = frozenset({
    "swipe", "zoom", "qr_shown", "panel_error",
    "video_play", "video_pause", "video_seek", "video_complete",
    "audio_play", "audio_pause", "audio_seek", "audio_complete",
})

# Value keys that would be personal or secret; the log drops them whatever a caller passes.
NEVER_LOGGED = frozenset({"pin", "password", "phone", "email", "ip", "ip_address"})


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
