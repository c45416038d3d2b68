"""The parts of a panel's body that several kinds share: scrolling text, a zoomable picture."""

from __future__ import annotations

from abc import ABC, abstractmethod

import pygame

from kiosk.content.model import Panel
from kiosk.engine.gestures import DoubleTap, Drag, DragEnd, Gesture, Pinch
from kiosk.engine.scenes.base import Context
from kiosk.engine.scroll import Scroll
from kiosk.engine.theme import CARD, INK, LINE, MUTED, RED, mix
from kiosk.engine.widgets import Hits

MAX_ZOOM = 3.0
MAX_ZOOM_PIXELS = 12_000_000  # a zoomed picture is one surface: keep it under ~48 MB


class Body(ABC):
    """What a panel shows between its title and its footer."""

    def __init__(self, ctx: Context, panel: Panel) -> None:
        self.ctx = ctx
        self.panel = panel

    @abstractmethod
    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        """Draw into rect and add what can be tapped."""

    def gesture(self, g: Gesture) -> bool:
        return False

    def update(self, dt: float) -> bool:
        return False

    def refresh(self, surface: pygame.Surface) -> list[pygame.Rect]:
        """Between full redraws: redraw what changed on its own (a video's new picture); its areas."""
        return []

    def close(self) -> None:
        """The panel is left: let go of what the body holds (a video player)."""


class ScrollText:
    """A tall rendered text shown through a window, dragged with a finger."""

    def __init__(self) -> None:
        self.scroll = Scroll()
        self.rect = pygame.Rect(0, 0, 0, 0)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, content: pygame.Surface) -> None:
        self.rect = rect
        self.scroll.set_limit(content.get_height(), rect.height)
        clip = surface.get_clip()
        surface.set_clip(rect)
        surface.blit(content, (rect.x, rect.y - round(self.scroll.offset)))
        surface.set_clip(clip)
        if self.scroll.scrollable:
            self._fades(surface, rect)

    def _fades(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """A hint that there is more: a scroll bar at the right edge."""
        width = max(4, rect.width // 200)
        track = pygame.Rect(rect.right + width, rect.y, width, rect.height)
        share = rect.height / (self.scroll.limit + rect.height)
        knob_h = max(width * 6, round(track.height * share))
        knob_y = track.y + round((track.height - knob_h) * self.scroll.offset / max(1, self.scroll.limit))
        pygame.draw.rect(surface, mix(CARD, MUTED, 0.3), track, border_radius=width // 2)
        pygame.draw.rect(surface, RED, (track.x, knob_y, width, knob_h), border_radius=width // 2)

    def gesture(self, g: Gesture) -> bool:
        if isinstance(g, Drag) and self.rect.collidepoint(g.x, g.y) and self.scroll.scrollable:
            self.scroll.drag(g.dy)
            return True
        if isinstance(g, DragEnd) and self.rect.collidepoint(g.x, g.y) and self.scroll.scrollable:
            self.scroll.release(g.vy)
            return True
        return False

    def update(self, dt: float) -> bool:
        return self.scroll.update(dt)


class PictureView:
    """One picture fitted into a frame; double-tap or pinch to zoom, drag to look around."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.path: str | None = None
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.zoom = 1.0
        self.centre = (0.5, 0.5)  # the point of the picture at the frame's centre, 0..1

    def show(self, path: str | None) -> None:
        if path != self.path:
            self.path, self.zoom, self.centre = path, 1.0, (0.5, 0.5)

    def noop(self) -> None:
        """A single tap on a picture does nothing; double-tap and pinch zoom it."""

    @property
    def zoomed(self) -> bool:
        return self.zoom > 1.01

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        self.rect = rect
        pictures = self.ctx.pictures
        pygame.draw.rect(surface, mix(LINE, INK, 0.08), rect)
        if self.path is None:
            return
        base = pictures.get(self.path, rect.size)
        if base is None:
            self._placeholder(surface, rect)
            return
        if not self.zoomed:
            surface.blit(base, base.get_rect(center=rect.center))
            return
        scale = min(self.zoom, MAX_ZOOM, (MAX_ZOOM_PIXELS / max(1, base.get_width() * base.get_height())) ** 0.5)
        big_size = (round(base.get_width() * scale), round(base.get_height() * scale))
        big = pictures.get(self.path, big_size)
        clip = surface.get_clip()
        surface.set_clip(rect)
        if big is not None:
            cx, cy = self.centre[0] * big.get_width(), self.centre[1] * big.get_height()
            surface.blit(big, (round(rect.centerx - cx), round(rect.centery - cy)))
        else:  # until the sharp version arrives: the visible part of the small one, enlarged
            w, h = rect.width / scale, rect.height / scale
            cx, cy = self.centre[0] * base.get_width(), self.centre[1] * base.get_height()
            part = pygame.Rect(round(cx - w / 2), round(cy - h / 2), round(w), round(h)).clip(base.get_rect())
            if part.width > 0 and part.height > 0:
                piece = pygame.transform.scale(base.subsurface(part), (round(part.w * scale), round(part.h * scale)))
                offset_x = rect.centerx - round((cx - part.x) * scale)
                offset_y = rect.centery - round((cy - part.y) * scale)
                surface.blit(piece, (offset_x, offset_y))
        surface.set_clip(clip)

    def _placeholder(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        error = self.ctx.pictures.failed(self.path) if self.path else None
        words = "图片暂时无法显示" if error else "图片加载中…"
        line = text.line(words, "sans", theme.body, MUTED)
        surface.blit(line, line.get_rect(center=rect.center))

    def gesture(self, g: Gesture) -> bool:
        if isinstance(g, DoubleTap) and self.rect.collidepoint(g.x, g.y) and self.path:
            if self.zoomed:
                self.zoom, self.centre = 1.0, (0.5, 0.5)
            else:
                self.zoom = 2.5
                self.centre = self._point(g.x, g.y)
                self.ctx.events.emit("zoom", media=self.path, how="double_tap")
            return True
        if isinstance(g, Pinch) and self.rect.collidepoint(g.cx, g.cy) and self.path:
            was_zoomed = self.zoomed
            self.zoom = min(MAX_ZOOM, max(1.0, self.zoom * g.scale))
            if self.zoomed and not was_zoomed:
                self.ctx.events.emit("zoom", media=self.path, how="pinch")
            if not self.zoomed:
                self.centre = (0.5, 0.5)
            return True
        if isinstance(g, Drag) and self.zoomed and self.rect.collidepoint(g.x, g.y):
            shown_w = self.rect.width * self.zoom
            shown_h = self.rect.height * self.zoom
            self.centre = (min(1.0, max(0.0, self.centre[0] - g.dx / shown_w)),
                           min(1.0, max(0.0, self.centre[1] - g.dy / shown_h)))
            return True
        return False

    def _point(self, x: float, y: float) -> tuple[float, float]:
        """The picture coordinate (0..1) under a screen point at zoom 1."""
        return (min(1.0, max(0.0, (x - self.rect.x) / max(1, self.rect.width))),
                min(1.0, max(0.0, (y - self.rect.y) / max(1, self.rect.height))))
