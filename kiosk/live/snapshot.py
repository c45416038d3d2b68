"""Size, time and identity of every file under content/, to find changes by comparison.

This is how the kiosk follows content/ on a network share (SMB, NFS), where the kernel
reports no changes, and how the periodic rescan catches anything the events missed (an
inotify queue that overflowed, a change while a folder was being swapped). Comparing two
snapshots costs a walk of stat calls, never a read of a file, so the rescan of a 2,000-panel
hall stays cheap; whatever differs goes through the same settling and re-reading as an event.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from kiosk.content.loader import is_ignored

Snapshot = dict[str, tuple[int, ...]]


def take(root: Path, pace: Callable[[], None] = lambda: None) -> Snapshot:
    """Every entry under root that the kiosk would read, relative with forward slashes;
    `pace` is called before each folder (kiosk/live/pace.py)."""
    found: Snapshot = {}
    folders = [("", str(root))]
    while folders:
        pace()
        prefix, folder = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue  # gone or unreadable: the loader names it when it matters
        for entry in entries:
            if is_ignored(entry.name):
                continue
            rel = prefix + entry.name
            try:
                st = entry.stat()
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                found[rel] = ()  # a broken link: there, but nothing to read
                continue
            if is_folder:
                found[rel] = (st.st_mode, st.st_ino)  # its own time changes with every file in it
                folders.append((rel + "/", entry.path))
            else:
                found[rel] = (st.st_size, st.st_mtime_ns, st.st_mode, st.st_ino)
    return found


def changes(before: Snapshot, after: Snapshot) -> set[str]:
    """Paths added, removed or changed between two snapshots."""
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}
