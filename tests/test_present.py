"""A portrait screen on a landscape output: what the screens draw shows the right way up."""

from __future__ import annotations

import pygame
import pytest

from kiosk.engine.outputs import Output, place
from kiosk.engine.present import Presenter

RED, BLUE = (200, 0, 0), (0, 0, 200)


@pytest.fixture
def window() -> pygame.Surface:
    pygame.display.init()
    yield pygame.display.set_mode((192, 108))
    pygame.display.quit()


def _presenter(window: pygame.Surface, orientation: str) -> Presenter:
    placement = place([Output("screen", 0, 0, 192, 108)], orientation=orientation)
    assert placement is not None
    return Presenter(window, placement)


def test_a_landscape_screen_draws_straight_into_the_window(window: pygame.Surface) -> None:
    presenter = Presenter(window, place([Output("screen", 0, 0, 192, 108)]))
    assert presenter.canvas is window and presenter.to_window((1, 2, 3, 4)) == (1, 2, 3, 4)


def test_the_top_of_a_portrait_canvas_shows_along_the_edge_the_visitor_sees_as_the_top(window: pygame.Surface) -> None:
    presenter = _presenter(window, "portrait")  # turned anticlockwise: the window's right edge is the top
    assert presenter.canvas.get_size() == (108, 192)
    presenter.canvas.fill((255, 255, 255))
    presenter.canvas.fill(RED, (0, 0, 10, 10))  # the visitor's top-left corner
    presenter.flip()
    assert window.get_at((191, 0))[:3] == RED
    assert window.get_at((0, 0))[:3] == (255, 255, 255)


def test_a_redrawn_part_of_a_portrait_canvas_lands_where_it_shows(window: pygame.Surface) -> None:
    presenter = _presenter(window, "portrait")
    presenter.canvas.fill((255, 255, 255))
    presenter.flip()
    presenter.canvas.fill(BLUE, (0, 182, 10, 10))  # the visitor's bottom-left corner, like a video's corner
    presenter.update([(0, 182, 10, 10)])
    assert presenter.to_window((0, 182, 10, 10)) == (0, 0, 10, 10)
    assert window.get_at((0, 0))[:3] == BLUE and window.get_at((191, 0))[:3] == (255, 255, 255)


def test_portrait_flipped_turns_the_other_way(window: pygame.Surface) -> None:
    presenter = _presenter(window, "portrait-flipped")
    presenter.canvas.fill((255, 255, 255))
    presenter.canvas.fill(RED, (0, 0, 10, 10))
    presenter.flip()
    assert window.get_at((0, 107))[:3] == RED
    assert presenter.to_canvas(0, 107) == (0, 0)
