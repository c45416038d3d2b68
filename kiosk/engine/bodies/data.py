"""Panels built from data: timelines and quizzes."""

from __future__ import annotations

import pygame

from kiosk.content.model import Panel
from kiosk.engine.bodies.common import Body, ScrollText
from kiosk.engine.gestures import Gesture
from kiosk.engine.scenes.base import Context
from kiosk.engine.theme import (
    BAD,
    CARD,
    GOLD,
    GOOD,
    INK,
    LINE,
    MUTED,
    RED,
    WHITE,
)
from kiosk.engine.widgets import Hits, button, button_width


class TimelineBody(Body):
    """Dated events down a gold line, scrolled with a finger."""

    def __init__(self, ctx: Context, panel: Panel) -> None:
        super().__init__(ctx, panel)
        self.text = ScrollText()
        self._content: tuple[int, pygame.Surface] | None = None

    def _render(self, width: int) -> pygame.Surface:
        if self._content and self._content[0] == width:
            return self._content[1]
        theme, text = self.ctx.theme, self.ctx.text
        date_w = round(theme.body * 7)
        line_x = date_w + theme.gap * 2
        body_x = line_x + theme.gap * 3
        pieces = []
        for event in self.panel.events:
            date = text.paragraph(event.date, "bold", theme.h3, RED, date_w, 2, "right")
            title = text.paragraph(event.title, "bold", theme.h3, INK, width - body_x, 3)
            detail = text.paragraph(event.text, "sans", theme.body, MUTED, width - body_x) if event.text else None
            height = max(date.get_height(), title.get_height() + (detail.get_height() if detail else 0))
            pieces.append((date, title, detail, height + theme.gap * 2))
        total = sum(p[3] for p in pieces)
        surface = pygame.Surface((width, max(1, total)), pygame.SRCALPHA)
        pygame.draw.rect(surface, GOLD, (line_x - theme.px(0.6), 0, max(2, theme.px(1.2)), total))
        y = 0
        dot = round(theme.body * 0.4)
        for date, title, detail, height in pieces:
            surface.blit(date, (0, y))
            pygame.draw.circle(surface, RED, (line_x, y + round(theme.h3 * 0.7)), dot)
            pygame.draw.circle(surface, WHITE, (line_x, y + round(theme.h3 * 0.7)), dot // 2)
            surface.blit(title, (body_x, y))
            if detail:
                surface.blit(detail, (body_x, y + title.get_height()))
            y += height
        self._content = (width, surface)
        return surface

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        column = pygame.Rect(rect.x + rect.width // 12, rect.y, rect.width * 10 // 12, rect.height)
        self.text.draw(surface, column, self._render(column.width))

    def gesture(self, g: Gesture) -> bool:
        return self.text.gesture(g)

    def update(self, dt: float) -> bool:
        return self.text.update(dt)


class QuizBody(Body):
    """One question at a time: tap an option, see right or wrong and why, go on."""

    def __init__(self, ctx: Context, panel: Panel) -> None:
        super().__init__(ctx, panel)
        self.index = 0
        self.chosen: int | None = None
        self.score = 0
        self.finished = False

    def choose(self, option: int) -> None:
        if self.chosen is None:
            self.chosen = option
            if option == self.panel.quiz[self.index].answer:
                self.score += 1

    def next(self) -> None:
        if self.index + 1 < len(self.panel.quiz):
            self.index += 1
            self.chosen = None
        else:
            self.finished = True

    def restart(self) -> None:
        self.index, self.chosen, self.score, self.finished = 0, None, 0, False

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        if self.finished:
            self._result(surface, rect, hits)
            return
        theme, text = self.ctx.theme, self.ctx.text
        question = self.panel.quiz[self.index]
        column = pygame.Rect(rect.x + rect.width // 10, rect.y, rect.width * 8 // 10, rect.height)
        progress = text.line(f"第 {self.index + 1} 题 / 共 {len(self.panel.quiz)} 题", "sans", theme.small, MUTED)
        surface.blit(progress, (column.x, column.y))
        y = column.y + progress.get_height() + theme.gap
        asked = text.paragraph(question.question, "bold", theme.h2, INK, column.width, 3)
        surface.blit(asked, (column.x, y))
        y += asked.get_height() + theme.gap
        option_h = max(theme.target, round(theme.body * 2.2))
        for i, option in enumerate(question.options):
            box = pygame.Rect(column.x, y, column.width, option_h)
            fill, fg = CARD, INK
            if self.chosen is not None and i == question.answer:
                fill, fg = GOOD, WHITE
            elif self.chosen == i:
                fill, fg = BAD, WHITE
            pygame.draw.rect(surface, fill, box, border_radius=theme.px(2))
            pygame.draw.rect(surface, LINE if fill == CARD else fill, box, width=2, border_radius=theme.px(2))
            label = text.paragraph(f"{chr(ord('A') + i)}. {option}", "sans", theme.body, fg, box.width - 2 * theme.gap, 1)
            surface.blit(label, (box.x + theme.gap, box.y + (box.height - label.get_height()) // 2 + theme.px(1)))
            if self.chosen is None:
                hits.add(f"option:{chr(ord('A') + i)}", option, box, lambda n=i: self.choose(n))
            y += option_h + theme.gap
        if self.chosen is not None:
            self._verdict(surface, pygame.Rect(column.x, y, column.width, column.bottom - y), hits, question)

    def _verdict(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits, question) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        right = self.chosen == question.answer
        verdict = "回答正确！" if right else f"正确答案是 {chr(ord('A') + question.answer)}"
        line = text.line(verdict, "bold", theme.h3, GOOD if right else BAD)
        surface.blit(line, (rect.x, rect.y))
        label = "下一题 ›" if self.index + 1 < len(self.panel.quiz) else "查看成绩 ›"
        button_rect = pygame.Rect(0, 0, button_width(theme, text, label), max(theme.target, round(theme.body * 2.1)))
        button_rect.topright = (rect.right, rect.y)
        button(surface, theme, text, button_rect, label, filled=True)
        hits.add("next-question", label, button_rect, self.next)
        if question.explanation:
            y = rect.y + max(line.get_height(), button_rect.height) + theme.gap // 2
            explain = text.paragraph(f"解析：{question.explanation}", "sans", theme.small, MUTED, rect.width,
                                     max(1, (rect.bottom - y) // round(theme.small * 1.6)))
            surface.blit(explain, (rect.x, y))

    def _result(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        total = len(self.panel.quiz)
        big = text.line(f"答对 {self.score} / {total} 题", "serif", theme.title, RED)
        surface.blit(big, big.get_rect(midbottom=(rect.centerx, rect.centery)))
        words = "全部答对，了不起！" if self.score == total else "温故而知新，再试一次吧。"
        note = text.line(words, "sans", theme.h3, INK)
        surface.blit(note, note.get_rect(midtop=(rect.centerx, rect.centery + theme.gap)))
        label = "再答一次"
        box = pygame.Rect(0, 0, button_width(theme, text, label), max(theme.target, round(theme.body * 2.1)))
        box.midtop = (rect.centerx, rect.centery + theme.gap * 2 + note.get_height())
        button(surface, theme, text, box, label, filled=True)
        hits.add("quiz-restart", label, box, self.restart)
