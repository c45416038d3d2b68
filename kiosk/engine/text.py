"""Chinese text on screen: the pure line breaker measured with real fonts, surfaces cached.

Bold uses the bold face of the font, not a synthesised one; emphasis is shown in the
exhibition red, since slanted Chinese characters look broken. Rendered surfaces are cached
by (text, style, width) with a byte bound, so a static screen re-renders nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import pygame
import pygame.freetype

from kiosk.engine.textlayout import Block, LineBreaker, Run, fit_title, parse_markdown
from kiosk.engine.theme import RED, Colour, Theme

LINE_SPACING = 1.6  # generous leading reads better for Chinese at a distance
MAX_WIDTHS = 50_000  # measured strings kept; a few MB


class SurfaceCache:
    """An LRU of surfaces bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[object, pygame.Surface] = OrderedDict()
        self._bytes = 0

    def get(self, key: object) -> pygame.Surface | None:
        surface = self._items.get(key)
        if surface is not None:
            self._items.move_to_end(key)
        return surface

    def put(self, key: object, surface: pygame.Surface) -> pygame.Surface:
        self._items[key] = surface
        self._bytes += surface.get_width() * surface.get_height() * 4
        while self._bytes > self.max_bytes and len(self._items) > 1:
            _key, old = self._items.popitem(last=False)
            self._bytes -= old.get_width() * old.get_height() * 4
        return surface


