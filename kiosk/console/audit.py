"""data/audit.log: who logged in (or failed to), changed, restored or downloaded what, and when.

One JSON object a line, appended with a single write, so lines from two requests never mix
and `grep`, `jq` or a spreadsheet read it as it is. It records names and paths, never
passwords or tokens.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from kiosk.service.status import stamp


class AuditLog:
    def __init__(self, path: Path, clock=time.time) -> None:
        self.path = path
        self.clock = clock

    def record(self, action: str, user: str | None, address: str | None, **details: Any) -> None:
        line = {"at": stamp(self.clock()), "action": action, "user": user, "address": address, **details}
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

