"""content/ -> Catalog + problems.

The loader never raises for anything it finds on disk: a curator's mistake becomes a Problem
naming the file, and one bad panel never hides the others. Every file under content/ ends up
in exactly one place: a panel, a zone, the ignored list (temporary and hidden files), or the
rejected list of files whose panel a problem explains.

This module reads one panel or one zone.yaml at a time; `parts.py` puts them together into a
Catalog, so a live reload can re-read just what changed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.config import ZoneConfig
from kiosk.content.fields import (
    PANEL_KEYS,
    ZONE_KEYS,
    Fields,
    did_you_mean,
    read_chart,
    read_events,
    read_quiz,
)
from kiosk.content.model import Catalog, Media, Panel, PhotoRing, Problem, Zone
from kiosk.content.probe import (
    AUDIO_EXTS,
    IMAGE_EXTS,
    SUBTITLE_EXTS,
    TEXT_EXTS,
    VIDEO_EXTS,
    MediaRefused,
    Prober,
)
from kiosk.content.ring import (
    arc_problem,
    frame_number,
    numbering_problems,
    size_problems,
)
from kiosk.content.safe_text import cleaned, name_problem, twin_key
from kiosk.content.textfile import TextRefused, read_text
from kiosk.media.subtitles import parse_srt
from kiosk.yamlsource import YamlDoc, YamlError, parse_yaml

IGNORED_SUFFIXES = (".part", ".crdownload", ".tmp", ".temp", ".swp", ".swx", ".download", "~")
IGNORED_NAMES = {"4913", "thumbs.db", "desktop.ini", "__macosx"}
GUIDE_FILES = {"README.md"}  # the curator guide at the top of content/
ZONE_YAML = "zone.yaml"
MAX_DEPTH = 4  # folders inside a panel folder
MAX_FILES_PER_PANEL = 500
SPECIAL_FILES = {"panel.yaml", "body.md", "body.en.md"}
OFFICE_HINTS = {
    ".doc": "copy its text into body.md",
    ".docx": "copy its text into body.md",
    ".wps": "copy its text into body.md",
    ".pdf": "export its pages as pictures (PNG or JPEG)",
    ".ppt": "export its slides as pictures (PNG or JPEG)",
    ".pptx": "export its slides as pictures (PNG or JPEG)",
    ".xls": "copy the figures into a chart in panel.yaml",
    ".xlsx": "copy the figures into a chart in panel.yaml",
}
ORDER_PREFIX = re.compile(r"^\d{1,3}[\s._\-、]+(?=\S)")


def is_ignored(name: str) -> bool:
    """Temporary, hidden and system files that copies and editors leave behind."""
    lower = name.lower()
    return (
        name.startswith((".", "~$"))
        or lower.endswith(IGNORED_SUFFIXES)
        or lower in IGNORED_NAMES
    )


def title_from_name(name: str) -> str:
    """`03-红船精神` -> `红船精神`: the leading number only orders panels."""
    return ORDER_PREFIX.sub("", name).strip() or name


def media_kind(name: str) -> str | None:
    ext = Path(name).suffix.lower()
    if ext in IMAGE_EXTS:
        return "image"
    if ext in VIDEO_EXTS:
        return "video"
    if ext in AUDIO_EXTS:
        return "audio"
    return None


def unit_key(name: str, is_dir: bool) -> str:
    """The panel name an entry of a zone folder belongs to: `a/`, `a.mp4` and `a.srt` are all `a`.
    Names that look the same in another Unicode form share it, so they are read together."""
    return twin_key(name if is_dir else Path(name).stem)


@dataclass
class Scan:
    """What one read collects besides panels: problems, the files they account for, and the
    paths it looked at (so a live reload knows whom a new or changed file concerns)."""

    root: Path
    prober: Prober
    root_real: str = ""  # the real path of root; computed when not given
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    looked: set[str] = field(default_factory=set)  # files looked for; "folder/" for a folder's listing

    def __post_init__(self) -> None:
        self.root_real = self.root_real or os.path.realpath(self.root)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def problem(self, path: Path | str, severity: str, message: str, line: int | None = None) -> None:
        where = path if isinstance(path, str) else self.rel(path)
        self.problems.append(Problem(where, severity, message, line))  # type: ignore[arg-type]

    def look(self, path: Path, listing: bool = False) -> None:
        """Remember a path this read depends on: a file looked for, or a folder's listing."""
        rel = os.path.relpath(os.path.normpath(path), self.root)
        if not rel.startswith(".."):
            self.looked.add(Path(rel).as_posix() + ("/" if listing else ""))

    def inside(self, path: Path) -> bool:
        real = os.path.realpath(path)
        return real == self.root_real or real.startswith(self.root_real + os.sep)

    def listing(self, folder: Path) -> list[os.DirEntry[str]]:
        """A folder's entries sorted by name, unchecked; an unreadable folder is a problem."""
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name)
        except FileNotFoundError:
            return []  # removed while being read: the next reload sees the new state
        except OSError as err:
            self.problem(folder, "error", f"the folder cannot be read ({err.strerror}). Check its permissions")
            return []

    def entries(self, folder: Path, listing: list[os.DirEntry[str]] | None = None) -> list[tuple[Path, bool]]:
        """(path, is_folder) of a folder's entries (or of `listing`, part of it), sorted;
        hostile links become problems."""
        raw = self.listing(folder) if listing is None else listing
        result = []
        twins: dict[str, str] = {}
        for entry in raw:
            path = Path(entry.path)
            if is_ignored(entry.name):
                self.ignored.append(self.rel(path))
                continue
            refusal = name_problem(entry.name)
            twin = twins.setdefault(twin_key(entry.name), entry.name)
            if refusal is None and twin != entry.name:
                refusal = (f"has the same name as '{twin}', written with other Unicode characters (as a Mac "
                           "writes accents), so it is not shown. Rename or remove one of them")
            if refusal is not None:
                self.problem(path, "error", refusal)
                self.refuse(entry)
                continue
            if entry.is_symlink():
                if not os.path.exists(path):
                    self.problem(path, "error", "is a link to something that does not exist. "
                                 "Copy the real file here instead of a link")
                    continue
                if not self.inside(path):
                    self.problem(path, "error", f"is a link to {os.path.realpath(path)}, outside content/. "
                                 "Copy the file into content/ instead of linking to it")
                    continue
            try:
                is_dir = entry.is_dir()
                if not is_dir and not entry.is_file():
                    self.problem(path, "warning", "is not a regular file (a device or pipe) and is skipped. Remove it")
                    continue
            except OSError:
                continue
            result.append((path, is_dir))
        return result

    def refuse(self, entry: os.DirEntry[str]) -> None:
        """A file or a whole folder kept off the screen because a problem names it."""
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            self.reject_tree(Path(entry.path))
        else:
            self.rejected.append(self.rel(Path(entry.path)))

    def walk(self, folder: Path, depth: int = 0, seen: set[str] | None = None) -> list[Path]:
        """All files under a panel folder, bounded in depth and count, following safe links once."""
        seen = seen if seen is not None else set()
        real = os.path.realpath(folder)
        if real in seen:
            self.problem(folder, "warning", "links back to a folder already read and is skipped. Remove the link")
            return []
        seen.add(real)
        files: list[Path] = []
        for path, is_dir in self.entries(folder):
            if not is_dir:
                files.append(path)
            elif depth >= MAX_DEPTH:
                self.problem(path, "warning", f"is nested more than {MAX_DEPTH} folders deep in a panel and is skipped. "
                             "Move its files up")
                self.reject_tree(path)
            else:
                files.extend(self.walk(path, depth + 1, seen))
        return files

    def reject_tree(self, folder: Path) -> None:
        """Every file under a folder that is not shown; temporary and hidden ones are ignored."""
        for root, _dirs, names in os.walk(folder):
            hidden = any(is_ignored(part) for part in Path(root).relative_to(folder).parts)
            for name in names:
                rel = self.rel(Path(root) / name)
                (self.ignored if hidden or is_ignored(name) else self.rejected).append(rel)

    def read_yaml(self, path: Path) -> YamlDoc | None:
        try:
            return parse_yaml(read_text(path))
        except YamlError as err:
            self.problem(path, "error", f"{err.message}. Fix the YAML at this line "
                         "(indent with spaces; put text containing ': ' in quotes)", err.line)
        except TextRefused as err:
            self.problem(path, "error", str(err))
        except OSError as err:
            self.problem(path, "error", f"cannot be read ({err.strerror}). Check the file's permissions")
        return None

    def read_text(self, path: Path) -> str | None:
        try:
            text, removed = cleaned(read_text(path))
        except TextRefused as err:
            self.problem(path, "error", str(err))
            return None
        except OSError as err:
            self.problem(path, "error", f"cannot be read ({err.strerror}). Check the file's permissions")
            return None
        if removed:
            self.problem(path, "warning", f"the text holds {removed}, which is left out. Save the text again "
                         "without it (retype the line in a plain text editor)")
        return text

    def read_subtitles(self, path: Path) -> bool:
        """Whether an .srt can be shown; each cue that cannot be read is named with its line."""
        text = self.read_text(path)
        if text is None:
            return False
        for problem in parse_srt(text).problems:
            self.problem(path, "warning", problem.message, problem.line)
        return True

    def probe(self, path: Path, kind: str) -> Media | None:
        try:
            info = self.prober.probe(path, kind)
        except MediaRefused as err:
            self.problem(path, "error", str(err))
            return None
        if info.warning:
            self.problem(path, "warning", info.warning)
        return Media(self.rel(path), kind, width=info.width, height=info.height,  # type: ignore[arg-type]
                     duration_s=info.duration_s)