class TextRenderer:
    def __init__(self, theme: Theme, max_bytes: int = 48_000_000) -> None:
        self.theme = theme
        self.cache = SurfaceCache(max_bytes)
        self._breakers: dict[tuple[str, int], LineBreaker] = {}
        self._widths: dict[tuple[str, str, int], float] = {}
        self._metrics: dict[tuple[str, int], tuple[int, int]] = {}

    def _font(self, role: str, size: int) -> pygame.freetype.Font:
        font = self.theme.font(role, size)
        font.origin = True
        return font

    def width(self, text: str, role: str, size: int) -> float:
        """Advance width of a string; measuring is costly in freetype, so widths are kept."""
        key = (text, role, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) > MAX_WIDTHS:
                self._widths.clear()
            metrics = self._font(role, size).get_metrics(text)
            width = self._widths[key] = sum(m[4] for m in metrics if m)
        return width

    def _vertical(self, role: str, size: int) -> tuple[int, int]:
        """(ascender, descender) in pixels for a font at a size."""
        key = (role, size)
        if key not in self._metrics:
            font = self._font(role, size)
            self._metrics[key] = (font.get_sized_ascender(size), font.get_sized_descender(size))
        return self._metrics[key]

    def _measure(self, role: str, size: int) -> Callable[[str, bool, bool], float]:
        def measure(text: str, bold: bool, _italic: bool) -> float:
            return self.width(text, "bold" if bold else role, size)

        return measure

    def breaker(self, role: str, size: int) -> LineBreaker:
        key = (role, size)
        if key not in self._breakers:
            self._breakers[key] = LineBreaker(self._measure(role, size))
        return self._breakers[key]

    def line(self, text: str, role: str, size: int, colour: Colour) -> pygame.Surface:
        """One line of text, no wrapping."""
        key = ("line", text, role, size, colour)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        font = self._font(role, size)
        width = max(1, round(self.width(text, role, size)))
        height = round(font.get_sized_height(size) * 1.15)
        surface = pygame.Surface((width, height), pygame.SRCALPHA)
        font.render_to(surface, (0, round(self._vertical(role, size)[0] * 1.05)), text, colour, size=size)
        return self.cache.put(key, surface)

    def paragraph(self, text: str, role: str, size: int, colour: Colour, width: int,
                  max_lines: int | None = None, align: str = "left") -> pygame.Surface:
        """Plain text wrapped to `width` by Chinese line-breaking rules."""
        return self._runs_surface(((Run(text),),), role, size, colour, width, max_lines, align)

    def markdown(self, text: str, size: int, colour: Colour, width: int) -> pygame.Surface:
        """A panel body: headings, paragraphs, lists, bold and emphasis."""
        key = ("md", text, size, colour, width)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        pieces: list[tuple[pygame.Surface, int]] = []  # (surface, space above)
        for block in parse_markdown(text):
            pieces.append(self._block(block, size, colour, width))
        total = sum(s.get_height() + gap for s, gap in pieces) if pieces else 1
        surface = pygame.Surface((width, max(1, total)), pygame.SRCALPHA)
        y = 0
        for piece, gap in pieces:
            y += gap
            surface.blit(piece, (0, y))
            y += piece.get_height()
        return self.cache.put(key, surface)

    def _block(self, block: Block, size: int, colour: Colour, width: int) -> tuple[pygame.Surface, int]:
        heading = {"h1": 1.45, "h2": 1.25, "h3": 1.1}.get(block.kind)
        if heading:
            runs = tuple(Run(r.text, True, r.italic) for r in block.runs)
            text_size = round(size * heading)
            surface = self._runs_surface((runs,), "bold", text_size, RED, width, None, "left")
            return surface, round(size * 0.9)
        if block.kind in ("bullet", "number"):
            marker = "•" if block.kind == "bullet" else f"{block.number}."
            indent = round(size * 1.6)
            body = self._runs_surface((block.runs,), "sans", size, colour, width - indent, None, "left")
            surface = pygame.Surface((width, body.get_height()), pygame.SRCALPHA)
            surface.blit(self.line(marker, "sans", size, RED), (0, round(size * 0.08)))
            surface.blit(body, (indent, 0))
            return surface, round(size * 0.25)
        return self._runs_surface((block.runs,), "sans", size, colour, width, None, "left"), round(size * 0.6)

    def _runs_surface(self, paragraphs: tuple[tuple[Run, ...], ...], role: str, size: int, colour: Colour,
                      width: int, max_lines: int | None, align: str) -> pygame.Surface:
        key = ("runs", paragraphs, role, size, colour, width, max_lines, align)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        breaker = self.breaker(role, size)
        lines = [line for runs in paragraphs for line in breaker.break_runs(list(runs), width)]
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            last = list(lines[-1])
            lines[-1] = tuple(self._ellipsize(last, role, size, width))
        step = round(size * LINE_SPACING)
        ascender, descender = self._vertical(role, size)
        baseline = round(ascender * 1.05)
        height = max(1, step * (len(lines) - 1) + baseline - descender + 2)
        surface = pygame.Surface((max(1, width), height), pygame.SRCALPHA)
        for i, line in enumerate(lines):
            line_width = sum(self.width(r.text, "bold" if r.bold else role, size) for r in line)
            x = {"left": 0, "center": (width - line_width) / 2, "right": width - line_width}[align]
            for run in line:
                run_role = "bold" if run.bold else role
                run_colour = RED if run.italic else colour
                self._font(run_role, size).render_to(surface, (round(x), baseline + i * step), run.text,
                                                     run_colour, size=size)
                x += self.width(run.text, run_role, size)
        return self.cache.put(key, surface)

    def _ellipsize(self, line: list[Run], role: str, size: int, width: int) -> list[Run]:
        text = "".join(r.text for r in line)
        while text and self.width(text + "…", role, size) > width:
            text = text[:-1]
        return [Run(text + "…", line[0].bold if line else False)]

    def title(self, text: str, role: str, width: int, max_lines: int, sizes: list[int], colour: Colour,
              align: str = "left") -> pygame.Surface:
        """A title that shrinks through `sizes` until it fits in `max_lines`."""
        size, lines = fit_title(text, width, max_lines, sizes, lambda t, s: self.width(t, role, s))
        paragraphs = tuple((Run(line),) for line in lines)
        return self._runs_surface_tight(paragraphs, role, size, colour, width, align)

    def _runs_surface_tight(self, paragraphs: tuple[tuple[Run, ...], ...], role: str, size: int,
                            colour: Colour, width: int, align: str) -> pygame.Surface:
        key = ("tight", paragraphs, role, size, colour, width, align)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        step = round(size * 1.3)
        surface = pygame.Surface((max(1, width), max(1, step * len(paragraphs) + round(size * 0.2))), pygame.SRCALPHA)
        baseline = round(self._vertical(role, size)[0] * 1.02)
        for i, (run,) in enumerate(paragraphs):
            line = self.line(run.text, role, size, colour)
            x = {"left": 0, "center": (width - line.get_width()) // 2, "right": width - line.get_width()}[align]
            self._font(role, size).render_to(surface, (x, baseline + i * step), run.text, colour, size=size)
        return self.cache.put(key, surface)
