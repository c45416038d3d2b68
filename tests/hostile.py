"""The hostile corpus: every kind of file a curator's USB stick can bring, made on the fly.

Nothing large is committed: each case writes its files into a content/ folder from a few
bytes, Pillow and the demo hall's own video. A case names the path (relative to content/,
as `check` shows it) that its problem must name, or says the file is shown as it is.
Used by tests/test_hostile_corpus.py; run `python -m tests.hostile DIR` to write them all into
DIR/content for a look by hand.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

ZONE = "education"
PANEL_FIELDS = ("kind", "title", "title_en", "subtitle", "body", "body_en", "media", "cover", "date", "source",
                "tags", "qr", "order", "sample", "loop", "chart", "quiz", "events")


@dataclass(frozen=True)
class Case:
    name: str
    where: str  # the path its problem names, as shown; for a shown file, the file
    plant: Callable[[Path], None]  # writes the case under content/
    shown: bool = False  # a file the kiosk reads as it is (odd, but fine)


def _file(rel: str, data: bytes) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return plant


def picture(fmt: str, size: tuple[int, int] = (64, 48), mode: str = "RGB", **options: object) -> bytes:
    out = io.BytesIO()
    img = Image.new(mode, size, 200 if mode in ("L", "P", "I;16", "1") else (178, 34, 34, 128)[: len(mode)])
    img.save(out, format=fmt, **options)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims a picture of width × height."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + _png_chunk(b"IEND", b""))


def jpeg_claiming(width: int, height: int) -> bytes:
    data = bytearray(picture("JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def gif_claiming(width: int, height: int) -> bytes:
    data = bytearray(picture("GIF"))
    data[6:10] = struct.pack("<HH", width, height)
    return bytes(data)


def animated_gif(frames: int) -> bytes:
    out = io.BytesIO()
    images = [Image.new("P", (16, 16), i % 200) for i in range(frames)]
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=20, loop=0)
    return out.getvalue()


def iso_picture(brand: bytes) -> bytes:
    """The first boxes of a HEIC or AVIF photo, as a phone writes them."""
    ftyp = b"ftyp" + brand + b"\x00\x00\x00\x00mif1" + brand
    return struct.pack(">I", len(ftyp) + 4) + ftyp + struct.pack(">I", 40) + b"meta" + b"\x00" * 32 + os.urandom(512)


def cut(data: bytes, keep: float) -> bytes:
    """The first `keep` bytes (an int) or that share of the file (a float)."""
    return data[:keep] if isinstance(keep, int) else data[: int(len(data) * keep)]


def _yaml(rel: str, text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return _file(rel, text.encode(encoding))


def _alias_bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


BROKEN_YAML = {
    "unclosed-list": "title: 开天辟地\nmedia: [a.jpg,\n",
    "unclosed-section": "chart: {type: bar\n",
    "tab-indent": "media:\n\t- a.jpg\n",
    "colon-in-value": "title: 标题: 副标题\nbody: 正文\n",
    "unclosed-quote": 'title: "开天辟地\nbody: 正文\n',
    "duplicate-key": "title: 甲\ntitle: 乙\n",
    "bad-indent": "title: 甲\n  body: 乙\n subtitle: 丙\n",
    "nul-byte": "title: 甲\x00乙\n",
    "binary-tag": "title: !!binary aGVsbG8=\n",
    "python-tag": "title: !!python/object/apply:os.system ['true']\n",
    "unknown-tag": "title: !红色 开天辟地\n",
    "merge-key": "base: &b {title: 甲}\npanel:\n  <<: *b\n",
    "set-tag": "tags: !!set {党史, 建党}\n",
    "undefined-alias": "title: *nothing\n",
    "alias-bomb": _alias_bomb(),
    "deep-nesting": "body: " + "[" * 300 + "]" * 300 + "\n",
    "list-key": "? [title, body]\n: 正文\n",
    "two-documents": "title: 甲\n---\ntitle: 乙\n",
    "top-level-list": "- title: 甲\n- body: 乙\n",
    "top-level-text": "开天辟地\n",
    "bad-escape": 'title: "C:\\照片\\开天辟地"\n',
    "huge-number": "body: 正文\norder: " + "9" * 5000 + "\n",
    "nan-chart": "chart:\n  type: bar\n  labels: [a]\n  series:\n    - values: [.nan]\n",
    "infinite-chart": "chart:\n  type: pie\n  labels: [a, b]\n  series:\n    - values: [.inf, 1]\n",
    "at-sign": "title: @中共一大\n",
}
FINE_YAML = {  # odd, but the panel shows: the value is kept as written
    "impossible-date": "body: 正文\ndate: 2027-02-29\n",
    "bad-timestamp": "body: 正文\ndate: !!timestamp 1921-13-45\n",
    "bad-bool-tag": "body: 正文\nsource: !!bool maybe\n",
}
WRONG_TYPES = {"section": "{a: [1, 2]}", "nested-list": "[[1, [2]]]"}
HOSTILE_NAMES = {
    "terminal-escape": "esc\x1b[2J\x1b]0;pwned\x07.jpg",
    "line-break": "two\nlines.jpg",
    "carriage-return": "over\rwrite.jpg",
    "tab": "a\tb.jpg",
    "bidi-override": "photo\u202egpj.exe.jpg",
    "bidi-isolate": "photo\u2066x\u2069.jpg",
    "c1-control": "csi\x9b31m.jpg",
    "delete": "del\x7f.jpg",
    "not-utf8": os.fsdecode(b"\xff\xfe\xfd.jpg"),
}


def cases(video: bytes) -> list[Case]:
    """Every case; `video` is a real MP4 (the demo hall's) to cut and rename."""
    jpeg, png, gif = picture("JPEG", (400, 300)), picture("PNG", (400, 300)), picture("GIF", (400, 300))
    found: list[Case] = []

    def refused(name: str, data: bytes, ext: str) -> None:
        rel = f"{ZONE}/x-{name}{ext}"
        found.append(Case(name, rel, _file(rel, data)))

    def fine(name: str, data: bytes, ext: str) -> None:
        rel = f"{ZONE}/x-{name}{ext}"
        found.append(Case(name, rel, _file(rel, data), shown=True))

    for ext in (".jpg", ".png", ".gif", ".webp", ".mp4", ".mp3", ".md", ".srt"):
        refused(f"zero-byte{ext}", b"", ext)
    for label, data, ext in (("jpeg", jpeg, ".jpg"), ("png", png, ".png"), ("gif", gif, ".gif"),
                             ("mp4", video, ".mp4")):
        for keep in (1, 7, 0.1, 0.5, 0.9):
            refused(f"cut-{label}-{keep}", cut(data, keep), ext)
    refused("html-as-jpg", b"<!DOCTYPE html><html><body>404 Not Found</body></html>\n", ".jpg")
    refused("video-as-png", video, ".png")
    refused("text-as-mp4", "这不是视频\n".encode(), ".mp4")
    refused("png-as-mp3", png, ".mp3")
    refused("pdf-as-jpg", b"%PDF-1.7\n" + os.urandom(256), ".jpg")
    refused("zip-as-png", b"PK\x03\x04" + os.urandom(256), ".png")
    refused("random-bytes", os.urandom(4096), ".jpg")
    refused("heic-as-jpg", iso_picture(b"heic"), ".jpg")
    refused("avif-as-jpg", iso_picture(b"avif"), ".jpg")
    refused("heic-as-mp4", iso_picture(b"heic"), ".mp4")
    refused("tiff-as-jpg", picture("TIFF"), ".jpg")
    refused("svg-as-jpg", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>\n', ".jpg")
    refused("psd-as-jpg", b"8BPS\x00\x01" + os.urandom(256), ".jpg")
    refused("png-bomb", png_claiming(30000, 30000), ".png")
    refused("jpeg-bomb", jpeg_claiming(60000, 60000), ".jpg")
    refused("gif-huge-canvas", gif_claiming(65535, 65535), ".gif")
    refused("zero-size-png", png_claiming(0, 0), ".png")
    fine("webp-as-jpg", picture("WEBP"), ".jpg")
    fine("animated-3000-frames", animated_gif(3000), ".gif")
    fine("cmyk", picture("JPEG", mode="CMYK"), ".jpg")
    fine("16-bit", picture("PNG", mode="I;16"), ".png")
    fine("palette-transparent", picture("PNG", mode="P", transparency=0), ".png")
    fine("grey-alpha", picture("PNG", mode="LA"), ".png")
    fine("one-bit", picture("BMP", mode="1"), ".bmp")
    for name, text in BROKEN_YAML.items():
        rel = f"{ZONE}/y-{name}/panel.yaml"
        found.append(Case(f"yaml-{name}", rel, _yaml(rel, text)))
    for name, text in FINE_YAML.items():
        rel = f"{ZONE}/y-{name}/panel.yaml"
        found.append(Case(f"yaml-{name}", rel, _yaml(rel, text), shown=True))
    for encoding in ("gbk", "utf-16"):
        rel = f"{ZONE}/y-{encoding}/panel.yaml"
        found.append(Case(f"yaml-{encoding}", rel, _yaml(rel, "title: 开天辟地\nbody: 正文\n", encoding)))
    for field in PANEL_FIELDS:
        for label, value in WRONG_TYPES.items():
            rel = f"{ZONE}/t-{field}-{label}/panel.yaml"
            base = "title: 版面" if field == "body" else "body: 正文"
            found.append(Case(f"type-{field}-{label}", rel, _yaml(rel, f"{base}\n{field}: {value}\n")))
    for label, name in HOSTILE_NAMES.items():
        found.append(Case(f"name-{label}", f"{ZONE}/{_shown(name)}", _file(f"{ZONE}/{name}", jpeg)))
    gbk = os.fsdecode("红船精神".encode("gbk") + b".jpg")
    found.append(Case("name-gbk", f"{ZONE}/红船精神.jpg", _file(f"{ZONE}/{gbk}", jpeg)))
    folder = os.fsdecode("党史资料".encode("gbk"))
    found.append(Case("folder-gbk", f"{ZONE}/党史资料", _file(f"{ZONE}/{folder}/body.md", "正文\n".encode())))
    nfc, nfd = unicodedata.normalize("NFC", "café.jpg"), unicodedata.normalize("NFD", "café.jpg")
    found.append(Case("nfc-nfd-twins", f"{ZONE}/{nfc}", _twins(f"{ZONE}/{nfd}", f"{ZONE}/{nfc}", jpeg)))
    found.append(Case("link-out-file", f"{ZONE}/x-link-passwd.jpg", _link(f"{ZONE}/x-link-passwd.jpg", "/etc/passwd")))
    found.append(Case("link-out-folder", f"{ZONE}/x-link-etc", _link(f"{ZONE}/x-link-etc", "/etc")))
    found.append(Case("link-dangling", f"{ZONE}/x-dangling.jpg", _link(f"{ZONE}/x-dangling.jpg", "/nonexistent/a.jpg")))
    found.append(Case("link-loop", f"{ZONE}/x-loop/again", _loop(f"{ZONE}/x-loop")))
    found.append(Case("folder-named-like-a-file", f"{ZONE}/x-folder.jpg", _folder(f"{ZONE}/x-folder.jpg")))
    found.append(Case("file-named-like-a-folder", f"{ZONE}/x-no-extension", _file(f"{ZONE}/x-no-extension", jpeg)))
    found.append(Case("deep-nesting", f"{ZONE}/x-deep/1/2/3/4/5", _file(f"{ZONE}/x-deep/1/2/3/4/5/6/7/8/9/a.jpg", jpeg)))
    found.append(Case("not-a-zone", "x-stray", _file("x-stray/a.jpg", jpeg)))
    found.append(Case("fifo", f"{ZONE}/x-pipe.jpg", _fifo(f"{ZONE}/x-pipe.jpg")))
    return found


def _shown(name: str) -> str:
    from kiosk.content.safe_text import shown

    return shown(name)


def _twins(first: str, second: str, data: bytes) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        _file(first, data)(root)
        _file(second, data)(root)
    return plant


def _link(rel: str, target: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        os.symlink(target, root / rel)
    return plant


def _loop(rel: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        _file(f"{rel}/a.jpg", picture("JPEG"))(root)
        os.symlink(".", root / rel / "again")
    return plant


def _folder(rel: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        (root / rel).mkdir(parents=True)
    return plant


def _fifo(rel: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        os.mkfifo(root / rel)
    return plant


if __name__ == "__main__":
    target = Path(sys.argv[1]) / "content"
    (target / ZONE).mkdir(parents=True, exist_ok=True)
    demo_video = Path(__file__).resolve().parent.parent / "content" / "activity" / "23-主题党日掠影.mp4"
    for case in cases(demo_video.read_bytes()):
        case.plant(target)
    print(f"wrote the hostile corpus into {target}")
