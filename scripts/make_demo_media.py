"""Draw every picture, video and narration of the demo exhibition from manifests.

The kiosk ships with a demo exhibition, a party-history / party-building hall (党史党建展厅).
None of its media is hand-made: each image, video and narration under ``content/`` is drawn
by this script from the manifests ``scripts/demo_media/<zone>.yaml``. Edit a manifest, rerun
the script, and commit the manifest together with the regenerated files. The output is
deterministic: every random choice is seeded from the output path, so the same manifest
gives the same pixels.

Run it from the repository root with the project venv::

    .venv/bin/python scripts/make_demo_media.py                   # everything
    .venv/bin/python scripts/make_demo_media.py --only 开天辟地      # paths containing a text
    .venv/bin/python scripts/make_demo_media.py --manifests /tmp/m --content /tmp/out

Manifest format (paths are relative to ``content/``)::

    images:
      - path: education/01-开天辟地/poster.jpg      # .jpg or .png
        style: poster     # poster | cover | timeline | map | portrait | badge | book | photo | org
        title: 开天辟地
        subtitle: 1921年7月 · 中共一大                # optional
        lines: [上海 · 嘉兴南湖]                     # optional; meaning depends on the style
        colour: "#B22222"                          # optional main colour
        size: [1600, 900]                          # optional; portraits default to [900, 1200]
        sample: true                               # optional: mark invented names with 示例
    videos:
      - path: education/05-百年征程/百年征程.mp4
        size: [1920, 1080]                         # optional, default [1280, 720]
        seconds: 12                                # 6..15
        title: 百年征程
        lines: [1921 · 中国共产党成立, 1949 · 中华人民共和国成立]   # one caption per scene
        subtitles: true                            # optional: also write a .srt, one cue a line
    audio:
      - path: education/02-入党誓词/誓词朗读.mp3      # .mp3 or .ogg, read by espeak-ng
        text: 我志愿加入中国共产党……

Style notes: timeline lines are "date · label"; map lines are station names in route order;
portrait has title = name and subtitle = role; book has subtitle = author/publisher; org lines
are "parent > child" (or a child of the top box). Badges use a plain five-pointed star and
never the party or national emblem.

Needs pygame-ce, PyYAML and Pillow (in the venv) and, from Debian, ffmpeg, espeak-ng (voice
``cmn``) and fonts-noto-cjk. Pictures are drawn offscreen with pygame at twice their size and
scaled down; videos are raw RGB frames piped into ffmpeg (H.264 + silent AAC); narrations are
spoken by espeak-ng and encoded by ffmpeg. One line is printed per file written. A bad entry
is reported as ``manifest:line: section entry N (path): problem`` and skipped; the exit
status is 1 when any entry failed. A main colour too light to carry gold and cream text
(gold, orange) is darkened, keeping its hue.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import hashlib
import itertools
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pygame.freetype
import yaml
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
SC_FACE = 2  # the Simplified Chinese face in the Noto CJK .ttc collections (face 0 is Japanese)
FPS = 30
SUPERSAMPLE = 2
JPEG_QUALITY = 85
PNG_BUDGET = 200_000  # bytes; larger PNGs are reduced to 256 colours
ASCENT = 0.88  # top of CJK ink above the baseline, as a fraction of the font size

Colour = tuple[int, int, int]
Point = tuple[float, float]
Surface = pygame.Surface

BLACK: Colour = (0, 0, 0)
WHITE: Colour = (255, 255, 255)
PARTY_RED: Colour = (200, 16, 46)
GOLD: Colour = (230, 180, 82)
GOLD_LIGHT: Colour = (253, 229, 168)
GOLD_DEEP: Colour = (168, 114, 38)
CREAM: Colour = (252, 246, 234)
PAPER: Colour = (242, 230, 206)
INK: Colour = (52, 34, 28)
INK_SOFT: Colour = (110, 86, 72)

STYLES = ("poster", "cover", "timeline", "map", "portrait", "badge", "book", "photo", "org")
IMAGE_KEYS = {"path", "style", "title", "subtitle", "lines", "colour", "size", "sample"}
VIDEO_KEYS = {"path", "size", "seconds", "title", "subtitle", "lines", "colour", "subtitles",
              "sample"}
AUDIO_KEYS = {"path", "text"}
LINE_KEY = "\0line"  # where the YAML loader records an entry's line number
DUP_KEY = "\0dup"  # ... and a key that was given twice

_warnings: list[str] = []


# ----------------------------------------------------------------------------- colours


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """Blend colour a towards b by t (0..1)."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def colour_at(stops: Sequence[tuple[float, Colour]], t: float) -> Colour:
    """Colour of a piecewise-linear gradient at position t."""
    if t <= stops[0][0]:
        return stops[0][1]
    for (t0, c0), (t1, c1) in itertools.pairwise(stops):
        if t <= t1:
            return mix(c0, c1, 0.0 if t1 == t0 else (t - t0) / (t1 - t0))
    return stops[-1][1]


def parse_colour(text: str) -> Colour:
    """Parse "#RRGGBB" or "#RGB"."""
    m = re.fullmatch(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})", text.strip())
    if not m:
        raise ValueError(f"colour {text!r} is not of the form \"#B22222\"")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def luminance(c: Colour) -> float:
    """Relative luminance (WCAG) of an sRGB colour."""

    def linear(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2])


def ground(c: Colour, limit: float = 0.14) -> Colour:
    """The colour, darkened (same hue) if needed, so gold and cream text stays legible on it
    and it reads on cream paper: party red passes unchanged, gold becomes dark bronze."""
    t = 0.0
    while luminance(mix(c, BLACK, t)) > limit and t < 0.9:
        t += 0.02
    return mix(c, BLACK, t)


@dataclass(frozen=True)
class Palette:
    """Colours derived from an entry's main colour."""

    main: Colour

    @property
    def light(self) -> Colour:
        return mix(self.main, WHITE, 0.22)

    @property
    def dark(self) -> Colour:
        return mix(self.main, BLACK, 0.35)

    @property
    def deep(self) -> Colour:
        return mix(self.main, BLACK, 0.62)

    @property
    def warm(self) -> bool:
        return self.main[0] >= self.main[2]

    @property
    def glow(self) -> Colour:
        """Colour of the light behind things: warm gold on red, pale tint on cool colours."""
        return (255, 200, 120) if self.warm else mix(self.main, WHITE, 0.55)

    @property
    def ray(self) -> Colour:
        return GOLD_LIGHT if self.warm else mix(self.main, WHITE, 0.7)


@dataclass
class Canvas:
    """A drawing surface with its palette, seeded random generator and layout units."""

    surf: Surface
    pal: Palette
    rng: random.Random

    @property
    def w(self) -> int:
        return self.surf.get_width()

    @property
    def h(self) -> int:
        return self.surf.get_height()

    @property
    def u(self) -> float:
        """One hundredth of the shorter side: the unit every layout is measured in."""
        return min(self.w, self.h) / 100

    @property
    def m(self) -> float:
        """The outer margin."""
        return 6 * self.u


# ----------------------------------------------------------------------------- text


@dataclass(frozen=True)
class Face:
    """Which Noto CJK font: sans or serif, regular or bold."""

    serif: bool = False
    bold: bool = False


SANS = Face()
SANS_BOLD = Face(bold=True)
SERIF_BOLD = Face(serif=True, bold=True)


@functools.cache
def get_font(face: Face) -> pygame.freetype.Font:
    """The Simplified Chinese face of a Noto CJK collection."""
    family = "Serif" if face.serif else "Sans"
    weight = "Bold" if face.bold else "Regular"
    path = FONT_DIR / f"Noto{family}CJK-{weight}.ttc"
    if not path.exists():
        raise SystemExit(f"error: font {path} is missing; install fonts-noto-cjk")
    pygame.freetype.init()
    font = pygame.freetype.Font(str(path), 32, font_index=SC_FACE)
    font.origin = True
    return font


@functools.lru_cache(maxsize=50_000)
def text_width(face: Face, text: str, size: float) -> float:
    """Width from the pen origin to the right edge of the ink."""
    if not text:
        return 0.0
    rect = get_font(face).get_rect(text, size=size)
    return float(rect.x + rect.width)


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:%/+'’\-]*|\s+|.", re.DOTALL)
_CLOSING = set("，。、；：！？）》」』】〉”’…·,.;:!?)]}%")
_OPENING = set("（《「『【〈“‘([{")


def tokenize(text: str) -> list[str]:
    """Split text into unbreakable pieces: CJK characters, Latin words, spaces; punctuation
    sticks to its neighbour so no line starts with a closing or ends with an opening mark."""
    out: list[str] = []
    carry = ""
    for tok in _TOKEN.findall(text):
        if out and all(c in _CLOSING for c in tok):
            out[-1] += tok
        elif all(c in _OPENING for c in tok):
            carry += tok
        else:
            out.append(carry + tok)
            carry = ""
    if carry:
        out.append(carry)
    return out


_PHRASE = re.compile(r".+?(?:[，。；：、！？,;!?]+\s*|\s+[·•|｜/]\s+|\s+|$)", re.DOTALL)
_SEPARATORS = " ·•|｜/"


def tidy(line: str) -> str:
    """Trim a wrapped line; a separator such as " · " is not needed at a line break."""
    return line.strip().rstrip(_SEPARATORS).lstrip(_SEPARATORS)


def wrap(text: str, face: Face, size: float, max_w: float) -> list[str]:
    """Greedy line breaking of Chinese/Latin text to a width."""
    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        start = len(lines)
        for tok in tokenize(para):
            if text_width(face, tidy(cur + tok), size) <= max_w:
                cur += tok
                continue
            if tidy(cur):
                lines.append(tidy(cur))
            tok = tok.lstrip()
            while len(tok) > 1 and text_width(face, tok, size) > max_w:
                k = len(tok) - 1
                while k > 1 and text_width(face, tok[:k], size) > max_w:
                    k -= 1
                lines.append(tok[:k])
                tok = tok[k:]
            cur = tok
        if tidy(cur) or len(lines) == start:
            lines.append(tidy(cur))
    return lines


def wrap_phrases(text: str, face: Face, size: float, max_w: float) -> list[str] | None:
    """Break only after punctuation, spaces or separators; None if a phrase is too wide."""
    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for phrase in _PHRASE.findall(para):
            if text_width(face, tidy(cur + phrase), size) <= max_w:
                cur += phrase
            elif not tidy(cur) or text_width(face, tidy(phrase), size) > max_w:
                return None
            else:
                lines.append(tidy(cur))
                cur = phrase
        lines.append(tidy(cur))
    return lines


def balance(wrapper: Callable[[float], list[str] | None], max_w: float) -> list[str] | None:
    """The narrowest wrapping with as few lines as at full width (even line lengths)."""
    lines = wrapper(max_w)
    if lines is None or len(lines) < 2:
        return lines
    lo, hi = max_w * 0.3, max_w
    for _ in range(10):
        mid = (lo + hi) / 2
        trial = wrapper(mid)
        if trial is not None and len(trial) <= len(lines):
            hi = mid
        else:
            lo = mid
    return wrapper(hi)


def wrap_balanced(text: str, face: Face, size: float, max_w: float) -> list[str]:
    """Even-length lines, breaking between phrases when that costs no extra line."""
    lines = balance(lambda w: wrap(text, face, size, w), max_w) or [text]
    if len(lines) > 1:
        phrased = balance(lambda w: wrap_phrases(text, face, size, w), max_w)
        if phrased is not None and len(phrased) <= len(lines):
            return phrased
    return lines


@dataclass(frozen=True)
class TextSpec:
    """What to write and how: preferred and smallest size in pixels, at most max_lines."""

    text: str
    face: Face
    colour: Colour
    size: float
    min_size: float
    max_lines: int = 2
    align: str = "center"
    leading: float = 1.38
    gold: bool = False
    shadow: Colour | None = None


@dataclass(frozen=True)
class Block:
    """Text fitted to a width: a size and its lines."""

    spec: TextSpec
    size: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return self.size * (1 + self.spec.leading * (len(self.lines) - 1))

    @property
    def width(self) -> float:
        return max((text_width(self.spec.face, ln, self.size) for ln in self.lines), default=0.0)


def ellipsize(line: str, face: Face, size: float, max_w: float) -> str:
    """Shorten a line so that it ends in "…" within max_w."""
    while line and text_width(face, line + "…", size) > max_w:
        line = line[:-1]
    return line.rstrip("，、。；：· ") + "…"


