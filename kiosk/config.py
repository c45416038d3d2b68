"""config.yaml -> a typed, validated Config.

Administrators edit one file. Every mistake in it must be one readable line naming the file,
the line and the key (`config.yaml:12 idle.timeout_s: must be seconds >= 10, got "abc"`), and
the kiosk must refuse to start (exit 2) before it opens a window. Unknown keys are mistakes
too: a misspelt key silently ignored is a setting silently lost. The calendar's sections,
`hours:` and `schedule:`, are read the same way by kiosk/service/hours.py and schedule.py.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.service.calendar import Calendar
from kiosk.service.hours import OpeningHours, read_hours
from kiosk.service.schedule import ScheduleEntry, read_schedule
from kiosk.yamlsource import YamlDoc, YamlError, parse_yaml

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"))
AUTO_FONTS = {
    "sans": "NotoSansCJK-Regular.ttc",
    "sans_bold": "NotoSansCJK-Bold.ttc",
    "serif": "NotoSerifCJK-Bold.ttc",
}


@dataclass(frozen=True)
class ScreenConfig:
    fullscreen: bool = True
    resolution: tuple[int, int] | None = None  # None means the display's own size
    orientation: str = "landscape"
    diagonal_in: float = 55.0
    show_cursor: bool = False
    output: str = "auto"  # which connected screen: "auto" is the primary one, or a name such as HDMI-1

    def mm_per_px(self, size: tuple[int, int]) -> float:
        """Physical size of one pixel, so layouts can be given in millimetres."""
        w, h = size
        diagonal_px = (w * w + h * h) ** 0.5
        return self.diagonal_in * 25.4 / diagonal_px


@dataclass(frozen=True)
class ZoneConfig:
    id: str
    title: str
    title_en: str = ""
    subtitle: str = ""
    colour: str = "#B22222"
    order: int = 0


@dataclass(frozen=True)
class IdleConfig:
    timeout_s: int = 90
    warning_s: int = 15


@dataclass(frozen=True)
class AttractConfig:
    playlist: str = "default"


@dataclass(frozen=True)
class PathsConfig:
    content: Path
    playlists: Path
    log_db: Path


@dataclass(frozen=True)
class LogConfig:
    retention_days: int = 365


@dataclass(frozen=True)
class LiveConfig:
    """How the kiosk follows curators' changes in content/ while it runs."""

    watch: str = "inotify"  # or "polling" for network shares, where the kernel reports no changes
    poll_s: float = 2.0
    rescan_s: int = 60  # 0: never
    settle_s: float = 2.0


@dataclass(frozen=True)
class AdminConfig:
    pin_hash: str = ""
    gesture: str = "hold-top-left"
    hold_s: int = 5


@dataclass(frozen=True)
class FontsConfig:
    sans: Path | None
    sans_bold: Path | None
    serif: Path | None
    ttc_face: int = 2


@dataclass(frozen=True)
class TouchConfig:
    cooldown_ms: int = 80


@dataclass(frozen=True)
class HallConfig:
    title: str = "党建展厅"
    title_en: str = "Party Building Exhibition Hall"
    subtitle: str = ""


@dataclass(frozen=True)
class MediaConfig:
    """Loudness of videos and narrations: where they start, and the most a visitor may choose."""

    volume: int = 60  # percent of full volume
    volume_limit: int = 80


@dataclass(frozen=True)
class UploadLimits:
    video_mb: int = 4096  # videos and sound
    picture_mb: int = 50  # pictures, and every other file the console accepts


@dataclass(frozen=True)
class HistoryLimits:
    """How much of the files the console replaced or deleted it keeps, for undo."""

    max_mb: int = 4096
    max_days: int = 60


@dataclass(frozen=True)
class ConsoleConfig:
    """The web console, a separate process (kiosk/console); the kiosk itself never reads this."""

    bind: str = "0.0.0.0"
    port: int = 8080
    tls_cert: Path | None = None  # with tls_key: HTTPS, and cookies only sent over it
    tls_key: Path | None = None
    session_hours: int = 8
    upload: UploadLimits = UploadLimits()
    history: HistoryLimits = HistoryLimits()


