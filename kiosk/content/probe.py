"""Cheap, safe checks of media files before anything decodes them.

A curator's USB stick brings zero-byte files, copies cut off half-way, text files renamed to
`.jpg`, 16000×16000 pictures that would take 770 MB to decode, and videos libvlc cannot
play. Every one of them must become a clear message, found by reading headers and tails only:
never by decoding a whole picture or playing a whole video.

Each check returns either facts about the file or the reason it cannot be shown, phrased as
"what is wrong. how to fix".
"""

from __future__ import annotations

import ctypes
import struct
import threading
import time
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

MAX_PIXELS = 50_000_000  # 50 megapixels: 200 MB once decoded at 32 bits per pixel
PARSE_TIMEOUT_MS = 5000
TRIAL_TIMEOUT_S = 3.0  # playing a file that does not say what it holds until it plays

IMAGE_EXTS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".bmp": "BMP", ".webp": "WEBP"}
VIDEO_EXTS = {".mp4", ".mov", ".mkv", ".webm", ".mpg", ".mpeg", ".m4v"}
AUDIO_EXTS = {".mp3", ".aac", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".flac"}
TEXT_EXTS = {".md", ".txt"}
SUBTITLE_EXTS = {".srt"}


@dataclass(frozen=True)
class MediaInfo:
    """What a probe learnt about a usable file."""

    width: int = 0
    height: int = 0
    duration_s: float = 0.0
    warning: str = ""  # usable, but the curator should know (e.g. a misleading extension)
    pixel_aspect: float = 1.0  # width of a pixel over its height as shown (wide pixels in DVD video)
    turn: int = 0  # degrees clockwise a video's stored picture is turned to be shown (phones: 90)


class MediaRefused(Exception):
    """The file cannot be shown; the message says what is wrong and how to fix it."""


# Pictures the kiosk does not decode, by what they are called, with the way to a JPEG or PNG.
UNREAD_PICTURES = {
    "HEIC": ("an iPhone photo (HEIC)", "Export it as JPEG (on the iPhone: Settings, Camera, Formats, Most Compatible)"),
    "AVIF": ("an AVIF picture", "Export it again as JPEG or PNG"),
    "TIFF": ("a TIFF picture (from a scanner or a print shop)", "Export it again as JPEG or PNG"),
    "SVG": ("an SVG drawing", "Export it as PNG at the size it is to be shown"),
    "PSD": ("a Photoshop file", "Export it from Photoshop as JPEG or PNG"),
}
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1")


def _iso_picture(head: bytes) -> str | None:
    """HEIC and AVIF are ISO boxes like MP4; their brands, not their ftyp box, tell them apart."""
    brands = head[8:12] + head[16:32]
    if b"avif" in brands or b"avis" in brands:
        return "AVIF"
    return "HEIC" if head[8:12] in _HEIC_BRANDS else None


def _markup(head: bytes) -> str | None:
    start = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<svg") or (start.startswith(b"<?xml") and b"<svg" in start):
        return "SVG"
    if start.startswith((b"<!doctype html", b"<html")):
        return "web page (HTML)"
    return None


def sniff(head: bytes) -> str | None:
    """Name the real format of a file from its first bytes (32 are enough but for text)."""
    if head[4:8] == b"ftyp" and _iso_picture(head):
        return _iso_picture(head)
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if head.startswith(b"8BPS"):
        return "PSD"
    if _markup(head):
        return _markup(head)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head.startswith(b"BM") and len(head) >= 26:
        return "BMP"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV audio"
    if head[4:8] == b"ftyp" or head[4:8] in (b"moov", b"mdat", b"wide", b"free"):
        return "MP4/MOV video"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "Matroska/WebM video"
    if head.startswith(b"OggS"):
        return "Ogg audio"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "MP3 audio"
    if head.startswith(b"fLaC"):
        return "FLAC audio"
    if head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")):
        return "MPEG video"
    if head.startswith(b"%PDF"):
        return "PDF document"
    if head.startswith(b"PK\x03\x04"):
        return "ZIP archive (or Office document)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "old Office document"
    if _looks_like_text(head):
        return "text"
    return None


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head[:512]:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head[:512].decode(encoding)
            return True
        except UnicodeDecodeError as err:
            if err.start > 500:  # a multi-byte character cut by the 512-byte window
                return True
    return False


def _read_head(path: Path, size: int = 4096) -> bytes:
    with path.open("rb") as f:
        return f.read(size)


