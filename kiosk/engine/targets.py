"""What can be tapped on screen, written as JSON for end-to-end tests and monitoring.

Written atomically (a temporary file renamed into place), so a reader never sees half a
file, and only when it changed, so a static screen writes nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Target:
    id: str
    label: str
    rect: tuple[int, int, int, int]  # x, y, width, height on screen


class TargetsFile:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._last: str | None = None

    def write(self, screen: str, zone: str | None, panel: str | None, targets: list[Target]) -> None:
        if self.path is None:
            return
        doc = {
            "screen": screen,
            "zone": zone,
            "panel": panel,
            "targets": [{"id": t.id, "label": t.label, "rect": list(t.rect)} for t in targets],
        }
        text = json.dumps(doc, ensure_ascii=False)
        if text == self._last:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
            self._last = text
        except OSError:
            pass  # a test harness that removed its folder must not stop the kiosk