@dataclass(frozen=True)
class Config:
    source: Path
    kiosk_id: str
    language: str
    hall: HallConfig
    screen: ScreenConfig
    touch: TouchConfig
    zones: tuple[ZoneConfig, ...]
    idle: IdleConfig
    attract: AttractConfig
    paths: PathsConfig
    admin: AdminConfig
    fonts: FontsConfig
    log: LogConfig = LogConfig()
    live: LiveConfig = LiveConfig()
    media: MediaConfig = MediaConfig()
    console: ConsoleConfig = ConsoleConfig()
    hours: OpeningHours = field(default_factory=OpeningHours)  # no hours: section: always open
    schedule: tuple[ScheduleEntry, ...] = ()  # no schedule: attract.playlist at all times

    @property
    def calendar(self) -> Calendar:
        """Opening hours and the schedule, for kiosk.service.calendar.hall_state."""
        return Calendar(self.hours, self.schedule, self.attract.playlist)

    def zone(self, zone_id: str) -> ZoneConfig | None:
        return next((z for z in self.zones if z.id == zone_id), None)

    def font_file(self, role: str) -> Path | None:
        """The font file for `role` (sans, sans_bold, serif); "auto" finds Noto CJK."""
        chosen = getattr(self.fonts, role)
        if chosen is not None:
            return chosen
        for folder in FONT_DIRS:
            candidate = folder / AUTO_FONTS[role]
            if candidate.is_file():
                return candidate
        return None


DEFAULT_ZONES = (
    ZoneConfig("management", "管理", "Management", "组织有力 管理规范", "#9E1B1B", 1),
    ZoneConfig("education", "教育", "Education", "不忘初心 牢记使命", "#B22222", 2),
    ZoneConfig("showcase", "展示", "Showcase", "荣誉榜样 成果展示", "#B8860B", 3),
    ZoneConfig("learning", "学习", "Learning", "学思践悟 知行合一", "#1F4E79", 4),
    ZoneConfig("activity", "活动", "Activity", "主题党日 志愿服务", "#2E6B3A", 5),
)


