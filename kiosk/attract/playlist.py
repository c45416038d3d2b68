"""Attract-loop playlists (playlists/*.yaml): what the screen shows while nobody touches it.

A playlist lists items: a panel by id (its cover and title), a zone (its cover and title), or
a picture file in content/; each with how long it stays and how the next one comes in. An
item naming something that does not exist is a problem for `check` and is skipped, so a
typo never leaves the hall's screen black.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.content.fields import did_you_mean
from kiosk.content.model import Catalog, Problem
from kiosk.content.probe import IMAGE_EXTS, VIDEO_EXTS
from kiosk.content.textfile import TextRefused, read_text
from kiosk.yamlsource import YamlError, parse_yaml

TRANSITIONS = ("crossfade", "slide")
ITEM_KEYS = ("panel", "zone", "media", "seconds", "transition", "caption")
DEFAULT_SECONDS = 8.0


@dataclass(frozen=True)
class AttractItem:
    """One still of the attract loop, resolved against the current Catalog."""

    picture: str | None  # relative to content/
    title: str
    subtitle: str
    seconds: float
    transition: str
    source: str  # what the playlist said, for the log: "panel:education/01-..." etc.


@dataclass(frozen=True)
class Playlist:
    name: str
    items: tuple[AttractItem, ...]


def load_playlist(folder: Path, name: str, catalog: Catalog) -> tuple[Playlist, list[Problem]]:
    """Read playlists/NAME.yaml; when it is missing or empty, every zone's cover is shown."""
    path = folder / f"{name}.yaml"
    where = f"playlists/{name}.yaml"
    problems: list[Problem] = []
    if not path.is_file():
        others = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
        hint = did_you_mean(name, others, "Playlists there") if others else "Create it (see playlists/README.md)"
        problems.append(Problem(where, "error", f"the attract playlist '{name}' does not exist, so the zones' "
                                f"covers are shown instead. {hint}"))
        return Playlist(name, zone_covers(catalog)), problems
    try:
        doc = parse_yaml(read_text(path))
    except YamlError as err:
        problems.append(Problem(where, "error", f"{err.message}. Fix the YAML at this line", err.line))
        return Playlist(name, zone_covers(catalog)), problems
    except (TextRefused, OSError) as err:
        problems.append(Problem(where, "error", str(err)))
        return Playlist(name, zone_covers(catalog)), problems
    raw = doc.data.get("items") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(where, "error", "the playlist has no 'items' list. Add items such as "
                                "'- panel: education/01-开天辟地' (see playlists/README.md)", doc.line("items")))
        return Playlist(name, zone_covers(catalog)), problems
    items = []
    for i, entry in enumerate(raw):
        item = _item(entry, i, doc.line("items", i), where, catalog, problems)
        if item is not None:
            items.append(item)
    if not items:
        problems.append(Problem(where, "error", "no item of the playlist can be shown, so the zones' covers are "
                                "shown instead. Fix the items above"))
        items = list(zone_covers(catalog))
    return Playlist(name, tuple(items)), problems


def _item(entry: object, i: int, line: int | None, where: str, catalog: Catalog,
          problems: list[Problem]) -> AttractItem | None:
    n = i + 1

    def fail(message: str) -> None:
        problems.append(Problem(where, "error", f"item {n} {message}; it is skipped", line))

    if not isinstance(entry, dict):
        fail("is not a section of keys. Write '- panel: ZONE/NAME', '- zone: ID' or '- media: PATH'")
        return None
    for key in entry:
        if key not in ITEM_KEYS:
            problems.append(Problem(where, "warning", f"item {n}: unknown key '{key}' is ignored. "
                                    f"{did_you_mean(str(key), ITEM_KEYS)}", line))
    seconds = entry.get("seconds", DEFAULT_SECONDS)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 2 <= seconds <= 600:
        fail(f"has 'seconds: {seconds}'. Give a number of seconds from 2 to 600")
        return None
    transition = entry.get("transition", "crossfade")
    if transition not in TRANSITIONS:
        fail(f"has 'transition: {transition}'. {did_you_mean(str(transition), TRANSITIONS, 'Use one of')}")
        return None
    caption = str(entry.get("caption") or "")
    kinds = [k for k in ("panel", "zone", "media") if k in entry]
    if len(kinds) != 1:
        fail("must name exactly one of panel, zone or media")
        return None
    kind, ref = kinds[0], str(entry[kinds[0]])
    if kind == "panel":
        panel = catalog.panels.get(ref)
        if panel is None:
            fail(f"names the panel '{ref}', which does not exist. {did_you_mean(ref, sorted(catalog.panels), 'Panels')}")
            return None
        return AttractItem(panel.cover, panel.title, caption or panel.subtitle or panel.title_en, float(seconds),
                           transition, f"panel:{ref}")
    if kind == "zone":
        zone = catalog.zone(ref)
        if zone is None:
            fail(f"names the zone '{ref}', which does not exist. {did_you_mean(ref, [z.id for z in catalog.zones])}")
            return None
        return AttractItem(zone.cover, zone.title, caption or zone.subtitle, float(seconds), transition, f"zone:{ref}")
    known = _files(catalog)
    suffix = Path(ref).suffix.lower()
    if suffix in VIDEO_EXTS:
        fail(f"is the video '{ref}'; the attract loop shows pictures. Name the video's panel instead "
             "(its cover is shown)")
        return None
    if suffix not in IMAGE_EXTS or ref not in known:
        fail(f"names the picture '{ref}', which is not a usable picture in content/. "
             f"{did_you_mean(ref, sorted(f for f in known if Path(f).suffix.lower() in IMAGE_EXTS), 'Pictures')}")
        return None
    return AttractItem(ref, caption, "", float(seconds), transition, f"media:{ref}")


def _files(catalog: Catalog) -> set[str]:
    """Pictures the loader accepted (a broken picture never reaches the attract loop)."""
    files = {m.path for p in catalog.panels.values() for m in p.media}
    files.update(z.cover for z in catalog.zones if z.cover)
    return files


def zone_covers(catalog: Catalog) -> tuple[AttractItem, ...]:
    """The fallback loop: each zone's cover and title, so the screen is never empty."""
    return tuple(AttractItem(z.cover, z.title, z.subtitle, DEFAULT_SECONDS, "crossfade", f"zone:{z.id}")
                 for z in catalog.zones)
