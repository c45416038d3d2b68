"""The attract loop: full-screen stills and videos from the playlist while nobody uses the screen.

The next item is made ready before the current one ends (a still composed, a video cued on its
first picture) and the loop waits for it rather than showing a black frame (Anthias users
complain of gaps and flashes between items). Between transitions a still costs next to no
CPU, as nothing is drawn; a video redraws only when libvlc delivers a new picture.
"""

from __future__ import annotations

import gc
from collections.abc import Collection

import pygame

from kiosk.attract.playlist import DEFAULT_SECONDS, Playlist
from kiosk.engine.gestures import Gesture
from kiosk.engine.scenes.attract_video import LoopVideo
from kiosk.engine.scenes.base import Context, Navigator, Scene
from kiosk.engine.theme import DEEP_RED, GOLD, INK, RED, WHITE, mix
from kiosk.engine.widgets import picture, vertical_gradient

TRANSITION_S = 0.8
HINT = "触摸屏幕 开始参观"
CLOSED_HINT = ("闭馆中 欢迎开放时间参观", "Closed now: welcome during opening hours")
HINT_EN = "Touch the screen to begin"
STAGE = (12, 8, 8)  # around a video whose shape is not the screen's


class AttractScene(Scene):
    name = "attract"

    def __init__(self, ctx: Context, nav: Navigator, playlist: Playlist) -> None:
        super().__init__(ctx, nav)
        self.items = playlist.items
        self.index = 0
        self.shown_for = 0.0  # seconds the current item has been on screen (a video: playing)
        self.fade: float | None = None  # seconds into the transition to the next item
        self._stills: dict[int, pygame.Surface] = {}
        self._videos: dict[int, LoopVideo] = {}
        self._canvases: dict[int, pygame.Surface] = {}  # a video's picture with its band, for transitions
        self._bands: dict[int, pygame.Surface] = {}
        self._announced = -1
        # What the old loop showed, kept on screen while a rebuild composes the item anew.
        self._stand_in: pygame.Surface | None = None
        self._stand_in_band: pygame.Surface | None = None  # a playing film's old band, the same item
        self._first_look = True  # it draws the whole screen: nothing is composed in it
        self._spares: list[pygame.Surface] = []  # full-screen surfaces of stills let go, to compose the next in

    def carry_on_from(self, old: AttractScene, stale: Collection[str] = (), recompose: bool = False) -> None:
        """A loop rebuilt for new content or a new playlist goes on from the item on screen, with
        what the old loop had composed and cued for every item that did not change: the rebuild
        costs no frame, and a film on screen goes on playing. `stale`: files replaced on disk;
        `recompose`: the band's words changed (the hall's name), so stills are composed again.

        What must be composed anew for the item on screen is composed a piece per look, as
        between two items, while the old loop's picture stays up: never one long frame, and
        never the plain background while a replaced picture loads."""
        if not old.items:
            return
        shown = old._next_index() if old.fade is not None else old.index
        stand_in = old._canvases.get(shown) or old._stills.get(shown)
        stand_in_band = old._bands.get(shown)
        where = {item: i for i, item in enumerate(old.items)}
        for i, item in enumerate(self.items):
            j = where.get(item)
            if j is None or item.picture in stale or item.video in stale:
                continue
            if j in old._videos:
                self._videos[i] = old._videos.pop(j)
            if not recompose:
                for mine, theirs in ((self._stills, old._stills), (self._bands, old._bands),
                                     (self._canvases, old._canvases)):
                    if j in theirs:
                        mine[i] = theirs.pop(j)
        on_screen = old.items[shown]
        if on_screen in self.items:
            self.index = self.items.index(on_screen)
            self.shown_for = 0.0 if old.fade is not None else old.shown_for
            if old._announced == shown:
                self._announced = self.index  # the same item, not shown anew
            if self.index in self._videos:
                self._stand_in_band = stand_in_band
        if not self._composed(self.index):
            self._stand_in = stand_in
        for surface in (*old._stills.values(), *old._canvases.values(), *old._spares):  # not carried on
            if surface is not stand_in:
                self._spare(surface)

    # Timing.
    def update(self, dt: float) -> bool:
        if not self.items:
            return False
        self._announce()
        changed = self._drive_videos()
        composing = self._stand_in is not None or not self._composed(self.index)
        first, self._first_look = self._first_look, False
        if composing and not first and self._compose_on_screen():
            self._spare(self._stand_in)
            self._stand_in = self._stand_in_band = None
            changed = True
        if self.fade is not None:
            self.fade += dt
            if self.fade >= TRANSITION_S:
                self._let_go(self.index)
                self.index = self._next_index()
                self.fade = None
                self.shown_for = TRANSITION_S if self._video(self.index) else 0.0  # it played during the fade
                gc.enable()
            return True
        current = self._video(self.index)
        if current is not None and not current.wanted:  # the first item: play once cued
            if not current.cued:
                return changed
            current.play()
            self.shown_for = 0.0
        self.shown_for += dt
        nxt = self._next_index()
        ready = not composing and self._ready(nxt)  # prepare the next one early: never a black frame
        due = self.shown_for >= self._seconds(self.index) and len(self.items) > 1
        if due and ready:  # else: keep showing, never black
            if self._video(nxt) is not None:
                self._videos[nxt].play()
            self.fade = 0.0
            gc.disable()  # a collection in the middle of a transition would cost it a frame
            return True
        return changed

    def _seconds(self, index: int) -> float:
        """When the current item hands over; a video fades out before its time is up."""
        item, video = self.items[index], self._video(index)
        if video is None:
            return item.seconds
        if video.failed:
            return min(item.seconds, DEFAULT_SECONDS)  # its still, not for a whole film's length
        return max(TRANSITION_S, item.seconds - TRANSITION_S)

    def _drive_videos(self) -> bool:
        """Prepare the current and next items' videos and act on what their players report."""
        for index in {self.index, self._next_index()}:
            if self.items[index].video and index not in self._videos:
                self._videos[index] = LoopVideo(self.ctx, self.items[index])
        return any(video.poll() is not None for video in list(self._videos.values()))

    def _video(self, index: int) -> LoopVideo | None:
        return self._videos.get(index)

    def _ready(self, index: int) -> bool:
        video = self._video(index)
        if self.ctx.pictures.just_arrived and not self._composed(index):
            return False  # this look unpacked a decoded picture: compose at the next one
        if video is None:
            if index not in self._stills and index not in self._bands:
                self._band(index)  # its words now, its picture at the next look: no one long frame
                return False
            return self._still(index) is not None
        if video.cued and index not in self._canvases:
            self._surface(index)  # its first picture composed now, not in the transition's first frame
        return video.cued

    def _composed(self, index: int) -> bool:
        return index in self._stills or index in self._canvases

    def _compose_on_screen(self) -> bool:
        """A piece per look of the item on screen, when the loop starts or was rebuilt: its band,
        then its picture (a still) or its canvas (a film, once it has a picture). True when done."""
        if self.ctx.pictures.just_arrived:
            return False  # this look unpacked a decoded picture: compose at the next one
        if self.index not in self._bands:
            self._band(self.index)
            return False
        return self._surface(self.index) is not None

    def _let_go(self, index: int) -> None:
        """The item left the screen: free its still or stop its video."""
        if index == self._next_index():  # a loop of one item never leaves
            return
        self._spare(self._stills.pop(index, None))
        self._spare(self._canvases.pop(index, None))
        self._bands.pop(index, None)
        video = self._videos.pop(index, None)
        if video is not None:
            video.close()

    def _spare(self, surface: pygame.Surface | None) -> None:
        """Keep a full-screen surface let go for the next still: a new one of 8 MB is fresh
        memory, and the first writes to it cost a frame several milliseconds."""
        if surface is not None and len(self._spares) < 2 and surface.get_size() == self.ctx.size:
            self._spares.append(surface)

    def _full_screen(self) -> pygame.Surface:
        return self._spares.pop() if self._spares else pygame.Surface(self.ctx.size).convert()

    def _let_go_of_others(self, kept: dict[int, pygame.Surface]) -> None:
        """Keep only what the item on screen and the next one need (a transition shows both)."""
        for index in [i for i in kept if i not in (self.index, self._next_index())]:
            surface = kept.pop(index)
            if kept is not self._bands:
                self._spare(surface)

    def _announce(self) -> None:
        if self._announced != self.index:
            self._announced = self.index
            item = self.items[self.index]
            self.ctx.events.emit("attract_item", title=item.title or None, item=item.source)

    def _next_index(self) -> int:
        return (self.index + 1) % len(self.items)

    def close(self) -> None:
        """A visitor touched the screen (or the loop restarts): stop every video."""
        for video in self._videos.values():
            video.close()
        self._videos.clear()
        gc.enable()

    # Drawing.
    def draw(self, surface: pygame.Surface) -> None:
        self.hits.items.clear()
        width, height = self.ctx.size
        current = self._stand_in if self._stand_in is not None else self._composed_surface(self.index)
        if current is None:  # the first item is loading: the hall's colours, never black
            surface.blit(vertical_gradient((width, height), RED, DEEP_RED), (0, 0))
        else:
            surface.blit(current, (0, 0))
        if self.fade is not None:
            nxt = self._surface(self._next_index())
            t = min(1.0, self.fade / TRANSITION_S)
            if nxt is not None and self.items[self._next_index()].transition == "slide":
                offset = round(width * (1 - t) ** 2)
                if current is not None:
                    surface.blit(current, (offset - width, 0))
                surface.blit(nxt, (offset, 0))
            elif nxt is not None:
                alpha = round(255 * t)
                if alpha < 255:  # pygame-ce blends at a surface alpha of 255 fifteen times slower than at 254
                    nxt.set_alpha(alpha)
                surface.blit(nxt, (0, 0))
                nxt.set_alpha(None)
        self._hint(surface)
        self.hits.add("start", self._hint_words()[0], pygame.Rect(0, 0, width, height), self.nav.home)

    def refresh(self, surface: pygame.Surface) -> list[pygame.Rect]:
        """Between transitions: a playing video's new picture, under its band and the hint."""
        video = self._video(self.index)
        if self.fade is not None or video is None or not video.running:
            return []
        if self._stand_in is not None and self._stand_in_band is None:  # another item stands in: wait
            return []
        band = self._bands.get(self.index) or self._stand_in_band
        frame = video.picture(new_only=True)
        if frame is None:
            return []
        area = self._paint_video(surface, self.index, frame, band)
        self._hint(surface)
        return [area]

    def _composed_surface(self, index: int) -> pygame.Surface | None:
        """The item as it shows now if it has been composed (update composes it, a piece per look)."""
        return self._surface(index) if self._composed(index) else None

    def _surface(self, index: int) -> pygame.Surface | None:
        """The item as it shows now, full screen; None while it is not ready."""
        video = self._video(index)
        if video is None or video.failed:
            return self._still(index)
        frame = video.picture()  # the newest, so a fade never jumps back to an older picture
        canvas = self._canvases.get(index)
        if frame is None:
            return canvas
        if canvas is None:
            self._let_go_of_others(self._canvases)
            canvas = self._full_screen()
            canvas.fill(STAGE)
            self._canvases[index] = canvas
        self._paint_video(canvas, index, frame)
        return canvas

    def _paint_video(self, target: pygame.Surface, index: int, frame: pygame.Surface,
                     band: pygame.Surface | None = None) -> pygame.Rect:
        """A video picture and the item's band over it; returns the area painted."""
        video = self._videos[index]
        band = band or self._band(index)
        band_rect = band.get_rect(bottomleft=(0, self.ctx.size[1]))
        if not video.rect.contains(band_rect):  # the band must not darken itself picture after picture
            target.fill(STAGE, band_rect)
        target.blit(frame, video.rect)
        target.blit(band, band_rect)
        return video.rect.union(band_rect)

    def _still(self, index: int) -> pygame.Surface | None:
        """The composed full-screen still of an item, or None while its picture loads."""
        if not self.items:
            return None
        if index in self._stills:
            return self._stills[index]
        item = self.items[index]
        size = self.ctx.size
        if item.picture and self.ctx.pictures.get(item.picture, size, "cover", fresh=True) is None \
                and not self.ctx.pictures.failed(item.picture):
            return None
        self._let_go_of_others(self._stills)
        still = self._full_screen()
        width, height = size
        still.blit(vertical_gradient((width, height), RED, DEEP_RED), (0, 0))
        if item.picture:
            picture(still, self.ctx.pictures, item.picture, still.get_rect(), fit="cover", fallback=DEEP_RED)
        band = self._band(index)
        still.blit(band, band.get_rect(bottomleft=(0, height)))
        self._stills[index] = still
        return still

    def _band(self, index: int) -> pygame.Surface:
        """A slim band at the foot: the hall's name and the item's title, beside the hint.

        The pictures are designed posters that often carry their own words, so the band stays
        quiet: a translucent shade the picture (or video) shows through.
        """
        if index in self._bands:
            return self._bands[index]
        item = self.items[index]
        theme, text = self.ctx.theme, self.ctx.text
        width = self.ctx.size[0]
        band_h = round(theme.body * 5.2)
        band = pygame.Surface((width, band_h), pygame.SRCALPHA)
        band.blit(vertical_gradient((width, band_h), mix(INK, DEEP_RED, 0.35), INK), (0, 0))
        band.fill((255, 255, 255, 215), special_flags=pygame.BLEND_RGBA_MIN)
        pygame.draw.rect(band, GOLD, (0, 0, width, max(2, theme.px(0.8))))
        room = width - theme.margin * 3 - self._hint_width()
        hall = text.paragraph(self.ctx.config.hall.title, "serif", theme.body, GOLD, room, 1)
        band.blit(hall, (theme.margin, theme.gap))
        words = " · ".join(w for w in (item.title, item.subtitle) if w)
        if words:
            line = text.paragraph(words, "bold", theme.h1, WHITE, room, 1)
            band.blit(line, (theme.margin, theme.gap + hall.get_height()))
        self._let_go_of_others(self._bands)
        self._bands[index] = band
        return band

    def _hint_words(self) -> tuple[str, str]:
        """What a touch does: begin a visit, or, closed with the loop only, nothing yet."""
        return CLOSED_HINT if getattr(self.nav, "closed", None) == "attract" else (HINT, HINT_EN)

    def _hint_width(self) -> int:
        theme, text = self.ctx.theme, self.ctx.text
        hint, hint_en = self._hint_words()
        return max(text.line(hint, "bold", theme.h2, WHITE).get_width(),
                   text.line(hint_en, "sans", theme.small, WHITE).get_width()) + theme.margin * 2

    def _hint(self, surface: pygame.Surface) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        width, height = self.ctx.size
        hint, hint_en = self._hint_words()
        words = text.line(hint, "bold", theme.h2, WHITE)
        english = text.line(hint_en, "sans", theme.small, mix(WHITE, GOLD, 0.6))
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
