"""One panel: its title, its body by kind, and the way to the previous and next panel."""

from __future__ import annotations

import logging

import pygame

from kiosk.content.model import Panel
from kiosk.engine.bodies.chart import ChartBody
from kiosk.engine.bodies.common import Body
from kiosk.engine.bodies.data import QuizBody, TimelineBody
from kiosk.engine.bodies.media import AudioBody, VideoBody
from kiosk.engine.bodies.object import ObjectBody
from kiosk.engine.bodies.reading import ArticleBody, ErrorBody
from kiosk.engine.gestures import Gesture, Swipe
from kiosk.engine.qr import what_it_gives
from kiosk.engine.scenes.base import Context, Navigator, Scene, header, paper
from kiosk.engine.theme import CARD, GOLD, INK, LINE, MUTED, RED, hex_colour, mix
from kiosk.engine.widgets import KIND_LABELS, badge, button, button_width, rule

log = logging.getLogger(__name__)

BODIES: dict[str, type[Body]] = {
    "article": ArticleBody, "gallery": ArticleBody, "video": VideoBody, "audio": AudioBody,
    "chart": ChartBody, "quiz": QuizBody, "timeline": TimelineBody, "object": ObjectBody,
}


class PanelScene(Scene):
    name = "panel"

    def __init__(self, ctx: Context, nav: Navigator, panel_id: str) -> None:
        super().__init__(ctx, nav)
        self.panel_id = panel_id
        panel = ctx.catalog.panels[panel_id]
        self.zone_id = panel.zone
        self.shown = panel  # the version the body was built for
        self.body = self._make_body(panel)
        self.qr_reported = False  # qr_shown is logged once, when the code is first on screen

    def _make_body(self, panel: Panel) -> Body:
        try:
            return BODIES[panel.kind](self.ctx, panel)
        except Exception:  # one panel's failure is that panel's problem, never the kiosk's
            log.exception("panel %s could not be prepared", self.panel_id)
            self._failed("could not be prepared")
            return ErrorBody(self.ctx, panel)

    def _failed(self, what: str) -> None:
        self.ctx.runtime_problems.append(f"{self.panel_id}: the panel {what}; it shows a notice instead")
        self.ctx.events.emit("panel_error", zone=self.zone_id, panel=self.panel_id, message=what)

    def _close_body(self) -> None:
        try:
            self.body.close()
        except Exception:  # a body that cannot let go must not keep the visitor on this panel
            log.exception("panel %s could not close its body", self.panel_id)

    def close(self) -> None:
        self._close_body()

    def playing(self) -> bool:
        return getattr(self.body, "playing", False) is True

    def still_valid(self) -> bool:
        panel = self.ctx.catalog.panels.get(self.panel_id)
        if panel is None:
            return False
        if panel != self.shown:  # edited: show the new version in place
            self.shown = panel
            self._close_body()
            self.body = self._make_body(panel)
        return True

    def _siblings(self) -> tuple[str, ...]:
        zone = self.ctx.catalog.zone(self.zone_id) if self.zone_id else None
        return zone.panel_ids if zone else (self.panel_id,)

    def step(self, delta: int) -> None:
        siblings = self._siblings()
        if self.panel_id in siblings and len(siblings) > 1:
            self.nav.panel(siblings[(siblings.index(self.panel_id) + delta) % len(siblings)])

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        self.hits.items.clear()
        panel = self.shown
        paper(surface)
        zone = ctx.catalog.zone(panel.zone)
        top = header(surface, ctx, self.hits, self.nav, ["首页", zone.title if zone else "", panel.title])
        width, height = ctx.size
        footer_h = round(theme.body * 3.6)
        title_bottom = self._title(surface, panel, top + theme.gap, zone.colour if zone else "#A81418")
        source = "" if panel.kind == "object" else panel.source  # an exhibit's card shows its 来源
        source_h = round(theme.small * 1.8) if source else 0
        body_rect = pygame.Rect(theme.margin, title_bottom + theme.gap, width - 2 * theme.margin,
                                height - footer_h - title_bottom - 2 * theme.gap - source_h)
        if panel.qr:
            card = self._qr_card(surface, body_rect, panel.qr)
            body_rect.width = card.left - theme.margin - body_rect.x
            if not self.qr_reported:
                self.qr_reported = True
                ctx.events.emit("qr_shown", zone=panel.zone, panel=panel.id, title=panel.title,
                                target="url" if panel.qr.startswith(("http://", "https://")) else "text")
        try:
            self.body.draw(surface, body_rect, self.hits)
        except Exception:  # draw a dignified card, report, and keep the hall running
            log.exception("panel %s could not be drawn", self.panel_id)
            self._failed("could not be drawn")
            self._close_body()
            self.body = ErrorBody(ctx, panel)
            paper(surface)
            self.draw(surface)
            return
        if source:
            line = ctx.text.paragraph(f"资料来源：{source}", "sans", theme.small, MUTED, body_rect.width, 1)
            surface.blit(line, (theme.margin, height - footer_h - source_h))
        self._footer(surface, pygame.Rect(0, height - footer_h, width, footer_h))

    def _qr_card(self, surface: pygame.Surface, area: pygame.Rect, text: str) -> pygame.Rect:
        """The take-home code at the lower right: about 10 cm on the glass, read from a metre away."""
        theme = self.ctx.theme
        side = min(theme.px(110), area.height - theme.body * 4, area.width // 4)
        code = self.ctx.qr.surface(text, side)
        inner_w = max(code.get_width(), theme.body * 8)
        caption = self.ctx.text.paragraph(what_it_gives(text), "sans", theme.small, INK, inner_w, 3, "center")
        card = pygame.Rect(0, 0, inner_w + theme.gap * 2, code.get_height() + caption.get_height() + theme.gap * 3)
        card.bottomright = area.bottomright
        pygame.draw.rect(surface, CARD, card, border_radius=theme.px(3))
        pygame.draw.rect(surface, GOLD, card, width=max(2, theme.px(0.6)), border_radius=theme.px(3))
        surface.blit(code, (card.centerx - code.get_width() // 2, card.y + theme.gap))
        surface.blit(caption, (card.x + theme.gap, card.y + theme.gap * 2 + code.get_height()))
        return card

    def _title(self, surface: pygame.Surface, panel: Panel, y: int, zone_colour: str) -> int:
        ctx, theme, text = self.ctx, self.ctx.theme, self.ctx.text
        width = ctx.size[0] - 2 * theme.margin
        title = text.title(panel.title, "serif", width - theme.body * 8, 2, [theme.title, theme.h1, theme.h2],
                           mix(hex_colour(zone_colour), INK, 0.2))
        surface.blit(title, (theme.margin, y))
        x = theme.margin + round(text.width(panel.title, "serif", theme.title)) + theme.gap
        chips_x = min(x, ctx.size[0] - theme.margin - theme.body * 7)
        chip = badge(surface, theme, text, (chips_x, y + theme.gap), KIND_LABELS[panel.kind], hex_colour(zone_colour))
        if panel.sample:
            badge(surface, theme, text, (chip.right + theme.gap // 2, chip.y), "示例", mix(GOLD, INK, 0.25))
        y += title.get_height()
        meta = "　".join(x for x in (panel.subtitle, panel.title_en, panel.date) if x)
        if meta:
            line = text.paragraph(meta, "sans", theme.body, MUTED, width, 1)
            surface.blit(line, (theme.margin, y))
            y += line.get_height()
        rule(surface, theme, theme.margin, y + theme.gap // 2, round(theme.body * 4))
        return y + theme.gap

    def _footer(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        pygame.draw.rect(surface, mix(LINE, GOLD, 0.2), (rect.x, rect.y, rect.width, max(2, theme.px(0.5))))
        siblings = self._siblings()
        button_h = max(theme.target, round(theme.body * 2.1))
        y = rect.y + (rect.height - button_h) // 2
        prev_label, next_label = "‹ 上一个", "下一个 ›"
        prev_rect = pygame.Rect(theme.margin, y, button_width(theme, text, prev_label), button_h)
        next_rect = pygame.Rect(0, y, button_width(theme, text, next_label), button_h)
        next_rect.right = rect.right - theme.margin
        if len(siblings) > 1:
            button(surface, theme, text, prev_rect, prev_label)
            button(surface, theme, text, next_rect, next_label)
            self.hits.add("previous", "上一个", prev_rect, lambda: self.step(-1))
            self.hits.add("next", "下一个", next_rect, lambda: self.step(1))
        index = siblings.index(self.panel_id) if self.panel_id in siblings else 0
        position = text.line(f"{index + 1} / {len(siblings)}", "bold", theme.body, INK)
        dots_w = min(len(siblings), 40) * round(theme.body * 0.6)
        room = next_rect.left - prev_rect.right - 2 * theme.gap
        centre_y = rect.centery
        if len(siblings) <= 40 and dots_w + position.get_width() + theme.gap * 2 < room:
            x = rect.centerx - (dots_w + theme.gap + position.get_width()) // 2
            step = round(theme.body * 0.6)
            for i in range(len(siblings)):
                colour = RED if i == index else mix(LINE, MUTED, 0.3)
                pygame.draw.circle(surface, colour, (x + i * step + step // 2, centre_y), max(3, step // 4))
            surface.blit(position, (x + dots_w + theme.gap, centre_y - position.get_height() // 2))
        else:
            surface.blit(position, position.get_rect(center=(rect.centerx, centre_y)))

    def gesture(self, g: Gesture) -> bool:
        try:
            if self.body.gesture(g):
                return True
        except Exception:  # a body's bug must not take the kiosk down
            log.exception("panel %s failed on %s", self.panel_id, g)
            self._failed("failed to handle a touch")
            self._close_body()
            self.body = ErrorBody(self.ctx, self.shown)
            return True
        if isinstance(g, Swipe) and g.direction in ("left", "right"):
            self.ctx.events.emit("swipe", zone=self.zone_id, panel=self.panel_id, direction=g.direction)
            self.step(1 if g.direction == "left" else -1)
            return True
        return False

    def update(self, dt: float) -> bool:
        try:
            return self.body.update(dt)
        except Exception:  # the loop calls this every frame: a body's bug must not stop the kiosk
            log.exception("panel %s failed while running", self.panel_id)
            self._failed("failed while running")
            self._close_body()
            self.body = ErrorBody(self.ctx, self.shown)
            return True

    def refresh(self, surface: pygame.Surface) -> list[pygame.Rect]:
        try:
            return self.body.refresh(surface)
        except Exception:  # as when drawing: a dignified card in its place, and the hall runs on
            log.exception("panel %s could not be redrawn", self.panel_id)
            self._failed("could not be drawn")
            self._close_body()
            self.body = ErrorBody(self.ctx, self.shown)
            self.draw(surface)
            return [surface.get_rect()]
