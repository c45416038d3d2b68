"""Put what the screens drew on the display, turned for a screen hung in portrait.

The screens draw on a canvas of the shape the visitor sees. On an output that is as the
screen hangs, the canvas is the window's own surface and nothing is copied. On a portrait
screen driven by a landscape output, the changed parts of the canvas are turned into the
window as they are shown, and every touch is turned back (outputs.to_canvas): the touch
frame is mounted with the screen, so both stay in the output's coordinates and no system
setting (xrandr, the touch driver's matrix) has to be changed by hand.
"""

from __future__ import annotations

import pygame

from kiosk.engine.outputs import Placement, to_canvas

Area = tuple[int, int, int, int]


class Presenter:
    def __init__(self, window: pygame.Surface, placement: Placement | None = None) -> None:
        self.window = window
        self.turn = placement.turn if placement is not None else 0
        self.placement = placement
        self.canvas = window if self.turn == 0 else pygame.Surface(placement.canvas).convert(window)  # type: ignore[union-attr]

    def flip(self) -> None:
        if self.turn:
            self.window.blit(pygame.transform.rotate(self.canvas, -90 * self.turn), (0, 0))
        pygame.display.flip()

    def update(self, areas: list) -> None:
        if not self.turn:
            pygame.display.update(areas)
            return
        shown = []
        bounds = self.canvas.get_rect()
        for area in areas:
            rect = pygame.Rect(area).clip(bounds)
            if rect.w and rect.h:
                turned = pygame.transform.rotate(self.canvas.subsurface(rect), -90 * self.turn)
                shown.append(self.window.blit(turned, self.to_window(tuple(rect))[:2]))
        pygame.display.update(shown)

    def to_window(self, area: Area) -> Area:
        """A rectangle on the canvas -> where it shows in the window."""
        x, y, w, h = area
        width, height = self.canvas.get_size()
        if self.turn == 1:
            return height - y - h, x, h, w
        if self.turn == 3:
            return y, width - x - w, h, w
        return area

    def to_canvas(self, x: float, y: float) -> tuple[float, float]:
        """A touch in the window -> the point on the canvas it landed on."""
        if self.placement is None:
            return x, y
        return to_canvas(x, y, self.placement)
