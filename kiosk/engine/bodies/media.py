"""Video and audio panels: the poster until a visitor taps play, then libvlc's pictures (or,
for a narration, the panel's picture) above controls a phone user already knows.

The controls are the kiosk's own drawing, with its touch sizes and Chinese typesetting, and
so are the subtitles. A new video picture redraws only the video's rectangle and the control
bar (`refresh`), never the whole panel: a full redraw at 30 pictures a second would cost
most of a core. A file that cannot be played shows a dignified card in the player's place,
and the administrator learns which file and why; the rest of the panel stays.
"""

from __future__ import annotations

from abc import abstractmethod
from functools import lru_cache

import pygame

from kiosk.content.model import Panel
from kiosk.engine.bodies.reading import MediaPosterBody
from kiosk.engine.gestures import Drag, DragEnd, DragStart, Gesture, Swipe
from kiosk.engine.scenes.base import Context
from kiosk.engine.theme import CARD, GOLD, INK, MUTED, RED, WHITE, Colour, mix
from kiosk.engine.widgets import AlongBar, Hits
from kiosk.media.player import Player
from kiosk.media.progress import Watched, clock, fit, loop_restarted

WAKE = pygame.event.custom_type()  # posted from libvlc's threads: a picture or an event arrived
STAGE: Colour = (16, 12, 12)  # around the picture, as in a cinema
BAR: Colour = mix(INK, RED, 0.18)
TRACK: Colour = mix(INK, WHITE, 0.35)
SUBTITLE_SHADE = (0, 0, 0, 150)
SETTLING_PICTURES = 10  # after a pause or a seek while paused: libvlc's pictures still on their way
PLAYING = ("starting", "playing", "paused")


def wake_loop() -> None:
    try:
        pygame.event.post(pygame.event.Event(WAKE))
    except pygame.error:
        pass  # the display is closing; nobody is waiting for this picture