def _read_tail(path: Path, size: int) -> bytes:
    with path.open("rb") as f:
        f.seek(0, 2)
        length = f.tell()
        f.seek(max(0, length - size))
        return f.read()


def _empty_check(path: Path) -> int:
    size = path.stat().st_size
    if size == 0:
        raise MediaRefused("the file is empty (0 bytes). Copy it again from the original")
    return size


def probe_image(path: Path) -> MediaInfo:
    """Check a picture's header and tail; refuse what is broken or too large to decode."""
    _empty_check(path)
    head = _read_head(path)
    real = sniff(head)
    expected = IMAGE_EXTS.get(path.suffix.lower())
    if real in UNREAD_PICTURES:
        what, fix = UNREAD_PICTURES[real]
        raise MediaRefused(f"is {what}, though it is named {path.suffix}. {fix}")
    if real not in IMAGE_EXTS.values():
        what = f"a {real} file" if real else "not a picture the kiosk can read"
        raise MediaRefused(f"is {what}, though it is named {path.suffix}. "
                           "Export it again as JPEG or PNG")
    width, height = _image_size(path, real)
    if width <= 0 or height <= 0:
        raise MediaRefused("the picture has no size (its header is damaged). Export it again")
    if width * height > MAX_PIXELS:
        raise MediaRefused(f"is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); "
                           f"the limit is {MAX_PIXELS // 1_000_000}. Resize it, for example to 3840 pixels wide")
    if not _image_complete(path, real):
        raise MediaRefused("the picture is cut off (truncated): the copy did not finish. Copy it again")
    warning = ""
    if expected and real != expected:
        warning = f"is a {real} picture named {path.suffix}; rename it to .{real.lower().replace('jpeg', 'jpg')}"
    return MediaInfo(width, height, warning=warning)


def _image_size(path: Path, real: str) -> tuple[int, int]:
    from PIL import Image  # header-only: Image.open reads no pixels

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None  # our own limit applies, with a clearer message
        try:
            with Image.open(path) as img:
                return img.size
        except (OSError, ValueError, SyntaxError, struct.error, EOFError):  # Pillow's damaged-header errors
            raise MediaRefused(f"the {real} picture's header is damaged, or the copy stopped early. "
                               "Copy it again, or export it again") from None
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _image_complete(path: Path, real: str) -> bool:
    """Whether the file ends the way a finished file of its format ends."""
    tail = _read_tail(path, 65536)
    stripped = tail.rstrip(b"\x00")
    if real == "PNG":
        return b"IEND\xaeB`\x82" in tail[-64:]
    if real == "JPEG":
        # The end-of-image marker; some cameras append a short trailer after it.
        return stripped.endswith(b"\xff\xd9") or b"\xff\xd9" in stripped[-4096:]
    if real == "GIF":
        return stripped.endswith(b";")
    if real == "BMP":
        head = _read_head(path, 6)
        return path.stat().st_size >= struct.unpack("<I", head[2:6])[0]
    if real == "WEBP":
        head = _read_head(path, 8)
        return path.stat().st_size >= struct.unpack("<I", head[4:8])[0] + 8
    return True


def mp4_problem(path: Path) -> str | None:
    """Walk the top-level boxes of an MP4/MOV: a box running past the end means a cut-off copy."""
    size = path.stat().st_size
    offset, seen = 0, set()
    with path.open("rb") as f:
        while offset < size:
            f.seek(offset)
            header = f.read(16)
            if len(header) < 8:
                return "the video is cut off (truncated): the copy did not finish. Copy it again"
            box_size, box_type = struct.unpack(">I4s", header[:8])
            if box_size == 1 and len(header) == 16:
                box_size = struct.unpack(">Q", header[8:16])[0]
            elif box_size == 0:
                box_size = size - offset
            if box_size < 8:
                return "the video's structure is damaged. Export it again"
            if offset + box_size > size:
                return "the video is cut off (truncated): the copy did not finish. Copy it again"
            seen.add(box_type)
            offset += box_size
    if b"moov" not in seen:
        return "the video has no index (moov box); it was not finished when recorded or exported. Export it again"
    return None


# libvlc's orientation of a video track (video_orientation_t in vlc_es.h) -> the clockwise turn
# that shows the stored picture upright. A phone held upright stores its picture sideways and
# says so (an MP4 display matrix, ffmpeg's `rotate`): 90 or 270; held upside down, 180. The
# mirrored orientations, which no camera writes, count as the turn with the same sides.
# libvlc turns the pictures it hands over (verified in tests/test_media_player.py); the kiosk
# only needs the shape they come in.
ORIENTATION_TURN = {0: 0, 1: 0, 2: 180, 3: 180, 4: 90, 5: 270, 6: 90, 7: 270}


