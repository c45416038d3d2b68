"""The "继续浏览" card: the kiosk asks before it gives the screen back to the attract loop."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from kiosk.engine.scenes.base import Context
from kiosk.engine.theme import CARD, GOLD, INK, MUTED, RED
from kiosk.engine.widgets import Hits, button, button_width

CONTINUE = "继续浏览"


def draw_countdown(surface: pygame.Surface, ctx: Context, hits: Hits, seconds_left: int,
                   keep: Callable[[], None]) -> None:
    """Dim the screen and show the countdown; `keep` (a callable) runs when the visitor taps."""
    theme, text = ctx.theme, ctx.text
    width, height = ctx.size
    veil = pygame.Surface((width, height), pygame.SRCALPHA)
    veil.fill((*INK, 150))
    surface.blit(veil, (0, 0))
    card = pygame.Rect(0, 0, min(width - 2 * theme.margin, theme.body * 24), theme.body * 12)
    card.center = (width // 2, height // 2)
    pygame.draw.rect(surface, CARD, card, border_radius=theme.px(4))
    pygame.draw.rect(surface, GOLD, card, width=max(2, theme.px(1)), border_radius=theme.px(4))
    question = text.line("您还在参观吗？", "serif", theme.h1, RED)
    surface.blit(question, question.get_rect(midtop=(card.centerx, card.y + theme.margin)))
    note = text.line(f"{seconds_left} 秒后回到展厅首屏 · Returning in {seconds_left} s", "sans", theme.body, MUTED)
    surface.blit(note, note.get_rect(midtop=(card.centerx, card.y + theme.margin + question.get_height() + theme.gap)))
    rect = pygame.Rect(0, 0, button_width(ctx.theme, text, CONTINUE) + theme.margin * 2,
                       max(theme.target, round(theme.body * 2.4)))
    rect.midbottom = (card.centerx, card.bottom - theme.margin)
    button(surface, theme, text, rect, CONTINUE, filled=True)
    hits.items.clear()  # while the card shows, any touch keeps the visit going
    hits.add("continue", CONTINUE, pygame.Rect(0, 0, width, height), keep)