class ConfigError(Exception):
    """One or more problems in config.yaml, each already formatted as one line."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class _Reader:
    """Walks the parsed document, converting values and collecting one line per problem."""

    def __init__(self, name: str, doc: YamlDoc) -> None:
        self.name = name
        self.doc = doc
        self.errors: list[str] = []

    def fail(self, path: tuple[object, ...], message: str) -> None:
        line = self.doc.line(*path)
        where = f"{self.name}:{line}" if line else self.name
        key = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path)
        key = key.replace(".[", "[")
        self.errors.append(f"{where} {key}: {message}")

    def section(self, data: object, path: tuple[object, ...], known: tuple[str, ...]) -> dict:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.fail(path, f"must be a section of keys ({', '.join(known)}), got {_shown(data)}")
            return {}
        for key in data:
            if key not in known:
                self.fail((*path, key), _unknown(str(key), known))
        return data

    def value(
        self,
        data: dict,
        path: tuple[object, ...],
        default: object,
        convert: Callable[[object], object],
    ) -> object:
        key = path[-1]
        if key not in data:
            return default
        try:
            return convert(data[key])
        except ValueError as err:
            self.fail(path, f"{err}, got {_shown(data[key])}")
            return default


def _unknown(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
    return f"unknown key{hint}"


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "nothing"
    return str(value)


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("must be true or false")


def _int_range(lo: int, hi: int, unit: str = "a whole number") -> Callable[[object], int]:
    def convert(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ValueError(f"must be {unit} from {lo} to {hi}")
        return value

    return convert


def _number_range(lo: float, hi: float, unit: str) -> Callable[[object], float]:
    def convert(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            raise ValueError(f"must be {unit} from {lo:g} to {hi:g}")
        return float(value)

    return convert


def _choice(*options: str) -> Callable[[object], str]:
    def convert(value: object) -> str:
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return str(value)

    return convert


def _text(max_len: int = 200) -> Callable[[object], str]:
    def convert(value: object) -> str:
        if not isinstance(value, str) or len(value) > max_len:
            raise ValueError(f"must be text of at most {max_len} characters")
        return value

    return convert


def _playlist_name(value: object) -> str:
    if (not isinstance(value, str) or not value.strip() or len(value) > 80 or value.startswith(".")
            or any(c in value for c in "/\\")):
        raise ValueError("must be the name of a file in playlists/ without .yaml (at most 80 characters, "
                         "no / and not starting with .)")
    return value


def _slug(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", value):
        raise ValueError("must be lowercase letters, digits, - or _ (at most 40)")
    return value


def _colour(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ValueError('must be a colour written "#RRGGBB"')
    return value.upper()


def _resolution(value: object) -> tuple[int, int] | None:
    if value == "auto":
        return None
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", str(value)) if isinstance(value, str) else None
    if not match:
        raise ValueError('must be "auto" or WIDTHxHEIGHT such as "1920x1080"')
    w, h = int(match[1]), int(match[2])
    if not (320 <= w <= 16384 and 240 <= h <= 16384):
        raise ValueError("must be between 320x240 and 16384x16384")
    return (w, h)


def _pin_hash(value: object) -> str:
    if value in ("", None):
        return ""
    if not isinstance(value, str) or not re.fullmatch(r"(scrypt|pbkdf2_sha256)\$[^$\s]+\$[^$\s]+\$[^$\s]+", value):
        raise ValueError("must be written by `python -m kiosk set-pin`, not typed by hand")
    return value


def _path_under(base: Path) -> Callable[[object], Path]:
    def convert(value: object) -> Path:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("must be a folder or file path")
        return (base / value).resolve() if not Path(value).is_absolute() else Path(value)

    return convert


def _font(value: object) -> Path | None:
    if value == "auto":
        return None
    path = Path(value) if isinstance(value, str) else None
    if path is None or path.suffix.lower() not in (".ttf", ".otf", ".ttc") or not path.is_file():
        raise ValueError('must be "auto" or the path of an existing .ttf, .otf or .ttc font')
    return path


TOP_KEYS = ("kiosk_id", "language", "hall", "screen", "touch", "zones", "idle", "attract", "paths", "log", "admin",
            "fonts", "live", "media", "console", "hours", "schedule")


def load_config(path: Path, content: Path | None = None) -> Config:
    """Read and validate config.yaml. Raises ConfigError listing every problem found."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([f"{name}: no such file; pass --config PATH or run from the kiosk folder"]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError([f"{name}: cannot be read ({err}); save it as UTF-8 text"]) from None
    try:
        doc = parse_yaml(text)
    except YamlError as err:
        where = f"{name}:{err.line}" if err.line else name
        raise ConfigError([f"{where}: {err.message}"]) from None
    return _read(_Reader(name, doc), path.resolve().parent, content)