def load_catalog(root: Path, zones: Sequence[ZoneConfig], prober: Prober | None = None) -> Catalog:
    """Read the whole of content/ into one Catalog. Never raises for what it finds on disk."""
    # Imported here because parts.py is built on the readers of this module.
    from kiosk.content.parts import ContentParts

    parts = ContentParts(root, zones, prober)
    parts.read_all()
    return parts.catalog()


def read_top(scan: Scan, zone_ids: Collection[str]) -> set[str] | None:
    """The top of content/: the zone folders found (None when content/ itself is missing);
    anything else there is a problem or, for the curator guide, ignored."""
    root = scan.root
    if not root.is_dir():
        scan.problem(".", "error", f"the content folder {root} does not exist. Create it, or pass --content DIR")
        return None
    found: set[str] = set()
    for path, is_dir in scan.entries(root):
        if is_dir and path.name in zone_ids:
            found.add(path.name)
        elif is_dir:
            scan.problem(path, "error", f"the folder '{path.name}' is not a zone, so nothing in it is shown. "
                         f"Move its panels into a zone folder. {did_you_mean(path.name, list(zone_ids), 'Zones')}")
            scan.reject_tree(path)
        elif path.name in GUIDE_FILES:
            scan.ignored.append(scan.rel(path))
        else:
            scan.problem(path, "warning", "is outside every zone folder and is not shown. "
                         f"Move it into one of: {', '.join(zone_ids)}")
    return found


