"""Home: the hall's name and its five zones (五位一体) as large tiles."""

from __future__ import annotations

import pygame

from kiosk.content.model import Zone
from kiosk.engine.scenes.base import Scene
from kiosk.engine.theme import DEEP_RED, GOLD, INK, PAPER, RED, WHITE, hex_colour, mix
from kiosk.engine.widgets import picture, vertical_gradient


class HomeScene(Scene):
    name = "home"

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme, text = self.ctx, self.ctx.theme, self.ctx.text
        self.hits.items.clear()
        width, height = ctx.size
        hall = ctx.config.hall
        title = text.title(hall.title, "serif", width - 2 * theme.margin, 1,
                           [theme.title * 2, round(theme.title * 1.6), theme.title], GOLD, align="center")
        lines = [text.paragraph(words, "sans", size, colour, width - 2 * theme.margin, 1, "center")
                 for words, size, colour in ((hall.subtitle, theme.h3, WHITE),
                                             (hall.title_en, theme.body, mix(WHITE, GOLD, 0.5))) if words]
        content_h = title.get_height() + sum(line.get_height() for line in lines)
        banner_h = max(round(min(height, width * 0.75) * 0.3), content_h + 2 * theme.margin)
        surface.blit(vertical_gradient((width, banner_h), RED, DEEP_RED), (0, 0))
        surface.blit(vertical_gradient((width, height - banner_h), PAPER, mix(PAPER, GOLD, 0.25)), (0, banner_h))
        pygame.draw.rect(surface, GOLD, (0, banner_h - theme.px(1.2), width, theme.px(1.2)))
        y = (banner_h - content_h) // 2
        for piece in (title, *lines):
            surface.blit(piece, (theme.margin, y))
            y += piece.get_height()
        top = banner_h + theme.margin
        featured = [p for p in ctx.featured if p in ctx.catalog.panels]  # the calendar's picks for today
        if featured:
            top = self._featured(surface, featured, top) + theme.margin
        self._tiles(surface, pygame.Rect(theme.margin, top, width - 2 * theme.margin, height - top - theme.margin))

    def _featured(self, surface: pygame.Surface, panel_ids: list[str], top: int) -> int:
        """今日推荐: the calendar's featured panels as a row of buttons above the zones; the row's bottom."""
        ctx, theme, text = self.ctx, self.ctx.theme, self.ctx.text
        label = text.line("今日推荐", "bold", theme.h3, DEEP_RED)
        surface.blit(label, (theme.margin, top))
        x = theme.margin + label.get_width() + theme.gap * 2
        right = ctx.size[0] - theme.margin
        height = max(label.get_height(), theme.target)
        for panel_id in panel_ids:
            words = text.line(ctx.catalog.panels[panel_id].title, "bold", theme.body, WHITE)
            chip = pygame.Rect(x, top, words.get_width() + theme.margin, height)
            if chip.right > right:
                break  # what does not fit in one row waits for its zone
            pygame.draw.rect(surface, RED, chip, border_radius=chip.height // 2)
            surface.blit(words, words.get_rect(center=chip.center))
            self.hits.add(f"featured:{panel_id}", ctx.catalog.panels[panel_id].title, chip,
                          lambda p=panel_id: self.nav.panel(p))
            x = chip.right + theme.gap
        return top + height

    def _tiles(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        zones = ctx.catalog.zones
        if not zones:
            return
        portrait = area.height > area.width
        count = len(zones)
        gap = theme.gap * 2
        if portrait:
            tile_w, tile_h = area.width, (area.height - gap * (count - 1)) // count
        else:
            tile_w, tile_h = (area.width - gap * (count - 1)) // count, area.height
        for i, zone in enumerate(zones):
            x = area.x + (0 if portrait else i * (tile_w + gap))
            y = area.y + (i * (tile_h + gap) if portrait else 0)
            rect = pygame.Rect(x, y, tile_w, tile_h)
            colour = hex_colour(zone.colour)
            radius = theme.px(4)
            surface.blit(vertical_gradient(rect.size, mix(colour, WHITE, 0.08), mix(colour, INK, 0.35)), rect)
            if zone.cover:
                # Covers are designed pictures, often with words: shown whole, never cropped.
                wide = rect.width > rect.height * 1.3
                cover_rect = (pygame.Rect(rect.right - round(rect.w * 0.4), rect.y, round(rect.w * 0.4), rect.h) if wide
                              else pygame.Rect(rect.x, rect.y, rect.w, min(round(rect.h * 0.42), rect.w * 9 // 16)))
                picture(surface, ctx.pictures, zone.cover, cover_rect.inflate(-theme.gap, -theme.gap), fit="contain",
                        fallback=colour)
            pygame.draw.rect(surface, GOLD, rect, width=max(2, theme.px(0.8)), border_radius=radius)
            if rect.width > rect.height * 1.3:
                self._wide_tile(surface, rect, zone)
            else:
                self._tall_tile(surface, rect, zone)
            self.hits.add(f"zone:{zone.id}", zone.title, rect, lambda z=zone.id: self.nav.zone(z))

    def _tall_tile(self, surface: pygame.Surface, rect: pygame.Rect, zone: Zone) -> None:
        """Landscape screens: the zone's name large in the lower half, its lines under it."""
        theme, text = self.ctx.theme, self.ctx.text
        inner = rect.inflate(-2 * theme.gap, -2 * theme.gap)
        big = text.title(zone.title, "serif", inner.width, 1, [theme.title * 2, round(theme.title * 1.5), theme.title],
                         WHITE, align="center")
        pieces = [text.paragraph(line, "sans", size, colour_fg, inner.width, 2, "center")
                  for line, size, colour_fg in ((zone.title_en, theme.small, mix(WHITE, GOLD, 0.7)),
                                                (zone.subtitle, theme.body, WHITE)) if line]
        count_line = text.line(f"{len(zone.panel_ids)} 个版面", "sans", theme.small, mix(WHITE, GOLD, 0.6))
        count_rect = count_line.get_rect(midbottom=(rect.centerx, rect.bottom - theme.gap))
        block = big.get_height() + sum(p.get_height() + theme.gap // 2 for p in pieces)
        top = min(rect.y + round(rect.h * 0.46), count_rect.top - block)  # a shorter tile lifts the words
        surface.blit(big, (inner.x, top))
        top += big.get_height()
        for piece in pieces:
            surface.blit(piece, (inner.x, top))
            top += piece.get_height() + theme.gap // 2
        surface.blit(count_line, count_rect)

    def _wide_tile(self, surface: pygame.Surface, rect: pygame.Rect, zone: Zone) -> None:
        """Portrait screens: the name on the left, its lines beside it, the cover on the right."""
        theme, text = self.ctx.theme, self.ctx.text
        left = rect.x + theme.margin
        size = min(theme.title * 2, round(rect.height * 0.42))
        big = text.line(zone.title, "serif", size, WHITE)
        surface.blit(big, (left, rect.centery - big.get_height() // 2))
        x = left + big.get_width() + theme.margin
        width = round(rect.right - rect.w * 0.4) - x - theme.gap
        lines = [(zone.title_en, theme.small, mix(WHITE, GOLD, 0.7)), (zone.subtitle, theme.body, WHITE),
                 (f"{len(zone.panel_ids)} 个版面", theme.small, mix(WHITE, GOLD, 0.6))]
        pieces = [text.paragraph(words, "sans", size_, colour, width, 1) for words, size_, colour in lines if words]
        top = rect.centery - sum(p.get_height() for p in pieces) // 2
        for piece in pieces:
            surface.blit(piece, (x, top))
            top += piece.get_height()