def _read(r: _Reader, base: Path, content_override: Path | None) -> Config:
    top = r.section(r.doc.data, (), TOP_KEYS)
    kiosk_id = r.value(top, ("kiosk_id",), "kiosk-1", _slug)
    language = r.value(top, ("language",), "zh", _choice("zh", "en"))
    hall_data = r.section(top.get("hall"), ("hall",), ("title", "title_en", "subtitle"))
    hall = HallConfig(
        r.value(hall_data, ("hall", "title"), HallConfig.title, _text(40)),
        r.value(hall_data, ("hall", "title_en"), HallConfig.title_en, _text(80)),
        r.value(hall_data, ("hall", "subtitle"), "", _text(80)),
    )
    screen = _read_screen(r, top)
    touch_data = r.section(top.get("touch"), ("touch",), ("cooldown_ms",))
    touch = TouchConfig(r.value(touch_data, ("touch", "cooldown_ms"), 80, _int_range(0, 1000, "milliseconds")))
    zones = _read_zones(r, top)
    idle_data = r.section(top.get("idle"), ("idle",), ("timeout_s", "warning_s"))
    idle = IdleConfig(
        r.value(idle_data, ("idle", "timeout_s"), 90, _int_range(10, 3600, "seconds")),
        r.value(idle_data, ("idle", "warning_s"), 15, _int_range(3, 120, "seconds")),
    )
    if idle.warning_s >= idle.timeout_s:
        r.fail(("idle", "warning_s"), f"must be shorter than idle.timeout_s ({idle.timeout_s}), got {idle.warning_s}")
    attract_data = r.section(top.get("attract"), ("attract",), ("playlist",))
    attract = AttractConfig(r.value(attract_data, ("attract", "playlist"), "default", _playlist_name))
    paths_data = r.section(top.get("paths"), ("paths",), ("content", "playlists", "log_db"))
    to_path = _path_under(base)
    paths = PathsConfig(
        r.value(paths_data, ("paths", "content"), base / "content", to_path),
        r.value(paths_data, ("paths", "playlists"), base / "playlists", to_path),
        r.value(paths_data, ("paths", "log_db"), base / "data" / "interactions.sqlite3", to_path),
    )
    if content_override is not None:
        paths = replace(paths, content=content_override.resolve())
    log_data = r.section(top.get("log"), ("log",), ("retention_days",))
    log = LogConfig(r.value(log_data, ("log", "retention_days"), 365, _int_range(1, 3650, "days")))
    admin_data = r.section(top.get("admin"), ("admin",), ("pin_hash", "gesture", "hold_s"))
    admin = AdminConfig(
        r.value(admin_data, ("admin", "pin_hash"), "", _pin_hash),
        r.value(admin_data, ("admin", "gesture"), "hold-top-left",
                _choice("hold-top-left", "hold-top-right", "hold-bottom-left", "hold-bottom-right")),
        r.value(admin_data, ("admin", "hold_s"), 5, _int_range(2, 30, "seconds")),
    )
    fonts_data = r.section(top.get("fonts"), ("fonts",), ("sans", "sans_bold", "serif", "ttc_face"))
    fonts = FontsConfig(
        r.value(fonts_data, ("fonts", "sans"), None, _font),
        r.value(fonts_data, ("fonts", "sans_bold"), None, _font),
        r.value(fonts_data, ("fonts", "serif"), None, _font),
        r.value(fonts_data, ("fonts", "ttc_face"), 2, _int_range(0, 15)),
    )
    live = _read_live(r, top)
    media = _read_media(r, top)
    console = _read_console(r, top, base)
    hours = read_hours(r, top)
    schedule = read_schedule(r, top)
    if r.errors:
        raise ConfigError(r.errors)
    return Config(Path(r.name), kiosk_id, language, hall, screen, touch, zones, idle, attract,
                  paths, admin, fonts, log, live, media, console, hours, schedule)


def _address(value: object) -> str:
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        raise ValueError('must be an IP address such as "0.0.0.0" (every network) or "127.0.0.1" '
                         "(this computer only)") from None


def _optional_file(base: Path) -> Callable[[object], Path | None]:
    """A path, resolved like paths.*; whether the file exists is the console's business, at its start."""
    to_path = _path_under(base)

    def convert(value: object) -> Path | None:
        return None if value in ("", None) else to_path(value)

    return convert


def _read_console(r: _Reader, top: dict, base: Path) -> ConsoleConfig:
    keys = ("bind", "port", "tls_cert", "tls_key", "session_hours", "upload", "history")
    data = r.section(top.get("console"), ("console",), keys)
    upload_data = r.section(data.get("upload"), ("console", "upload"), ("video_mb", "picture_mb"))
    history_data = r.section(data.get("history"), ("console", "history"), ("max_mb", "max_days"))
    megabytes = _int_range(1, 1_048_576, "megabytes")
    optional_file = _optional_file(base)
    console = ConsoleConfig(
        r.value(data, ("console", "bind"), ConsoleConfig.bind, _address),
        r.value(data, ("console", "port"), ConsoleConfig.port, _int_range(1, 65535, "a port number")),
        r.value(data, ("console", "tls_cert"), None, optional_file),
        r.value(data, ("console", "tls_key"), None, optional_file),
        r.value(data, ("console", "session_hours"), ConsoleConfig.session_hours, _int_range(1, 720, "hours")),
        UploadLimits(
            r.value(upload_data, ("console", "upload", "video_mb"), UploadLimits.video_mb, megabytes),
            r.value(upload_data, ("console", "upload", "picture_mb"), UploadLimits.picture_mb, megabytes)),
        HistoryLimits(
            r.value(history_data, ("console", "history", "max_mb"), HistoryLimits.max_mb, megabytes),
            r.value(history_data, ("console", "history", "max_days"), HistoryLimits.max_days,
                    _int_range(1, 3650, "days"))),
    )
    if (console.tls_cert is None) != (console.tls_key is None):
        r.fail(("console", "tls_key" if console.tls_key is None else "tls_cert"),
               "tls_cert and tls_key go together: give both files for HTTPS, or neither")
    return console


