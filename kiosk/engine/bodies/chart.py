"""Charts drawn natively from a panel's data: bar, line, pie and big-number highlights.

Drawn with pygame at the screen's own resolution, so they are crisp at any size; they grow in
over the first moments (an entrance animation), then the screen is still and costs nothing.
"""

from __future__ import annotations

import math

import pygame

from kiosk.content.model import Chart, Panel
from kiosk.engine.bodies.common import Body
from kiosk.engine.chartmath import ease_out, nice_ticks, number, percent, pie_angles
from kiosk.engine.scenes.base import Context
from kiosk.engine.textlayout import fit_title
from kiosk.engine.theme import (
    CARD,
    DEEP_RED,
    GOLD,
    INK,
    LINE,
    MUTED,
    RED,
    WHITE,
    Colour,
    mix,
)
from kiosk.engine.widgets import Hits

ENTRANCE_S = 0.9
PALETTE: tuple[Colour, ...] = (RED, GOLD, (31, 78, 121), (46, 107, 58), (142, 86, 38), (120, 40, 110), (90, 90, 90))


class ChartBody(Body):
    def __init__(self, ctx: Context, panel: Panel) -> None:
        super().__init__(ctx, panel)
        self.age = 0.0

    @property
    def progress(self) -> float:
        return ease_out(self.age / ENTRANCE_S)

    def update(self, dt: float) -> bool:
        if self.age >= ENTRANCE_S:
            return False
        self.age = min(ENTRANCE_S, self.age + dt)
        return True

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, hits: Hits) -> None:
        chart = self.panel.chart
        if chart is None:
            return
        draw = {"bar": self._bars, "line": self._line, "pie": self._pie, "highlights": self._highlights}[chart.type]
        draw(surface, rect, chart)

    # Shared pieces.
    def _label(self, text: str, size: int, colour: Colour, role: str = "sans") -> pygame.Surface:
        return self.ctx.text.line(text, role, size, colour)

    def _legend(self, surface: pygame.Surface, x: int, y: int, names: list[str], width: int) -> int:
        """Coloured keys for several series, left to right; returns the height used."""
        theme = self.ctx.theme
        if len(names) < 2:
            return 0
        cursor = x
        for i, name in enumerate(names):
            label = self._label(name, theme.small, INK)
            box = theme.small
            if cursor + box + label.get_width() > x + width:
                break
            pygame.draw.rect(surface, PALETTE[i % len(PALETTE)], (cursor, y + box // 4, box, box), border_radius=3)
            surface.blit(label, (cursor + box + theme.gap // 2, y))
            cursor += box + label.get_width() + theme.gap * 2
        return round(theme.small * 1.8)

    def _axes(self, surface: pygame.Surface, rect: pygame.Rect, chart: Chart) -> tuple[pygame.Rect, list[float]]:
        """Grid lines with round values; returns the plotting area and the ticks."""
        theme = self.ctx.theme
        values = [v for s in chart.series for v in s.values]
        ticks = nice_ticks(min(values), max(values), from_zero=chart.type == "bar")
        unit = f"（{chart.unit}）" if chart.unit else ""
        widest = max(self._label(number(t), theme.small, MUTED).get_width() for t in ticks)
        label_h = round(theme.body * 2.2)
        plot = pygame.Rect(rect.x + widest + theme.gap, rect.y + theme.small * 2, rect.width - widest - theme.gap,
                           rect.height - label_h - theme.small * 2)
        if unit:
            surface.blit(self._label(unit, theme.small, MUTED), (rect.x, rect.y))
        for tick in ticks:
            y = self._y(plot, ticks, tick)
            pygame.draw.line(surface, LINE if tick else mix(INK, LINE, 0.5), (plot.x, y), (plot.right, y),
                             max(1, theme.px(0.4)))
            label = self._label(number(tick), theme.small, MUTED)
            surface.blit(label, (plot.x - theme.gap - label.get_width(), y - label.get_height() // 2))
        return plot, ticks

    @staticmethod
    def _y(plot: pygame.Rect, ticks: list[float], value: float) -> int:
        low, high = ticks[0], ticks[-1]
        return round(plot.bottom - (value - low) / (high - low or 1) * plot.height)

    def _x_labels(self, surface: pygame.Surface, plot: pygame.Rect, labels: tuple[str, ...], centres: list[int]) -> None:
        theme = self.ctx.theme
        slot = plot.width / max(1, len(labels))
        for label, centre in zip(labels, centres, strict=True):
            piece = self.ctx.text.paragraph(label, "sans", theme.body, INK, max(1, round(slot - theme.gap // 2)), 2,
                                            "center")
            surface.blit(piece, (round(centre - piece.get_width() / 2), plot.bottom + theme.gap // 2))

    # The four kinds.
    def _bars(self, surface: pygame.Surface, rect: pygame.Rect, chart: Chart) -> None:
        theme = self.ctx.theme
        legend_h = self._legend(surface, rect.x, rect.y, [s.name for s in chart.series], rect.width)
        area = pygame.Rect(rect.x, rect.y + legend_h, rect.width, rect.height - legend_h)
        plot, ticks = self._axes(surface, area, chart)
        count, groups = len(chart.series), len(chart.labels)
        slot = plot.width / groups
        bar_w = min(slot * 0.7 / count, theme.body * 4)
        centres = []
        zero = self._y(plot, ticks, 0)
        for g in range(groups):
            centre = plot.x + slot * (g + 0.5)
            centres.append(round(centre))
            for s, series in enumerate(chart.series):
                value = series.values[g] * self.progress
                x = centre - bar_w * count / 2 + s * bar_w
                top = self._y(plot, ticks, value)
                bar = pygame.Rect(round(x + 2), min(top, zero), max(2, round(bar_w - 4)), abs(zero - top))
                colour = PALETTE[s % len(PALETTE)]
                pygame.draw.rect(surface, colour, bar, border_top_left_radius=4, border_top_right_radius=4)
                if self.progress > 0.98:
                    label = self._label(number(series.values[g]), theme.small, mix(colour, INK, 0.35), "bold")
                    surface.blit(label, (bar.centerx - label.get_width() // 2, bar.top - label.get_height()))
        self._x_labels(surface, plot, chart.labels, centres)

    def _line(self, surface: pygame.Surface, rect: pygame.Rect, chart: Chart) -> None:
        theme = self.ctx.theme
        legend_h = self._legend(surface, rect.x, rect.y, [s.name for s in chart.series], rect.width)
        area = pygame.Rect(rect.x, rect.y + legend_h, rect.width, rect.height - legend_h)
        plot, ticks = self._axes(surface, area, chart)
        slot = plot.width / len(chart.labels)
        centres = [round(plot.x + slot * (i + 0.5)) for i in range(len(chart.labels))]
        shown = max(2, math.ceil(len(centres) * self.progress)) if len(centres) > 1 else 1
        highest = [max(range(len(chart.series)), key=lambda s, i=i: chart.series[s].values[i])
                   for i in range(len(centres))]
        for s, series in enumerate(chart.series):
            colour = PALETTE[s % len(PALETTE)]
            points = [(centres[i], self._y(plot, ticks, v)) for i, v in enumerate(series.values)][:shown]
            if len(points) > 1:
                pygame.draw.lines(surface, colour, False, points, max(3, theme.px(1.4)))
            for i, (x, y) in enumerate(points):
                pygame.draw.circle(surface, WHITE, (x, y), max(5, theme.px(2.2)))
                pygame.draw.circle(surface, colour, (x, y), max(5, theme.px(2.2)), max(2, theme.px(0.9)))
                label = self._label(number(series.values[i]), theme.small, mix(colour, INK, 0.35), "bold")
                # The highest line at a point labels above it, the others below: no labels collide.
                above = highest[i] == s
                top = y - label.get_height() - theme.px(2.5) if above else y + theme.px(2.5)
                surface.blit(label, (x - label.get_width() // 2, top))
        self._x_labels(surface, plot, chart.labels, centres)

    def _pie(self, surface: pygame.Surface, rect: pygame.Rect, chart: Chart) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        values = chart.series[0].values
        radius = min(rect.height // 2 - theme.gap, rect.width // 4)
        centre = (rect.x + rect.width // 4 + theme.margin, rect.centery)
        sweep = 360 * self.progress
        for i, (start, end) in enumerate(pie_angles(values)):
            end = min(end, sweep)
            if end <= start:
                continue
            steps = max(2, int((end - start) / 2))
            points = [centre] + [
                (centre[0] + radius * math.sin(math.radians(start + (end - start) * k / steps)),
                 centre[1] - radius * math.cos(math.radians(start + (end - start) * k / steps)))
                for k in range(steps + 1)]
            pygame.draw.polygon(surface, PALETTE[i % len(PALETTE)], points)
            pygame.draw.polygon(surface, CARD, points, max(2, theme.px(0.6)))
        pygame.draw.circle(surface, CARD, centre, round(radius * 0.45))
        total = sum(values)
        if chart.series[0].name:
            name = text.paragraph(chart.series[0].name, "bold", theme.body, DEEP_RED, round(radius * 0.85), 2, "center")
            surface.blit(name, name.get_rect(center=centre))
        x = centre[0] + radius + theme.margin * 2
        row_h = round(theme.body * 2)
        y = rect.centery - row_h * len(values) // 2
        for i, (label, value) in enumerate(zip(chart.labels, values, strict=True)):
            colour = PALETTE[i % len(PALETTE)]
            pygame.draw.rect(surface, colour, (x, y + row_h // 4, theme.body, theme.body), border_radius=4)
            words = f"{label}　{number(value)}{chart.unit}　{percent(value, total)}"
            line = text.paragraph(words, "sans", theme.body, INK, rect.right - x - theme.body * 2, 1)
            surface.blit(line, (x + theme.body + theme.gap, y + theme.px(1)))
            y += row_h

    def _highlights(self, surface: pygame.Surface, rect: pygame.Rect, chart: Chart) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        count = len(chart.items)
        columns = {1: 1, 2: 2, 4: 2}.get(count, 3)
        rows = (count + columns - 1) // columns
        gap = theme.gap * 2
        cell_w = (rect.width - gap * (columns - 1)) // columns
        cell_h = min(round(theme.body * 9), (rect.height - gap * (rows - 1)) // rows)
        top = rect.y + (rect.height - rows * cell_h - (rows - 1) * gap) // 2
        for i, item in enumerate(chart.items):
            row, col = divmod(i, columns)
            cell = pygame.Rect(rect.x + col * (cell_w + gap), top + row * (cell_h + gap), cell_w, cell_h)
            pygame.draw.rect(surface, CARD, cell, border_radius=theme.px(3))
            pygame.draw.rect(surface, GOLD, cell, width=max(2, theme.px(0.6)), border_radius=theme.px(3))
            final = number(item.value) + item.unit
            size, _lines = fit_title(final, cell.width - 2 * theme.gap, 1,
                                     [theme.title * 2, round(theme.title * 1.5), theme.title],
                                     lambda t, s: text.width(t, "serif", s))
            shown = item.value * self.progress  # counts up, at the size of the final figure
            digits = number(round(shown, 1) if item.value != int(item.value) else round(shown))
            value = text.paragraph(digits + item.unit, "serif", size, RED, cell.width - 2 * theme.gap, 1, "center")
            label = text.paragraph(item.label, "sans", theme.body, INK, cell.width - 2 * theme.gap, 2, "center")
            y = cell.y + (cell.height - value.get_height() - label.get_height() - theme.gap) // 2
            surface.blit(value, (cell.x + theme.gap, y))
            surface.blit(label, (cell.x + theme.gap, y + value.get_height()))
