"""Colours, fonts and sizes, with sizes given in millimetres on the physical screen.

A visitor stands 1-2 m from the screen: what matters is how big text and touch targets are
on the glass, not in pixels. Sizes are converted with the configured diagonal, so a hall
with a 43-inch and an 86-inch screen reads the same on both (ADA sign height at 2 m is about
17.7 mm: 28 px on a 55-inch 1080p panel; touch targets at least 20 mm).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pygame
import pygame.freetype

Colour = tuple[int, int, int]

# A dignified exhibition palette: party red, gold, warm paper, deep ink.
RED: Colour = (168, 20, 24)
DEEP_RED: Colour = (112, 10, 14)
GOLD: Colour = (222, 178, 92)
PAPER: Colour = (250, 244, 232)
CARD: Colour = (255, 252, 245)
INK: Colour = (38, 30, 28)
MUTED: Colour = (118, 102, 92)
LINE: Colour = (225, 210, 190)
WHITE: Colour = (255, 255, 255)
GOOD: Colour = (36, 122, 62)
BAD: Colour = (176, 32, 32)

BODY_MM = 17.7  # body text height for reading at 1-2 m
TARGET_MM = 20.0  # smallest touch target


def hex_colour(text: str) -> Colour:
    text = text.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


@dataclass(frozen=True)
class FontFiles:
    sans: Path
    sans_bold: Path
    serif: Path
    face: int  # face index inside a .ttc: 2 is Simplified Chinese in Noto CJK


class Theme:
    """Sizes for one screen, and fonts loaded once per (role, size)."""

    def __init__(self, size: tuple[int, int], mm_per_px: float, fonts: FontFiles) -> None:
        self.size = size
        self.mm_per_px = mm_per_px
        self.fonts = fonts
        # Never smaller than 28 px of body text at 1080p, whatever the configured diagonal.
        self.body = max(self.px(BODY_MM), round(28 * min(size) / 1080))
        self.small = round(self.body * 0.8)
        self.h3 = round(self.body * 1.15)
        self.h2 = round(self.body * 1.35)
        self.h1 = round(self.body * 1.7)
        self.title = round(self.body * 2.2)
        self.target = max(self.px(TARGET_MM), 44)
        self.margin = round(self.body * 1.4)
        self.gap = round(self.body * 0.6)
        self._fonts: dict[tuple[str, int], pygame.freetype.Font] = {}

    def px(self, mm: float) -> int:
        return max(1, round(mm / self.mm_per_px))

    def font(self, role: str, size: int) -> pygame.freetype.Font:
        """Fonts are kept per Theme: they die with the freetype module they were made by."""
        key = (role, size)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = _load_font(self._file(role), self.fonts.face, size)
        return font

    def _file(self, role: str) -> Path:
        return {"sans": self.fonts.sans, "bold": self.fonts.sans_bold, "serif": self.fonts.serif}[role]


def _load_font(path: Path, face: int, size: int) -> pygame.freetype.Font:
    index = face if path.suffix.lower() == ".ttc" else 0
    font = pygame.freetype.Font(str(path), size, font_index=index)
    font.antialiased = True
    font.kerning = False  # CJK fonts carry no useful kerning; it only slows measuring
    font.pad = False
    return font