def _read_media(r: _Reader, top: dict) -> MediaConfig:
    data = r.section(top.get("media"), ("media",), ("volume", "volume_limit"))
    percent = _int_range(0, 100, "a percentage")
    limit = r.value(data, ("media", "volume_limit"), MediaConfig.volume_limit, percent)
    volume = r.value(data, ("media", "volume"), min(MediaConfig.volume, limit), percent)
    if volume > limit:
        r.fail(("media", "volume"), f"must not be above media.volume_limit ({limit}), got {volume}")
    return MediaConfig(min(volume, limit), limit)


def _rescan_s(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (value == 0 or 10 <= value <= 3600):
        raise ValueError("must be 0 (never) or seconds from 10 to 3600")
    return value


def _read_live(r: _Reader, top: dict) -> LiveConfig:
    data = r.section(top.get("live"), ("live",), ("watch", "poll_s", "rescan_s", "settle_s"))
    return LiveConfig(
        r.value(data, ("live", "watch"), "inotify", _choice("inotify", "polling")),
        r.value(data, ("live", "poll_s"), 2.0, _number_range(0.5, 60, "seconds")),
        r.value(data, ("live", "rescan_s"), 60, _rescan_s),
        r.value(data, ("live", "settle_s"), 2.0, _number_range(0.5, 30, "seconds")),
    )


def _read_screen(r: _Reader, top: dict) -> ScreenConfig:
    keys = ("fullscreen", "resolution", "orientation", "diagonal_in", "show_cursor", "output")
    data = r.section(top.get("screen"), ("screen",), keys)
    return ScreenConfig(
        r.value(data, ("screen", "fullscreen"), True, _bool),
        r.value(data, ("screen", "resolution"), None, _resolution),
        r.value(data, ("screen", "orientation"), "landscape", _choice("landscape", "portrait", "portrait-flipped")),
        r.value(data, ("screen", "diagonal_in"), 55.0, _number_range(7, 150, "inches")),
        r.value(data, ("screen", "show_cursor"), False, _bool),
        r.value(data, ("screen", "output"), "auto", _output_name),
    )


def _output_name(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9._-]{1,40}", value):
        raise ValueError('must be "auto" or the name of a screen output such as HDMI-1 (`xrandr` lists them)')
    return value


ZONE_KEYS = ("id", "title", "title_en", "subtitle", "colour", "order")


def _read_zones(r: _Reader, top: dict) -> tuple[ZoneConfig, ...]:
    if "zones" not in top:
        return DEFAULT_ZONES
    items = top["zones"]
    if not isinstance(items, list) or not 1 <= len(items) <= 12:
        r.fail(("zones",), f"must be a list of 1 to 12 zones, got {_shown(items)}")
        return DEFAULT_ZONES
    zones: list[ZoneConfig] = []
    for i, item in enumerate(items):
        path = ("zones", i)
        data = r.section(item, path, ZONE_KEYS)
        if "id" not in data or "title" not in data:
            r.fail(path, "each zone needs an id (its folder name in content/) and a title")
            continue
        zone = ZoneConfig(
            r.value(data, (*path, "id"), "", _slug),
            r.value(data, (*path, "title"), "", _text(20)),
            r.value(data, (*path, "title_en"), "", _text(40)),
            r.value(data, (*path, "subtitle"), "", _text(60)),
            r.value(data, (*path, "colour"), "#B22222", _colour),
            r.value(data, (*path, "order"), i + 1, _int_range(0, 999)),
        )
        if any(z.id == zone.id for z in zones):
            r.fail((*path, "id"), f'must be unique, got "{zone.id}" twice')
        zones.append(zone)
    return tuple(sorted(zones, key=lambda z: (z.order, z.id)))