def fit(spec: TextSpec, max_w: float, max_h: float = math.inf) -> Block:
    """Largest size ≤ spec.size whose wrapped lines fit the box; truncate as a last resort."""
    size = spec.size
    while True:
        lines = wrap_balanced(spec.text, spec.face, size, max_w)
        block = Block(spec, size, tuple(lines))
        if len(lines) <= spec.max_lines and block.height <= max_h:
            return block
        if size <= spec.min_size:
            break
        size = max(spec.min_size, size * 0.94)
    lines = wrap(spec.text, spec.face, size, max_w)
    keep = spec.max_lines
    if max_h < math.inf:
        keep = min(keep, int((max_h - size) // (size * spec.leading)) + 1)
    keep = max(1, keep)
    if len(lines) > keep:
        lines = lines[:keep]
        lines[-1] = ellipsize(lines[-1], spec.face, size, max_w)
        _warnings.append(f"text too long for its place, shortened: {spec.text!r}")
    return Block(spec, size, tuple(lines))


@dataclass
class Text:
    """Rendered text: a transparent surface with pad pixels around a w × h ink box."""

    surf: Surface
    pad: int
    w: float
    h: float

    def blit(self, dst: Surface, x: float, y: float) -> None:
        dst.blit(self.surf, (round(x - self.pad), round(y - self.pad)))


def _draw_lines(surf: Surface, block: Block, colour: Colour, pad: int, dy: float = 0) -> None:
    spec, s = block.spec, block.size
    font = get_font(spec.face)
    for i, line in enumerate(block.lines):
        lw = text_width(spec.face, line, s)
        x = pad + align_offset(spec.align, block.width, lw)
        if spec.align == "left" and line[:1] in "（《「『【〈“‘":
            x -= s * 0.45  # hanging punctuation: the bracket's blank half sits in the margin
        font.render_to(surf, (x, pad + dy + s * ASCENT + i * s * spec.leading), line, colour,
                       size=s)


def align_offset(align: str, box_w: float, w: float) -> float:
    return {"left": 0.0, "center": (box_w - w) / 2, "right": box_w - w}[align]


def render_block(block: Block) -> Text:
    """Render fitted text, with an optional gold gradient fill and soft drop shadow."""
    spec, s = block.spec, block.size
    blur_r = s * 0.06 if spec.shadow else 0.0
    pad = math.ceil(s * 0.45 + blur_r * 3)
    size = (math.ceil(block.width) + 2 * pad, math.ceil(block.height) + 2 * pad)
    ink = Surface(size, pygame.SRCALPHA)
    _draw_lines(ink, block, WHITE if spec.gold else spec.colour, pad)
    if spec.gold:
        fill = Surface(size, pygame.SRCALPHA)
        fill.fill((*GOLD, 255))
        band = gradient((size[0], max(1, round(s * 1.02))),
                        [(0, (255, 240, 196)), (0.5, (242, 200, 106)), (1, (204, 146, 56))])
        for i in range(len(block.lines)):  # each line shades from pale gold to deep gold
            fill.blit(band, (0, round(pad + i * s * spec.leading)))
        ink.blit(fill, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    if spec.shadow:
        out = Surface(size, pygame.SRCALPHA)
        _draw_lines(out, block, spec.shadow, pad, dy=s * 0.045)
        out = blur(out, blur_r)
        out.blit(ink, (0, 0))
        ink = out
    return Text(ink, pad, block.width, block.height)


def draw_text(surf: Surface, block: Block, x: float, y: float, box_w: float | None = None) -> None:
    """Draw a block with its top-left ink corner at (x, y), aligned inside box_w if given."""
    text = render_block(block)
    if box_w is not None:
        x += align_offset(block.spec.align, box_w, block.width)
    text.blit(surf, x, y)


@dataclass(frozen=True)
class Ornament:
    """A fixed-height decoration in a text column: draw(surface, x, y, width)."""

    height: float
    draw: Callable[[Surface, float, float, float], None]


ColumnItem = TextSpec | Ornament


def fit_column(items: Sequence[tuple[ColumnItem, float]], max_w: float,
               max_h: float) -> tuple[list[Block | None], float]:
    """Fit a column of texts (each with the gap above it); shrink texts and gaps together
    (never below a text's min_size) until the column fits, and as a last resort shorten the
    texts. Returns the blocks and the scale applied to the gaps."""
    scale = 1.0
    fixed = sum(it.height for it, _ in items if isinstance(it, Ornament))
    for _ in range(16):
        blocks = [None if isinstance(it, Ornament) else
                  fit(replace(it, size=max(it.size * scale, it.min_size)), max_w)
                  for it, _ in items]
        total = fixed + scale * sum(g for _, g in items) + sum(b.height for b in blocks if b)
        if total <= max_h:
            return blocks, scale
        scale *= 0.92
    room = max_h - fixed - scale * sum(g for _, g in items)
    heights = sum(b.height for b in blocks if b) or 1.0
    blocks = [None if b is None else fit(replace(b.spec, size=b.size), max_w,
                                         room * b.height / heights) for b in blocks]
    return blocks, scale


def column(surf: Surface, items: Sequence[tuple[ColumnItem, float]], box: pygame.Rect,
           valign: str = "center") -> pygame.Rect:
    """Fit and draw a column of texts and ornaments in box; return the area used."""
    blocks, scale = fit_column(items, box.w, box.h)
    total = sum(it.height if isinstance(it, Ornament) else 0.0 for it, _ in items)
    total += scale * sum(g for _, g in items) + sum(b.height for b in blocks if b)
    y = box.top + {"top": 0.0, "center": (box.h - total) / 2, "bottom": box.h - total}[valign]
    top = y
    for (item, gap), block in zip(items, blocks):
        y += gap * scale
        if isinstance(item, Ornament):
            item.draw(surf, box.x, y, box.w)
            y += item.height
        elif block is not None:
            draw_text(surf, block, box.x, y, box.w)
            y += block.height
    return pygame.Rect(box.x, round(top), box.w, round(y - top))


# ----------------------------------------------------------------------------- primitives


def gradient(size: tuple[int, int], stops: Sequence[tuple[float, Colour]],
             horizontal: bool = False) -> Surface:
    """A linear gradient surface."""
    n = 256
    strip = Surface((n, 2) if horizontal else (2, n))
    for i in range(n):
        c = colour_at(stops, i / (n - 1))
        strip.fill(c, (i, 0, 1, 2) if horizontal else (0, i, 2, 1))
    return pygame.transform.smoothscale(strip, (max(1, size[0]), max(1, size[1])))


def radial(size: tuple[int, int], colour: Colour, inner: int, outer: int = 0,
           power: float = 1.0) -> Surface:
    """An elliptical gradient of alpha: inner at the centre to outer at the edge."""
    n = 160
    half = n / 2
    small = Surface((n, n), pygame.SRCALPHA)
    small.fill((*colour, outer))
    for k in range(int(half), 0, -1):
        a = inner + (outer - inner) * (k / half) ** power
        pygame.draw.circle(small, (*colour, round(a)), (half, half), k)
    return pygame.transform.smoothscale(small, (max(1, size[0]), max(1, size[1])))


def blit_center(dst: Surface, src: Surface, c: Point, flags: int = 0) -> None:
    dst.blit(src, (round(c[0] - src.get_width() / 2), round(c[1] - src.get_height() / 2)),
             special_flags=flags)


def blur(surf: Surface, radius: float) -> Surface:
    """Gaussian blur, done at reduced size for large radii."""
    if radius < 0.5:
        return surf.copy()
    f = max(1, int(radius // 4))
    w, h = surf.get_size()
    small = pygame.transform.smoothscale(surf, (max(1, w // f), max(1, h // f)))
    small = pygame.transform.gaussian_blur(small, max(1, round(radius / f)))
    return pygame.transform.smoothscale(small, (w, h))


def glow(cv: Canvas, c: Point, radius: float, colour: Colour, alpha: int,
         power: float = 0.7) -> None:
    blit_center(cv.surf, radial((round(radius * 2), round(radius * 2)), colour, alpha, 0, power), c)


def vignette(cv: Canvas, strength: int = 120) -> None:
    v = radial((round(cv.w * 1.5), round(cv.h * 1.6)), BLACK, 0, strength, 2.4)
    blit_center(cv.surf, v, (cv.w / 2, cv.h / 2))


def rays_surface(size: int, n: int, colour: Colour, alpha: int, rotation: float = 0.0,
                 width: float = 0.5) -> Surface:
    """Soft light rays fanning out from the centre and fading with distance."""
    s = 720
    c = s / 2
    small = Surface((s, s), pygame.SRCALPHA)
    small.fill((*colour, 0))
    for i in range(n):
        a0 = rotation + 2 * math.pi * i / n
        a1 = a0 + 2 * math.pi / n * width
        pts = [(c, c), (c + s * math.cos(a0), c + s * math.sin(a0)),
               (c + s * math.cos(a1), c + s * math.sin(a1))]
        pygame.draw.polygon(small, (*colour, alpha), pts)
    small = pygame.transform.gaussian_blur(small, 3)
    mask = radial((s, s), WHITE, 255, 0, 0.8)
    small.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return pygame.transform.smoothscale(small, (size, size))


def star_points(c: Point, r: float, rot: float = -math.pi / 2,
                inner: float = 0.382) -> list[Point]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * inner
        a = rot + i * math.pi / 5
        pts.append((c[0] + rr * math.cos(a), c[1] + rr * math.sin(a)))
    return pts


def draw_star(surf: Surface, c: Point, r: float, colour: Colour | tuple[int, int, int, int],
              rot: float = -math.pi / 2) -> None:
    """A five-pointed star; an RGBA colour is drawn translucently."""
    if len(colour) == 4:
        size = math.ceil(r * 2) + 4
        tmp = Surface((size, size), pygame.SRCALPHA)
        pygame.draw.polygon(tmp, colour, star_points((size / 2, size / 2), r, rot))
        blit_center(surf, tmp, c)
    else:
        pygame.draw.polygon(surf, colour, star_points(c, r, rot))


def faceted_star(surf: Surface, c: Point, r: float, light: Colour, dark: Colour) -> None:
    """A bevelled five-pointed star: each arm has a light and a dark facet."""
    pts = star_points(c, r)
    for k in range(5):
        tip, left, right = pts[2 * k], pts[(2 * k - 1) % 10], pts[2 * k + 1]
        pygame.draw.polygon(surf, light, [c, left, tip])
        pygame.draw.polygon(surf, dark, [c, tip, right])


def scatter_stars(cv: Canvas, n: int, avoid: pygame.Rect, area: pygame.Rect | None = None,
                  colour: Colour = GOLD_LIGHT) -> None:
    """Small translucent stars sprinkled over an area, keeping clear of one rectangle."""
    area = area or cv.surf.get_rect()
    u = cv.u
    placed = 0
    for _ in range(n * 30):
        if placed >= n:
            break
        x = cv.rng.uniform(area.left, area.right)
        y = cv.rng.uniform(area.top, area.bottom)
        r = cv.rng.uniform(0.5, 1.5) * u
        if avoid.inflate(r * 4, r * 4).collidepoint(x, y):
            continue
        draw_star(cv.surf, (x, y), r, (*colour, cv.rng.randint(70, 170)),
                  -math.pi / 2 + cv.rng.uniform(-0.3, 0.3))
        placed += 1


def ribbon(cv: Canvas, y0: float, amp: float, thick: float, colours: tuple[Colour, Colour],
           alpha: int, phase: float, slope: float = 0.0, waves: float = 1.2) -> None:
    """A flowing silk ribbon (飘带) across the canvas, twisting and shaded along its length."""
    w = cv.w
    top_y = y0 - amp - thick - abs(slope) * w
    layer_h = 2 * (amp + thick + abs(slope) * w) + 2
    layer = Surface((w, math.ceil(layer_h)), pygame.SRCALPHA)
    step = max(3, w // 220)

    def edges(x: float) -> tuple[float, float, float]:
        t = x / w
        mid = y0 + amp * math.sin(2 * math.pi * waves * t + phase) + slope * (x - w / 2) - top_y
        tw = math.cos(2 * math.pi * waves * 0.5 * t + phase * 0.7)
        half = thick * (0.18 + 0.82 * abs(tw)) / 2
        return mid - half, mid + half, tw

    for x in range(0, w + step, step):
        a0, b0, tw = edges(x)
        a1, b1, _ = edges(x + step + 1)
        col = mix(colours[0], colours[1], 0.5 + 0.5 * tw)
        pygame.draw.polygon(layer, (*col, alpha), [(x, a0), (x + step + 1, a1),
                                                   (x + step + 1, b1), (x, b0)])
    cv.surf.blit(layer, (0, round(top_y)))


def ridge(cv: Canvas, y_base: float, amp: float, colour: Colour, alpha: int, seed: int) -> None:
    """A mountain-range silhouette along the bottom."""
    rng = random.Random(seed)
    waves = [(rng.uniform(1, 3), rng.uniform(0, 6.3), rng.uniform(0.5, 1.0)),
             (rng.uniform(3, 7), rng.uniform(0, 6.3), rng.uniform(0.2, 0.45)),
             (rng.uniform(8, 15), rng.uniform(0, 6.3), rng.uniform(0.06, 0.14))]
    pts = []
    for i in range(161):
        t = i / 160
        y = sum(a * math.sin(2 * math.pi * f * t + p) for f, p, a in waves)
        pts.append((t * cv.w, y_base - amp * y))
    top = min(p[1] for p in pts)
    layer = Surface((cv.w, math.ceil(cv.h - top) + 1), pygame.SRCALPHA)
    poly = [(x, y - top) for x, y in pts] + [(cv.w, cv.h - top), (0, cv.h - top)]
    pygame.draw.polygon(layer, (*colour, alpha), poly)
    cv.surf.blit(layer, (0, round(top)))


FRET_CORNER = [(0, 4), (0, 0), (4, 0), (4, 3), (1, 3), (1, 1), (3, 1), (3, 2), (2, 2)]


def frame(cv: Canvas, inset: float, colour: Colour, tag: bool = False) -> None:
    """A double gold frame with a square-spiral (回纹) ornament in each corner (but the
    top-right one when the 示例 tag goes there)."""
    u = cv.u
    outer = pygame.Rect(0, 0, cv.w, cv.h).inflate(-2 * inset, -2 * inset)
    inner = outer.inflate(-1.8 * u, -1.8 * u)
    pygame.draw.rect(cv.surf, colour, outer, max(1, round(0.32 * u)))
    pygame.draw.rect(cv.surf, colour, inner, max(1, round(0.14 * u)))
    cell = 0.85 * u
    width = max(1, round(0.26 * u))
    corners = [(1, 1, inner.left, inner.top), (1, -1, inner.left, inner.bottom),
               (-1, -1, inner.right, inner.bottom)]
    if not tag:
        corners.append((-1, 1, inner.right, inner.top))
    for sx, sy, ox, oy in corners:
        pts = [(ox + sx * (0.9 * u + x * cell), oy + sy * (0.9 * u + y * cell))
               for x, y in FRET_CORNER]
        pygame.draw.lines(cv.surf, colour, False, pts, width)


def fret_band(surf: Surface, x0: float, x1: float, y: float, cell: float,
              colour: Colour) -> None:
    """A band of 回 squares between two rules, centred on y."""
    lw = max(1, round(cell * 0.12))
    pygame.draw.line(surf, colour, (x0, y - cell * 0.75), (x1, y - cell * 0.75), lw)
    pygame.draw.line(surf, colour, (x0, y + cell * 0.75), (x1, y + cell * 0.75), lw)
    n = max(1, int((x1 - x0) / (cell * 1.5)))
    pitch = (x1 - x0) / n
    for i in range(n):
        cx = x0 + (i + 0.5) * pitch
        pygame.draw.rect(surf, colour, (cx - cell * 0.45, y - cell * 0.45, cell * 0.9, cell * 0.9),
                         lw)
        pygame.draw.rect(surf, colour, (cx - cell * 0.16, y - cell * 0.16, cell * 0.32, cell * 0.32))


def divider(colour: Colour, u: float, align: str = "center", half: float = 14) -> Ornament:
    """A thin rule with a diamond (centred) or a short bar with a star (left-aligned)."""

    def draw(surf: Surface, x: float, y: float, w: float) -> None:
        lw = max(1, round(0.2 * u))
        cy = y + 1.2 * u
        if align == "left":
            draw_star(surf, (x + 1.1 * u, cy), 1.1 * u, colour)
            pygame.draw.line(surf, colour, (x + 3 * u, cy), (x + 3 * u + half * u, cy), lw)
            return
        cx = x + w / 2
        pygame.draw.line(surf, colour, (cx - half * u, cy), (cx - 2 * u, cy), lw)
        pygame.draw.line(surf, colour, (cx + 2 * u, cy), (cx + half * u, cy), lw)
        d = 1.0 * u
        pygame.draw.polygon(surf, colour, [(cx - d, cy), (cx, cy - d), (cx + d, cy), (cx, cy + d)])
        for sx in (-1, 1):
            pygame.draw.circle(surf, colour, (cx + sx * (half + 0.9) * u, cy), 0.35 * u)

    return Ornament(2.4 * u, draw)


def star_row(colour: Colour, u: float) -> Ornament:
    """Three small stars, the middle one larger."""

    def draw(surf: Surface, x: float, y: float, w: float) -> None:
        cx, cy = x + w / 2, y + 1.6 * u
        draw_star(surf, (cx, cy), 1.6 * u, colour)
        for sx in (-1, 1):
            draw_star(surf, (cx + sx * 3.6 * u, cy + 0.3 * u), 1.0 * u, colour)

    return Ornament(3.2 * u, draw)


def shadow_rect(cv: Canvas, rect: pygame.Rect, radius: float, alpha: int = 90,
                offset: Point = (0, 0)) -> None:
    """A soft drop shadow under a (rounded) rectangle."""
    blur_r = max(2.0, radius)
    pad = math.ceil(blur_r * 3)
    s = Surface((rect.w + 2 * pad, rect.h + 2 * pad), pygame.SRCALPHA)
    pygame.draw.rect(s, (30, 14, 10, alpha), (pad, pad, rect.w, rect.h),
                     border_radius=round(radius))
    cv.surf.blit(blur(s, blur_r), (rect.x - pad + offset[0], rect.y - pad + offset[1]))


def panel(cv: Canvas, rect: pygame.Rect, fill: tuple[int, int, int, int], radius: float,
          border: Colour | None = None, border_w: float = 0) -> None:
    """A translucent rounded rectangle."""
    s = Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(s, fill, s.get_rect(), border_radius=round(radius))
    if border:
        pygame.draw.rect(s, border, s.get_rect(), max(1, round(border_w)),
                         border_radius=round(radius))
    cv.surf.blit(s, rect.topleft)


def sample_tag(cv: Canvas) -> None:
    """A small clear "示例" tag in the top-right corner."""
    u = cv.u
    block = fit(TextSpec("示例", SANS_BOLD, PARTY_RED, 2.7 * u, 2.7 * u, 1), 99 * u)
    w, h = block.width + 3.4 * u, 4.6 * u
    rect = pygame.Rect(round(cv.w - 4.4 * u - w), round(4.4 * u), round(w), round(h))
    shadow_rect(cv, rect, 0.8 * u, 70, (0, 0.3 * u))
    panel(cv, rect, (*CREAM, 240), 0.9 * u, PARTY_RED, 0.3 * u)
    draw_text(cv.surf, block, rect.x + (rect.w - block.width) / 2,
              rect.y + (rect.h - block.height) / 2 - 0.1 * u)


def sample_reserve(cv: Canvas, sample: bool) -> float:
    """Width to keep free at the top right for the 示例 tag."""
    return 14 * cv.u if sample else 0.0


def red_background(cv: Canvas, focus: Point) -> None:
    """Main-colour gradient with a warm glow around focus and a dark vignette."""
    p = cv.pal
    cv.surf.blit(gradient((cv.w, cv.h), [(0, mix(p.main, WHITE, 0.06)), (0.55, p.main),
                                         (1, p.deep)]), (0, 0))
    glow(cv, focus, max(cv.w, cv.h) * 0.55, p.glow, 90)
    vignette(cv, 110)


def paper_background(cv: Canvas) -> None:
    """Cream paper with a faint tint of the main colour."""
    cv.surf.blit(gradient((cv.w, cv.h), [(0, CREAM), (1, PAPER)]), (0, 0))
    glow(cv, (cv.w, cv.h), max(cv.w, cv.h) * 0.6, cv.pal.main, 22, 1.2)
    glow(cv, (0, 0), max(cv.w, cv.h) * 0.4, GOLD, 26, 1.2)


def header_band(cv: Canvas, title: str, subtitle: str, sample: bool) -> float:
    """A main-colour header band with title and subtitle; returns its bottom y."""
    u, m, p = cv.u, cv.m, cv.pal
    max_w = cv.w - 2 * m - sample_reserve(cv, sample)
    tb = fit(TextSpec(title, SERIF_BOLD, GOLD, 6.2 * u, 3.6 * u, 2, "left", 1.25, gold=True,
                      shadow=p.deep), max_w)
    sb = fit(TextSpec(subtitle, SANS, mix(CREAM, p.main, 0.12), 3.0 * u, 2.2 * u, 1, "left"),
             max_w) if subtitle else None
    top = 4.6 * u
    bottom = top + tb.height + (1.8 * u + sb.height if sb else 0) + 3.8 * u
    cv.surf.blit(gradient((cv.w, round(bottom)), [(0, p.dark), (0.6, p.main), (1, p.light)],
                          horizontal=True), (0, 0))
    band = cv.surf.subsurface((0, 0, cv.w, round(bottom)))  # clips the rays to the band
    blit_center(band, rays_surface(round(cv.w * 0.9), 24, p.ray, 40), (cv.w, bottom))
    for fx, fy, r in ((0.80, 0.30, 1.6), (0.86, 0.62, 1.0), (0.91, 0.36, 1.2)):
        draw_star(band, (cv.w * fx, bottom * fy), r * u, (*GOLD_LIGHT, 130))
    draw_text(cv.surf, tb, m, top)
    if sb:
        draw_text(cv.surf, sb, m, top + tb.height + 1.8 * u)
    pygame.draw.rect(cv.surf, GOLD, (0, round(bottom), cv.w, max(2, round(0.55 * u))))
    pygame.draw.rect(cv.surf, GOLD_DEEP, (0, round(bottom + 1.1 * u), cv.w, max(1, round(0.16 * u))))
    return bottom + 1.3 * u


def split_event(line: str) -> tuple[str, str]:
    """Split "1921 · 中共一大" into date and label (date may be empty)."""
    m = re.match(r"\s*(.+?)\s*[·•｜|：]\s*(.+)", line)
    if m and len(m.group(1)) <= 14:
        return m.group(1), m.group(2)
    return "", line.strip()


# ----------------------------------------------------------------------------- styles


def draw_poster(cv: Canvas, job: ImageJob) -> None:
    """A centred title poster: light rays, scattered stars, silk ribbons and a 回纹 frame."""
    u, m, p = cv.u, cv.m, cv.pal
    focus = (cv.w / 2, cv.h * 0.42)
    red_background(cv, focus)
    blit_center(cv.surf, rays_surface(round(max(cv.w, cv.h) * 1.7), 32, p.ray, 44), focus)
    text_box = pygame.Rect(round(m + 3 * u), round(m + 3 * u), round(cv.w - 2 * m - 6 * u),
                           round(cv.h * 0.80 - m - 3 * u))
    scatter_stars(cv, 16, text_box.inflate(-text_box.w * 0.25, -text_box.h * 0.1),
                  pygame.Rect(round(m), round(m), round(cv.w - 2 * m), round(cv.h * 0.7)))
    ribbon(cv, cv.h * 0.90, 3.5 * u, 9 * u, (p.light, p.dark), 150, 0.7, -0.02)
    ribbon(cv, cv.h * 0.88, 4.5 * u, 5.5 * u, (GOLD_LIGHT, GOLD_DEEP), 215, 2.1, -0.035)
    ribbon(cv, cv.h * 0.93, 3 * u, 3 * u, (GOLD, (255, 236, 190)), 160, 4.0, -0.01, 1.6)
    frame(cv, 2.2 * u, GOLD, job.sample)
    t = u * (1.3 if cv.h > cv.w * 1.1 else 1.0)  # text scale: portrait posters get larger type
    items: list[tuple[ColumnItem, float]] = [
        (star_row(GOLD, u), 0),
        (TextSpec(job.title, SERIF_BOLD, GOLD, 13 * t, 5 * u, 2, leading=1.22, gold=True,
                  shadow=p.deep), 3.2 * u),
        (divider(GOLD_LIGHT, u), 2.6 * u)]
    if job.subtitle:
        items.append((TextSpec(job.subtitle, SANS, CREAM, 4.5 * t, 2.6 * u, 2), 2.4 * u))
    for i, line in enumerate(job.lines):
        items.append((TextSpec(line, SANS, GOLD_LIGHT, 3.6 * t, 2.2 * u, 2),
                      (2.6 if i == 0 else 1.4) * u))
    column(cv.surf, items, text_box)


def draw_cover(cv: Canvas, job: ImageJob) -> None:
    """A zone cover: big left-aligned title beside a glowing star, mountains and ribbons."""
    u, m, p = cv.u, cv.m, cv.pal
    wide = cv.w >= cv.h * 1.25
    focus = (cv.w * 0.79, cv.h * 0.40) if wide else (cv.w * 0.5, cv.h * 0.26)
    cv.surf.blit(gradient((cv.w, cv.h), [(0, p.deep), (0.45, p.dark), (1, p.main)],
                          horizontal=True), (0, 0))
    glow(cv, focus, max(cv.w, cv.h) * 0.5, p.glow, 120, 0.9)
    blit_center(cv.surf, rays_surface(round(max(cv.w, cv.h) * 2.0), 40, p.ray, 52), focus)
    r = min(cv.h * 0.17, cv.w * 0.16)
    glow(cv, focus, r * 2.6, (255, 226, 150), 150, 0.9)
    pygame.draw.circle(cv.surf, GOLD_LIGHT, focus, r * 1.55, max(1, round(0.3 * u)))
    pygame.draw.circle(cv.surf, GOLD, focus, r * 1.75, max(1, round(0.12 * u)))
    faceted_star(cv.surf, focus, r, (255, 232, 160), (224, 164, 60))
    ridge(cv, cv.h * 0.86, 5 * u, p.deep, 150, 11)
    ridge(cv, cv.h * 0.92, 3.5 * u, mix(p.deep, BLACK, 0.3), 200, 12)
    ribbon(cv, cv.h * 0.80, 4 * u, 7 * u, (GOLD_LIGHT, GOLD_DEEP), 200, 1.2, -0.07)
    ribbon(cv, cv.h * 0.84, 3 * u, 4 * u, (p.light, p.main), 170, 3.0, -0.05, 1.5)
    frame(cv, 2.2 * u, GOLD, job.sample)
    if wide:
        box = pygame.Rect(round(m + 3 * u), round(m + 3 * u), round(cv.w * 0.56),
                          round(cv.h * 0.74 - m - 3 * u))
        align = "left"
    else:
        top = focus[1] + r * 2.1
        box = pygame.Rect(round(m + 3 * u), round(top), round(cv.w - 2 * m - 6 * u),
                          round(cv.h * 0.78 - top))
        align = "center"
    items: list[tuple[ColumnItem, float]] = [
        (divider(GOLD, u, align, 10), 0),
        (TextSpec(job.title, SERIF_BOLD, CREAM, 17 * u, 6 * u, 2, align, 1.18, gold=True,
                  shadow=mix(p.deep, BLACK, 0.4)), 2.6 * u)]
    if job.subtitle:
        items.append((TextSpec(job.subtitle, SANS_BOLD, GOLD_LIGHT, 4.6 * u, 2.6 * u, 2, align),
                      3.2 * u))
    for i, line in enumerate(job.lines):
        items.append((TextSpec(line, SANS, CREAM, 3.0 * u, 2.2 * u, 2, align),
                      (2.8 if i == 0 else 1.2) * u))
    column(cv.surf, items, box)


def draw_timeline(cv: Canvas, job: ImageJob) -> None:
    """A horizontal time axis with "date · label" cards alternating above and below."""
    u, m, p = cv.u, cv.m, cv.pal
    paper_background(cv)
    top = header_band(cv, job.title, job.subtitle, job.sample)
    events = [split_event(line) for line in job.lines]
    n = len(events)
    left, right = m + 1 * u, cv.w - m - 1 * u
    length = right - left
    axis_y = top + (cv.h - top) * 0.5
    alternate = n > 1
    if n > 2:  # cards alternate above and below; the end cards must fit inside the margins
        card_w = min(48 * u, 2 * length / (1.06 * (n - 1) + 2))
        xs = [left + card_w / 2 + i * (length - card_w) / (n - 1) for i in range(n)]
    else:
        card_w = min(48 * u, length * 0.45)
        xs = [left + (i + 0.5) * length / n for i in range(n)]
    stub = min(12 * u, max(4.5 * u, ((cv.h - top) / 2 - 24 * u) * 0.6))
    room_above = axis_y - stub - top - 3 * u
    room_below = cv.h - m * 0.7 - axis_y - stub
    lw = max(2, round(1.1 * u))
    track = gradient((round(right - left + 4 * u), lw), [(0, p.light), (0.5, p.main),
                                                         (1, p.dark)], horizontal=True)
    cv.surf.blit(track, (round(left - 2 * u), round(axis_y - lw / 2)))
    pygame.draw.line(cv.surf, GOLD, (left - 2 * u, axis_y - 1.5 * u), (right, axis_y - 1.5 * u),
                     max(1, round(0.2 * u)))
    ax = right + 2 * u
    pygame.draw.polygon(cv.surf, p.dark, [(ax + 2.4 * u, axis_y), (ax - 0.4 * u, axis_y - 1.8 * u),
                                          (ax - 0.4 * u, axis_y + 1.8 * u)])
    for i, ((date, label), x) in enumerate(zip(events, xs)):
        above = alternate and i % 2 == 0
        draw_event_card(cv, x, axis_y, date, label, card_w, above, stub,
                        room_above if above else room_below, (left - 2 * u, right + 2 * u))
        pygame.draw.circle(cv.surf, GOLD, (x, axis_y), 2.3 * u)
        pygame.draw.circle(cv.surf, p.main, (x, axis_y), 1.8 * u)
        draw_star(cv.surf, (x, axis_y + 0.1 * u), 1.25 * u, GOLD_LIGHT)


def draw_event_card(cv: Canvas, x: float, axis_y: float, date: str, label: str, w: float,
                    above: bool, stub: float, room: float, span: tuple[float, float]) -> None:
    """A timeline card with date and label, joined to the axis by a stem; the card stays
    within span horizontally."""
    u, p = cv.u, cv.pal
    pad = 1.8 * u
    items: list[tuple[ColumnItem, float]] = []
    if date:
        items.append((TextSpec(date, SERIF_BOLD, p.main, 5.6 * u, 2.8 * u, 1), 0))
    items.append((TextSpec(label, SANS, INK, 3.5 * u, 2.2 * u, 3, leading=1.35),
                  1.2 * u if date else 0))
    blocks, scale = fit_column(items, w - 2 * pad, room - 2 * pad - 0.8 * u)
    h = sum(b.height for b in blocks if b) + scale * sum(g for _, g in items) + 2 * pad + 0.8 * u
    y = axis_y - stub - h if above else axis_y + stub
    left = min(max(x - w / 2, span[0]), span[1] - w)
    rect = pygame.Rect(round(left), round(y), round(w), round(h))
    pygame.draw.line(cv.surf, GOLD_DEEP, (x, axis_y), (x, y + h if above else y),
                     max(1, round(0.25 * u)))
    shadow_rect(cv, rect, 1.2 * u, 70, (0, 0.5 * u))
    panel(cv, rect, (255, 252, 245, 250), 1.0 * u, mix(GOLD, WHITE, 0.3), 0.15 * u)
    accent = rect.bottom - round(0.8 * u) if above else rect.top
    pygame.draw.rect(cv.surf, p.main, (rect.x, accent, rect.w, round(0.8 * u)),
                     border_radius=round(0.5 * u))
    column(cv.surf, items, rect.inflate(-2 * pad, -2 * pad).move(0, 0 if above else 0.4 * u), "top")


def route_positions(n: int, area: pygame.Rect, rng: random.Random) -> list[Point]:
    """Station positions: one wavy row, or a snake of two rows for many stations."""
    if n <= 6:
        phase = rng.uniform(0, 6.3)
        return [(area.left + (i + 0.5) * area.w / n,
                 area.centery + area.h * 0.24 * math.sin(phase + i * 2.1)) for i in range(n)]
    first = math.ceil(n / 2)
    pts = []
    for i in range(n):
        row, k = (0, i) if i < first else (1, n - 1 - i)
        count = first if row == 0 else n - first
        x = area.left + (k + 0.5 + (0.5 if row and count < first else 0)) * area.w / first
        y = area.top + area.h * (0.22 if row == 0 else 0.78) + rng.uniform(-1, 1) * area.h * 0.06
        pts.append((x, y))
    return pts


def catmull_rom(pts: Sequence[Point], steps: int = 24) -> list[Point]:
    """A smooth curve through the points."""
    if len(pts) < 2:
        return list(pts)
    ext = [pts[0], *pts, pts[-1]]
    out: list[Point] = []

    def coord(a: float, b: float, c: float, d: float, t: float) -> float:
        return 0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t * t
                      + (3 * b - a - 3 * c + d) * t ** 3)

    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        for s in range(steps):
            t = s / steps
            out.append((coord(p0[0], p1[0], p2[0], p3[0], t), coord(p0[1], p1[1], p2[1], p3[1], t)))
    out.append(pts[-1])
    return out


def draw_map(cv: Canvas, job: ImageJob) -> None:
    """A stylised route: numbered stations on a winding dashed road (not a real map)."""
    u, m, p = cv.u, cv.m, cv.pal
    paper_background(cv)
    top = header_band(cv, job.title, job.subtitle, job.sample)
    contour_lines(cv, top)
    area = pygame.Rect(round(m + 4 * u), round(top + 9 * u), round(cv.w - 2 * m - 8 * u),
                       round(cv.h - top - m - 15 * u))
    pts = route_positions(len(job.lines), area, cv.rng)
    curve = catmull_rom(pts)
    layer = Surface(cv.surf.get_size(), pygame.SRCALPHA)
    pygame.draw.lines(layer, (*GOLD, 110), False, curve, round(3.2 * u))
    cv.surf.blit(blur(layer, 0.8 * u), (0, 0))
    pygame.draw.lines(cv.surf, p.main, False, curve, max(2, round(1.3 * u)))
    dashes(cv.surf, curve, CREAM, 1.6 * u, 1.4 * u, max(1, round(0.35 * u)))
    for a, b in itertools.pairwise(pts):
        chevron(cv.surf, curve, a, b, GOLD_LIGHT, 1.3 * u)
    for i, pt in enumerate(pts):
        station(cv, pt, i, len(pts), job.lines[i], pts, area)
    compass(cv, (cv.w - m - 5 * u, cv.h - m - 4 * u), 3.6 * u)


def contour_lines(cv: Canvas, top: float) -> None:
    """Faint wavy lines suggesting terrain, without any real geography."""
    layer = Surface((cv.w, cv.h), pygame.SRCALPHA)
    u = cv.u
    for k in range(9):
        y0 = top + (k + 0.5) * (cv.h - top) / 9
        ph, amp, f = cv.rng.uniform(0, 6.3), cv.rng.uniform(1.5, 3.5) * u, cv.rng.uniform(1, 2.5)
        pts = [(x, y0 + amp * math.sin(ph + f * 2 * math.pi * x / cv.w)
                + 0.5 * amp * math.sin(ph * 2 + 2.7 * f * 2 * math.pi * x / cv.w))
               for x in range(0, cv.w + 20, 20)]
        pygame.draw.lines(layer, (*GOLD_DEEP, 40), False, pts, max(1, round(0.15 * u)))
    cv.surf.blit(layer, (0, 0))


def dashes(surf: Surface, curve: Sequence[Point], colour: Colour, dash: float, gap: float,
           width: int) -> None:
    """Dashed line along a polyline."""
    on, run = True, 0.0
    for a, b in itertools.pairwise(curve):
        seg = math.dist(a, b)
        pos = 0.0
        while pos < seg:
            step = min(seg - pos, (dash if on else gap) - run)
            if on:
                p0 = (a[0] + (b[0] - a[0]) * pos / seg, a[1] + (b[1] - a[1]) * pos / seg)
                p1 = (a[0] + (b[0] - a[0]) * (pos + step) / seg,
                      a[1] + (b[1] - a[1]) * (pos + step) / seg)
                pygame.draw.line(surf, colour, p0, p1, width)
            pos += step
            run += step
            if run >= (dash if on else gap) - 1e-6:
                on, run = not on, 0.0


def chevron(surf: Surface, curve: Sequence[Point], a: Point, b: Point, colour: Colour,
            size: float) -> None:
    """A direction arrow on the curve halfway between two stations."""
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    k = min(range(len(curve) - 1), key=lambda i: math.dist(curve[i], mid))
    (x0, y0), (x1, y1) = curve[k], curve[k + 1]
    ang = math.atan2(y1 - y0, x1 - x0)
    c = curve[k]
    pts = [(c[0] + size * math.cos(ang), c[1] + size * math.sin(ang)),
           (c[0] + size * math.cos(ang + 2.5), c[1] + size * math.sin(ang + 2.5)),
           (c[0] + size * 0.3 * math.cos(ang + math.pi), c[1] + size * 0.3 * math.sin(ang + math.pi)),
           (c[0] + size * math.cos(ang - 2.5), c[1] + size * math.sin(ang - 2.5))]
    pygame.draw.polygon(surf, colour, pts)


def station(cv: Canvas, pt: Point, i: int, n: int, name: str, pts: Sequence[Point],
            area: pygame.Rect) -> None:
    """A station marker with its number and name, placed away from the route."""
    u, p = cv.u, cv.pal
    end = i in (0, n - 1)
    r = 3.0 * u if end else 2.2 * u
    pygame.draw.circle(cv.surf, WHITE, pt, r + 0.5 * u)
    pygame.draw.circle(cv.surf, GOLD if end else p.main, pt, r + 0.5 * u, max(1, round(0.5 * u)))
    pygame.draw.circle(cv.surf, p.main, pt, r - 0.3 * u)
    if end:
        draw_star(cv.surf, pt, r * 0.75, GOLD_LIGHT)
    else:
        draw_text(cv.surf, fit(TextSpec(str(i + 1), SANS_BOLD, WHITE, 2.2 * u, 1.6 * u, 1),
                               r * 1.6), pt[0] - r, pt[1] - 1.1 * u, r * 2)
    neighbours = [q[1] for q in (pts[i - 1] if i else None, pts[i + 1] if i + 1 < n else None) if q]
    if n > 6:
        above = pt[1] < area.centery
    else:
        above = pt[1] <= sum(neighbours) / len(neighbours) if neighbours else True
    gaps = [abs(q[0] - pt[0]) for q in pts if q is not pt and abs(q[1] - pt[1]) < area.h * 0.3]
    w = max(16 * u, min(min(gaps, default=area.w) * 0.96, 36 * u))
    block = fit(TextSpec(name, SANS_BOLD, INK, 3.4 * u, 2.2 * u, 2, leading=1.3), w - 2.4 * u)
    bw, bh = block.width + 2.4 * u, block.height + 1.8 * u
    y = pt[1] - r - 1.6 * u - bh if above else pt[1] + r + 1.6 * u
    rect = pygame.Rect(round(pt[0] - bw / 2), round(y), round(bw), round(bh))
    rect.clamp_ip(cv.surf.get_rect().inflate(-2 * u, -2 * u))
    shadow_rect(cv, rect, 0.8 * u, 50, (0, 0.3 * u))
    panel(cv, rect, (255, 251, 242, 235), 0.8 * u, GOLD, 0.18 * u)
    draw_text(cv.surf, block, rect.x + 1.2 * u, rect.y + 0.9 * u, bw - 2.4 * u)


def compass(cv: Canvas, c: Point, r: float) -> None:
    """A small north arrow (decorative)."""
    ink = mix(INK_SOFT, PAPER, 0.2)
    pygame.draw.circle(cv.surf, ink, c, r, max(1, round(r * 0.06)))
    for k in range(4):
        a = -math.pi / 2 + k * math.pi / 2
        tip = (c[0] + r * 0.95 * math.cos(a), c[1] + r * 0.95 * math.sin(a))
        l = (c[0] + r * 0.2 * math.cos(a - math.pi / 2), c[1] + r * 0.2 * math.sin(a - math.pi / 2))
        rr = (c[0] + r * 0.2 * math.cos(a + math.pi / 2), c[1] + r * 0.2 * math.sin(a + math.pi / 2))
        pygame.draw.polygon(cv.surf, cv.pal.main if k == 0 else ink, [tip, l, c])
        pygame.draw.polygon(cv.surf, mix(cv.pal.main, BLACK, .3) if k == 0 else INK, [tip, rr, c])
    draw_text(cv.surf, fit(TextSpec("N", SANS_BOLD, ink, r * 0.55, r * 0.4, 1), r),
              c[0] - r, c[1] - r * 1.9, 2 * r)


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 20) -> list[Point]:
    """Points along a cubic Bézier curve."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        k = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3)
        out.append((k[0] * p0[0] + k[1] * p1[0] + k[2] * p2[0] + k[3] * p3[0],
                    k[0] * p0[1] + k[1] * p1[1] + k[2] * p2[1] + k[3] * p3[1]))
    return out


def silhouette(cv: Canvas, box: pygame.Rect, colour: Colour, rim: Colour) -> None:
    """A faceless head-and-shoulders silhouette with a soft rim light, cut at box.bottom."""
    b, cx, top = box.h, box.centerx - box.left, 0.0
    k = cv.rng.uniform(0.97, 1.03)
    sw = min(box.w * 0.98, b * cv.rng.uniform(0.90, 0.98))
    shape = Surface(box.size, pygame.SRCALPHA)

    def ellipse(x: float, y: float, w: float, h: float) -> None:
        pygame.draw.ellipse(shape, WHITE, (x - w / 2, y - h / 2, w, h))

    def side(sx: int) -> list[Point]:
        base = (cx + sx * 0.072 * b, top + 0.49 * b)
        shoulder = (cx + sx * 0.44 * sw, top + 0.665 * b)
        return ([(cx + sx * 0.068 * b, top + 0.36 * b), base]
                + bezier(base, (cx + sx * 0.15 * b, top + 0.55 * b),
                         (cx + sx * 0.34 * sw, top + 0.57 * b), shoulder)
                + bezier(shoulder, (cx + sx * 0.49 * sw, top + 0.70 * b),
                         (cx + sx * 0.5 * sw, top + 0.8 * b), (cx + sx * 0.5 * sw, b + 2)))

    pygame.draw.polygon(shape, WHITE, side(-1) + side(1)[::-1])
    ellipse(cx, top + 0.205 * b, 0.30 * b * k, 0.30 * b * k)  # cranium
    ellipse(cx, top + 0.272 * b, 0.252 * b * k, 0.33 * b * k)  # jaw
    for sx in (-1, 1):
        ellipse(cx + sx * 0.128 * b * k, top + 0.27 * b, 0.05 * b, 0.085 * b)  # ears
    halo = shape.copy()
    halo.fill((*rim, 255), special_flags=pygame.BLEND_RGBA_MULT)
    cv.surf.blit(blur(halo, 1.6 * cv.u), box.topleft)
    fill = _with_alpha(gradient(box.size, [(0, mix(colour, WHITE, 0.10)), (1, colour)]))
    fill.blit(shape, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    cv.surf.blit(fill, box.topleft)
    detail = Surface(box.size, pygame.SRCALPHA)
    pygame.draw.polygon(detail, (240, 228, 214, 34), [(cx - 0.072 * b, 0.50 * b), (cx, 0.64 * b),
                                                      (cx + 0.072 * b, 0.50 * b)])
    for sx in (-1, 1):
        lapel = [(cx + sx * 0.072 * b, 0.50 * b), (cx + sx * 0.16 * b, 0.56 * b),
                 (cx + sx * 0.035 * b, 0.86 * b)]
        pygame.draw.lines(detail, (255, 255, 255, 30), False, lapel, max(1, round(0.3 * cv.u)))
    cv.surf.blit(detail, box.topleft)


def _with_alpha(surf: Surface) -> Surface:
    out = Surface(surf.get_size(), pygame.SRCALPHA)
    out.blit(surf, (0, 0))
    return out


def draw_portrait(cv: Canvas, job: ImageJob) -> None:
    """A faceless head-and-shoulders silhouette in a gold arch, name plate below."""
    u, m, p = cv.u, cv.m, cv.pal
    wide = cv.w > cv.h * 1.05
    if wide:
        pic = pygame.Rect(0, 0, round(min(cv.h * 0.92, cv.w * 0.5)), cv.h)
        plaque = pygame.Rect(pic.right, 0, cv.w - pic.right, cv.h)
    else:
        pic = pygame.Rect(0, 0, cv.w, round(cv.h * 0.73))
        plaque = pygame.Rect(0, pic.bottom, cv.w, cv.h - pic.bottom)
    sub = Canvas(cv.surf.subsurface(pic), p, cv.rng)
    fig = pygame.Rect(0, 0, round(pic.w - 2 * m), round(pic.h * 0.76))
    fig.midbottom = (pic.w // 2, pic.h)
    head = (pic.w / 2, fig.top + fig.h * 0.25)
    red_background(sub, head)
    blit_center(sub.surf, rays_surface(round(max(pic.size) * 1.6), 28, p.ray, 40), head)
    arch = pygame.Rect(0, 0, pic.w, pic.h).inflate(-2 * m, -m)
    arch.bottom = pic.h
    radius = arch.w // 2
    pygame.draw.rect(sub.surf, GOLD, arch, max(1, round(0.35 * u)), border_top_left_radius=radius,
                     border_top_right_radius=radius)
    pygame.draw.rect(sub.surf, GOLD_LIGHT, arch.inflate(-2.2 * u, -2.2 * u),
                     max(1, round(0.14 * u)), border_top_left_radius=radius,
                     border_top_right_radius=radius)
    glow(sub, head, fig.h * 0.45, p.glow, 120)
    silhouette(sub, fig, (34, 20, 22), GOLD_LIGHT)
    draw_plaque(cv, plaque, job, wide)


def draw_plaque(cv: Canvas, rect: pygame.Rect, job: ImageJob, wide: bool) -> None:
    """The name plate under (or beside) a portrait."""
    u, m, p = cv.u, cv.m, cv.pal
    cv.surf.blit(gradient(rect.size, [(0, CREAM), (1, PAPER)]), rect.topleft)
    if wide:
        pygame.draw.rect(cv.surf, GOLD, (rect.x, 0, max(2, round(0.6 * u)), cv.h))
    else:
        pygame.draw.rect(cv.surf, GOLD, (0, rect.y, cv.w, max(2, round(0.6 * u))))
        pygame.draw.rect(cv.surf, GOLD_DEEP, (0, round(rect.y + 1.2 * u), cv.w,
                                              max(1, round(0.15 * u))))
    align = "left" if wide else "center"
    items: list[tuple[ColumnItem, float]] = [
        (TextSpec(job.title, SERIF_BOLD, p.main, 8 * u, 4 * u, 2, align, 1.2), 0)]
    items.append((divider(GOLD_DEEP, u, align, 9), 1.8 * u))
    if job.subtitle:
        items.append((TextSpec(job.subtitle, SANS, INK, 3.8 * u, 2.4 * u, 2, align), 1.6 * u))
    for line in job.lines:
        items.append((TextSpec(line, SANS, INK_SOFT, 3.0 * u, 2.2 * u, 2, align), 1.2 * u))
    box = rect.inflate(-2 * m, -1.2 * m if wide else -0.6 * m)
    if not wide:
        box.height -= round(1.2 * u)
        box.y += round(1.2 * u)
    elif job.sample:
        box.y += round(6 * u)
        box.height -= round(6 * u)
    column(cv.surf, items, box)


def draw_badge(cv: Canvas, job: ImageJob) -> None:
    """A hanging gold medal with a faceted five-pointed star and the honour on a scroll."""
    u, m = cv.u, cv.m
    width = min(cv.w - 2 * m - 8 * u, 120 * u)
    items: list[tuple[ColumnItem, float]] = []
    if job.subtitle:
        items.append((TextSpec(job.subtitle, SANS, CREAM, 3.4 * u, 2.4 * u, 2), 0))
    for i, line in enumerate(job.lines):
        items.append((TextSpec(line, SANS, GOLD_LIGHT, 2.9 * u, 2.2 * u, 2),
                      (1.6 if i == 0 and job.subtitle else 1.0) * u))
    tspec = TextSpec(job.title, SERIF_BOLD, GOLD, 6.0 * u, 3.4 * u, 2, leading=1.22, gold=True)
    title = fit(tspec, min(width * 0.78, 80 * u))
    blocks, _ = fit_column(items, width, cv.h * 0.2) if items else ([], 1.0)
    rest = sum(b.height for b in blocks if b) + sum(g for _, g in items)
    banner_h = title.height + 3.6 * u
    text_h = banner_h + (2.4 * u + rest if items else 0)
    r = max(8 * u, min((cv.h - m - text_h - 4 * u - 7 * u) / 2.05, cv.w * 0.3))
    c = (cv.w / 2, 7 * u + r * 1.02)
    red_background(cv, c)
    blit_center(cv.surf, rays_surface(round(max(cv.w, cv.h) * 1.8), 36, cv.pal.ray, 46), c)
    scatter_stars(cv, 18, pygame.Rect(round(c[0] - r * 1.6), 0, round(r * 3.2), cv.h))
    medal_straps(cv, c, r)
    medal(cv, c, r)
    banner_y = c[1] + r + 2.6 * u
    banner(cv, title, banner_y, banner_h)
    if items:
        column(cv.surf, items, pygame.Rect(round((cv.w - width) / 2),
                                           round(banner_y + banner_h + 2.4 * u), round(width),
                                           math.ceil(rest) + 2), "top")


def medal_straps(cv: Canvas, c: Point, r: float) -> None:
    """Two striped ribbon straps from the top edge to the medal."""
    p = cv.pal
    stripes = [(0.0, 0.14, GOLD), (0.14, 0.42, p.main), (0.42, 0.58, GOLD_LIGHT),
               (0.58, 0.86, p.main), (0.86, 1.0, GOLD)]
    for sx, shade in ((1, 0.25), (-1, 0.0)):
        quad = [(c[0] + sx * 1.05 * r, -2), (c[0] + sx * 0.45 * r, -2),
                (c[0] - sx * 0.28 * r, c[1] - 0.45 * r), (c[0] + sx * 0.30 * r, c[1] - 0.45 * r)]
        for a, b, col in stripes:
            def lerp(p0: Point, p1: Point, t: float) -> Point:
                return (p0[0] + (p1[0] - p0[0]) * t, p0[1] + (p1[1] - p0[1]) * t)
            poly = [lerp(quad[0], quad[1], a), lerp(quad[0], quad[1], b),
                    lerp(quad[3], quad[2], b), lerp(quad[3], quad[2], a)]
            pygame.draw.polygon(cv.surf, mix(col, BLACK, shade), poly)


def medal(cv: Canvas, c: Point, r: float) -> None:
    """A round gold medal with a serrated rim, laurel sprigs and a faceted five-pointed star."""
    u, p = cv.u, cv.pal
    shadow = Surface((round(r * 3), round(r * 3)), pygame.SRCALPHA)
    pygame.draw.circle(shadow, (20, 0, 0, 140), (r * 1.5, r * 1.5), r)
    blit_center(cv.surf, blur(shadow, r * 0.12), (c[0] + 0.6 * u, c[1] + 1.2 * u))
    rim = [(c[0] + (r if k % 2 else r * 0.955) * math.cos(k * math.pi / 36),
            c[1] + (r if k % 2 else r * 0.955) * math.sin(k * math.pi / 36)) for k in range(72)]
    pygame.draw.polygon(cv.surf, GOLD_DEEP, rim)
    pygame.draw.circle(cv.surf, GOLD, c, r * 0.93)
    pygame.draw.circle(cv.surf, (250, 216, 130), c, r * 0.86)
    pygame.draw.circle(cv.surf, GOLD_DEEP, c, r * 0.80)
    d = round(r * 1.56)
    disc = _with_alpha(gradient((d, d), [(0, p.light), (0.6, p.main), (1, p.dark)]))
    mask = Surface((d, d), pygame.SRCALPHA)
    pygame.draw.circle(mask, WHITE, (d / 2, d / 2), d / 2)
    disc.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    blit_center(cv.surf, disc, c)
    laurel(cv.surf, c, r * 0.64, r)
    faceted_star(cv.surf, (c[0], c[1] - r * 0.03), r * 0.46, (255, 234, 168), (214, 152, 54))
    shine = Surface((round(r * 2), round(r * 2)), pygame.SRCALPHA)
    pygame.draw.arc(shine, (255, 255, 255, 120), shine.get_rect().inflate(-r * 0.16, -r * 0.16),
                    math.radians(100), math.radians(170), max(1, round(r * 0.04)))
    blit_center(cv.surf, shine, c)


def laurel(surf: Surface, c: Point, radius: float, r: float) -> None:
    """Two laurel sprigs curving up either side of the medal's lower half."""
    for sx in (-1, 1):
        arc = [(c[0] + radius * math.cos(math.pi / 2 + sx * a), c[1] + radius * math.sin(
            math.pi / 2 + sx * a)) for a in (0.3 + i * 0.06 for i in range(33))]
        pygame.draw.lines(surf, GOLD_DEEP, False, arc, max(1, round(r * 0.018)))
        for k in range(8):
            a = math.pi / 2 + sx * (0.42 + k * 0.24)
            base = (c[0] + radius * math.cos(a), c[1] + radius * math.sin(a))
            tangent = a + sx * math.pi / 2
            size = 1.0 - k * 0.04
            leaf(surf, base, tangent - sx * 0.55, r * 0.17 * size, r * 0.05 * size, GOLD_LIGHT)
            leaf(surf, base, tangent + sx * 0.45, r * 0.15 * size, r * 0.045 * size, GOLD)


def leaf(surf: Surface, base: Point, angle: float, length: float, width: float,
         colour: Colour) -> None:
    """A pointed lens-shaped leaf growing from base in the given direction."""
    dx, dy = math.cos(angle), math.sin(angle)
    nx, ny = -dy, dx
    left, right = [], []
    for i in range(11):
        t = i / 10
        w = width * math.sin(math.pi * t) ** 0.8
        px, py = base[0] + dx * length * t, base[1] + dy * length * t
        left.append((px + nx * w, py + ny * w))
        right.append((px - nx * w, py - ny * w))
    pygame.draw.polygon(surf, colour, left + right[::-1])
    pygame.draw.line(surf, GOLD_DEEP, base, (base[0] + dx * length * 0.8, base[1] + dy * length * 0.8),
                     max(1, round(width * 0.15)))


def banner(cv: Canvas, title: Block, y: float, h: float) -> None:
    """A ribbon scroll carrying the title, with folded tails."""
    u, p = cv.u, cv.pal
    w = title.width + 12 * u
    x = (cv.w - w) / 2
    tail = 5 * u
    for sx in (-1, 1):
        ex = x if sx < 0 else x + w
        pts = [(ex, y + 1.4 * u), (ex + sx * tail, y + 1.4 * u), (ex + sx * (tail - 2 * u),
                                                                   y + h / 2 + 1.4 * u),
               (ex + sx * tail, y + h + 1.4 * u), (ex, y + h + 1.4 * u)]
        pygame.draw.polygon(cv.surf, p.deep, pts)
        pygame.draw.polygon(cv.surf, mix(p.deep, BLACK, 0.4),
                            [(ex, y + h), (ex, y + h + 1.4 * u), (ex - sx * 1.6 * u, y + h)])
    rect = pygame.Rect(round(x), round(y), round(w), round(h))
    cv.surf.blit(gradient(rect.size, [(0, p.light), (0.5, p.main), (1, p.dark)]), rect.topleft)
    pygame.draw.rect(cv.surf, GOLD, rect, max(1, round(0.3 * u)))
    pygame.draw.rect(cv.surf, GOLD_LIGHT, rect.inflate(-1.4 * u, -1.4 * u), max(1, round(0.1 * u)))
    draw_text(cv.surf, title, x, y + (h - title.height) / 2, w)


def draw_book(cv: Canvas, job: ImageJob) -> None:
    """A book: the cover on a backdrop with the title beside it, or the flat cover alone
    for an upright picture."""
    u, m, p = cv.u, cv.m, cv.pal
    if cv.w < cv.h * 0.9:
        book_cover(cv, cv.surf.get_rect(), job)
        return
    cv.surf.blit(gradient((cv.w, cv.h), [(0, CREAM), (0.7, PAPER), (1, mix(PAPER, INK, 0.12))]),
                 (0, 0))
    glow(cv, (cv.w * 0.3, cv.h * 0.45), cv.h * 0.8, WHITE, 120, 1.2)
    blit_center(cv.surf, rays_surface(round(cv.h * 2.2), 30, p.main, 22), (cv.w * 0.3, cv.h * 0.45))
    bh = cv.h * 0.78
    bw = bh * 0.70
    book = pygame.Rect(round(m + 6 * u), round((cv.h - bh) / 2 - 1 * u), round(bw), round(bh))
    shadow_rect(cv, book.inflate(2 * u, 0), 2.4 * u, 120, (2.2 * u, 2.6 * u))
    pages = pygame.Rect(book.right - round(0.4 * u), book.top + round(1 * u), round(2.2 * u),
                        book.h - round(1.6 * u))
    pygame.draw.rect(cv.surf, (246, 240, 226), pages, border_radius=round(0.6 * u))
    for k in range(1, 6):
        x = pages.left + k * pages.w / 6
        pygame.draw.line(cv.surf, (214, 204, 184), (x, pages.top + 0.4 * u),
                         (x, pages.bottom - 0.4 * u), 1)
    book_cover(cv, book, job)
    spine = gradient((round(2.6 * u), book.h), [(0, mix(p.deep, BLACK, 0.2)), (0.5, p.light),
                                                (1, p.dark)], horizontal=True)
    cv.surf.blit(spine, book.topleft)
    text_x = book.right + 9 * u
    box = pygame.Rect(round(text_x), round(m + 2 * u), round(cv.w - text_x - m),
                      round(cv.h - 2 * m - 4 * u))
    items: list[tuple[ColumnItem, float]] = [
        (TextSpec(job.title, SERIF_BOLD, p.main, 7 * u, 3.6 * u, 3, "left", 1.25), 0),
        (divider(GOLD_DEEP, u, "left", 12), 2 * u)]
    if job.subtitle:
        items.append((TextSpec(job.subtitle, SANS, INK_SOFT, 3.6 * u, 2.4 * u, 2, "left"), 2 * u))
    for i, line in enumerate(job.lines):
        items.append((TextSpec(line, SANS, INK, 3.2 * u, 2.2 * u, 3, "left", 1.5),
                      (2.4 if i == 0 else 1.2) * u))
    column(cv.surf, items, box)


def book_cover(cv: Canvas, rect: pygame.Rect, job: ImageJob) -> None:
    """The front cover: cloth, gold frame, 回纹 bands and the title (vertical if short)."""
    p = cv.pal
    u = min(rect.w, rect.h) / 100
    surf = cv.surf.subsurface(rect)
    surf.blit(gradient(rect.size, [(0, mix(p.main, WHITE, 0.08)), (1, p.dark)]), (0, 0))
    glow(Canvas(surf, p, cv.rng), (rect.w * 0.3, rect.h * 0.25), rect.w * 0.8, WHITE, 40, 1.2)
    inset = 6 * u
    outer = surf.get_rect().inflate(-2 * inset, -2 * inset)
    pygame.draw.rect(surf, GOLD, outer, max(1, round(0.5 * u)))
    pygame.draw.rect(surf, GOLD, outer.inflate(-2.4 * u, -2.4 * u), max(1, round(0.2 * u)))
    fret_band(surf, outer.left + 4 * u, outer.right - 4 * u, outer.top + 6 * u, 3.2 * u, GOLD)
    fret_band(surf, outer.left + 4 * u, outer.right - 4 * u, outer.bottom - 6 * u, 3.2 * u, GOLD)
    title = job.title.strip().strip("《》")  # a cover shows the title without book-title marks
    inner = outer.inflate(-10 * u, -26 * u)
    bottom = inner.bottom
    if job.subtitle:
        sb = fit(TextSpec(job.subtitle, SANS, GOLD_LIGHT, 4.4 * u, 3 * u, 2), inner.w)
        draw_text(surf, sb, inner.x, inner.bottom - sb.height, inner.w)
        bottom -= sb.height + 4 * u
    if 2 <= len(title) <= 9 and re.fullmatch(r"[\u4e00-\u9fff]+", title):
        vertical_title(surf, title, inner, u, p)
        return
    spec = TextSpec(title, SERIF_BOLD, GOLD, 12 * u, 6 * u, 3, leading=1.25, gold=True,
                    shadow=p.deep)
    block = fit(spec, inner.w, inner.h * 0.5)
    top = inner.y + inner.h * 0.08
    draw_text(surf, block, inner.x, top, inner.w)
    roundel(surf, (rect.w / 2, (top + block.height + bottom) / 2), 9 * u, u)


def vertical_title(surf: Surface, title: str, inner: pygame.Rect, u: float, p: Palette) -> None:
    """A cream label strip on the right carrying the title top to bottom."""
    n = len(title)
    label_h = inner.h * 0.74
    size = min(label_h / (n * 1.12 + 0.9), 12 * u)
    lw = size * 1.7
    label = pygame.Rect(round(inner.right - lw - 2 * u), round(inner.top),
                        round(lw), round(size * (n * 1.12 + 0.9)))
    pygame.draw.rect(surf, (246, 236, 214), label)
    pygame.draw.rect(surf, GOLD_DEEP, label.inflate(-1.2 * u, -1.2 * u), max(1, round(0.3 * u)))
    for i, ch in enumerate(title):
        block = fit(TextSpec(ch, SERIF_BOLD, p.dark, size, size, 1), lw)
        draw_text(surf, block, label.x, label.y + size * 0.5 + i * size * 1.12, label.w)
    roundel(surf, (inner.x + (label.left - inner.x) / 2, inner.y + inner.h * 0.58), 9 * u, u)


def roundel(surf: Surface, c: Point, r: float, u: float) -> None:
    """A decorative gold ring with a five-pointed star (not an emblem)."""
    pygame.draw.circle(surf, GOLD, c, r, max(1, round(0.45 * u)))
    pygame.draw.circle(surf, GOLD, c, r * 0.82, max(1, round(0.18 * u)))
    for k in range(24):
        a = k * math.pi / 12
        pygame.draw.circle(surf, GOLD, (c[0] + r * 1.22 * math.cos(a), c[1] + r * 1.22 * math.sin(a)),
                           0.35 * u)
    faceted_star(surf, c, r * 0.62, (255, 232, 160), (214, 152, 54))


PEOPLE_CLOTHES: list[Colour] = [(34, 48, 82), (50, 46, 52), (84, 30, 34), (68, 84, 112),
                                (88, 66, 56), (222, 212, 196), (40, 60, 96)]


def draw_photo(cv: Canvas, job: ImageJob) -> None:
    """An activity scene: a banner over rows of flat, faceless figures, with a caption band."""
    u, p = cv.u, cv.pal
    outdoor = cv.rng.random() < 0.5
    horizon = cv.h * 0.62
    if outdoor:
        cv.surf.blit(gradient((cv.w, cv.h), [(0, (214, 226, 236)), (0.55, (250, 234, 204)),
                                             (0.62, (238, 214, 176)), (1, (196, 170, 140))]), (0, 0))
        glow(cv, (cv.w * 0.72, cv.h * 0.22), cv.h * 0.5, (255, 226, 170), 160, 0.8)
        ridge(cv, horizon, 4 * u, (150, 164, 182), 150, cv.rng.randint(0, 99))
        skyline(cv, horizon)
        trees(cv, horizon)
        banner_rect = pygame.Rect(round(cv.w * 0.14), round(cv.h * 0.14), round(cv.w * 0.72),
                                  round(cv.h * 0.13))
        for x in (banner_rect.left - 0.6 * u, banner_rect.right + 0.6 * u):
            pygame.draw.line(cv.surf, (92, 70, 58), (x, banner_rect.top - 2 * u), (x, cv.h),
                             max(2, round(0.8 * u)))
        bunting(cv, banner_rect.left, banner_rect.right, banner_rect.bottom + 5 * u, 6 * u)
    else:
        cv.surf.blit(gradient((cv.w, cv.h), [(0, PAPER), (0.6, CREAM), (0.62, (214, 190, 160)),
                                             (1, (170, 140, 112))]), (0, 0))
        stage = pygame.Rect(round(cv.w * 0.06), round(cv.h * 0.05), round(cv.w * 0.88),
                            round(horizon - cv.h * 0.05))
        sub = Canvas(cv.surf.subsurface(stage), p, cv.rng)
        red_background(sub, (stage.w / 2, stage.h * 0.7))
        blit_center(sub.surf, rays_surface(round(stage.w * 1.3), 36, p.ray, 46),
                    (stage.w / 2, stage.h * 0.95))
        pygame.draw.rect(cv.surf, GOLD, stage, max(2, round(0.6 * u)))
        banner_rect = pygame.Rect(round(cv.w * 0.14), round(cv.h * 0.10), round(cv.w * 0.72),
                                  round(cv.h * 0.13))
    photo_banner(cv, banner_rect, job.title)
    crowd(cv, horizon)
    if job.lines or job.subtitle:
        photo_caption(cv, job)


def skyline(cv: Canvas, horizon: float) -> None:
    """Distant low buildings in a pale blue haze."""
    x = 0.0
    col = (176, 184, 198)
    while x < cv.w:
        w = cv.rng.uniform(4, 9) * cv.u
        h = cv.rng.uniform(3, 10) * cv.u
        pygame.draw.rect(cv.surf, col, (x, horizon - h, w - 0.5 * cv.u, h + 1))
        x += w


def trees(cv: Canvas, horizon: float) -> None:
    """Rounded trees clustered at both sides."""
    for side in (0, 1):
        for _ in range(5):
            x = cv.rng.uniform(0, cv.w * 0.16)
            x = x if side == 0 else cv.w - x
            r = cv.rng.uniform(5, 9) * cv.u
            y = horizon - cv.rng.uniform(0.6, 1.4) * r
            pygame.draw.line(cv.surf, (96, 78, 62), (x, y), (x, horizon + 2 * cv.u),
                             max(2, round(0.9 * cv.u)))
            col = mix((88, 116, 92), (140, 160, 130), cv.rng.random())
            pygame.draw.circle(cv.surf, col, (x, y), r)
            pygame.draw.circle(cv.surf, mix(col, WHITE, 0.15), (x - r * 0.25, y - r * 0.25), r * 0.55)


def photo_banner(cv: Canvas, rect: pygame.Rect, title: str) -> None:
    """A red 横幅 with the activity's title in bright yellow."""
    u, p = cv.u, cv.pal
    shadow_rect(cv, rect, 1.2 * u, 90, (0, 0.8 * u))
    cv.surf.blit(gradient(rect.size, [(0, p.light), (0.5, p.main), (1, p.dark)]), rect.topleft)
    for k in range(1, 8):
        x = rect.x + k * rect.w / 8
        fold = Surface((max(1, round(1.6 * u)), rect.h), pygame.SRCALPHA)
        fold.fill((0, 0, 0, 22))
        cv.surf.blit(fold, (x, rect.y))
    pygame.draw.rect(cv.surf, GOLD, rect, max(1, round(0.3 * u)))
    block = fit(TextSpec(title, SANS_BOLD, (255, 226, 120), rect.h * 0.5, rect.h * 0.28, 1),
                rect.w - 8 * u)
    draw_text(cv.surf, block, rect.x, rect.y + (rect.h - block.height) / 2, rect.w)


def crowd(cv: Canvas, horizon: float) -> None:
    """Three rows of people, smaller and hazier towards the back."""
    u = cv.u
    rows = [(horizon + 4 * u, 16 * u, 0.5, 6.5 * u), (horizon + 13 * u, 23 * u, 0.25, 9.5 * u),
            (cv.h + 2 * u, 31 * u, 0.0, 13.5 * u)]
    haze = mix(CREAM, PAPER, 0.5)
    for base, height, fade, pitch in rows:
        n = int(cv.w / pitch) + 2
        offset = cv.rng.uniform(-0.6, -0.1) * pitch
        for i in range(n):
            x = offset + i * pitch + cv.rng.uniform(-0.15, 0.15) * pitch
            hh = height * cv.rng.uniform(0.92, 1.06)
            clothes = mix(cv.rng.choice(PEOPLE_CLOTHES), haze, fade)
            flag = fade == 0.0 and cv.rng.random() < 0.15
            person(cv, x, base, hh, clothes, mix((40, 30, 28), haze, fade), flag)


def person(cv: Canvas, x: float, base: float, height: float, clothes: Colour, head: Colour,
           flag: bool) -> None:
    """A flat, faceless figure from the chest up; optionally holding a small plain red flag."""
    hr = height * 0.13
    head_c = (x, base - height + hr)
    shoulder_y = head_c[1] + hr * 1.35
    sw = hr * 4.3
    if flag:
        px = x + sw * 0.36
        pygame.draw.line(cv.surf, (110, 86, 62), (px, shoulder_y + hr), (px, head_c[1] - hr * 2.4),
                         max(1, round(hr * 0.12)))
        pygame.draw.polygon(cv.surf, PARTY_RED, [(px, head_c[1] - hr * 2.4),
                                                 (px + hr * 2.2, head_c[1] - hr * 1.8),
                                                 (px, head_c[1] - hr * 1.1)])
    neck = mix(head, clothes, 0.35)
    pygame.draw.rect(cv.surf, neck, (x - hr * 0.4, head_c[1] + hr * 0.5, hr * 0.8, hr * 1.2))
    pygame.draw.ellipse(cv.surf, clothes, (x - sw / 2, shoulder_y, sw, hr * 2.4))
    pygame.draw.rect(cv.surf, clothes, (x - sw / 2, shoulder_y + hr * 1.2, sw,
                                        base - shoulder_y))
    pygame.draw.polygon(cv.surf, mix(clothes, WHITE, 0.25),
                        [(x - hr * 0.4, shoulder_y + hr * 0.05), (x, shoulder_y + hr * 0.9),
                         (x + hr * 0.4, shoulder_y + hr * 0.05)])
    pygame.draw.circle(cv.surf, head, head_c, hr)


def bunting(cv: Canvas, x0: float, x1: float, y: float, sag: float) -> None:
    """A string of small red and gold pennants hanging between two poles."""
    u = cv.u
    pts = [(x0 + (x1 - x0) * t, y + sag * 4 * t * (1 - t)) for t in (i / 60 for i in range(61))]
    pygame.draw.lines(cv.surf, (120, 96, 72), False, pts, max(1, round(0.2 * u)))
    n = int((x1 - x0) / (4.2 * u))
    for i in range(1, n):
        t = i / n
        px, py = x0 + (x1 - x0) * t, y + sag * 4 * t * (1 - t)
        col = PARTY_RED if i % 2 else GOLD
        pygame.draw.polygon(cv.surf, col, [(px - 1.5 * u, py), (px + 1.5 * u, py), (px, py + 3.2 * u)])


def photo_caption(cv: Canvas, job: ImageJob) -> None:
    """Caption lines on a dark band along the bottom."""
    u, m = cv.u, cv.m
    items: list[tuple[ColumnItem, float]] = []
    if job.subtitle:
        items.append((TextSpec(job.subtitle, SANS_BOLD, GOLD_LIGHT, 3.4 * u, 2.4 * u, 1), 0))
    for i, line in enumerate(job.lines):
        items.append((TextSpec(line, SANS, CREAM, 3.0 * u, 2.2 * u, 2),
                      (1.0 if i or job.subtitle else 0) * u))
    blocks, scale = fit_column(items, cv.w - 2 * m, cv.h * 0.22)
    h = sum(b.height for b in blocks if b) + scale * sum(g for _, g in items) + 4.4 * u
    band = pygame.Rect(0, round(cv.h - h), cv.w, math.ceil(h))
    cv.surf.blit(translucent(band.size, mix(cv.pal.deep, BLACK, 0.3), 205), band.topleft)
    pygame.draw.rect(cv.surf, GOLD, (0, band.top, cv.w, max(1, round(0.35 * u))))
    column(cv.surf, items, band.inflate(-2 * m, -4.4 * u))


def translucent(size: tuple[int, int], colour: Colour, alpha: int) -> Surface:
    s = Surface(size, pygame.SRCALPHA)
    s.fill((*colour, alpha))
    return s


@dataclass
class OrgNode:
    name: str
    children: list[OrgNode] = field(default_factory=list)

    def find(self, name: str) -> OrgNode | None:
        if self.name == name:
            return self
        for child in self.children:
            found = child.find(name)
            if found:
                return found
        return None

    def child(self, name: str) -> OrgNode:
        for c in self.children:
            if c.name == name:
                return c
        node = OrgNode(name)
        self.children.append(node)
        return node


def org_tree(title: str, lines: Sequence[str]) -> OrgNode:
    """Build the tree from "parent > child" lines; unknown parents hang under the top box."""
    root = OrgNode(title)
    for line in lines:
        parts = [s.strip() for s in re.split(r">|＞|›", line) if s.strip()]
        parent = root
        if len(parts) > 1:
            parent = root.find(parts[0]) or root.child(parts[0])
            parts = parts[1:]
        for name in parts:
            parent = parent.child(name)
    return root


def draw_org(cv: Canvas, job: ImageJob) -> None:
    """An organisation chart: the top box, a row of boxes under it, deeper levels listed
    below each."""
    u, m = cv.u, cv.m
    paper_background(cv)
    frame(cv, 2.2 * u, mix(GOLD, PAPER, 0.3), job.sample)
    root = org_tree(job.title, job.lines)
    top = m + 1.5 * u
    if job.subtitle:
        sb = fit(TextSpec(job.subtitle, SANS, INK_SOFT, 3.2 * u, 2.2 * u, 1),
                 cv.w - 2 * m - 2 * sample_reserve(cv, job.sample))
        draw_text(cv.surf, sb, 0, top, cv.w)
        top += sb.height + 3 * u
    kids = root.children
    columns = [flatten(k) for k in kids]
    longest = max((len(c) for c in columns), default=0)
    slot = (cv.w - 2 * m) / max(1, len(kids))
    bw = min(slot * 0.86, 36 * u)
    kid_h = max([10 * u] + [fit(org_spec(k.name, 1, u), bw - 3 * u).height + 4 * u for k in kids])
    root_h, gap1, gap2 = 11 * u, 10 * u, 3 * u
    bottom = cv.h - m - 1 * u
    fixed = root_h + gap1 + kid_h + (gap2 if longest else 0)
    pitch = min(10 * u, (bottom - top - fixed) / longest) if longest else 0.0
    top += max(0.0, (bottom - top - fixed - pitch * longest) / 2)
    rw = min(cv.w * 0.42, 56 * u)
    root_rect = pygame.Rect(round((cv.w - rw) / 2), round(top), round(rw), round(root_h))
    y1 = root_rect.bottom + gap1
    bus_y = root_rect.bottom + gap1 / 2
    line_w = max(2, round(0.35 * u))
    xs = [m + (i + 0.5) * slot for i in range(len(kids))]
    if kids:
        pygame.draw.line(cv.surf, GOLD_DEEP, (cv.w / 2, root_rect.bottom), (cv.w / 2, bus_y), line_w)
        pygame.draw.line(cv.surf, GOLD_DEEP, (xs[0], bus_y), (xs[-1], bus_y), line_w)
    for x, kid, col in zip(xs, kids, columns):
        pygame.draw.line(cv.surf, GOLD_DEEP, (x, bus_y), (x, y1), line_w)
        rect = pygame.Rect(round(x - bw / 2), round(y1), round(bw), round(kid_h))
        org_column(cv, rect, col, gap2, pitch, line_w)
        org_box(cv, rect, kid.name, 1)
    org_box(cv, root_rect, root.name, 0)


def flatten(node: OrgNode, depth: int = 0) -> list[tuple[int, str]]:
    """A node's descendants in drawing order with their depth below it."""
    out: list[tuple[int, str]] = []
    for child in node.children:
        out.append((depth, child.name))
        out.extend(flatten(child, depth + 1))
    return out


def org_column(cv: Canvas, parent: pygame.Rect, items: Sequence[tuple[int, str]], gap: float,
               pitch: float, line_w: int) -> None:
    """Descendants listed under a box, each joined by an elbow line to its own parent."""
    u = cv.u
    indent = 3.4 * u
    rects: list[tuple[pygame.Rect, str]] = []
    anchors: dict[int, tuple[float, float]] = {-1: (parent.left + 2.4 * u, parent.bottom)}
    for i, (depth, name) in enumerate(items):
        x = parent.left + 4.4 * u + depth * indent
        rect = pygame.Rect(round(x), round(parent.bottom + gap + i * pitch),
                           round(parent.right + 1 * u - x), round(pitch * 0.78))
        ax, ay = anchors[depth - 1]
        pygame.draw.line(cv.surf, GOLD_DEEP, (ax, ay), (ax, rect.centery), line_w)
        pygame.draw.line(cv.surf, GOLD_DEEP, (ax, rect.centery), (rect.left, rect.centery), line_w)
        anchors[depth] = (rect.left + 1.8 * u, rect.bottom)
        rects.append((rect, name))
    for rect, name in rects:
        org_box(cv, rect, name, 2)


def org_box(cv: Canvas, rect: pygame.Rect, name: str, level: int) -> None:
    """One box of the chart: the top box red and gold, then solid, then outlined."""
    u, p = cv.u, cv.pal
    radius = 1.0 * u
    shadow_rect(cv, rect, 1.0 * u, 70 if level < 2 else 45, (0, 0.5 * u))
    if level == 0:
        cv.surf.blit(_rounded(gradient(rect.size, [(0, p.light), (1, p.dark)]), radius),
                     rect.topleft)
        pygame.draw.rect(cv.surf, GOLD, rect, max(2, round(0.45 * u)), border_radius=round(radius))
        pygame.draw.rect(cv.surf, GOLD_LIGHT, rect.inflate(-1.4 * u, -1.4 * u),
                         max(1, round(0.12 * u)), border_radius=round(radius * 0.6))
    elif level == 1:
        cv.surf.blit(_rounded(gradient(rect.size, [(0, p.main), (1, p.dark)]), radius),
                     rect.topleft)
        pygame.draw.rect(cv.surf, GOLD, rect, max(1, round(0.25 * u)), border_radius=round(radius))
    else:
        pygame.draw.rect(cv.surf, (255, 252, 246), rect, border_radius=round(radius))
        pygame.draw.rect(cv.surf, mix(p.main, WHITE, 0.5), rect, max(1, round(0.16 * u)),
                         border_radius=round(radius))
        pygame.draw.rect(cv.surf, p.main, (rect.x, rect.y, round(0.9 * u), rect.h),
                         border_top_left_radius=round(radius), border_bottom_left_radius=round(radius))
    spec = org_spec(name, level, u)
    inner = rect.inflate(-3 * u, -1.6 * u)
    if level == 2:
        inner = pygame.Rect(rect.x + round(1.8 * u), inner.y, rect.w - round(2.8 * u), inner.h)
    block = fit(spec, inner.w, inner.h)
    draw_text(cv.surf, block, inner.x, inner.y + (inner.h - block.height) / 2, inner.w)


def org_spec(name: str, level: int, u: float) -> TextSpec:
    """How a box's name is written at each level of the chart."""
    if level == 0:
        return TextSpec(name, SERIF_BOLD, GOLD, 5 * u, 2.8 * u, 1, gold=True)
    if level == 1:
        return TextSpec(name, SANS_BOLD, CREAM, 3.4 * u, 2.4 * u, 3, leading=1.25)
    return TextSpec(name, SANS, INK, 3.0 * u, 1.8 * u, 2, leading=1.25)


def _rounded(surf: Surface, radius: float) -> Surface:
    out = _with_alpha(surf)
    mask = Surface(surf.get_size(), pygame.SRCALPHA)
    pygame.draw.rect(mask, WHITE, mask.get_rect(), border_radius=round(radius))
    out.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return out


DRAWERS: dict[str, Callable[[Canvas, ImageJob], None]] = {
    "poster": draw_poster, "cover": draw_cover, "timeline": draw_timeline, "map": draw_map,
    "portrait": draw_portrait, "badge": draw_badge, "book": draw_book, "photo": draw_photo,
    "org": draw_org}


# ----------------------------------------------------------------------------- jobs


@dataclass(frozen=True)
class ImageJob:
    where: str
    rel: str
    out: Path
    style: str
    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()
    colour: Colour = PARTY_RED
    size: tuple[int, int] = (1600, 900)
    sample: bool = False


@dataclass(frozen=True)
class VideoJob:
    where: str
    rel: str
    out: Path
    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()
    colour: Colour = PARTY_RED
    size: tuple[int, int] = (1280, 720)
    seconds: float = 10.0
    subtitles: bool = False
    sample: bool = False


@dataclass(frozen=True)
class AudioJob:
    where: str
    rel: str
    out: Path
    text: str


Job = ImageJob | VideoJob | AudioJob


def seed_of(rel: str) -> int:
    """A stable seed from the output path (Python's hash() is salted per run)."""
    return int.from_bytes(hashlib.sha256(rel.encode()).digest()[:8], "big")


def temp_path(out: Path) -> Path:
    """A hidden sibling to write into before renaming (the kiosk ignores dotfiles)."""
    return out.with_name(f".{out.stem}.partial{out.suffix}")


def render_image(job: ImageJob) -> Surface:
    w, h = job.size
    ss = SUPERSAMPLE if w * h <= 6_000_000 else 1
    cv = Canvas(Surface((w * ss, h * ss)), Palette(ground(job.colour)),
                random.Random(seed_of(job.rel)))
    DRAWERS[job.style](cv, job)
    if job.sample:
        sample_tag(cv)
    return pygame.transform.smoothscale(cv.surf, (w, h)) if ss > 1 else cv.surf


def save_image(surf: Surface, out: Path) -> None:
    """JPEG (quality 85) or PNG by extension; PNGs over budget are reduced to 256 colours."""
    img = Image.frombytes("RGB", surf.get_size(), pygame.image.tobytes(surf, "RGB"))
    tmp = temp_path(out)
    try:
        if out.suffix.lower() == ".png":
            img.save(tmp, "PNG", optimize=True)
            if tmp.stat().st_size > PNG_BUDGET:
                img.quantize(256).save(tmp, "PNG", optimize=True)
        else:
            img.save(tmp, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def make_image(job: ImageJob) -> list[Path]:
    save_image(render_image(job), job.out)
    return [job.out]


# ----------------------------------------------------------------------------- video


def smoothstep(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


def scene_state(k: int, n: int, t: float, total: float) -> tuple[float, float]:
    """Opacity and vertical offset (in layout units) of scene k's caption at time t.

    Neighbouring captions cross-fade at their border, the outgoing one rising away as the
    next rises into place, so the two barely overlap; the first fades in at the start and
    the last fades out at the end, so the video loops smoothly. Captions drift slowly up
    all the time."""
    d = total / n
    x = min(1.2, d * 0.4)
    start, end = k * d, (k + 1) * d
    fade_in = smoothstep((t - start + 0.05 * x) / (0.55 * x)) if k else smoothstep(t / 0.6)
    fade_out = (1 - smoothstep((t - end + 0.5 * x) / (0.55 * x))) if k < n - 1 else \
        (1 - smoothstep((t - total + 0.6) / 0.6))
    progress = min(1.0, max(0.0, (t - start) / d))
    offset = (0.5 - progress) * 4 + 5 * (1 - fade_in) - 5 * (1 - fade_out)
    return fade_in * fade_out, offset


def video_background(cv: Canvas, job: VideoJob, focus: Point) -> None:
    """Everything that does not move: backdrop, mountains, ribbon, frame, header, tag."""
    u, m, p = cv.u, cv.m, cv.pal
    red_background(cv, focus)
    ridge(cv, cv.h * 0.90, 4 * u, p.deep, 140, 21)
    ridge(cv, cv.h * 0.95, 3 * u, mix(p.deep, BLACK, 0.3), 190, 22)
    ribbon(cv, cv.h * 0.87, 3 * u, 5 * u, (GOLD_LIGHT, GOLD_DEEP), 150, 1.0, -0.02)
    frame(cv, 2.2 * u, GOLD, job.sample)
    x = m + 1.5 * u
    max_w = cv.w - x - m - sample_reserve(cv, job.sample)
    if job.title:
        draw_star(cv.surf, (x + 1.6 * u, m + 2.4 * u), 1.8 * u, GOLD)
        tb = fit(TextSpec(job.title, SERIF_BOLD, GOLD, 4.6 * u, 3 * u, 1, "left", gold=True,
                          shadow=p.deep), max_w - 5 * u)
        draw_text(cv.surf, tb, x + 4.6 * u, m + 2.4 * u - tb.height / 2)
        if job.subtitle:
            sb = fit(TextSpec(job.subtitle, SANS, CREAM, 2.8 * u, 2 * u, 1, "left"), max_w - 5 * u)
            draw_text(cv.surf, sb, x + 4.6 * u, m + 2.4 * u + tb.height / 2 + 1.6 * u)
    if job.sample:
        sample_tag(cv)


def video_caption(cv: Canvas, text: str) -> Surface:
    """One scene's caption: a big gold date over its label, or a single statement."""
    u, p = cv.u, cv.pal
    date, label = split_event(text)
    width = round(cv.w - 2 * cv.m - 12 * u)
    height = round(cv.h * 0.56)
    if date:
        items: list[tuple[ColumnItem, float]] = [
            (TextSpec(date, SERIF_BOLD, GOLD, 15 * u, 8 * u, 1, gold=True, shadow=p.deep), 0),
            (divider(GOLD_LIGHT, u), 2.4 * u),
            (TextSpec(label, SANS_BOLD, CREAM, 6 * u, 3.6 * u, 2, shadow=p.deep), 2.6 * u)]
    else:
        items = [(star_row(GOLD, u), 0),
                 (TextSpec(label, SERIF_BOLD, GOLD, 8 * u, 4.4 * u, 3, leading=1.3, gold=True,
                           shadow=p.deep), 3 * u)]
    surf = Surface((width, height), pygame.SRCALPHA)
    column(surf, items, surf.get_rect())
    return surf


@dataclass
class Motion:
    """The moving layer of a video: slowly turning light rays and drifting gold sparks."""

    cv: Canvas
    focus: Point
    rays: Surface = field(init=False)
    sprites: list[list[Surface]] = field(init=False)
    sparks: list[tuple[float, float, float, int, float]] = field(init=False)

    def __post_init__(self) -> None:
        u, rng = self.cv.u, self.cv.rng
        self.rays = Surface((360, 360))
        self.rays.blit(rays_surface(360, 30, self.cv.pal.ray, 34), (0, 0))
        self.sprites = []
        for size in (1.6, 2.4, 3.4):
            d = max(3, round(size * u))
            row = []
            for level in range(8):
                spr = Surface((d, d))
                spr.blit(radial((d, d), (255, 222, 150), round(40 + 200 * level / 7), 0, 0.5),
                         (0, 0))
                row.append(spr)
            self.sprites.append(row)
        self.sparks = [(rng.uniform(0, self.cv.w), rng.uniform(0, self.cv.h), rng.uniform(0.5, 1.6),
                        rng.randrange(3), rng.uniform(0, 6.3)) for _ in range(46)]

    def draw(self, frame: Surface, t: float) -> None:
        w, h = frame.get_size()
        turned = pygame.transform.rotate(self.rays, -t * 3.0)
        scale = 1.7 * max(w, h) / 360
        tw, th = turned.get_size()
        fx, fy = self.focus
        # scale up only the part of the turned rays that lands on the frame
        crop = pygame.Rect(math.floor(tw / 2 - fx / scale), math.floor(th / 2 - fy / scale),
                           math.ceil(w / scale) + 2, math.ceil(h / scale) + 2).clip(turned.get_rect())
        big = pygame.transform.smoothscale(turned.subsurface(crop),
                                           (round(crop.w * scale), round(crop.h * scale)))
        frame.blit(big, (round(fx + (crop.x - tw / 2) * scale), round(fy + (crop.y - th / 2) * scale)),
                   special_flags=pygame.BLEND_RGB_ADD)
        u = self.cv.u
        for x, y, speed, si, phase in self.sparks:
            yy = (y - speed * u * t) % (h + 8 * u) - 4 * u
            xx = x + 1.5 * u * math.sin(phase + t * 0.6)
            level = round(3.5 + 3.5 * math.sin(phase * 3 + t * 1.7))
            blit_center(frame, self.sprites[si][level], (xx, yy), pygame.BLEND_RGB_ADD)


def compose_frame(base: Surface, motion: Motion, captions: Sequence[Surface], centre: Point,
                  t: float, total: float, cv: Canvas) -> Surface:
    """One video frame at time t."""
    u = cv.u
    frame = base.copy()
    motion.draw(frame, t)
    for k, cap in enumerate(captions):
        alpha, offset = scene_state(k, len(captions), t, total)
        if alpha <= 0.003:
            continue
        cap.set_alpha(round(255 * alpha))
        blit_center(frame, cap, (centre[0], centre[1] + offset * u))
    x0, x1, y = cv.m, cv.w - cv.m, cv.h - 4.6 * u
    lw = max(2, round(0.35 * u))
    pygame.draw.line(frame, mix(cv.pal.deep, BLACK, 0.35), (x0, y), (x1, y), lw)
    pygame.draw.line(frame, GOLD, (x0, y), (x0 + (x1 - x0) * t / total, y), lw)
    return frame


def ffmpeg_video_cmd(size: tuple[int, int], seconds: float, out: Path) -> list[str]:
    w, h = size
    rate = round(1100 * w * h / (1920 * 1080)) + 200
    return ["ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", f"{w}x{h}", "-r", str(FPS), "-i", "-",
            "-f", "lavfi", "-i", "anullsrc=channel_layout=mono:sample_rate=44100",
            "-map", "0:v", "-map", "1:a", "-t", f"{seconds:g}",
            "-vf", "scale=out_color_matrix=bt709:out_range=tv",
            "-c:v", "libx264", "-preset", "medium", "-crf", "26", "-maxrate", f"{rate}k",
            "-bufsize", f"{rate * 2}k", "-pix_fmt", "yuv420p", "-profile:v", "high",
            "-g", str(FPS * 2), "-colorspace", "bt709", "-color_primaries", "bt709",
            "-color_trc", "bt709", "-c:a", "aac", "-b:a", "32k", "-ac", "1",
            "-movflags", "+faststart", "-map_metadata", "-1", "-fflags", "+bitexact",
            "-flags:v", "+bitexact", "-flags:a", "+bitexact", str(out)]


def srt_time(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def write_srt(job: VideoJob, scenes: Sequence[str]) -> Path:
    """One cue per scene caption, timed with the scenes."""
    d = job.seconds / len(scenes)
    cues = [f"{i + 1}\n{srt_time(i * d)} --> {srt_time((i + 1) * d)}\n{text}\n"
            for i, text in enumerate(scenes)]
    out = job.out.with_suffix(".srt")
    tmp = temp_path(out)
    tmp.write_text("\n".join(cues), encoding="utf-8")
    os.replace(tmp, out)
    return out


def make_video(job: VideoJob) -> list[Path]:
    w, h = job.size
    cv = Canvas(Surface((w, h)), Palette(ground(job.colour)), random.Random(seed_of(job.rel)))
    scenes = list(job.lines) or [job.title]
    centre = (w / 2, h * 0.53)
    video_background(cv, job, centre)
    base = cv.surf.copy()
    captions = [video_caption(cv, text) for text in scenes]
    motion = Motion(cv, centre)
    tmp = temp_path(job.out)
    proc = subprocess.Popen(ffmpeg_video_cmd(job.size, job.seconds, tmp), stdin=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stderr is not None
    try:
        try:
            for i in range(round(job.seconds * FPS)):
                frame = compose_frame(base, motion, captions, centre, i / FPS, job.seconds, cv)
                proc.stdin.write(pygame.image.tobytes(frame, "RGB"))
            proc.stdin.close()
        except BrokenPipeError:
            pass
        err = proc.stderr.read().decode(errors="replace").strip()
        if proc.wait() != 0:
            raise RuntimeError(f"ffmpeg failed: {err[-600:]}")
        os.replace(tmp, job.out)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        tmp.unlink(missing_ok=True)
    written = [job.out]
    if job.subtitles:
        written.append(write_srt(job, scenes))
    return written


# ----------------------------------------------------------------------------- audio


def run_tool(cmd: Sequence[str]) -> None:
    """Run an external tool; raise with its error output if it fails."""
    try:
        res = subprocess.run(cmd, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise RuntimeError(f"{cmd[0]} is not installed") from exc
    if res.returncode != 0:
        err = res.stderr.decode(errors="replace").strip()
        raise RuntimeError(f"{cmd[0]} failed: {err[-600:]}")


def make_audio(job: AudioJob) -> list[Path]:
    """espeak-ng (voice cmn) to WAV, then ffmpeg to mono MP3 or Ogg Vorbis."""
    codec = (["-c:a", "libmp3lame", "-b:a", "48k"] if job.out.suffix.lower() == ".mp3"
             else ["-c:a", "libvorbis", "-q:a", "2"])
    tmp = temp_path(job.out)
    with tempfile.TemporaryDirectory() as d:
        text, wav = Path(d) / "text.txt", Path(d) / "speech.wav"
        text.write_text(job.text, encoding="utf-8")
        run_tool(["espeak-ng", "-v", "cmn", "-s", "150", "-w", str(wav), "-f", str(text)])
        try:
            run_tool(["ffmpeg", "-y", "-loglevel", "error", "-i", str(wav),
                      "-af", "adelay=300:all=1,apad=pad_dur=0.8", "-ac", "1", "-ar", "22050",
                      *codec, "-map_metadata", "-1", "-fflags", "+bitexact",
                      "-flags:a", "+bitexact", str(tmp)])
            os.replace(tmp, job.out)
        finally:
            tmp.unlink(missing_ok=True)
    return [job.out]


# ----------------------------------------------------------------------------- manifests


class EntryError(Exception):
    """A problem with one manifest entry, explained for the person editing it."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that remembers each mapping's line and any key given twice."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    dup = None
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (str, int, float, bool)) and key in seen:
            dup = key
        seen.add(key) if isinstance(key, (str, int, float, bool)) else None
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    if dup is not None:
        mapping[DUP_KEY] = dup
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_keys(raw: dict[Any, Any], allowed: set[str]) -> None:
    if DUP_KEY in raw:
        raise EntryError(f"{raw[DUP_KEY]!r} is given twice")
    for key in raw:
        if key in (LINE_KEY, DUP_KEY) or key in allowed or (key == "color" and "colour" in allowed):
            continue
        raise EntryError(f"unknown key {key!r}{suggest(str(key), sorted(allowed))}; "
                         f"allowed: {', '.join(sorted(allowed))}")


def get_text(raw: dict[Any, Any], key: str, required: bool = False) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            raise EntryError(f"{key} is {'empty' if key in raw else 'missing'}")
        return ""
    if isinstance(value, (dict, list, bool)):
        raise EntryError(f"{key} must be text, not {type(value).__name__}")
    text = str(value).strip()
    if required and not text:
        raise EntryError(f"{key} is empty")
    return text


def get_bool(raw: dict[Any, Any], key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise EntryError(f"{key} must be true or false, not {value!r}")
    return value


def get_lines(raw: dict[Any, Any]) -> tuple[str, ...]:
    value = raw.get("lines")
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list):
        raise EntryError("lines must be a list of short texts (one per \"- \" line)")
    out = []
    for i, item in enumerate(value, 1):
        if isinstance(item, dict):
            raise EntryError(f"lines item {i} (line {item.get(LINE_KEY, '?')}) became a mapping "
                             "because of \": \" in it; put the whole line in quotes")
        if isinstance(item, (list, bool)) or item is None or not str(item).strip():
            raise EntryError(f"lines item {i} must be a non-empty text, not {item!r}")
        out.append(str(item).strip())
    return tuple(out)


def get_size(raw: dict[Any, Any], default: tuple[int, int], video: bool) -> tuple[int, int]:
    value = raw.get("size")
    if value is None:
        return default
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        raise EntryError(f"size must be [width, height] in pixels, not {value!r}")
    w, h = value
    lo, hi = (320, 3840) if video else (64, 4096)
    if not (lo <= w <= hi and lo <= h <= hi):
        raise EntryError(f"size {w}x{h} is out of range ({lo}..{hi} pixels a side)")
    if video and (w % 2 or h % 2):
        raise EntryError(f"video size {w}x{h} must have even width and height")
    return (w, h)


def get_colour(raw: dict[Any, Any]) -> Colour:
    if "colour" in raw and "color" in raw:
        raise EntryError("give either colour or color, not both")
    key = "colour" if "colour" in raw else "color"
    if key not in raw:
        return PARTY_RED
    value = raw[key]
    if value is None:
        raise EntryError(f"{key} is empty: quote it, {key}: \"#B22222\" "
                         "(an unquoted # starts a YAML comment)")
    try:
        return parse_colour(str(value))
    except ValueError as exc:
        raise EntryError(str(exc)) from exc


def get_path(raw: dict[Any, Any], exts: Sequence[str], content: Path) -> tuple[str, Path]:
    rel = get_text(raw, "path", required=True)
    if "\\" in rel:
        raise EntryError(f"path {rel!r} must use / between folders")
    parts = rel.split("/")
    if rel.startswith("/") or ".." in parts or ":" in parts[0]:
        raise EntryError(f"path {rel!r} must be relative to content/ and stay inside it")
    parts = [p for p in parts if p not in ("", ".")]
    if any(p.startswith(".") for p in parts):
        raise EntryError(f"path {rel!r} has a hidden (dot) name, which the kiosk ignores")
    rel = "/".join(parts)
    if Path(rel).suffix.lower() not in exts:
        raise EntryError(f"path {rel!r} must end in {' or '.join(exts)}")
    return rel, content.joinpath(*parts)


def default_title(rel: str) -> str:
    """The title the kiosk would show for a file: its name without number and extension."""
    return re.sub(r"^\d+[-_. ]*", "", Path(rel).stem) or Path(rel).stem


def parse_image(raw: dict[Any, Any], where: str, content: Path) -> ImageJob:
    check_keys(raw, IMAGE_KEYS)
    rel, out = get_path(raw, (".jpg", ".jpeg", ".png"), content)
    style = get_text(raw, "style", required=True)
    if style not in STYLES:
        raise EntryError(f"unknown style {style!r}{suggest(style, STYLES)}; "
                         f"use one of: {', '.join(STYLES)}")
    lines = get_lines(raw)
    limits = {"timeline": (1, 12), "map": (2, 14), "org": (1, 40)}
    lo, hi = limits.get(style, (0, 8))
    if not lo <= len(lines) <= hi:
        raise EntryError(f"style {style} needs {lo} to {hi} lines, got {len(lines)}")
    title = get_text(raw, "title", required=True)
    if style == "org" and len(org_tree(title, lines).children) > 10:
        raise EntryError("org chart has more than 10 boxes under the top box; group them")
    default = (900, 1200) if style == "portrait" else (1600, 900)
    return ImageJob(where, rel, out, style, title, get_text(raw, "subtitle"), lines,
                    get_colour(raw), get_size(raw, default, False), get_bool(raw, "sample"))


def parse_video(raw: dict[Any, Any], where: str, content: Path) -> VideoJob:
    check_keys(raw, VIDEO_KEYS)
    rel, out = get_path(raw, (".mp4",), content)
    seconds = raw.get("seconds", 10)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 6 <= seconds <= 15:
        raise EntryError(f"seconds must be a number from 6 to 15, not {seconds!r}")
    lines = get_lines(raw)
    if len(lines) > seconds / 1.5:
        raise EntryError(f"{len(lines)} scenes in {seconds} seconds is too fast to read; "
                         f"use at most {int(seconds / 1.5)} lines or more seconds")
    title = get_text(raw, "title") or default_title(rel)
    return VideoJob(where, rel, out, title, get_text(raw, "subtitle"), lines, get_colour(raw),
                    get_size(raw, (1280, 720), True), float(seconds), get_bool(raw, "subtitles"),
                    get_bool(raw, "sample"))


def parse_audio(raw: dict[Any, Any], where: str, content: Path) -> AudioJob:
    check_keys(raw, AUDIO_KEYS)
    rel, out = get_path(raw, (".mp3", ".ogg"), content)
    text = get_text(raw, "text", required=True)
    if len(text) > 3000:
        raise EntryError(f"text is {len(text)} characters; keep narrations under 3000")
    return AudioJob(where, rel, out, text)


SECTIONS: dict[str, Callable[[dict[Any, Any], str, Path], Job]] = {
    "images": parse_image, "videos": parse_video, "audio": parse_audio}


@dataclass
class Report:
    """Counts, and the one-line messages printed while working."""

    failures: int = 0
    files: int = 0
    total: int = 0

    def fail(self, where: str, message: str) -> None:
        print(f"error: {where}: {message}", file=sys.stderr, flush=True)
        self.failures += 1

    def wrote(self, path: Path, rel: str) -> None:
        size = path.stat().st_size
        self.files += 1
        self.total += size
        print(f"wrote {rel}  {human(size)}", flush=True)


def human(n: float) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} MB"


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_manifest(path: Path, report: Report) -> dict[Any, Any] | None:
    """Read one manifest; report (and return None) if it is not valid YAML of the right shape."""
    name = display(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except UnicodeDecodeError:
        report.fail(name, "not UTF-8 text; save the file as UTF-8")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context, cmark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and cmark:
            problem = f"{context} (line {cmark.line + 1}): {problem}"
        report.fail(f"{name}{line}", f"not valid YAML: {problem}")
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        report.fail(name, "must be a mapping with images:, videos: and/or audio: lists")
        return None
    for key in data:
        if key not in SECTIONS and key not in (LINE_KEY, DUP_KEY):
            report.fail(name, f"unknown section {key!r}{suggest(str(key), list(SECTIONS))}")
    return data


def collect_jobs(manifests: Sequence[Path], content: Path, only: Sequence[str],
                 report: Report) -> list[Job]:
    """Validate every (selected) entry of every manifest into a job; report the bad ones."""
    jobs: list[Job] = []
    seen: dict[str, str] = {}
    for manifest in manifests:
        data = load_manifest(manifest, report)
        if data is None:
            continue
        for section, parse in SECTIONS.items():
            entries = data.get(section) or []
            if not isinstance(entries, list):
                report.fail(display(manifest), f"{section} must be a list of \"- path: …\" entries")
                continue
            for i, raw in enumerate(entries, 1):
                line = f":{raw[LINE_KEY]}" if isinstance(raw, dict) else ""
                path = raw.get("path") if isinstance(raw, dict) else None
                if only and not any(s in str(path) for s in only):
                    continue
                where = f"{display(manifest)}{line}: {section} entry {i}"
                where += f" ({path})" if isinstance(path, str) else ""
                try:
                    if not isinstance(raw, dict):
                        raise EntryError("each entry must be a mapping of key: value lines")
                    job = parse(raw, where, content)
                    if job.rel in seen:
                        raise EntryError(f"{job.rel} is already made by {seen[job.rel]}")
                except EntryError as exc:
                    report.fail(where, str(exc))
                    continue
                seen[job.rel] = where
                jobs.append(job)
    return jobs


RUNNERS: dict[type, Callable[[Any], list[Path]]] = {
    ImageJob: make_image, VideoJob: make_video, AudioJob: make_audio}
BUDGETS = {ImageJob: 200 * 1024, VideoJob: 3 * 1024 * 1024, AudioJob: 1024 * 1024}


def run_job(job: Job, content: Path, report: Report) -> None:
    """Make one entry's files; a failure is reported and does not stop the others."""
    _warnings.clear()
    try:
        job.out.parent.mkdir(parents=True, exist_ok=True)
        written = RUNNERS[type(job)](job)
    except Exception as exc:  # noqa: BLE001 - report any failure and go on with the rest
        report.fail(job.where, f"{type(exc).__name__}: {exc}")
        return
    finally:
        for message in dict.fromkeys(_warnings):
            print(f"warning: {job.where}: {message}", file=sys.stderr, flush=True)
    for path in written:
        report.wrote(path, path.relative_to(content).as_posix())
    size = job.out.stat().st_size
    if size > BUDGETS[type(job)]:
        print(f"warning: {job.where}: {human(size)} is over the {human(BUDGETS[type(job)])} "
              "budget", file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Draw the demo exhibition's media from manifests.")
    ap.add_argument("--manifests", type=Path, default=REPO / "scripts" / "demo_media",
                    help="folder of <zone>.yaml manifests (default: scripts/demo_media)")
    ap.add_argument("--content", type=Path, default=REPO / "content",
                    help="content folder the paths are relative to (default: content)")
    ap.add_argument("--only", action="append", default=[], metavar="SUBSTRING",
                    help="only make entries whose path contains SUBSTRING (repeatable)")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    report = Report()
    if not args.manifests.is_dir():
        report.fail(display(args.manifests), "manifest folder not found")
        return 1
    manifests = sorted(p for p in args.manifests.iterdir()
                       if p.suffix in (".yaml", ".yml") and p.is_file()
                       and not p.name.startswith("."))
    if not manifests:
        report.fail(display(args.manifests), "no .yaml manifests in this folder")
        return 1
    content = args.content.resolve()
    jobs = collect_jobs(manifests, content, args.only, report)
    for job in jobs:
        run_job(job, content, report)
    print(f"{report.files} files, {human(report.total)} in {time.monotonic() - started:.1f} s"
          + (f"; {report.failures} problem(s), see error: lines" if report.failures else ""),
          flush=True)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