def upright(width: int, height: int, pixel_aspect: float, turn: int) -> tuple[int, int, float]:
    """A stored picture's size and pixel shape once turned to be shown: a quarter turn swaps them."""
    if turn % 180 == 90:
        return height, width, (1 / pixel_aspect if pixel_aspect > 0 else 1.0)
    return width, height, pixel_aspect


@dataclass(frozen=True)
class _Streams:
    """What libvlc lists in a file: its tracks, and the picture's size and shape when known."""

    video: bool = False
    audio: bool = False
    width: int = 0  # as shown: turned upright
    height: int = 0
    pixel_aspect: float = 1.0
    turn: int = 0


def _streams(vlc, media) -> _Streams:
    video = audio = False
    width = height = turn = 0
    pixel_aspect = 1.0
    for track in media.tracks_get() or ():
        if track.type == vlc.TrackType.video:
            video = True
            # python-vlc declares the C union {audio, video, subtitle} as three
            # fields; only the first has the right offset, so read it as video.
            info = ctypes.cast(track.audio, ctypes.POINTER(vlc.VideoTrack)).contents
            if info.sar_num > 0 and info.sar_den > 0:
                pixel_aspect = info.sar_num / info.sar_den
            turn = ORIENTATION_TURN.get(info.orientation.value, 0)
            width, height, pixel_aspect = upright(info.width, info.height, pixel_aspect, turn)
        elif track.type == vlc.TrackType.audio:
            audio = True
    return _Streams(video, audio, width, height, pixel_aspect, turn)


class _Unseen:
    """Pictures of a trial play go to a small buffer in memory: no window ever opens."""

    SIZE = 64

    def __init__(self, vlc, player) -> None:
        self.buffer = (ctypes.c_ubyte * (self.SIZE * self.SIZE * 4))()
        address = ctypes.addressof(self.buffer)

        def lock(_opaque, planes) -> None:  # the picture's id is NULL: one buffer, nothing to tell apart
            planes[0] = address

        self.callbacks = (vlc.CallbackDecorators.VideoLockCb(lock),
                          vlc.CallbackDecorators.VideoUnlockCb(lambda *_: None),
                          vlc.CallbackDecorators.VideoDisplayCb(lambda *_: None))
        player.video_set_callbacks(*self.callbacks, None)
        player.video_set_format("RV32", self.SIZE, self.SIZE, self.SIZE * 4)


