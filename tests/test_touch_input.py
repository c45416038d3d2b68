"""Infrared frames arrive as a mouse, multitouch as fingers; SDL's copies of touches are dropped."""

from __future__ import annotations

import pygame

from kiosk.engine.touch_input import MOUSE_ID, to_pointer

SIZE = (1920, 1080)


def test_a_left_click_is_a_pointer() -> None:
    down = to_pointer(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(100, 200), button=1, touch=False), SIZE, 1.0)
    assert (down.kind, down.pointer_id, down.x, down.y, down.t) == ("down", MOUSE_ID, 100, 200, 1.0)
    drag = to_pointer(pygame.event.Event(pygame.MOUSEMOTION, pos=(110, 200), buttons=(1, 0, 0), touch=False), SIZE, 1.1)
    assert drag.kind == "move"


def test_mouse_events_synthesised_from_touch_are_ignored() -> None:
    event = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(100, 200), button=1, touch=True)
    assert to_pointer(event, SIZE, 1.0) is None


def test_hovering_and_other_buttons_are_ignored() -> None:
    assert to_pointer(pygame.event.Event(pygame.MOUSEMOTION, pos=(1, 1), buttons=(0, 0, 0), touch=False), SIZE, 0) is None
    assert to_pointer(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(1, 1), button=3, touch=False), SIZE, 0) is None


def test_fingers_are_scaled_to_the_screen() -> None:
    event = pygame.event.Event(pygame.FINGERDOWN, finger_id=7, x=0.5, y=0.25, touch_id=1)
    pointer = to_pointer(event, SIZE, 2.0)
    assert (pointer.kind, pointer.pointer_id, pointer.x, pointer.y) == ("down", 7, 960, 270)
