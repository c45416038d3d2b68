"""Panels built from data: chart figures as a readable table, timelines, and quizzes."""

from __future__ import annotations

import pygame

from kiosk.content.model import Chart, Panel
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
    PAPER,
    RED,
    WHITE,
    mix,
)
from kiosk.engine.widgets import Hits, button, button_width


def number(value: float) -> str:
    """98.7 -> "98.7", 120.0 -> "120", 9918.5 -> "9,918.5"."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


class ChartTableBody(Body):
    """A chart's figures, readable as a table (highlights as large numbers)."""

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        chart = self.panel.chart
        if chart is None:
            return
        if chart.type == "highlights":
            self._highlights(surface, rect, chart)
        else:
            self._table(surface, rect, chart)

    def _highlights(self, surface: pygame.Surface, rect: pygame.Rect, chart: Chart) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        count = len(chart.items)
        columns = min(count, 3 if count in (3, 5, 6) or count > 4 else 2 if count == 4 else count)
        rows = (count + columns - 1) // columns
        gap = theme.gap * 2
        cell_w = (rect.width - gap * (columns - 1)) // columns
        cell_h = min(round(theme.body * 8), (rect.height - gap * (rows - 1)) // rows)
        top = rect.y + (rect.height - rows * cell_h - (rows - 1) * gap) // 2
        for i, item in enumerate(chart.items):
            row, col = divmod(i, columns)
            cell = pygame.Rect(rect.x + col * (cell_w + gap), top + row * (cell_h + gap), cell_w, cell_h)
            pygame.draw.rect(surface, CARD, cell, border_radius=theme.px(3))
            pygame.draw.rect(surface, GOLD, cell, width=max(2, theme.px(0.6)), border_radius=theme.px(3))
            value = text.title(number(item.value), "serif", cell.width - 2 * theme.gap, 1,
                               [theme.title * 2, round(theme.title * 1.5), theme.title], RED, align="center")
            unit = text.line(item.unit, "bold", theme.h2, RED) if item.unit else None
            label = text.paragraph(item.label, "sans", theme.body, INK, cell.width - 2 * theme.gap, 2, "center")
            block_h = value.get_height() + label.get_height()
            y = cell.y + (cell.height - block_h) // 2
            surface.blit(value, (cell.x + theme.gap, y))
            if unit is not None:
                used = self.ctx.text.width(number(item.value), "serif", theme.title * 2)
                surface.blit(unit, (min(cell.right - unit.get_width() - theme.gap // 2,
                                        round(cell.centerx + min(used, cell.width) / 2 + theme.gap // 3)),
                                    y + value.get_height() - unit.get_height() - theme.gap // 2))
            surface.blit(label, (cell.x + theme.gap, y + value.get_height()))

    def _table(self, surface: pygame.Surface, rect: pygame.Rect, chart: Chart) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        columns = len(chart.labels) + 1
        row_h = round(theme.body * 2.3)
        rows = len(chart.series) + 1
        table = pygame.Rect(rect.x, rect.y, rect.width, min(rect.height, row_h * rows))
        first_w = round(table.width * 0.22)
        cell_w = (table.width - first_w) // max(1, columns - 1)
        unit = f"（单位：{chart.unit}）" if chart.unit else ""
        kind = {"bar": "柱状图", "line": "折线图", "pie": "饼图"}.get(chart.type, "")
        header = text.line(f"{kind}数据{unit}", "sans", theme.small, MUTED)
        surface.blit(header, (table.x, table.y))
        table.y += header.get_height() + theme.gap
        for r in range(rows):
            y = table.y + r * row_h
            fill = mix(RED, INK, 0.1) if r == 0 else (CARD if r % 2 else PAPER)
            pygame.draw.rect(surface, fill, (table.x, y, table.width, row_h))
            cells = [""] + list(chart.labels) if r == 0 else [chart.series[r - 1].name] + [
                number(v) for v in chart.series[r - 1].values]
            for c, value in enumerate(cells):
                x = table.x if c == 0 else table.x + first_w + (c - 1) * cell_w
                w = first_w if c == 0 else cell_w
                colour = WHITE if r == 0 else (INK if c else RED)
                role = "bold" if r == 0 or c == 0 else "sans"
                piece = text.paragraph(str(value), role, theme.body, colour, w - theme.gap, 1, "center" if c else "left")
                surface.blit(piece, (x + theme.gap // 2, y + (row_h - piece.get_height()) // 2 + theme.px(1)))
        pygame.draw.rect(surface, LINE, (table.x, table.y, table.width, row_h * rows), width=1)


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
