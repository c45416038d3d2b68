"""Drawing pieces shared by the scenes: buttons, badges, backgrounds, pictures with placeholders.

A widget draws itself and reports its hit area; it never reads the disk (pictures come from
the PictureCache, which loads them off the main thread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import pygame

from kiosk.engine.assets import PictureCache
from kiosk.engine.targets import Target
from kiosk.engine.text import TextRenderer
from kiosk.engine.theme import (
    CARD,
    GOLD,
    INK,
    LINE,
    MUTED,
    RED,
    WHITE,
    Colour,
    Theme,
    mix,
)

Action = Callable[[], None]


@dataclass(frozen=True)
class AlongBar:
    """The action of a bar a finger taps anywhere along (seek, volume): it needs to know where."""

    left: int
    width: int
    action: Callable[[float], None]  # gets 0.0 at the bar's left end to 1.0 at its right end

    def fraction(self, x: float) -> float:
        return min(1.0, max(0.0, (x - self.left) / self.width)) if self.width > 0 else 0.0

    def at(self, x: float) -> Action:
        fraction = self.fraction(x)
        return lambda: self.action(fraction)


KIND_LABELS = {
    "article": "图文", "gallery": "图集", "video": "视频", "audio": "音频",
    "chart": "图表", "quiz": "答题", "timeline": "时间轴", "object": "实物",
}


@dataclass
class Hits:
    """What can be tapped on the current frame, in drawing order (last drawn is on top)."""

    items: list[tuple[Target, Action | AlongBar]] = field(default_factory=list)

    def add(self, target_id: str, label: str, rect: pygame.Rect, action: Action | AlongBar,
            clip: pygame.Rect | None = None) -> None:
        visible = rect.clip(clip) if clip is not None else rect
        if visible.width > 0 and visible.height > 0:
            self.items.append((Target(target_id, label, (visible.x, visible.y, visible.w, visible.h)), action))

    def at(self, x: float, y: float) -> Action | None:
        for target, action in reversed(self.items):
            tx, ty, tw, th = target.rect
            if tx <= x < tx + tw and ty <= y < ty + th:
                return action.at(x) if isinstance(action, AlongBar) else action
        return None

    def targets(self) -> list[Target]:
        return [t for t, _ in self.items]


@lru_cache(maxsize=24)  # mostly full-width bands of a few MB each
def vertical_gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> pygame.Surface:
    """A gradient drawn as a 1-pixel column and stretched: cheap at any size; cached, blit only."""
    height = max(2, size[1])
    column = pygame.Surface((1, height))
    for y in range(height):
        column.set_at((0, y), mix(top, bottom, y / (height - 1)))
    return pygame.transform.scale(column, (max(1, size[0]), height))


def button(surface: pygame.Surface, theme: Theme, text: TextRenderer, rect: pygame.Rect, label: str,
           *, filled: bool = False, colour: Colour = RED) -> None:
    radius = rect.height // 2
    if filled:
        pygame.draw.rect(surface, colour, rect, border_radius=radius)
        fg = WHITE
    else:
        pygame.draw.rect(surface, CARD, rect, border_radius=radius)
        pygame.draw.rect(surface, colour, rect, width=max(2, theme.px(0.8)), border_radius=radius)
        fg = colour
    line = text.line(label, "bold", theme.body, fg)
    surface.blit(line, line.get_rect(center=rect.center))


def button_width(theme: Theme, text: TextRenderer, label: str) -> int:
    return max(theme.target * 2, round(text.width(label, "bold", theme.body)) + theme.body * 2)


def badge(surface: pygame.Surface, theme: Theme, text: TextRenderer, pos: tuple[int, int], label: str,
          colour: Colour = RED, anchor: str = "topleft") -> pygame.Rect:
    """A small label on a coloured pill; `pos` is its top-left or, with anchor, its top-right."""
    line = text.line(label, "bold", theme.small, WHITE)
    pad = theme.small // 2
    rect = pygame.Rect(0, 0, line.get_width() + 2 * pad, line.get_height() + pad // 2)
    setattr(rect, anchor, pos)
    pygame.draw.rect(surface, colour, rect, border_radius=pad)
    surface.blit(line, line.get_rect(center=rect.center))
    return rect


def picture(surface: pygame.Surface, pictures: PictureCache, rel_path: str | None, rect: pygame.Rect,
            fit: str = "contain", fallback: Colour = LINE) -> bool:
    """Draw a picture fitted into rect; a calm placeholder while it loads. True when drawn."""
    image = pictures.get(rel_path, rect.size, fit) if rel_path else None
    if image is None:
        pygame.draw.rect(surface, fallback, rect)
        return False
    surface.blit(image, image.get_rect(center=rect.center))
    return True


def card_shadow(surface: pygame.Surface, rect: pygame.Rect, radius: int) -> None:
    shadow = rect.move(0, max(2, radius // 3))
    pygame.draw.rect(surface, mix(LINE, INK, 0.15), shadow, border_radius=radius)


def rule(surface: pygame.Surface, theme: Theme, x: int, y: int, width: int) -> None:
    pygame.draw.rect(surface, GOLD, (x, y, width, max(2, theme.px(0.8))))


def caption(surface: pygame.Surface, theme: Theme, text: TextRenderer, rect: pygame.Rect, words: str) -> int:
    """A caption under a picture; returns the height used."""
    if not words:
        return 0
    line = text.paragraph(words, "sans", theme.small, MUTED, rect.width, max_lines=2)
    surface.blit(line, (rect.x, rect.y))
    return line.get_height()
