"""The attract loop: full-screen stills from the playlist while nobody uses the screen.

The next still is composed before the current one ends and the loop waits for it rather than
showing a black frame (Anthias users complain of gaps and flashes between items). Between
transitions nothing moves, so nothing is drawn: a still costs next to no CPU.
"""

from __future__ import annotations

import pygame

from kiosk.attract.playlist import AttractItem, Playlist
from kiosk.engine.gestures import Gesture
from kiosk.engine.scenes.base import Context, Navigator, Scene
from kiosk.engine.theme import DEEP_RED, GOLD, INK, RED, WHITE, mix
from kiosk.engine.widgets import picture, vertical_gradient

TRANSITION_S = 0.8
HINT = "触摸屏幕 开始参观"
HINT_EN = "Touch the screen to begin"


class AttractScene(Scene):
    name = "attract"

    def __init__(self, ctx: Context, nav: Navigator, playlist: Playlist) -> None:
        super().__init__(ctx, nav)
        self.items = playlist.items
        self.index = 0
        self.shown_for = 0.0
        self.fade: float | None = None  # seconds into the transition to the next item
        self._stills: dict[int, pygame.Surface] = {}
        self._announced = -1

    # Timing.
    def update(self, dt: float) -> bool:
        if not self.items:
            return False
        self._announce()
        if self.fade is not None:
            self.fade += dt
            if self.fade >= TRANSITION_S:
                self._stills.pop(self.index, None)
                self.index = self._next_index()
                self.fade, self.shown_for = None, 0.0
                return True
            return True
        self.shown_for += dt
        self._still(self._next_index())  # prepare the next one early: never a black frame
        due = self.shown_for >= self.items[self.index].seconds and len(self.items) > 1
        if due and self._still(self._next_index()) is not None:  # else: keep showing, never black
            self.fade = 0.0
            return True
        return False

    def _announce(self) -> None:
        if self._announced != self.index:
            self._announced = self.index
            item = self.items[self.index]
            self.ctx.events.emit("attract_item", title=item.title or None, item=item.source)

    def _next_index(self) -> int:
        return (self.index + 1) % len(self.items)

    # Drawing.
    def draw(self, surface: pygame.Surface) -> None:
        self.hits.items.clear()
        width, height = self.ctx.size
        current = self._still(self.index)
        if current is None:  # the first still is loading: the hall's colours, never black
            surface.blit(vertical_gradient((width, height), RED, DEEP_RED), (0, 0))
        else:
            surface.blit(current, (0, 0))
        if self.fade is not None:
            nxt = self._still(self._next_index())
            t = min(1.0, self.fade / TRANSITION_S)
            if nxt is not None and self.items[self._next_index()].transition == "slide":
                offset = round(width * (1 - t) ** 2)
                if current is not None:
                    surface.blit(current, (offset - width, 0))
                surface.blit(nxt, (offset, 0))
            elif nxt is not None:
                nxt.set_alpha(round(255 * t))
                surface.blit(nxt, (0, 0))
                nxt.set_alpha(None)
        self._hint(surface)
        self.hits.add("start", HINT, pygame.Rect(0, 0, width, height), self.nav.home)

    def _still(self, index: int) -> pygame.Surface | None:
        """The composed full-screen still of an item, or None while its picture loads."""
        if not self.items:
            return None
        if index in self._stills:
            return self._stills[index]
        item = self.items[index]
        size = self.ctx.size
        if item.picture and self.ctx.pictures.get(item.picture, size, "cover") is None \
                and not self.ctx.pictures.failed(item.picture):
            return None
        still = pygame.Surface(size).convert()
        self._compose(still, item)
        if len(self._stills) >= 3:
            self._stills.pop(next(iter(self._stills)))
        self._stills[index] = still
        return still

    def _compose(self, still: pygame.Surface, item: AttractItem) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        width, height = self.ctx.size
        still.blit(vertical_gradient((width, height), RED, DEEP_RED), (0, 0))
        if item.picture:
            picture(still, self.ctx.pictures, item.picture, still.get_rect(), fit="cover", fallback=DEEP_RED)
        # A slim band at the foot: the hall's name and the item's title, beside the hint. The
        # pictures are designed posters that often carry their own words, so the band stays quiet.
        band_h = round(theme.body * 5.2)
        shade = vertical_gradient((width, band_h), mix(INK, DEEP_RED, 0.35), INK).copy()
        shade.set_alpha(215)
        still.blit(shade, (0, height - band_h))
        pygame.draw.rect(still, GOLD, (0, height - band_h, width, max(2, theme.px(0.8))))
        room = width - theme.margin * 3 - self._hint_width()
        hall = text.paragraph(self.ctx.config.hall.title, "serif", theme.body, GOLD, room, 1)
        still.blit(hall, (theme.margin, height - band_h + theme.gap))
        words = " · ".join(w for w in (item.title, item.subtitle) if w)
        if words:
            line = text.paragraph(words, "bold", theme.h1, WHITE, room, 1)
            still.blit(line, (theme.margin, height - band_h + theme.gap + hall.get_height()))

    def _hint_width(self) -> int:
        theme, text = self.ctx.theme, self.ctx.text
        return max(text.line(HINT, "bold", theme.h2, WHITE).get_width(),
                   text.line(HINT_EN, "sans", theme.small, WHITE).get_width()) + theme.margin * 2

    def _hint(self, surface: pygame.Surface) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        width, height = self.ctx.size
        words = text.line(HINT, "bold", theme.h2, WHITE)
        english = text.line(HINT_EN, "sans", theme.small, mix(WHITE, GOLD, 0.6))
        pill = pygame.Rect(0, 0, max(words.get_width(), english.get_width()) + theme.margin * 2,
                           words.get_height() + english.get_height() + theme.gap)
        pill.bottomright = (width - theme.margin, height - theme.margin)
        pygame.draw.rect(surface, RED, pill, border_radius=pill.height // 2)
        pygame.draw.rect(surface, GOLD, pill, width=max(2, theme.px(0.8)), border_radius=pill.height // 2)
        surface.blit(words, words.get_rect(midtop=(pill.centerx, pill.y + theme.gap // 2)))
        surface.blit(english, english.get_rect(midbottom=(pill.centerx, pill.bottom - theme.gap // 2)))

    def gesture(self, g: Gesture) -> bool:
        """Any touch at all begins a visit: a drag or a pinch is as good as a tap."""
        self.nav.home()
        return True
