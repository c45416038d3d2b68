"""Attract-loop playlists (playlists/*.yaml): what the screen shows while nobody touches it.

A playlist lists items: a panel by id (its cover and title), a zone (its cover and title), or
a picture or video file in content/; each with how long it stays and how the next one comes
in. A video plays full screen, muted unless the item asks for its sound, and loops seamlessly
if it is shorter than its item. An item naming something that does not exist is a problem
for `check` and is skipped, so a typo never leaves the hall's screen black.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.fields import did_you_mean
from kiosk.content.model import Catalog, Problem
from kiosk.content.probe import IMAGE_EXTS, VIDEO_EXTS
from kiosk.content.textfile import TextRefused, read_text
from kiosk.yamlsource import YamlError, parse_yaml

TRANSITIONS = ("crossfade", "slide")
ITEM_KEYS = ("panel", "zone", "media", "seconds", "transition", "caption", "sound")
DEFAULT_SECONDS = 8.0
SECONDS_RANGE = (2, 600)


@dataclass(frozen=True)
class AttractItem:
    """One item of the attract loop, resolved against the current Catalog."""

    picture: str | None  # relative to content/; for a video, its panel's cover, shown if it cannot play
    title: str
    subtitle: str
    seconds: float  # on screen; for a video, how long it plays, fading in and out included
    transition: str
    source: str  # what the playlist said, for the log: "panel:education/01-..." etc.
    video: str | None = None  # relative to content/: plays full screen, looping if shorter than `seconds`
    sound: bool = False  # a video's sound; muted by default, as a hall is full of screens


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
    seconds = entry.get("seconds")
    low, high = SECONDS_RANGE
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                or not low <= seconds <= high):
        fail(f"has 'seconds: {seconds}'. Give a number of seconds from {low} to {high}")
        return None
    sound = entry.get("sound", False)
    if not isinstance(sound, bool):
        fail(f"has 'sound: {sound}'. Write 'sound: true' to hear a video, or leave it out (muted)")
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
        return AttractItem(panel.cover, panel.title, caption or panel.subtitle or panel.title_en,
                           float(seconds or DEFAULT_SECONDS), transition, f"panel:{ref}")
    if kind == "zone":
        zone = catalog.zone(ref)
        if zone is None:
            fail(f"names the zone '{ref}', which does not exist. {did_you_mean(ref, [z.id for z in catalog.zones])}")
            return None
        return AttractItem(zone.cover, zone.title, caption or zone.subtitle, float(seconds or DEFAULT_SECONDS),
                           transition, f"zone:{ref}")
    if Path(ref).suffix.lower() in VIDEO_EXTS:
        return _video(ref, seconds, transition, caption, sound, catalog, fail)
    if sound:
        problems.append(Problem(where, "warning", f"item {n}: 'sound' is for videos; the picture '{ref}' "
                                "has none", line))
    pictures = _pictures(catalog)
    if Path(ref).suffix.lower() not in IMAGE_EXTS or ref not in pictures:
        fail(f"names the picture '{ref}', which is not a usable picture in content/. "
             f"{did_you_mean(ref, sorted(pictures), 'Pictures')}")
        return None
    return AttractItem(ref, caption, "", float(seconds or DEFAULT_SECONDS), transition, f"media:{ref}")


def _video(ref: str, seconds: float | None, transition: str, caption: str, sound: bool, catalog: Catalog,
           fail: Callable[[str], None]) -> AttractItem | None:
    """A video some panel holds, which the loader checked plays; by default it plays once through."""
    videos = {m.path: (m, p) for p in catalog.panels.values() for m in p.media if m.kind == "video"}
    if ref not in videos:
        fail(f"names the video '{ref}', which is not a playable video of a panel in content/. "
             f"{did_you_mean(ref, sorted(videos), 'Videos')}")
        return None
    media, panel = videos[ref]
    if seconds is None:
        seconds = max(media.duration_s, SECONDS_RANGE[0]) if media.duration_s else DEFAULT_SECONDS
    return AttractItem(panel.cover, caption, "", float(seconds), transition, f"media:{ref}", video=ref, sound=sound)


def _pictures(catalog: Catalog) -> set[str]:
    """Pictures the loader accepted (a broken picture never reaches the attract loop)."""
    files = {m.path for p in catalog.panels.values() for m in p.media if m.kind == "image"}
    files.update(z.cover for z in catalog.zones if z.cover)
    return files


def zone_covers(catalog: Catalog) -> tuple[AttractItem, ...]:
    """The fallback loop: each zone's cover and title, so the screen is never empty."""
    return tuple(AttractItem(z.cover, z.title, z.subtitle, DEFAULT_SECONDS, "crossfade", f"zone:{z.id}")
                 for z in catalog.zones)
