"""The attract loop's playlist while the kiosk runs: a save reaches the screen, a broken one does not.

`playlists/NAME.yaml` is read on the file watcher's thread once a save is complete
(kiosk/live/files.py), never on the main loop. A version that can be shown (even with items
skipped, which the administrator is told about, as `check` tells curators) replaces the one
on screen. A version saved half-typed, whose YAML does not parse or of which nothing at all
can be shown, leaves the last good one on screen until it is fixed. Deleting the playlist is
a choice, not a mistake: the zones' covers are shown, as at start.

The last good text is kept in memory and resolved against each new Catalog, so content
changes are followed even while the file on disk is broken. `load_playlist` reads a file in
a folder, so each resolution gives it a private copy of that text in a temporary folder; the
real file is read only once its save has settled.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.attract.playlist import Playlist, load_playlist, zone_covers
from kiosk.content.model import Catalog, Problem

SHOWN, KEPT = "shown", "kept"


@dataclass(frozen=True)
class Version:
    """One version of the playlist file."""

    name: str
    text: bytes | None  # None: there is no such file
    others: tuple[str, ...] = ()  # when missing: the playlists beside it, for the problem's hint


@dataclass(frozen=True)
class PlaylistRead:
    """A version read from disk and resolved against the Catalog of that moment."""

    version: Version
    catalog: Catalog
    playlist: Playlist
    problems: tuple[Problem, ...]
    broken: bool  # the file is there but nothing in it can be shown
    last_event: float = 0.0


def resolve(version: Version, catalog: Catalog) -> tuple[Playlist, list[Problem]]:
    """`load_playlist` on a private copy of this version."""
    if Path(version.name).name != version.name or version.name in (".", ".."):
        raise ValueError(f"a playlist's name is a file name, got {version.name!r}")  # config.py checks it
    with tempfile.TemporaryDirectory(prefix="kiosk-playlist-") as tmp:
        folder = Path(tmp)
        if version.text is None:
            for other in version.others:
                (folder / f"{other}.yaml").touch()
        else:
            (folder / f"{version.name}.yaml").write_bytes(version.text)
        return load_playlist(folder, version.name, catalog)


def read(folder: Path, name: str, catalog: Catalog, last_event: float = 0.0) -> PlaylistRead:
    """playlists/NAME.yaml as it is on disk now."""
    path = folder / f"{name}.yaml"
    try:
        version = Version(name, path.read_bytes())
    except (FileNotFoundError, NotADirectoryError):
        others = tuple(sorted(p.stem for p in folder.glob("*.yaml"))) if folder.is_dir() else ()
        version = Version(name, None, others)
    except OSError as err:  # unreadable: as broken as a half-typed save
        problem = Problem(f"playlists/{name}.yaml", "error", f"cannot be read ({err.strerror or err})")
        return PlaylistRead(Version(name, None), catalog, Playlist(name, zone_covers(catalog)), (problem,), True,
                            last_event)
    playlist, problems = resolve(version, catalog)
    # load_playlist falls back to the zones' covers, with an error, when nothing in the file can be shown.
    broken = (version.text is not None and playlist.items == zone_covers(catalog)
              and any(p.severity == "error" for p in problems))
    return PlaylistRead(version, catalog, playlist, tuple(problems), broken, last_event)


class PlaylistKeeper:
    """The playlist the attract loop shows: the last good version, resolved against a Catalog.

    `read` runs on any thread, `accept` on the main loop; `playlist` on either (the content
    watcher's thread resolves each new Catalog before the loop needs it)."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name
        self.good: Version | None = None
        self.problems: tuple[Problem, ...] = ()  # of the file as last read: for the administrator
        self.broken = False  # the file on disk is broken and the last good version is shown
        self._lock = threading.Lock()
        self._resolved: list[tuple[Catalog, Version, Playlist]] = []  # the latest two, newest first

    @property
    def path(self) -> Path:
        return self.folder / f"{self.name}.yaml"

    def read(self, catalog: Catalog, last_event: float = 0.0) -> PlaylistRead:
        return read(self.folder, self.name, catalog, last_event)

    def accept(self, result: PlaylistRead) -> str | None:
        """Take a read in: SHOWN when the screen is to show another playlist, KEPT when a broken
        save leaves the last good one on screen (said once), None when nothing is new."""
        if result.version.name != self.name:
            return None  # read before the playlist was renamed in config.yaml
        self.problems = result.problems
        if result.broken and self.good is not None:
            was_broken, self.broken = self.broken, True
            return None if was_broken else KEPT
        self.broken = False
        if result.version == self.good:
            return None
        self.good = result.version
        self._remember(result.catalog, result.version, result.playlist)
        return SHOWN

    def rename(self, name: str) -> None:
        """attract.playlist changed: the next read is of this file (the last good version stays
        on screen until it is read)."""
        self.name = name
        self.broken = False

    def playlist(self, catalog: Catalog) -> Playlist:
        """The last good version's items for this Catalog (resolved once per Catalog)."""
        version = self.good or Version(self.name, None)
        with self._lock:
            found = next((p for c, v, p in self._resolved if c is catalog and v == version), None)
        if found is not None:
            return found
        playlist, problems = resolve(version, catalog)
        if not self.broken:
            self.problems = tuple(problems)  # an item may name a panel that has just gone
        self._remember(catalog, version, playlist)
        return playlist

    def _remember(self, catalog: Catalog, version: Version, playlist: Playlist) -> None:
        with self._lock:
            self._resolved = [(catalog, version, playlist), *self._resolved[:1]]
