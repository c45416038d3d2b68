"""Panels to read and look at: articles (text with pictures), galleries, and media posters."""

from __future__ import annotations

import pygame

from kiosk.content.model import Media, Panel
from kiosk.engine.bodies.common import Body, PictureView, ScrollText
from kiosk.engine.gestures import Gesture, Swipe
from kiosk.engine.scenes.base import Context
from kiosk.engine.theme import CARD, GOLD, INK, LINE, MUTED, RED, WHITE, mix
from kiosk.engine.widgets import Hits, caption


def _images(panel: Panel) -> list[Media]:
    return [m for m in panel.media if m.kind == "image"]


class PictureStrip:
    """Thumbnails under a picture; tapping one shows it."""

    def __init__(self, ctx: Context, images: list[Media]) -> None:
        self.ctx = ctx
        self.images = images
        self.index = 0

    def height(self) -> int:
        return round(self.ctx.theme.body * 3.2) if len(self.images) > 1 else 0

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        if len(self.images) < 2:
            return
        theme = self.ctx.theme
        thumb_h = rect.height
        thumb_w = round(thumb_h * 16 / 10)
        gap = theme.gap
        count = max(1, min(len(self.images), (rect.width + gap) // (thumb_w + gap)))
        first = min(max(0, self.index - count // 2), len(self.images) - count)
        for slot in range(count):
            i = first + slot
            box = pygame.Rect(rect.x + slot * (thumb_w + gap), rect.y, thumb_w, thumb_h)
            image = self.ctx.pictures.get(self.images[i].path, box.size, "cover")
            if image is None:
                pygame.draw.rect(surface, LINE, box)
            else:
                surface.blit(image, box)
            border = RED if i == self.index else CARD
            pygame.draw.rect(surface, border, box, width=max(3, theme.px(1.2)))
            hits.add(f"picture:{i + 1}", f"第{i + 1}张图片", box, lambda n=i: self.select(n))

    def select(self, index: int) -> None:
        self.index = index % len(self.images) if self.images else 0

    def step(self, delta: int) -> bool:
        """Move by one picture; False at either end, so the swipe can turn the panel instead."""
        target = self.index + delta
        if not 0 <= target < len(self.images):
            return False
        self.index = target
        return True


class ArticleBody(Body):
    """Text on the left, pictures on the right; text alone fills a readable column."""

    def __init__(self, ctx: Context, panel: Panel) -> None:
        super().__init__(ctx, panel)
        self.text = ScrollText()
        self.view = PictureView(ctx)
        self.strip = PictureStrip(ctx, _images(panel))

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        images = self.strip.images
        body = self.panel.body or self.panel.body_en
        if images and body:
            text_w = round(rect.width * 0.54)
            text_rect = pygame.Rect(rect.x, rect.y, text_w - theme.margin, rect.height)
            pic_rect = pygame.Rect(rect.x + text_w, rect.y, rect.width - text_w, rect.height)
        elif body:
            column = min(rect.width, round(theme.body * 36))
            text_rect = pygame.Rect(rect.centerx - column // 2, rect.y, column, rect.height)
            pic_rect = None
        else:
            text_rect, pic_rect = None, rect
        if text_rect is not None:
            content = text.markdown(body, theme.body, INK, text_rect.width - theme.gap)
            self.text.draw(surface, text_rect, content)
        if pic_rect is not None and images:
            self._pictures(surface, pic_rect, hits)

    def _pictures(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        theme = self.ctx.theme
        image = self.strip.images[self.strip.index]
        strip_h = self.strip.height()
        caption_h = round(theme.small * 3.2) if any(m.caption or m.credit for m in self.strip.images) else 0
        frame = pygame.Rect(rect.x, rect.y, rect.width, rect.height - strip_h - caption_h - (theme.gap if strip_h else 0))
        self.view.show(image.path)
        self.view.draw(surface, frame)
        hits.add("picture", "图片：双击或双指放大", frame, self.view.noop)
        words = "　".join(x for x in (image.caption, f"来源：{image.credit}" if image.credit else "") if x)
        caption(surface, theme, self.ctx.text, pygame.Rect(frame.x, frame.bottom + theme.gap // 2, frame.width, caption_h),
                words)
        self.strip.draw(surface, pygame.Rect(rect.x, rect.bottom - strip_h, rect.width, strip_h), hits)

    def gesture(self, g: Gesture) -> bool:
        if isinstance(g, Swipe) and g.direction in ("left", "right") and self.view.rect.collidepoint(g.x, g.y):
            if self.view.zoomed:
                return True
            return self.strip.step(1 if g.direction == "left" else -1)
        return self.view.gesture(g) or self.text.gesture(g)

    def update(self, dt: float) -> bool:
        return self.text.update(dt)


class MediaPosterBody(Body):
    """A video or audio panel: its picture (or a designed card), length, and its text."""

    def __init__(self, ctx: Context, panel: Panel) -> None:
        super().__init__(ctx, panel)
        self.text = ScrollText()
        self.view = PictureView(ctx)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        stream = next((m for m in self.panel.media if m.kind in ("video", "audio")), None)
        body = self.panel.body or self.panel.body_en
        poster_w = round(rect.width * (0.62 if body else 1.0))
        poster = pygame.Rect(rect.x, rect.y, poster_w, rect.height)
        if body:
            poster.width -= theme.margin
            area = pygame.Rect(rect.x + poster_w, rect.y, rect.width - poster_w, rect.height)
            self.text.draw(surface, area, text.markdown(body, theme.body, INK, area.width - theme.gap))
        picture = self.panel.cover or next((m.path for m in self.panel.media if m.kind == "image"), None)
        if picture:
            self.view.show(picture)
            self.view.draw(surface, poster)
        else:
            pygame.draw.rect(surface, mix(RED, INK, 0.55), poster)
        self._play_mark(surface, poster, stream)

    def _play_mark(self, surface: pygame.Surface, rect: pygame.Rect, stream: Media | None) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        radius = round(min(rect.width, rect.height) * 0.12)
        centre = rect.center
        if self.panel.kind == "audio":  # a narration's picture carries words in its middle: keep them clear
            radius = round(radius * 0.7)
            centre = (rect.centerx, rect.bottom - radius * 3)
        disc = pygame.Surface((radius * 2 + 4, radius * 2 + 4), pygame.SRCALPHA)
        pygame.draw.circle(disc, (*INK, 150), (radius + 2, radius + 2), radius)
        pygame.draw.circle(disc, (*GOLD, 255), (radius + 2, radius + 2), radius, width=max(3, theme.px(1)))
        surface.blit(disc, (centre[0] - radius - 2, centre[1] - radius - 2))
        if self.panel.kind == "video":
            r = radius * 0.45
            points = [(centre[0] - r * 0.6, centre[1] - r), (centre[0] - r * 0.6, centre[1] + r), (centre[0] + r, centre[1])]
            pygame.draw.polygon(surface, WHITE, points)
        else:
            note = text.line("♪", "bold", round(radius * 0.9), WHITE)
            surface.blit(note, note.get_rect(center=centre))
        if stream is not None and stream.duration_s > 0:
            minutes, seconds = divmod(round(stream.duration_s), 60)
            kind = "视频" if stream.kind == "video" else "音频"
            label = text.line(f"{kind}  {minutes:02d}:{seconds:02d}", "bold", theme.body, WHITE)
            box = label.get_rect(midtop=(centre[0], centre[1] + radius + theme.gap)).inflate(theme.gap * 2, theme.gap // 2)
            pygame.draw.rect(surface, mix(INK, RED, 0.3), box, border_radius=box.height // 2)
            surface.blit(label, label.get_rect(center=box.center))

    def gesture(self, g: Gesture) -> bool:
        return self.view.gesture(g) or self.text.gesture(g)

    def update(self, dt: float) -> bool:
        return self.text.update(dt)


class ErrorBody(Body):
    """A dignified card in place of a panel that failed to draw; the kiosk keeps running."""

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        card = rect.inflate(-rect.width // 4, -rect.height // 3)
        pygame.draw.rect(surface, CARD, card, border_radius=theme.px(4))
        pygame.draw.rect(surface, GOLD, card, width=max(2, theme.px(0.8)), border_radius=theme.px(4))
        title = text.line("此版面暂时无法显示", "serif", theme.h1, RED)
        surface.blit(title, title.get_rect(midbottom=(card.centerx, card.centery)))
        note = text.line("请浏览其他版面 · This panel is not available right now", "sans", theme.body, MUTED)
        surface.blit(note, note.get_rect(midtop=(card.centerx, card.centery + theme.gap)))
