"""Where a calendar rule was written, so every message and every answer can name its line.

config.py's reader walks config.yaml with the line of every value; the calendar's readers
take it as a `Source` instead of importing config.py, so the calendar stays usable (and
testable) on its own.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.yamlsource import YamlDoc

KeyPath = tuple[object, ...]


class Source(Protocol):
    """A parsed file being read: its name, its lines, and where mistakes go."""

    name: str
    doc: YamlDoc

    def fail(self, path: KeyPath, message: str) -> None: ...


def key_of(path: KeyPath) -> str:
    """("schedule", 2, "time") -> "schedule[2].time", as config.yaml's messages write keys."""
    text = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path)
    return text.replace(".[", "[")
