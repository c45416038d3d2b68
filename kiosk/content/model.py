"""The exhibition as data: zones, panels, media and the problems found while reading them.

Everything here is immutable and free of pygame, so a Catalog can be built in a worker thread,
swapped in between two frames, compared, and tested in milliseconds. Scenes keep panel ids
(`zone/name`), never objects: ids are stable across reloads and are what the interaction log
records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kiosk.content.safe_text import shown

Severity = Literal["error", "warning"]
KINDS = ("article", "gallery", "video", "audio", "chart", "quiz", "timeline", "object")
MediaKind = Literal["image", "video", "audio"]


@dataclass(frozen=True)
class Problem:
    """Something a curator must know about: `path` is relative to content/ (or a config file)."""

    path: str
    severity: Severity
    message: str
    line: int | None = None

    def __post_init__(self) -> None:
        # Every problem is printed, logged or stored somewhere: none carries a raw name or value.
        object.__setattr__(self, "path", shown(self.path))
        object.__setattr__(self, "message", shown(self.message))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "severity": self.severity, "message": self.message}


@dataclass(frozen=True)
class Media:
    path: str  # relative to content/, with forward slashes
    kind: MediaKind
    caption: str = ""
    credit: str = ""
    subtitles: str | None = None  # an .srt beside a video
    width: int = 0  # pixels, for images and videos when known
    height: int = 0
    duration_s: float = 0.0  # for videos and audio when known


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Highlight:
    label: str
    value: float
    unit: str = ""


@dataclass(frozen=True)
class Chart:
    type: Literal["bar", "line", "pie", "highlights"]
    unit: str = ""
    labels: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    items: tuple[Highlight, ...] = ()


@dataclass(frozen=True)
class Question:
    question: str
    options: tuple[str, ...]
    answer: int  # index into options
    explanation: str = ""


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class PhotoRing:
    """Photographs taken at even steps round an exhibit (kind: object), in turning order."""

    frames: tuple[str, ...]  # paths relative to content/
    arc: float = 360.0  # degrees the photographs cover; 360 is a full turn
    width: int = 0  # every photograph of a ring has the same size
    height: int = 0


@dataclass(frozen=True)
class Panel:
    id: str  # "zone/name": stable, used by the interaction log
    zone: str
    name: str  # folder or file name inside the zone folder
    kind: str
    title: str
    title_en: str = ""
    subtitle: str = ""
    body: str = ""
    body_en: str = ""
    media: tuple[Media, ...] = ()
    cover: str | None = None
    date: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    qr: str = ""
    order: int | None = None
    sample: bool = False
    loop: bool = False
    chart: Chart | None = None
    quiz: tuple[Question, ...] = ()
    events: tuple[TimelineEvent, ...] = ()
    ring: PhotoRing | None = None
    era: str = ""  # an exhibit's 年代
    donor: str = ""  # an exhibit's 捐赠人
    files: tuple[str, ...] = ()  # every file of content/ this panel accounts for

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (0 if self.order is not None else 1, self.order or 0, self.name)


@dataclass(frozen=True)
class Zone:
    id: str
    title: str
    title_en: str = ""
    subtitle: str = ""
    colour: str = "#B22222"
    order: int = 0
    cover: str | None = None
    panel_ids: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # zone.yaml and its cover


@dataclass(frozen=True)
class Catalog:
    """One consistent snapshot of content/."""

    zones: tuple[Zone, ...] = ()
    panels: dict[str, Panel] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    ignored: tuple[str, ...] = ()  # temporary and hidden files, and the curator guide
    rejected: tuple[str, ...] = ()  # files of panels that a problem keeps off the screen

    def zone(self, zone_id: str) -> Zone | None:
        return next((z for z in self.zones if z.id == zone_id), None)

    def panels_of(self, zone_id: str) -> list[Panel]:
        zone = self.zone(zone_id)
        return [self.panels[pid] for pid in zone.panel_ids] if zone else []

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
