"""The admin overlay's 重新载入内容 goes through the watcher, like any change a curator makes."""

from __future__ import annotations

import queue
import time
from pathlib import Path

from kiosk.config import load_config
from kiosk.live.watcher import ContentWatcher
from tests.conftest import write


def test_read_everything_finds_what_the_watcher_has_not_seen_yet(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / "education" / "a.md", "正文\n")
    # Polling once a minute: a new file goes unseen until somebody asks.
    config = load_config(write(tmp_path / "config.yaml", "live:\n  watch: polling\n  poll_s: 60\n  rescan_s: 0\n"),
                         content)
    watcher = ContentWatcher(content, config.zones, config.live)
    watcher.load()
    delivered: queue.SimpleQueue = queue.SimpleQueue()
    watcher.start(delivered.put)
    try:
        time.sleep(0.2)
        write(content / "education" / "b.md", "新版面\n")
        watcher.read_everything()
        reload = delivered.get(timeout=15)
        assert reload.added == ("education/b",)
    finally:
        watcher.stop()