def zone_from_config(config: ZoneConfig) -> Zone:
    return Zone(config.id, config.title, config.title_en, config.subtitle, config.colour, config.order)


def missing_zone(scan: Scan, config: ZoneConfig) -> Zone:
    scan.problem(config.id, "warning", f"the zone '{config.id}' has no folder, so it shows no panels. "
                 f"Create the folder content/{config.id}/")
    return zone_from_config(config)


def read_zone_head(scan: Scan, folder: Path, config: ZoneConfig, listing: list[os.DirEntry[str]]) -> Zone:
    """The zone as config.yaml and its zone.yaml describe it (`listing`: the entries named
    zone.yaml); `files` holds zone.yaml and its cover, which are not panels."""
    zone = zone_from_config(config)
    zone_yaml = folder / ZONE_YAML
    if not any(p == zone_yaml for p, _ in scan.entries(folder, listing)):
        return zone
    scan.look(zone_yaml)
    zone, files = _read_zone_yaml(scan, zone_yaml, zone)
    return replace(zone, files=tuple(files))


def read_panel_name(scan: Scan, folder: Path, zone_id: str, listing: list[os.DirEntry[str]],
                    taken: Collection[str]) -> Panel | None:
    """The panel of one name in a zone folder, from the entries that share it (`listing`):
    a panel folder, a file, a video and its subtitles. `taken`: zone.yaml and its cover."""
    entries = scan.entries(folder, listing)
    files = [p for p, is_dir in entries if not is_dir and scan.rel(p) not in taken]
    folders = [p for p, is_dir in entries if is_dir]
    panels: list[Panel] = []
    for path in folders:
        panel = load_panel_folder(scan, zone_id, path)
        if panel:
            panels.append(panel)
    stems_with_video = {p.stem for p in files if media_kind(p.name) == "video"}
    for path in files:
        ext = path.suffix.lower()
        if ext in SUBTITLE_EXTS and path.stem in stems_with_video:
            continue  # read with its video
        panel = load_panel_file(scan, zone_id, path, files)
        if panel:
            panels.append(panel)
    panels = drop_duplicate_ids(scan, panels)
    return panels[0] if panels else None


