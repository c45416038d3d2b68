"""When a changed file may be read: never while it is still being copied or saved.

Each change comes in one of these states:
- COMPLETE: closed after writing, renamed into place (editors' atomic saves, careful
  copiers), removed; read after `quiet_s` without further events for it, so the dozens of
  events of one save become one reload;
- WRITING: data arrived and the writer still has the file open; the kernel reports its close
  (even when the writer dies), so it is read only after that, however long a copy stalls;
- CREATED: a new name. Bytes that no write reported came with it (a file moved in from
  outside content/): read once two looks `quiet_s` apart agree. Still empty, it may be a
  copy that has not started writing: it waits like UNSURE;
- UNSURE: no close will be reported (a network share, a change found by a rescan): read once
  its size and modification time stayed the same across two looks `settle_s` apart. A
  WRITING file silent for `lost_close_s` (its close lost in an overflowing event queue)
  becomes UNSURE at the next rescan;
- TOUCHED: only its times or permissions changed (`cp -p` after closing): it keeps the state
  it had, or is COMPLETE.

A panel is read as a whole, so a change is held back while anything else in what its reload
would read is still arriving: a new panel folder being copied appears once all its files
are there. What a change can touch is given by `scopes` (see kiosk/content/parts.py); two
scopes overlap when one lies inside the other.

Pure logic: time is passed in, so tests drive it with a fake clock.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Scope = tuple[str, ...]
Look = tuple[int, int]  # (size, modification time in ns)
COMPLETE, WRITING, CREATED, UNSURE, TOUCHED = "complete", "writing", "created", "unsure", "touched"


@dataclass
class _Pending:
    last_event: float
    state: str
    scopes: tuple[Scope, ...]
    seen: Look | None = None
    seen_at: float = 0.0


@dataclass(frozen=True)
class Batch:
    """Changes whose files are complete, to be read together."""

    paths: frozenset[str]
    last_event: float  # the latest event among them: a reload's latency is measured from it


class Settler:
    def __init__(self, quiet_s: float = 0.3, settle_s: float = 2.0, lost_close_s: float = 60.0,
                 scopes: Callable[[str], Iterable[Scope]] = lambda rel: ((rel,),)) -> None:
        self.quiet_s = quiet_s
        self.settle_s = settle_s
        self.lost_close_s = lost_close_s
        self.scopes = scopes
        self._pending: dict[str, _Pending] = {}
        self._wake: float | None = None

    @property
    def pending(self) -> int:
        return len(self._pending)

    def note(self, rel: str, state: str, at: float) -> None:
        """A change at `rel` (relative to content/) in one of the states above."""
        entry = self._pending.get(rel)
        if entry is None:
            self._pending[rel] = _Pending(at, COMPLETE if state == TOUCHED else state, tuple(self.scopes(rel)))
        elif state == UNSURE and entry.state == WRITING and at - entry.last_event < self.lost_close_s:
            return  # its writer is at work: the close will come
        else:
            entry.last_event = max(entry.last_event, at)
            entry.state = entry.state if state == TOUCHED else state
            entry.seen = None
        wake = at + self.quiet_s
        self._wake = wake if self._wake is None else min(self._wake, wake)

    def next_look(self) -> float | None:
        """When `ready` may next have something to hand on (None: nothing is pending)."""
        return self._wake

    def ready(self, now: float, look: Callable[[str], Look | None]) -> Batch | None:
        """The complete changes not held back by something still arriving; `look` gives a
        file's size and time, or None when it is gone."""
        complete: list[str] = []
        waiting: list[_Pending] = []
        wake: float | None = None
        for rel, entry in self._pending.items():
            looks = entry.state in (CREATED, UNSURE) and now >= entry.last_event + self.quiet_s
            due = self._due(entry, now, look(rel) if looks else None)
            if due is None:
                complete.append(rel)
                continue
            waiting.append(entry)
            if due != math.inf:
                wake = due if wake is None else min(wake, due)
        self._wake = wake
        blocked = _Blocked(scope for entry in waiting for scope in entry.scopes)
        ready = [rel for rel in complete if not blocked.overlaps(self._pending[rel].scopes)]
        if not ready:
            return None
        last = max(self._pending[rel].last_event for rel in ready)
        for rel in ready:
            del self._pending[rel]
        return Batch(frozenset(ready), last)

    def _due(self, entry: _Pending, now: float, current: Look | None) -> float | None:
        """None when the change is complete, else the time to look at it again (inf: when
        its close is reported)."""
        quiet_until = entry.last_event + self.quiet_s
        if now < quiet_until:
            return quiet_until
        if entry.state == WRITING:
            return math.inf
        if entry.state == COMPLETE or current is None:  # complete, or the file is gone
            return None
        wait = self.quiet_s if entry.state == CREATED and current[0] > 0 else self.settle_s
        if current != entry.seen:
            entry.seen, entry.seen_at = current, now
            return now + wait
        if now < entry.seen_at + wait:
            return entry.seen_at + wait
        return None


class _Blocked:
    """Scopes of changes still arriving, and everything that contains them."""

    def __init__(self, scopes: Iterable[Scope]) -> None:
        self.exact: set[Scope] = set()
        self.containing: set[Scope] = set()
        for scope in scopes:
            self.exact.add(scope)
            self.containing.update(scope[:i] for i in range(len(scope) + 1))

    def overlaps(self, scopes: Iterable[Scope]) -> bool:
        return any(scope in self.containing or any(scope[:i] in self.exact for i in range(len(scope)))
                   for scope in scopes)
