"""Settled changes -> the next Catalog, re-reading only the parts of content/ they touch.

Runs on the watcher's thread, never on the main loop. A curator saving a panel.yaml half
typed must not take the panel off a visitor's screen: when a panel that was shown turns
broken while its files are still there, its last good version stays in the Catalog (and the
problem is reported) until it is fixed or removed. Removing the files removes the panel.

Temporary files are never followed (the watcher drops their events and snapshots skip
them), so the Catalog's list of ignored files is brought up to date only when the part that
holds them is read again for another reason.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import ZoneConfig
from kiosk.content.model import Catalog, Panel, Problem
from kiosk.content.parts import ContentParts
from kiosk.content.probe import Prober


@dataclass(frozen=True)
class Reload:
    """One change of what the screen shows, with what the log and the administrator need."""

    catalog: Catalog | None  # None: nothing to show differently, only notes
    added: tuple[str, ...] = ()  # panel ids
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    forget: frozenset[str] = frozenset()  # files whose decoded pictures are stale
    new_problems: tuple[Problem, ...] = ()  # not in the previous Catalog
    notes: tuple[str, ...] = ()  # for the administrator
    last_event: float = 0.0  # monotonic time of the last file event behind it
    standing: tuple[str, ...] | None = None  # what stays wrong until fixed, all of it now; None: as before


def media_files(panel: Panel) -> set[str]:
    """The files a panel shows as they are (pictures, videos, sound, subtitles), not as read
    into the Catalog: a new one written over the old, of the same size, reads the same."""
    files = {m.path for m in panel.media} | {m.subtitles for m in panel.media if m.subtitles}
    return files | {panel.cover} if panel.cover else files


def written_again(changed: Collection[str], catalog: Catalog, kept: Collection[str] = ()) -> tuple[set[str], set[str]]:
    """The files on screen that the change wrote again under the same name (a new photo over
    照片.jpg, as large as the old one), and the panels showing them. "" is all of content/
    (read again on request, or the folder replaced): every file is taken as new, but no
    panel is called changed for it. `kept`: panels shown in their last good version."""
    everything = "" in changed
    under = tuple(f"{rel.rstrip('/')}/" for rel in changed)
    zones = {rel.split("/", 1)[0] for rel in changed}

    def touched(name: str) -> bool:
        return everything or name in changed or name.startswith(under)

    files: set[str] = set()
    panels: set[str] = set()
    for pid, panel in catalog.panels.items():
        if (everything or pid.split("/", 1)[0] in zones) and pid not in kept:
            mine = {f for f in media_files(panel) if touched(f)}
            if mine:
                files |= mine
                panels.add(pid)
    files |= {zone.cover for zone in catalog.zones if zone.cover and touched(zone.cover)}
    return files, set() if everything else panels


class Reloader:
    def __init__(self, root: Path, zones: Sequence[ZoneConfig], prober: Prober | None = None,
                 pace: Callable[[], None] = lambda: None) -> None:
        self.parts = ContentParts(root, zones, prober, pace)
        self.kept: dict[str, Panel] = {}  # broken panels shown in their last good version
        self.kept_notes: dict[str, str] = {}  # why, for the administrator, until each is fixed
        self._standing_sent: tuple[str, ...] = ()
        self.shown = Catalog()
        self._root_gone_noted = False

    def load(self) -> Catalog:
        """Read everything (at start, before the first frame)."""
        self.parts.read_all()
        self.parts.take_reread()
        self.shown = self.parts.catalog()
        return self.shown

    def reload(self, changed: Collection[str], last_event: float) -> Reload | None:
        """Re-read what the paths in `changed` (relative to content/; "" is all of it) touch.
        None when nothing a visitor or an administrator would notice changed."""
        self.parts.update(changed)
        if self.parts.root_missing:
            return self._root_gone(last_event)
        self._root_gone_noted = False
        self._keep_last_good()
        standing = tuple(self.kept_notes.values())
        catalog = self.parts.catalog(self.kept)
        old = self.shown
        rewritten, retouched = written_again(changed, catalog, self.kept)
        if catalog == old and standing == self._standing_sent and not rewritten:
            return None
        self._standing_sent = standing
        self.shown = catalog
        added = tuple(sorted(catalog.panels.keys() - old.panels.keys()))
        removed = tuple(sorted(old.panels.keys() - catalog.panels.keys()))
        changed_ids = tuple(sorted(pid for pid in catalog.panels.keys() & old.panels.keys()
                                   if pid in retouched or (catalog.panels[pid] is not old.panels[pid]
                                                           and catalog.panels[pid] != old.panels[pid])))
        stale = set(changed) | rewritten
        for pid in (*changed_ids, *removed):
            stale.update(old.panels[pid].files)
            stale.update(m.path for m in old.panels[pid].media)
        for zone in old.zones:
            if zone.cover and catalog.zone(zone.id) != zone:
                stale.add(zone.cover)
        before = set(old.problems)
        return Reload(catalog, added, changed_ids, removed, frozenset(stale),
                      tuple(p for p in catalog.problems if p not in before), last_event=last_event,
                      standing=standing)

    def _keep_last_good(self) -> None:
        """Keep each shown panel whose files are still there but now fail to read, and say why."""
        kept: dict[str, Panel] = {}
        notes: dict[str, str] = {}
        for pid in self.parts.take_reread() | self.kept.keys():
            panel = self.shown.panels.get(pid)
            part = self.parts.part_of(pid)
            if panel is None or part is None or not part.on_disk or part.panel is not None or not part.errors:
                continue
            kept[pid] = panel
            notes[pid] = f"the screen keeps the last good version of {pid} until {part.errors[0].path} is fixed"
        self.kept, self.kept_notes = kept, notes

    def _root_gone(self, last_event: float) -> Reload | None:
        """content/ vanished (a network share dropped, a folder being swapped): keep showing
        the last exhibition rather than an empty hall."""
        if self._root_gone_noted:
            return None
        self._root_gone_noted = True
        note = (f"the content folder {self.parts.root} is missing; the screen keeps showing the last "
                "exhibition until it is back")
        self._standing_sent = (note,)
        return Reload(None, last_event=last_event, standing=self._standing_sent)