def _read_zone_yaml(scan: Scan, path: Path, zone: Zone) -> tuple[Zone, list[str]]:
    files = [scan.rel(path)]
    doc = scan.read_yaml(path)
    if doc is None:
        return zone, files
    if doc.data is not None and not isinstance(doc.data, dict):
        scan.problem(path, "error", "zone.yaml is not a list of keys. Write keys such as title:, subtitle:, cover:, colour:", 1)
        return zone, files
    f = Fields(doc, lambda sev, line, msg: scan.problem(path, sev, msg, line), ZONE_KEYS, "zone.yaml")
    cover = None
    cover_name = f.text("cover")
    if cover_name:
        cover_path = _resolve(scan, path.parent, cover_name, path, doc.line("cover"))
        if cover_path is not None and scan.probe(cover_path, "image"):
            cover = scan.rel(cover_path)
            files.append(cover)
    zone = replace(
        zone,
        title=f.text("title", zone.title),
        title_en=f.text("title_en", zone.title_en),
        subtitle=f.text("subtitle", zone.subtitle),
        colour=f.colour() or zone.colour,
        cover=cover,
    )
    return zone, files


def _resolve(scan: Scan, folder: Path, name: str, yaml_path: Path, line: int | None) -> Path | None:
    """A file named in YAML, relative to its folder; it must exist and stay inside content/."""
    candidate = folder / name
    if Path(name).is_absolute() or not scan.inside(candidate):
        scan.problem(yaml_path, "error", f"'{name}' points outside content/. Copy the file into this folder "
                     "and name it without a path", line)
        return None
    scan.look(candidate)
    if not candidate.is_file():
        scan.look(folder, listing=True)  # the hint below lists the folder
        present = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
        hint = did_you_mean(Path(name).name, present, "Files there") if present else "The folder holds no files"
        scan.problem(yaml_path, "error", f"'{name}' does not exist in {scan.rel(folder)}/. "
                     f"Check the spelling. {hint}", line)
        return None
    return candidate


