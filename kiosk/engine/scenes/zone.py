"""A zone: its panels as cards with a picture and a title, scrolled by dragging."""

from __future__ import annotations

import pygame

from kiosk.engine.gestures import Drag, DragEnd, Gesture, Swipe
from kiosk.engine.scenes.base import Scene, header, paper
from kiosk.engine.scroll import Scroll
from kiosk.engine.theme import CARD, GOLD, INK, MUTED, RED, WHITE, hex_colour, mix
from kiosk.engine.widgets import (
    KIND_LABELS,
    badge,
    card_shadow,
    picture,
    vertical_gradient,
)


class ZoneScene(Scene):
    name = "zone"

    def __init__(self, ctx, nav, zone_id: str) -> None:
        super().__init__(ctx, nav)
        self.zone_id = zone_id
        self.scroll = Scroll()
        self.area = pygame.Rect(0, 0, 0, 0)

    def still_valid(self) -> bool:
        return self.ctx.catalog.zone(self.zone_id) is not None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme, text = self.ctx, self.ctx.theme, self.ctx.text
        self.hits.items.clear()
        zone = ctx.catalog.zone(self.zone_id)
        paper(surface)
        width, height = ctx.size
        top = header(surface, ctx, self.hits, self.nav, ["首页", zone.title if zone else ""])
        if zone is None:
            return
        intro_h = round(theme.h1 * 2.4)
        colour = hex_colour(zone.colour)
        title = text.line(zone.title, "serif", theme.h1, colour)
        y = top + (intro_h - title.get_height()) // 2
        surface.blit(title, (theme.margin, y))
        sub = " · ".join(x for x in (zone.title_en, zone.subtitle, f"{len(zone.panel_ids)} 个版面") if x)
        line = text.paragraph(sub, "sans", theme.body, MUTED, width - 3 * theme.margin - title.get_width(), 1)
        surface.blit(line, (theme.margin * 2 + title.get_width(), y + title.get_height() - line.get_height()))
        self.area = pygame.Rect(0, top + intro_h, width, height - top - intro_h)
        self._cards(surface, zone.panel_ids, colour)

    def _layout(self, count: int) -> tuple[int, int, int, int]:
        theme = self.ctx.theme
        inner = self.area.width - 2 * theme.margin
        columns = max(1, min(5, inner // max(1, round(theme.body * 14))))
        gap = theme.gap * 2
        card_w = (inner - gap * (columns - 1)) // columns
        card_h = round(card_w * 9 / 16) + round(theme.body * 4.2)
        return columns, card_w, card_h, gap

    def _cards(self, surface: pygame.Surface, panel_ids: tuple[str, ...], colour: tuple[int, int, int]) -> None:
        ctx, theme, text = self.ctx, self.ctx.theme, self.ctx.text
        columns, card_w, card_h, gap = self._layout(len(panel_ids))
        rows = (len(panel_ids) + columns - 1) // columns
        self.scroll.set_limit(rows * (card_h + gap) + theme.margin, self.area.height)
        clip = surface.get_clip()
        surface.set_clip(self.area)
        radius = theme.px(3)
        for i, panel_id in enumerate(panel_ids):
            panel = ctx.catalog.panels.get(panel_id)
            if panel is None:
                continue
            row, col = divmod(i, columns)
            x = self.area.x + theme.margin + col * (card_w + gap)
            y = self.area.y + gap // 2 + row * (card_h + gap) - round(self.scroll.offset)
            rect = pygame.Rect(x, y, card_w, card_h)
            if rect.bottom < self.area.top or rect.top > self.area.bottom:
                continue
            card_shadow(surface, rect, radius)
            pygame.draw.rect(surface, CARD, rect, border_radius=radius)
            thumb = pygame.Rect(x, y, card_w, round(card_w * 9 / 16))
            if panel.cover:
                picture(surface, ctx.pictures, panel.cover, thumb, fit="cover")
            else:
                self._kind_art(surface, thumb, panel.kind, colour)
            badge(surface, theme, text, (thumb.x + theme.gap, thumb.y + theme.gap), KIND_LABELS[panel.kind], colour)
            if panel.sample:
                badge(surface, theme, text, (thumb.right - theme.gap, thumb.y + theme.gap), "示例",
                      mix(GOLD, INK, 0.25), anchor="topright")
            label = text.paragraph(panel.title, "bold", theme.body, INK, card_w - 2 * theme.gap, max_lines=2)
            surface.blit(label, (x + theme.gap, thumb.bottom + theme.gap // 2))
            if panel.title_en:
                en = text.paragraph(panel.title_en, "sans", theme.small, MUTED, card_w - 2 * theme.gap, max_lines=1)
                surface.blit(en, (x + theme.gap, rect.bottom - en.get_height() - theme.gap // 3))
            self.hits.add(f"panel:{panel.id}", panel.title, rect, lambda p=panel.id: self.nav.panel(p), clip=self.area)
        surface.set_clip(clip)
        if self.scroll.scrollable:
            self._scrollbar(surface)

    def _kind_art(self, surface: pygame.Surface, rect: pygame.Rect, kind: str, colour: tuple[int, int, int]) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        surface.blit(vertical_gradient(rect.size, mix(colour, WHITE, 0.15), mix(colour, INK, 0.3)), rect)
        glyph = {"chart": "▮▮▮", "quiz": "？", "timeline": "⋯", "article": "文", "video": "▶", "audio": "♪",
                 "gallery": "图", "object": "物"}[kind]
        mark = text.line(glyph, "bold", theme.title, mix(WHITE, GOLD, 0.4))
        surface.blit(mark, mark.get_rect(center=rect.center))

    def _scrollbar(self, surface: pygame.Surface) -> None:
        theme = self.ctx.theme
        track = pygame.Rect(self.area.right - theme.px(4), self.area.y + theme.gap, theme.px(2),
                            self.area.height - 2 * theme.gap)
        visible = self.area.height / (self.scroll.limit + self.area.height)
        knob_h = max(theme.target, round(track.height * visible))
        knob_y = track.y + round((track.height - knob_h) * (self.scroll.offset / max(1, self.scroll.limit)))
        pygame.draw.rect(surface, mix(CARD, MUTED, 0.3), track, border_radius=track.width // 2)
        pygame.draw.rect(surface, RED, (track.x, knob_y, track.width, knob_h), border_radius=track.width // 2)

    def gesture(self, g: Gesture) -> bool:
        if isinstance(g, Drag) and self.area.collidepoint(g.x, g.y):
            self.scroll.drag(g.dy)
            return True
        if isinstance(g, DragEnd):
            self.scroll.release(g.vy)
            return True
        if isinstance(g, Swipe) and g.direction == "right":
            self.nav.back()
            return True
        return False

    def update(self, dt: float) -> bool:
        return self.scroll.update(dt)
