"""An exhibit a visitor turns with a finger (kind: object, issue #22), beside its card.

The ring may hold 144 photographs: only the one shown and its neighbours are decoded, by the
picture cache's workers, so memory follows the window round the ring, not the ring. While the
next photograph decodes, the last one stays on screen: a fast turn skips, it never flashes.
"""

from __future__ import annotations

import pygame

from kiosk.content.model import Panel
from kiosk.engine.bodies.common import Body, PictureView, ScrollText
from kiosk.engine.gestures import (
    DoubleTap,
    Drag,
    DragEnd,
    DragStart,
    Gesture,
    Pinch,
    Swipe,
)
from kiosk.engine.scenes.base import Context
from kiosk.engine.theme import GOLD, INK, LINE, MUTED, RED, mix
from kiosk.engine.turning import Ring, Turning
from kiosk.engine.widgets import Hits, rule

NEIGHBOURS = 6  # photographs decoded ahead on each side: a finger's flick away


class ObjectBody(Body):
    """The photograph at the current angle, an angle dial under it, the card at the right."""

    def __init__(self, ctx: Context, panel: Panel) -> None:
        super().__init__(ctx, panel)
        if panel.ring is None:
            raise ValueError(f"{panel.id} is an object panel without a ring")  # the loader never lets one through
        self.frames = panel.ring.frames
        self.turning = Turning(Ring(len(self.frames), panel.ring.arc))
        self.view = PictureView(ctx)  # the current photograph once zoomed
        self.text = ScrollText()
        self.picture = pygame.Rect(0, 0, 0, 0)
        self.shown: pygame.Surface | None = None  # kept on screen while the next photograph decodes
        self.grabbed = False  # the finger now moving began on the object

    @property
    def frame(self) -> int:
        return self.turning.frame

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        theme = self.ctx.theme
        dial_h = round(theme.body * 2.4)
        picture_w = round(rect.width * 0.6)
        self.picture = pygame.Rect(rect.x, rect.y, picture_w - theme.margin, rect.height - dial_h)
        path = self.frames[self.frame]
        self.view.show(path)
        if self.view.zoomed:
            self.view.draw(surface, self.picture)
        else:
            self.view.rect = self.picture  # where a double-tap zooms in
            self._photograph(surface, path)
        self._prefetch()
        self._dial(surface, pygame.Rect(self.picture.x, self.picture.bottom, self.picture.width, dial_h))
        self._card(surface, pygame.Rect(rect.x + picture_w, rect.y, rect.width - picture_w, rect.height))
        hits.add("object", "实物：左右拖动旋转，双击放大", self.picture, self.turning.touch)

    def _photograph(self, surface: pygame.Surface, path: str) -> None:
        rect = self.picture
        pygame.draw.rect(surface, mix(LINE, INK, 0.08), rect)
        picture = self.ctx.pictures.get(path, rect.size) or self.shown
        if picture is None:
            theme = self.ctx.theme
            words = "图片暂时无法显示" if self.ctx.pictures.failed(path) else "图片加载中…"
            line = self.ctx.text.line(words, "sans", theme.body, MUTED)
            surface.blit(line, line.get_rect(center=rect.center))
            return
        self.shown = picture
        surface.blit(picture, picture.get_rect(center=rect.center))

    def _prefetch(self) -> None:
        """Ask for the neighbours, nearest first, so a turn finds them decoded."""
        ring, here = self.turning.ring, self.frame
        for distance in range(1, NEIGHBOURS + 1):
            for index in (here + distance, here - distance):
                if ring.full or 0 <= index < ring.count:
                    self.ctx.pictures.get(self.frames[index % ring.count], self.picture.size)

    def _dial(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """A bar over the degrees the ring covers, a mark at the angle shown, and the hint."""
        theme, text = self.ctx.theme, self.ctx.text
        ring = self.turning.ring
        angle = ring.angle_of(self.frame)
        label = text.line(f"{round(angle)}°", "bold", theme.body, INK)
        hint = text.line("左右拖动旋转 · 双击放大", "sans", theme.small, MUTED)
        track_w = rect.width - label.get_width() - hint.get_width() - theme.gap * 4
        track = pygame.Rect(rect.x + theme.gap, rect.centery - max(2, theme.px(0.6)), track_w, max(4, theme.px(1.2)))
        pygame.draw.rect(surface, mix(LINE, MUTED, 0.3), track, border_radius=track.height // 2)
        share = angle / (360.0 if ring.full else max(1.0, ring.arc))
        mark = (track.x + round(track.width * share), track.centery)
        pygame.draw.circle(surface, RED, mark, max(6, theme.px(2.2)))
        pygame.draw.circle(surface, GOLD, mark, max(6, theme.px(2.2)), width=max(2, theme.px(0.5)))
        surface.blit(label, label.get_rect(midleft=(track.right + theme.gap * 2, rect.centery)))
        surface.blit(hint, hint.get_rect(midright=(rect.right, rect.centery)))

    def _card(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """名称, 年代, 来源, 捐赠人 (those given), then the exhibit's story."""
        theme, text, panel = self.ctx.theme, self.ctx.text, self.panel
        y = rect.y
        for label, value in (("名称", panel.title), ("年代", panel.era), ("来源", panel.source), ("捐赠人", panel.donor)):
            if not value:
                continue
            name = text.line(label, "bold", theme.body, mix(RED, INK, 0.3))
            words = text.paragraph(value, "sans", theme.body, INK, rect.width - theme.body * 4, 2)
            surface.blit(name, (rect.x, y))
            surface.blit(words, (rect.x + theme.body * 4, y))
            y += max(name.get_height(), words.get_height()) + theme.gap // 2
        rule(surface, theme, rect.x, y + theme.gap // 2, round(theme.body * 4))
        y += theme.gap * 2
        story = panel.body or panel.body_en
        if story and rect.bottom - y > theme.body * 2:
            area = pygame.Rect(rect.x, y, rect.width - theme.gap, rect.bottom - y)
            self.text.draw(surface, area, text.markdown(story, theme.body, INK, area.width - theme.gap))

    def gesture(self, g: Gesture) -> bool:
        if isinstance(g, (DoubleTap, Pinch)) or self.view.zoomed:
            if self.view.gesture(g):
                self.turning.touch()
                return True
            if self.view.zoomed and isinstance(g, Swipe) and self.picture.collidepoint(g.x, g.y):
                return True  # looking round a zoomed photograph, not turning the panel
        if isinstance(g, DragStart):
            self.grabbed = self.picture.collidepoint(g.x, g.y) and not self.view.zoomed
            if self.grabbed:
                self.turning.touch()
                return False  # nothing moved yet
        if self.grabbed and isinstance(g, Drag):
            before = self.frame
            self.turning.drag(g.dx, self.picture.width)
            return self.frame != before
        if self.grabbed and isinstance(g, DragEnd):
            self.turning.release(g.vx, self.picture.width)
            return False
        if self.grabbed and isinstance(g, Swipe):
            return True  # the finger turned the object; the panel stays
        return self.text.gesture(g)

    def update(self, dt: float) -> bool:
        scrolled = self.text.update(dt)
        turned = not self.view.zoomed and self.turning.update(dt)
        return scrolled or turned