def load_panel_file(scan: Scan, zone_id: str, path: Path, siblings: list[Path]) -> Panel | None:
    """A file dropped straight into a zone folder: its name is the title, nothing else to write."""
    ext = path.suffix.lower()
    rel = scan.rel(path)
    name = path.stem
    base = {"id": f"{zone_id}/{name}", "zone": zone_id, "name": name, "title": title_from_name(name)}
    kind = media_kind(path.name)
    if kind is not None:
        media = scan.probe(path, kind)
        if media is None:
            scan.rejected.append(rel)
            if kind == "video":  # its subtitles go with it
                scan.rejected.extend(scan.rel(p) for p in siblings
                                     if p.suffix.lower() in SUBTITLE_EXTS and p.stem == path.stem)
            return None
        files = [rel]
        if kind == "video":
            media, files = _attach_subtitles(scan, media, path, siblings, files)
        panel_kind = {"image": "gallery", "video": "video", "audio": "audio"}[kind]
        cover = media.path if kind == "image" else None
        return Panel(**base, kind=panel_kind, media=(media,), cover=cover, files=tuple(files))
    if ext in TEXT_EXTS:
        text = scan.read_text(path)
        if text is None:
            scan.rejected.append(rel)
            return None
        if not text.strip():
            scan.problem(path, "error", "the text file is empty. Write the panel's text in it, or remove it")
            return None
        return Panel(**base, kind="article", body=text, files=(rel,))
    if ext in SUBTITLE_EXTS:
        scan.problem(path, "warning", "is a subtitle file with no video of the same name beside it. "
                     "Name it like its video (宣誓仪式.mp4 and 宣誓仪式.srt)")
        return None
    if path.name in ("panel.yaml", "body.md"):
        scan.problem(path, "warning", f"{path.name} belongs inside a panel folder, not in the zone folder. "
                     "Make a folder for the panel and move it there")
        return None
    scan.problem(path, "warning", _unshown_type(ext))
    return None


def _unshown_type(ext: str) -> str:
    hint = OFFICE_HINTS.get(ext, "use pictures (JPEG, PNG), videos (MP4), audio (MP3) or text (.md)")
    return f"is a kind of file the kiosk does not show ({ext or 'no extension'}). To show it, {hint}"


def _attach_subtitles(scan: Scan, media: Media, video: Path, siblings: list[Path],
                      files: list[str]) -> tuple[Media, list[str]]:
    for sibling in siblings:
        if sibling.suffix.lower() in SUBTITLE_EXTS and sibling.stem == video.stem:
            rel = scan.rel(sibling)
            files = [*files, rel]
            if scan.read_subtitles(sibling):
                return replace(media, subtitles=rel), files
            scan.rejected.append(rel)
    return media, files


def load_panel_folder(scan: Scan, zone_id: str, folder: Path) -> Panel | None:
    """A panel folder: optional panel.yaml and body.md, and its media."""
    files = scan.walk(folder)
    rel_files = [scan.rel(p) for p in files]
    if len(files) > MAX_FILES_PER_PANEL:
        scan.problem(folder, "error", f"holds {len(files)} files; a panel shows at most {MAX_FILES_PER_PANEL}. "
                     "Split it into several panels")
        scan.rejected.extend(rel_files)
        return None
    builder = _PanelBuilder(scan, zone_id, folder, files)
    panel = builder.build()
    if panel is None:
        scan.rejected.extend(r for r in rel_files if r not in builder.explained)
    return panel