class StreamParser:
    """Asks libvlc what a video or audio file holds: duration and picture size.

    libvlc does not fail on a corrupt file, it plays zero frames; so a file counts as playable
    only when parsing finishes with a duration and, for a video, a video track. Some formats
    (MPEG-2 program streams, raw AAC) list their tracks or length only once they play: those
    are played for a moment, silent and unseen, before they are judged.
    """

    def __init__(self) -> None:
        self._instance = None
        self._unavailable = ""
        self._lock = threading.Lock()

    def _vlc(self):  # -> (module, instance) or raises MediaRefused
        if self._unavailable:
            raise MediaRefused(self._unavailable)
        if self._instance is None:
            try:
                import vlc

                # Silent (adummy) rather than without sound, so a trial play of raw AAC runs at
                # its pace and libvlc learns its length; no subtitles, no hardware decoders.
                self._instance = (vlc, vlc.Instance(["--intf=dummy", "--quiet", "--aout=adummy", "--no-spu",
                                                     "--no-sub-autodetect-file", "--no-video-title-show",
                                                     "--avcodec-hw=none"]))
                if self._instance[1] is None:
                    raise OSError("libvlc could not start")
            except (ImportError, OSError, NameError, AttributeError) as err:
                self._unavailable = (f"could not be checked: libvlc is missing ({err}). "
                                     "Install it with ./scripts/run.sh (Debian package vlc)")
                raise MediaRefused(self._unavailable) from None
        return self._instance

    def parse(self, path: Path, want_video: bool, timeout_ms: int = PARSE_TIMEOUT_MS) -> MediaInfo:
        try:
            vlc, instance = self._vlc()
        except MediaRefused as err:  # without libvlc the file is shown untested, and said so
            return MediaInfo(warning=str(err))
        with self._lock:
            media = instance.media_new_path(str(path))
            try:
                media.parse_with_options(vlc.MediaParseFlag.local, timeout_ms)
                waited = 0
                while waited < timeout_ms + 500:
                    status = media.get_parsed_status()
                    if status in (vlc.MediaParsedStatus.done, vlc.MediaParsedStatus.failed,
                                  vlc.MediaParsedStatus.timeout, vlc.MediaParsedStatus.skipped):
                        break
                    time.sleep(0.01)
                    waited += 10
                status = media.get_parsed_status()
                if status == vlc.MediaParsedStatus.timeout or waited >= timeout_ms + 500:
                    raise MediaRefused("the kiosk's player could not read the file within 5 seconds. Export it again as MP4 (H.264/AAC)")
                if status != vlc.MediaParsedStatus.done:
                    raise MediaRefused("the kiosk's player cannot read this file. Export it again as MP4 (H.264/AAC) or MP3")
                duration_s = max(media.get_duration(), 0) / 1000
                streams = _streams(vlc, media)
            finally:
                media.release()
            if duration_s <= 0 or not (streams.video if want_video else streams.audio):
                duration_s, streams = self._trial(vlc, instance, path, want_video, TRIAL_TIMEOUT_S)
        if want_video and not streams.video:
            raise MediaRefused("the kiosk's player finds no video picture in this file. Export it again as MP4 (H.264/AAC)")
        if not want_video and not streams.audio:
            raise MediaRefused("the kiosk's player finds no sound in this file. Export it again as MP3 or AAC")
        if duration_s <= 0:
            raise MediaRefused("the file has no duration, so it cannot be played. Export it again")
        return MediaInfo(streams.width, streams.height, duration_s, pixel_aspect=streams.pixel_aspect,
                         turn=streams.turn)

    @staticmethod
    def _trial(vlc, instance, path: Path, want_video: bool, timeout_s: float) -> tuple[float, _Streams]:
        """Play the file silent and unseen until libvlc knows its length and tracks (or it ends)."""
        media = instance.media_new_path(str(path))
        if not want_video:
            media.add_option("no-video")
        player = instance.media_player_new()
        player.set_media(media)
        unseen = _Unseen(vlc, player) if want_video else None
        try:
            player.play()
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                streams = _streams(vlc, media)
                known = streams.video and streams.width > 0 if want_video else streams.audio
                if (player.get_length() > 0 and known) or player.get_state() in (vlc.State.Ended, vlc.State.Error):
                    break
                time.sleep(0.02)
            return max(player.get_length(), 0) / 1000, _streams(vlc, media)
        finally:
            player.stop()
            player.release()
            media.release()
            del unseen  # its callbacks lived until libvlc let go of the player


def probe_stream(path: Path, kind: str, parser: StreamParser) -> MediaInfo:
    """Check a video (kind "video") or audio file: header sniffing first, then libvlc."""
    _empty_check(path)
    real = sniff(_read_head(path))
    if real in ("text", "web page (HTML)", "PDF document", "ZIP archive (or Office document)",
                "old Office document") or real in IMAGE_EXTS.values() or real in UNREAD_PICTURES:
        raise MediaRefused(f"is a {real} file, not {'a video' if kind == 'video' else 'sound'}, "
                           f"though it is named {path.suffix}. Put the real file here")
    if real == "MP4/MOV video":
        problem = mp4_problem(path)
        if problem:
            raise MediaRefused(problem)
    return parser.parse(path, want_video=kind == "video")


class Prober:
    """Probes files, remembering results by (path, size, mtime) so reloads only probe changes."""

    def __init__(self, max_entries: int = 20000) -> None:
        self.streams = StreamParser()
        self._cache: OrderedDict[tuple[str, int, int, str], MediaInfo | str] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def probe(self, path: Path, kind: str) -> MediaInfo:
        """`kind` is image, video or audio. Raises MediaRefused with a curator's message."""
        try:
            stat = path.stat()
        except OSError as err:
            raise MediaRefused(f"cannot be read ({err.strerror}). Check that the file is still there") from None
        key = (str(path), stat.st_size, stat.st_mtime_ns, kind)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
        if cached is None:
            try:
                cached = probe_image(path) if kind == "image" else probe_stream(path, kind, self.streams)
            except MediaRefused as err:
                cached = str(err)
            except OSError as err:
                cached = f"cannot be read ({err.strerror or err}). Check the file's permissions"
            with self._lock:
                self._cache[key] = cached
                while len(self._cache) > self._max:
                    self._cache.popitem(last=False)
        if isinstance(cached, str):
            raise MediaRefused(cached)
        return cached
