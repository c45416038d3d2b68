"""pygame events -> the pure gesture recognizer's Pointer events.

Infrared touch frames arrive as a mouse; multitouch panels as SDL finger events, and SDL also
synthesises a mouse event from every touch. Those copies are dropped here (their `touch`
flag is set), or each touch would count twice.
"""

from __future__ import annotations

import pygame

from kiosk.engine.gestures import Pointer

MOUSE_ID = -1


def to_pointer(event: pygame.event.Event, size: tuple[int, int], now: float) -> Pointer | None:
    if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        if getattr(event, "touch", False) or event.button != 1:
            return None
        kind = "down" if event.type == pygame.MOUSEBUTTONDOWN else "up"
        return Pointer(kind, MOUSE_ID, float(event.pos[0]), float(event.pos[1]), now)
    if event.type == pygame.MOUSEMOTION:
        if getattr(event, "touch", False) or not event.buttons[0]:
            return None
        return Pointer("move", MOUSE_ID, float(event.pos[0]), float(event.pos[1]), now)
    if event.type in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP):
        kind = {pygame.FINGERDOWN: "down", pygame.FINGERMOTION: "move", pygame.FINGERUP: "up"}[event.type]
        return Pointer(kind, int(event.finger_id), event.x * size[0], event.y * size[1], now)
    return None