class PlayableBody(MediaPosterBody):
    """What video and audio panels share: the player, its controls, and what they log."""

    def __init__(self, ctx: Context, panel: Panel) -> None:
        super().__init__(ctx, panel)
        self.media = next(m for m in panel.media if m.kind == panel.kind)
        content = ctx.config.paths.content
        settings = ctx.config.media
        self.volume_limit = settings.volume_limit
        self.player = Player(content / self.media.path, panel.kind, wake=wake_loop, loop=panel.loop,
                             volume=settings.volume,
                             subtitles=content / self.media.subtitles if self.media.subtitles else None)
        self.watched: Watched | None = None  # the viewing in progress, for the share logged at its end
        self.wants_play = False  # tapped while the file was still being checked
        self.last_position = 0.0
        self.stage = pygame.Rect(0, 0, 0, 0)  # the picture's area
        self.bar = pygame.Rect(0, 0, 0, 0)  # the controls under it
        self.seek_rect = pygame.Rect(0, 0, 0, 0)
        self.volume_rect = pygame.Rect(0, 0, 0, 0)
        self.seek_bar = AlongBar(0, 0, self.seek)
        self.volume_bar = AlongBar(0, 0, self.set_volume)
        self.dragging: str | None = None  # "seek" or "volume" while a finger moves along it
        self.drag_fraction = 0.0
        self.swallow_swipe = False  # a quick drag along a bar must not also turn the panel
        self.bar_drawn: tuple | None = None  # what the bar showed when last drawn

    @property
    def playing(self) -> bool:
        return self.player.state in ("starting", "playing")

    # What a visitor does.
    def toggle(self) -> None:
        state = self.player.state
        if state in ("starting", "playing"):
            self.player.pause()
            if self.watched is not None:
                self.watched.interrupted()
            self._emit("pause", position_ms=self._ms(self.player.position_s()))
        elif state == "paused":
            self.player.play()
            self._emit("play", position_ms=self._ms(self.player.position_s()), duration_ms=self._ms(self.player.duration_s))
        elif state == "ready":
            self._start()
        elif state == "checking":
            self.wants_play = True

    def _start(self) -> None:
        self.player.frame_size = self._frame_rect().size
        self.player.play()
        if self.player.state != "starting":  # changed on disk since its check: checked again first
            self.wants_play = self.player.state == "checking"
            return
        if self.watched is None:
            self.watched = Watched(self.player.duration_s)
        self.last_position = self.player.position_s()
        self._emit("play", position_ms=self._ms(self.last_position), duration_ms=self._ms(self.player.duration_s))

    def seek(self, fraction: float) -> None:
        if self.player.state in ("checking", "failed"):
            return
        before = self.player.position_s()
        target = fraction * self.player.duration_s
        self.player.seek(target)
        if self.watched is not None:
            self.watched.interrupted()
        self.last_position = target
        self._emit("seek", from_ms=self._ms(before), to_ms=self._ms(target))

    def set_volume(self, fraction: float) -> None:
        self.player.set_volume(round(fraction * self.volume_limit))

    def _emit(self, what: str, **value: object) -> None:
        panel = self.panel
        self.ctx.events.emit(f"{panel.kind}_{what}", zone=panel.zone, panel=panel.id, title=panel.title,
                             media=self.media.path, **value)

    @staticmethod
    def _ms(seconds: float) -> int:
        return round(seconds * 1000)

    def _complete(self, finished: bool) -> None:
        """A viewing ended: at the end of the clip, or because the visitor left."""
        if self.watched is None:
            return
        if finished:
            self.watched.finished()
        self._emit("complete", share=self.watched.share(), finished=finished)
        self.watched = None

    # The loop.
    def update(self, dt: float) -> bool:
        scrolled = super().update(dt)
        happened = self.player.poll()
        if happened == "ready" and self.wants_play:
            self.wants_play = False
            self._start()
        elif happened == "failed":
            self._report(self.player.problem)
        elif happened == "ended":
            self._complete(finished=True)
        if self.player.state == "playing" and self.watched is not None:
            self._follow(self.player.position_s())
        return scrolled or happened is not None

    def _follow(self, now: float) -> None:
        """Count what is watched; a looping clip that starts over completed a viewing."""
        if self.panel.loop and loop_restarted(self.last_position, now, self.player.duration_s):
            self._complete(finished=True)
            self.watched = Watched(self.player.duration_s)
        self.watched.reached(now)
        self.last_position = now

    def _report(self, problem: str) -> None:
        self.wants_play = False
        self._complete(finished=False)
        message = f"{self.media.path} cannot be played: {problem}"
        note = f"{self.panel.id}: {message}; the panel shows 暂时无法播放"
        if note not in self.ctx.runtime_problems:  # a broken file opened all day is one line, not hundreds
            self.ctx.runtime_problems.append(note)
        self.ctx.events.emit("panel_error", zone=self.panel.zone, panel=self.panel.id, title=self.panel.title,
                             message=message)

    def close(self) -> None:
        if self.player.state in PLAYING:
            self._complete(finished=False)
        self.player.close()

    # Drawing.
    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        body = self.panel.body or self.panel.body_en
        player_w = round(rect.width * (0.62 if body else 1.0))
        if body:
            area = pygame.Rect(rect.x + player_w, rect.y, rect.width - player_w, rect.height)
            self.text.draw(surface, area, text.markdown(body, theme.body, INK, area.width - theme.gap))
            player_w -= theme.margin
        bar_h = max(theme.target, round(theme.body * 2.2)) + theme.gap
        self.stage = pygame.Rect(rect.x, rect.y, player_w, rect.height - bar_h)
        self.bar = pygame.Rect(rect.x, self.stage.bottom, player_w, bar_h)
        if self.player.state == "failed":
            self._unplayable(surface)
            return
        self._draw_stage(surface)
        hits.add(self._stage_id, "轻触播放或暂停", self.stage, self.toggle)
        self._draw_bar(surface)
        button_id, button_label = ("pause", "暂停") if self.playing else ("play", "播放")
        hits.add(button_id, button_label, self._button_rect(), self.toggle)
        hits.add("seek", "进度：轻触或拖动", self.seek_rect, self.seek_bar)
        hits.add("volume", "音量：轻触或拖动", self.volume_rect, self.volume_bar)

    _stage_id = "video"  # the target id of the picture's area

    @abstractmethod
    def _frame_rect(self) -> pygame.Rect:
        """Where the picture goes: its size is what libvlc scales a video to."""

    @abstractmethod
    def _draw_stage(self, surface: pygame.Surface) -> None:
        """The picture's area, in whatever state the player is."""

    def refresh(self, surface: pygame.Surface) -> list[pygame.Rect]:
        """Between full redraws: the control bar, when what it shows changed."""
        if self.player.state == "failed" or self._bar_state() == self.bar_drawn:
            return []
        self._draw_bar(surface)
        return [self.bar]

    def _poster(self, surface: pygame.Surface, mark: bool = True) -> None:
        """The before-play look: the panel's picture (or a designed card), the play mark, the length."""
        picture = self.panel.cover or next((m.path for m in self.panel.media if m.kind == "image"), None)
        if picture:
            self.view.show(picture)
            self.view.draw(surface, self.stage)
        else:
            pygame.draw.rect(surface, mix(RED, INK, 0.55), self.stage)
        if mark:
            self._play_mark(surface, self.stage, self.media)
        if self.wants_play or self.player.state == "starting":
            self._note(surface, "正在准备…")

    def _note(self, surface: pygame.Surface, words: str) -> None:
        theme = self.ctx.theme
        line = self.ctx.text.line(words, "bold", theme.body, WHITE)
        box = line.get_rect(midtop=(self.stage.centerx, self.stage.y + theme.gap)).inflate(theme.gap * 2, theme.gap // 2)
        pygame.draw.rect(surface, mix(INK, RED, 0.3), box, border_radius=box.height // 2)
        surface.blit(line, line.get_rect(center=box.center))

    def _unplayable(self, surface: pygame.Surface) -> None:
        """In the player's place: a calm card, never a black screen."""
        theme, text = self.ctx.theme, self.ctx.text
        area = self.stage.union(self.bar)
        pygame.draw.rect(surface, CARD, area, border_radius=theme.px(4))
        pygame.draw.rect(surface, GOLD, area, width=max(2, theme.px(0.8)), border_radius=theme.px(4))
        title = text.line("暂时无法播放", "serif", theme.h1, RED)
        surface.blit(title, title.get_rect(midbottom=(area.centerx, area.centery)))
        note = text.paragraph(f"请浏览其他版面 · This {self.panel.kind} cannot be played right now",
                              "sans", theme.body, MUTED, area.width - theme.margin * 2, 2, "center")
        surface.blit(note, note.get_rect(midtop=(area.centerx, area.centery + theme.gap)))

    # The control bar: play/pause, elapsed, the seek bar, the length, the volume.
    def _button_rect(self) -> pygame.Rect:
        side = self.bar.height - self.ctx.theme.gap
        return pygame.Rect(self.bar.x + self.ctx.theme.gap // 2, self.bar.centery - side // 2, side, side)

    def _position(self) -> float:
        if self.dragging == "seek":
            return self.drag_fraction * self.player.duration_s
        return self.player.position_s()

    def _bar_state(self) -> tuple:
        duration = self.player.duration_s or self.media.duration_s
        share = self._position() / duration if duration > 0 else 0.0
        return (self.playing, int(self._position()), round(share * max(1, self.seek_rect.width)),
                self.player.volume, self.dragging)

    def _draw_bar(self, surface: pygame.Surface) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        bar, gap = self.bar, theme.gap
        pygame.draw.rect(surface, BAR, bar)
        button = self._button_rect()
        pygame.draw.circle(surface, RED, button.center, button.width // 2)
        _glyph(surface, button, "pause" if self.playing else "play")
        duration = self.player.duration_s or self.media.duration_s
        sample = "0:00:00" if duration >= 3600 else "00:00"
        time_w = round(text.width(sample, "bold", theme.body)) + gap
        elapsed = text.line(clock(self._position()), "bold", theme.body, WHITE)
        total = text.line(clock(duration), "bold", theme.body, mix(WHITE, MUTED, 0.4))
        volume_w = min(round(theme.body * 6), bar.width // 5)
        x = button.right + gap
        surface.blit(elapsed, (x, bar.centery - elapsed.get_height() // 2))
        volume_track = pygame.Rect(bar.right - gap - volume_w, bar.centery - 3, volume_w, 6)
        speaker = pygame.Rect(volume_track.x - gap - theme.body, bar.centery - theme.body // 2, theme.body, theme.body)
        total_x = speaker.x - gap - time_w
        surface.blit(total, (total_x + time_w - total.get_width() - gap // 2, bar.centery - total.get_height() // 2))
        track = pygame.Rect(x + time_w + gap // 2, bar.centery - 3, max(10, total_x - x - time_w - gap), 6)
        share = self._position() / duration if duration > 0 else 0.0
        _track(surface, track, share, GOLD, knob=True)
        _speaker(surface, speaker, self.player.volume)
        _track(surface, volume_track, self.player.volume / max(1, self.volume_limit), WHITE, knob=False)
        self.seek_rect = pygame.Rect(track.x - gap // 2, bar.y, track.width + gap, bar.height)
        self.volume_rect = pygame.Rect(speaker.x, bar.y, volume_track.right - speaker.x + gap // 2, bar.height)
        self.seek_bar = AlongBar(track.x, track.width, self.seek)
        self.volume_bar = AlongBar(volume_track.x, volume_track.width, self.set_volume)
        self.bar_drawn = self._bar_state()

    # Fingers along the bars.
    def gesture(self, g: Gesture) -> bool:
        """Drags along a bar are redrawn by `refresh`, so they return False (no full redraw)."""
        if isinstance(g, DragStart):
            self.swallow_swipe = False
            if self.seek_rect.collidepoint(g.x, g.y) and self.player.state not in ("checking", "failed"):
                self.dragging, self.drag_fraction = "seek", self.seek_bar.fraction(g.x)
                return False
            if self.volume_rect.collidepoint(g.x, g.y):
                self.dragging = "volume"
                self.set_volume(self.volume_bar.fraction(g.x))
                return False
        if isinstance(g, Drag) and self.dragging is not None:
            if self.dragging == "seek":
                self.drag_fraction = self.seek_bar.fraction(g.x)
            else:
                self.set_volume(self.volume_bar.fraction(g.x))
            return False
        if isinstance(g, DragEnd) and self.dragging is not None:
            if self.dragging == "seek":
                self.seek(self.drag_fraction)
            self.dragging, self.swallow_swipe = None, True
            return True
        if isinstance(g, Swipe) and self.swallow_swipe:
            self.swallow_swipe = False
            return True
        return self.text.gesture(g)


class VideoBody(PlayableBody):
    """A video: libvlc scales each picture to its place on screen; subtitles drawn over it.

    While paused libvlc shows the same picture again many times a second; only the few after a
    pause or a seek are drawn, so a paused video costs nothing.
    """

    _stage_id = "video"

    def __init__(self, ctx: Context, panel: Panel) -> None:
        super().__init__(ctx, panel)
        self.settling = 0  # pictures still worth drawing while paused

    def toggle(self) -> None:
        super().toggle()
        self.settling = SETTLING_PICTURES

    def seek(self, fraction: float) -> None:
        super().seek(fraction)
        self.settling = SETTLING_PICTURES

    def _frame_rect(self) -> pygame.Rect:
        player = self.player
        size = fit(player.source_size, player.pixel_aspect, self.stage.size)
        return pygame.Rect((0, 0), size).move(self.stage.centerx - size[0] // 2, self.stage.centery - size[1] // 2)

    def _draw_stage(self, surface: pygame.Surface) -> None:
        frames = self.player.frames
        picture = frames.latest() if frames is not None and self.player.state in PLAYING else None
        if picture is None:
            self._poster(surface)
            return
        pygame.draw.rect(surface, STAGE, self.stage)
        self._picture(surface, picture)
        if self.player.state == "paused":
            self._play_mark(surface, self.stage, None)

    def _picture(self, surface: pygame.Surface, picture: pygame.Surface) -> pygame.Rect:
        where = picture.get_rect(center=self.stage.center)
        surface.blit(picture, where)
        words = self.player.subtitles.at(self.player.position_s())
        if words:
            self._subtitle(surface, where, words)
        return where

    def _subtitle(self, surface: pygame.Surface, frame: pygame.Rect, words: str) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        size = max(theme.small, min(round(theme.body * 1.15), frame.height // 11))
        width = round(frame.width * 0.9)
        lines = [text.paragraph(line, "bold", size, WHITE, width, 2, "center") for line in words.split("\n")]
        height = sum(line.get_height() for line in lines) + theme.gap
        band = _shade((frame.width, height))
        top = frame.bottom - height - theme.gap
        surface.blit(band, (frame.x, top))
        y = top + theme.gap // 2
        for line in lines:
            surface.blit(line, (frame.centerx - width // 2, y))
            y += line.get_height()

    def refresh(self, surface: pygame.Surface) -> list[pygame.Rect]:
        """A new picture: redraw the picture's rectangle, its subtitle, and the bar if it changed."""
        areas = super().refresh(surface)
        frames = self.player.frames
        picture = frames.take() if frames is not None and self.player.state in PLAYING else None
        if picture is None:
            return areas
        if self.player.state == "paused":
            if self.settling <= 0:
                return areas
            self.settling -= 1
        areas.append(self._picture(surface, picture))
        return areas


class AudioBody(PlayableBody):
    """A narration over its picture: play and pause on the picture, progress under it."""

    _stage_id = "picture"

    def _frame_rect(self) -> pygame.Rect:
        return self.stage

    def _draw_stage(self, surface: pygame.Surface) -> None:
        self._poster(surface, mark=self.player.state != "playing")


def _glyph(surface: pygame.Surface, rect: pygame.Rect, which: str) -> None:
    cx, cy, r = rect.centerx, rect.centery, rect.width * 0.22
    if which == "play":
        points = [(cx - r * 0.7, cy - r), (cx - r * 0.7, cy + r), (cx + r, cy)]
        pygame.draw.polygon(surface, WHITE, points)
    else:
        w = max(3, round(r * 0.55))
        for dx in (-r * 0.55, r * 0.55):
            pygame.draw.rect(surface, WHITE, (round(cx + dx - w / 2), round(cy - r), w, round(2 * r)))


def _track(surface: pygame.Surface, track: pygame.Rect, share: float, colour: Colour, *, knob: bool) -> None:
    share = min(1.0, max(0.0, share))
    pygame.draw.rect(surface, TRACK, track, border_radius=track.height // 2)
    done = pygame.Rect(track.x, track.y, round(track.width * share), track.height)
    if done.width > 0:
        pygame.draw.rect(surface, colour, done, border_radius=track.height // 2)
    if knob:
        x = track.x + round(track.width * share)
        pygame.draw.circle(surface, WHITE, (x, track.centery), track.height * 2)
        pygame.draw.circle(surface, colour, (x, track.centery), track.height * 2, width=2)


def _speaker(surface: pygame.Surface, rect: pygame.Rect, volume: int) -> None:
    """A loudspeaker with sound waves, as many as the volume is loud (none when silent)."""
    x, cy, h = rect.x, rect.centery, rect.height
    body = [(x, cy - h * 0.18), (x + h * 0.22, cy - h * 0.18), (x + h * 0.48, cy - h * 0.4),
            (x + h * 0.48, cy + h * 0.4), (x + h * 0.22, cy + h * 0.18), (x, cy + h * 0.18)]
    pygame.draw.polygon(surface, WHITE, body)
    waves = 0 if volume == 0 else 1 if volume < 34 else 2 if volume < 67 else 3
    for i in range(waves):
        radius = round(h * (0.2 + 0.14 * i))
        box = pygame.Rect(0, 0, radius * 2, radius * 2)
        box.center = (round(x + h * 0.5), cy)
        pygame.draw.arc(surface, WHITE, box, -0.9, 0.9, width=max(2, h // 14))


@lru_cache(maxsize=8)
def _shade(size: tuple[int, int]) -> pygame.Surface:
    band = pygame.Surface(size, pygame.SRCALPHA)
    band.fill(SUBTITLE_SHADE)
    return band
