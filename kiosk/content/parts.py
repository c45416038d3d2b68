"""content/ read in parts, so that a change re-reads only the parts it touches.

A Catalog is put together from three kinds of part:
- the top of content/: which zone folders exist, and what lies outside every zone;
- each zone's head: config.yaml's zone, its zone.yaml and cover;
- one part per panel name in a zone folder. The folder `02-入党誓词/` and the files
  `02-入党誓词.mp4` and `02-入党誓词.srt` share a name, so they share the panel id
  `education/02-入党誓词` and are always read together.
A full load reads every part. A live reload (kiosk/live/) re-reads the parts a change is in,
plus any part that looked at the changed path (a cover named in zone.yaml, a picture named
in panel.yaml with `../`), and assembles exactly the Catalog a full load would.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from kiosk.config import ZoneConfig
from kiosk.content.loader import (
    ZONE_YAML,
    Scan,
    check_quiz_repeats,
    missing_zone,
    read_panel_name,
    read_top,
    read_zone_head,
    unit_key,
)
from kiosk.content.model import Catalog, Panel, Problem, Zone
from kiosk.content.probe import Prober
from kiosk.content.safe_text import cleaned, shown, twin_key

# Where a part sits: () is content/ itself, ("education",) a whole zone folder,
# ("education", "02-入党誓词") one panel name, ("education", HEAD) a zone's head,
# TOP the listing of content/ (no zone id can be "/": ids are slugs).
Address = tuple[str, ...]
EVERYTHING: Address = ()
TOP: Address = ("/",)
HEAD = ""  # no panel name is empty
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Part:
    """What one part adds to the Catalog."""

    panel: Panel | None = None
    problems: tuple[Problem, ...] = ()
    ignored: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()
    looked: frozenset[str] = frozenset()  # paths it depends on outside its own place
    on_disk: bool = False  # something of it is on disk: no panel then means a broken panel

    @classmethod
    def of(cls, scan: Scan, panel: Panel | None = None, on_disk: bool = True) -> Part:
        return cls(panel, tuple(scan.problems), tuple(scan.ignored), tuple(scan.rejected),
                   frozenset(scan.looked), on_disk)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def addresses(rel: str, zone_ids: Collection[str]) -> set[Address]:
    """The parts a change at `rel` (relative to content/, with /) can be in, by where it is."""
    names = PurePosixPath(rel).parts
    if not names:
        return {EVERYTHING}
    zone = names[0]
    if zone not in zone_ids:
        return {TOP}
    if len(names) == 1:
        return {TOP, (zone,)}
    name = twin_key(names[1])
    if len(names) > 2:
        return {(zone, name)}
    found = {(zone, name), (zone, unit_key(name, is_dir=False))}  # a folder, or a file
    if name == ZONE_YAML:
        found.add((zone, HEAD))
    return found


class ContentParts:
    """Every part of content/, kept so that a change can replace just the parts it touches."""

    def __init__(self, root: Path, zones: Sequence[ZoneConfig], prober: Prober | None = None,
                 pace: Callable[[], None] = lambda: None) -> None:
        self.root = root
        self.pace = pace  # called before each panel is read: a reader off the main loop waits its turn there
        self.zones = tuple(zones)
        self.configs = {z.id: z for z in self.zones}
        self.prober = prober or Prober()
        self.root_real = os.path.realpath(root)
        self.top = Part()
        self.found: set[str] | None = None  # zone folders on disk; None: content/ is missing
        self.heads: dict[str, tuple[Zone, Part]] = {}
        self.units: dict[str, dict[str, Part]] = {}
        self._lookers: dict[str, set[Address]] = defaultdict(set)
        self._zone_sums: dict[str, _ZoneSum] = {}  # each zone put together, until a part of it changes
        self._reread: set[str] = set()  # panel ids re-read since take_reread()

    @property
    def root_missing(self) -> bool:
        return self.found is None

    def read_all(self) -> None:
        self._read_top()
        for config in self.zones:
            self._read_zone(config.id, None)

    def update(self, changed: Iterable[str]) -> None:
        """Re-read every part the changed paths (relative to content/) can touch."""
        todo: set[Address] = set()
        for rel in changed:
            todo |= addresses(rel, self.configs)
            todo |= self._lookers.get(rel, set())
            todo |= self._lookers.get(str(PurePosixPath(rel).parent) + "/", set())
        if EVERYTHING in todo or self.root_missing:
            self.read_all()
            return
        whole = {a[0] for a in todo if len(a) == 1 and a != TOP}
        if TOP in todo:
            whole |= self._read_top()
        names: dict[str, set[str]] = defaultdict(set)
        for address in todo:
            if len(address) == 2 and address[0] not in whole:
                names[address[0]].add(address[1])
        for zone_id in whole:
            self._read_zone(zone_id, None)
        for zone_id, keys in names.items():
            self._read_zone(zone_id, keys - {HEAD})

    def catalog(self, kept: Mapping[str, Panel] | None = None) -> Catalog:
        """The Catalog of the parts as they are; `kept` adds panels whose parts are broken
        now but whose last good version stays on screen. Zones whose parts did not change
        are not put together again, so the cost follows the change, not the hall."""
        if self.root_missing:
            return Catalog(problems=self.top.problems)
        kept = kept or {}
        problems, ignored, rejected = list(self.top.problems), list(self.top.ignored), list(self.top.rejected)
        zones: list[Zone] = []
        panels: dict[str, Panel] = {}
        quizzes: list[Panel] = []
        for config in self.zones:
            zone_sum = self._zone_sum(config.id)
            problems.extend(zone_sum.problems)
            ignored.extend(zone_sum.ignored)
            rejected.extend(zone_sum.rejected)
            quizzes.extend(p for p in zone_sum.panels if p.quiz)
            shown = zone_sum.panels
            extra = [p for p in kept.values() if p.zone == config.id and p.id not in zone_sum.zone.panel_ids]
            zone = zone_sum.zone
            if extra:
                shown = tuple(sorted((*shown, *extra), key=lambda p: p.sort_key))
                zone = replace(zone, panel_ids=tuple(p.id for p in shown))
            zones.append(zone)
            panels.update((p.id, p) for p in shown)
        scan = self._scan()
        check_quiz_repeats(scan, quizzes)
        problems.extend(scan.problems)
        return Catalog(tuple(zones), panels, tuple(problems), tuple(ignored), tuple(rejected))

    def part_of(self, panel_id: str) -> Part | None:
        """The part a panel id is read from, if its zone folder holds anything of that name."""
        zone_id, _, name = panel_id.partition("/")
        return self.units.get(zone_id, {}).get(twin_key(name))

    def take_reread(self) -> set[str]:
        """The panel ids whose parts were read again since the last call."""
        reread, self._reread = self._reread, set()
        return reread

    def _zone_sum(self, zone_id: str) -> _ZoneSum:
        zone_sum = self._zone_sums.get(zone_id)
        if zone_sum is None:
            zone, head = self.heads[zone_id]
            units = self.units.get(zone_id, {})
            parts = (head, *(units[key] for key in sorted(units)))
            panels = tuple(sorted((p.panel for p in parts if p.panel is not None), key=lambda p: p.sort_key))
            zone_sum = _ZoneSum(replace(zone, panel_ids=tuple(p.id for p in panels)), panels,
                                tuple(x for p in parts for x in p.problems),
                                tuple(x for p in parts for x in p.ignored),
                                tuple(x for p in parts for x in p.rejected))
            self._zone_sums[zone_id] = zone_sum
        return zone_sum

    def _scan(self) -> Scan:
        return Scan(self.root, self.prober, self.root_real)

    def _read_top(self) -> set[str]:
        """Re-read the top; returns the zones whose folder came or went."""
        scan = self._scan()
        before = self.found or set()
        self.found = read_top(scan, self.configs)
        self.top = Part.of(scan)
        return before ^ (self.found or set())

    def _read_zone(self, zone_id: str, keys: set[str] | None) -> None:
        """Re-read a zone's head and the panel names `keys` (None: every one in its folder)."""
        config = self.configs[zone_id]
        if self.found is None or zone_id not in self.found:
            scan = self._scan()
            self._set_head(zone_id, missing_zone(scan, config), Part.of(scan))
            for key in list(self.units.get(zone_id, {})):
                self._set_unit(zone_id, key, None)
            return
        folder = self.root / zone_id
        scan = self._scan()
        listing = scan.listing(folder)
        groups: dict[str, list[os.DirEntry[str]]] = defaultdict(list)
        head_listing = []
        for entry in listing:
            is_dir = _is_dir(entry)
            if entry.name == ZONE_YAML and not is_dir:
                head_listing.append(entry)
            else:  # a folder, even one named zone.yaml, is a panel
                groups[unit_key(entry.name, is_dir)].append(entry)
        before = self.heads[zone_id][0].files if zone_id in self.heads else ()
        zone = read_zone_head(scan, folder, config, head_listing)
        self._set_head(zone_id, zone, Part.of(scan))
        if keys is None:
            keys = set(groups) | set(self.units.get(zone_id, {}))
        else:  # a file that stops or starts being the zone's cover changes its panel
            keys = keys | {unit_key(PurePosixPath(rel).name, False) for rel in set(before) ^ set(zone.files)
                           if PurePosixPath(rel).parent == PurePosixPath(zone_id)}
        taken = set(zone.files)
        for key in keys:
            if key not in groups:
                self._set_unit(zone_id, key, None)
                continue
            self.pace()
            scan = self._scan()
            try:
                panel = read_panel_name(scan, folder, zone_id, groups[key], taken)
            except Exception:  # noqa: BLE001 - one panel's fault must not keep the others off the screen; logged cleaned
                log.error("reading %s/%s failed:\n%s", zone_id, shown(key), cleaned(traceback.format_exc())[0])
                scan = self._scan()
                scan.problem(Path(groups[key][0].path), "error", "this panel could not be read: the kiosk met a "
                             "fault of its own here (written to its log). Check the panel's files, and send "
                             "the log to the kiosk's maintainers")
                for entry in groups[key]:
                    scan.refuse(entry)
                panel = None
            self._set_unit(zone_id, key, Part.of(scan, panel))

    def _set_head(self, zone_id: str, zone: Zone, part: Part) -> None:
        old = self.heads.get(zone_id)
        self._index((zone_id, HEAD), old[1] if old else None, part)
        self.heads[zone_id] = (zone, part)
        self._zone_sums.pop(zone_id, None)

    def _set_unit(self, zone_id: str, key: str, part: Part | None) -> None:
        units = self.units.setdefault(zone_id, {})
        self._index((zone_id, key), units.get(key), part)
        self._zone_sums.pop(zone_id, None)
        self._reread.add(f"{zone_id}/{key}")
        if part is None:
            units.pop(key, None)
        else:
            units[key] = part

    def _index(self, address: Address, old: Part | None, new: Part | None) -> None:
        """Keep track of who looked at which path, so a change there reaches them."""
        for rel in old.looked if old else ():
            lookers = self._lookers.get(rel)
            if lookers is not None:
                lookers.discard(address)
                if not lookers:
                    del self._lookers[rel]
        for rel in new.looked if new else ():
            self._lookers[rel].add(address)


@dataclass(frozen=True)
class _ZoneSum:
    """One zone's parts put together."""

    zone: Zone
    panels: tuple[Panel, ...]  # in the order shown
    problems: tuple[Problem, ...]
    ignored: tuple[str, ...]
    rejected: tuple[str, ...]


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