class _PanelBuilder:
    """Reads one panel folder into a Panel, reporting each problem with its file and line."""

    def __init__(self, scan: Scan, zone_id: str, folder: Path, files: list[Path]) -> None:
        self.scan = scan
        self.zone_id = zone_id
        self.folder = folder
        self.files = files
        self.yaml_path = folder / "panel.yaml"
        self.used: set[Path] = set()
        self.explained: set[str] = set()  # files a problem already names
        self.errors_before = sum(p.severity == "error" for p in scan.problems)

    def report(self, severity: str, line: int | None, message: str) -> None:
        self.scan.problem(self.yaml_path, severity, message, line)

    def build(self) -> Panel | None:
        scan, folder = self.scan, self.folder
        doc = YamlDoc({}, {})
        if self.yaml_path in self.files:
            self.used.add(self.yaml_path)
            loaded = scan.read_yaml(self.yaml_path)
            if loaded is None:
                return None
            if loaded.data is not None and not isinstance(loaded.data, dict):
                self.report("error", 1, "panel.yaml is not a list of keys. Write keys such as title: and media: "
                            "(see content/README.md)")
                return None
            doc = loaded
        f = Fields(doc, self.report, PANEL_KEYS, "panel.yaml")
        name = folder.name
        body = self._body(f, "body", "body.md")
        body_en = self._body(f, "body_en", "body.en.md")
        is_object = f.data.get("kind") == "object"
        media = () if is_object else self._media(f, doc)  # an object shows its ring, not a media list
        ring = self._ring(f) if is_object else None
        cover = self._cover(f, doc, media) or (ring.frames[0] if ring else None)
        kind = self._kind(f, media, body)
        panel = Panel(
            id=f"{self.zone_id}/{name}", zone=self.zone_id, name=name, kind=kind or "article",
            title=f.text("title") or title_from_name(name), title_en=f.text("title_en"),
            subtitle=f.text("subtitle"), body=body, body_en=body_en, media=media, cover=cover,
            date=f.text("date"), source=f.text("source"), tags=f.tags(), qr=f.qr(), order=f.order(),
            sample=f.flag("sample"), loop=f.flag("loop"), chart=read_chart(f), quiz=read_quiz(f),
            events=read_events(f), ring=ring, era=f.text("era"), donor=f.text("donor"),
        )
        self._report_unused()
        if kind is None or not self._shows_something(panel):
            return None
        return replace(panel, files=tuple(sorted(self.scan.rel(p) for p in self.used)))

    def _body(self, f: Fields, key: str, file_name: str) -> str:
        path = self.folder / file_name
        inline = f.text(key)
        if path not in self.files:
            return inline
        self.used.add(path)
        if inline:
            self.report("warning", f.doc.line(key), f"'{key}' is written both in panel.yaml and in {file_name}; "
                        f"{file_name} is shown. Keep only one")
        text = self.scan.read_text(path)
        if text is None:
            self.explained.add(self.scan.rel(path))
        return text if text is not None else inline

    def _media(self, f: Fields, doc: YamlDoc) -> tuple[Media, ...]:
        listed = f.data.get("media")
        if listed is None:
            candidates = [(p, "", "", None) for p in self.files if media_kind(p.name) and p.parent == self.folder]
        elif not isinstance(listed, list):
            f.fail(("media",), "'media' is not a list. Give file names, or items with file, caption and credit")
            return ()
        else:
            candidates = self._listed_media(f, doc, listed)
        media = []
        for path, caption, credit, line in candidates:
            kind = media_kind(path.name)
            if kind is None:
                self.report("error", line, f"'{path.name}' is not a picture, video or audio file. {_unshown_type(path.suffix.lower())}")
                continue
            self.used.add(path)
            probed = self.scan.probe(path, kind)
            if probed is None:
                self.explained.add(self.scan.rel(path))
                continue
            probed = replace(probed, caption=caption, credit=credit)
            if kind == "video":
                probed = self._subtitles(probed, path)
            media.append(probed)
        return tuple(media)

    def _listed_media(self, f: Fields, doc: YamlDoc, listed: list) -> list[tuple[Path, str, str, int | None]]:
        result = []
        for i, item in enumerate(listed):
            line = doc.line("media", i)
            if isinstance(item, str):
                name, caption, credit = item, "", ""
            elif isinstance(item, dict) and isinstance(item.get("file"), str):
                for key in item:
                    if key not in ("file", "caption", "credit"):
                        self.report("warning", doc.line("media", i, key), f"unknown key '{key}' in media item {i + 1} "
                                    f"is ignored. {did_you_mean(str(key), ('file', 'caption', 'credit'))}")
                name = item["file"]
                caption = str(item.get("caption") or "").strip()
                credit = str(item.get("credit") or "").strip()
            else:
                self.report("error", line, f"media item {i + 1} is not a file name. Write a file name, or 'file:' with "
                            "optional 'caption:' and 'credit:'")
                continue
            path = _resolve(self.scan, self.folder, name, self.yaml_path, line)
            if path is not None:
                result.append((path, caption, credit, line))
        return result

    def _ring(self, f: Fields) -> PhotoRing | None:
        """The numbered photographs of an object panel, checked as a ring that turns evenly."""
        arc = 360.0
        if "arc" in f.data:
            problem = arc_problem(f.data["arc"])
            if problem:
                f.fail(("arc",), problem)
                return None
            arc = float(f.data["arc"])
        if "media" in f.data:
            self.report("warning", f.doc.line("media"), "an object panel turns its numbered photographs; 'media' is "
                        "ignored. Remove it, and name the photographs 01.jpg, 02.jpg …")
        pictures = [p for p in self.files if p.parent == self.folder and media_kind(p.name) == "image"]
        numbered = sorted((frame_number(p.name), p.name, p) for p in pictures if frame_number(p.name) is not None)
        others = [p for p in pictures if frame_number(p.name) is None]
        if not numbered:
            self.used.update(others)
            names = ", ".join(p.name for p in others[:3]) + (" …" if len(others) > 3 else "")
            problem = (f"its photographs ({names}) are not numbered, so they make no ring. Rename them 01.jpg, "
                       "02.jpg … in the order they were taken") if others else (
                       "the object panel has no photographs. Add its ring: 01.jpg, 02.jpg … taken at even steps "
                       "round the object (see content/README.md)")
            self.scan.problem(self.folder, "error", problem)
            return None
        for path in others:
            self.explained.add(self.scan.rel(path))
            self.scan.problem(path, "warning", "is not part of the ring: its name is not a number. Rename it to its "
                              "place in the ring (such as 07.jpg), or remove it")
        self.used.update(p for _, _, p in numbered)
        found = numbering_problems(self.scan.rel(self.folder), [(n, self.scan.rel(p)) for n, _, p in numbered], arc)
        if found:  # before probing: a ring of 5,000 is refused by its names alone
            for path, message in found:
                self.scan.problem(path, "error", message)
            return None
        frames = []
        for _, _, path in numbered:
            probed = self.scan.probe(path, "image")
            if probed is None:
                self.explained.add(self.scan.rel(path))
            else:
                frames.append(probed)
        if len(frames) < len(numbered):
            return None
        found = size_problems(frames)
        for path, message in found:
            self.scan.problem(path, "error", message)
            self.explained.add(path)
        if found:
            return None
        return PhotoRing(tuple(m.path for m in frames), arc, frames[0].width, frames[0].height)

    def _subtitles(self, media: Media, video: Path) -> Media:
        match = next((p for p in self.files if p.parent == video.parent and p.suffix.lower() in SUBTITLE_EXTS
                      and p.stem == video.stem), None)
        if match is None:
            return media
        self.used.add(match)
        if not self.scan.read_subtitles(match):
            self.explained.add(self.scan.rel(match))
            return media
        return replace(media, subtitles=self.scan.rel(match))

    def _cover(self, f: Fields, doc: YamlDoc, media: tuple[Media, ...]) -> str | None:
        name = f.text("cover")
        if not name:
            return next((m.path for m in media if m.kind == "image"), None)
        path = _resolve(self.scan, self.folder, name, self.yaml_path, doc.line("cover"))
        if path is None:
            return next((m.path for m in media if m.kind == "image"), None)
        self.used.add(path)
        rel = self.scan.rel(path)
        if any(m.path == rel for m in media):
            return rel
        probed = self.scan.probe(path, "image")
        if probed is None:
            self.explained.add(rel)
        return probed.path if probed else None

    def _kind(self, f: Fields, media: tuple[Media, ...], body: str) -> str | None:
        kinds = {m.kind for m in media}
        explicit = f.kind()
        if "kind" in f.data and explicit is None:
            return None
        if explicit:
            return explicit
        if "chart" in f.data:
            return "chart"
        if "quiz" in f.data:
            return "quiz"
        if "events" in f.data:
            return "timeline"
        if "video" in kinds:
            return "video"
        if "audio" in kinds:
            return "audio"
        if kinds == {"image"} and not body:
            return "gallery"
        return "article"

    def _shows_something(self, panel: Panel) -> bool:
        kinds = {m.kind for m in panel.media}
        needs = {
            "article": (bool(panel.body or panel.media), "has no text and no pictures, so it is not shown. Add body.md or pictures"),
            "gallery": ("image" in kinds, "is a gallery without a usable picture, so it is not shown. Add pictures"),
            "video": ("video" in kinds, "is a video panel without a playable video, so it is not shown. Add an MP4 file"),
            "audio": ("audio" in kinds, "is an audio panel without playable sound, so it is not shown. Add an MP3 file"),
            "chart": (panel.chart is not None, "is a chart panel without chart data, so it is not shown. Add 'chart' (see content/README.md)"),
            "quiz": (bool(panel.quiz), "is a quiz panel without questions, so it is not shown. Add 'quiz' (see content/README.md)"),
            "timeline": (bool(panel.events), "is a timeline panel without events, so it is not shown. Add 'events' (see content/README.md)"),
            "object": (panel.ring is not None, ("is an object panel without a usable ring of photographs, so it is not shown. "
                       "Fix the problems named above")),
        }
        ok, message = needs[panel.kind]
        already_explained = sum(p.severity == "error" for p in self.scan.problems) > self.errors_before
        if not ok and not already_explained:
            target = self.yaml_path if self.yaml_path in self.files else self.folder
            self.scan.problem(target, "error", f"the panel {message}")
        return ok

    def _report_unused(self) -> None:
        for path in self.files:
            if path in self.used or self.scan.rel(path) in self.explained:
                continue
            if path.name in SPECIAL_FILES and path.parent == self.folder:
                continue
            if path.suffix.lower() in SUBTITLE_EXTS:
                message = ("is a subtitle file with no video of the same name in this panel. "
                           "Name it like its video (宣誓仪式.mp4 and 宣誓仪式.srt)")
            elif media_kind(path.name):
                message = "is not used by this panel. Add it to 'media' in panel.yaml, or remove it"
            else:
                message = _unshown_type(path.suffix.lower())
            self.scan.problem(path, "warning", message)


def drop_duplicate_ids(scan: Scan, panels: list[Panel]) -> list[Panel]:
    kept: dict[str, Panel] = {}
    for panel in panels:
        first = kept.get(panel.id)
        if first is None:
            kept[panel.id] = panel
            continue
        where = panel.files[0] if panel.files else panel.id
        scan.problem(where, "error", f"has the same panel id '{panel.id}' as {first.files[0] if first.files else first.id}, "
                     "so it is not shown. Rename one of them")
        scan.rejected.extend(f for f in panel.files if f != where)
    return list(kept.values())


def check_quiz_repeats(scan: Scan, panels: Iterable[Panel]) -> None:
    seen: dict[str, str] = {}
    for panel in panels:
        for question in panel.quiz:
            key = re.sub(r"\W", "", question.question)
            if key in seen and seen[key] != panel.id:
                path = f"{panel.id}/panel.yaml" if any(f.endswith("panel.yaml") for f in panel.files) else panel.files[0]
                scan.problem(path, "warning", f"the question '{question.question}' is also asked in {seen[key]}. "
                             "Keep it in one quiz")
            seen.setdefault(key, panel.id)
