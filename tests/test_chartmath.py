from __future__ import annotations

import pytest

from kiosk.engine.chartmath import ease_out, nice_ticks, number, percent, pie_angles


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0, 97, [0, 20, 40, 60, 80, 100]),
    (86, 97, [0, 20, 40, 60, 80, 100]),
    (0, 9918.5, [0, 2000, 4000, 6000, 8000, 10000]),
    (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    (0, 30, [0, 10, 20, 30]),
])
def test_axis_ticks_are_round_numbers_from_zero(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high) == expected


def test_a_line_may_zoom_in_on_its_range() -> None:
    assert nice_ticks(79, 100, from_zero=False) == [75, 80, 85, 90, 95, 100]


def test_negative_values_get_ticks_below_zero() -> None:
    ticks = nice_ticks(-12, 30)
    assert ticks[0] <= -12 and ticks[-1] >= 30 and 0 in ticks


def test_pie_shares_fill_the_circle_in_order() -> None:
    angles = pie_angles((1, 1, 2))
    assert angles == [(0, 90), (90, 180), (180, 360)]
    assert pie_angles((0, 0)) == [(0, 0), (0, 0)]


def test_numbers_and_shares_read_as_people_write_them() -> None:
    assert [number(v) for v in (120.0, 98.7, 9918.5, 0.25)] == ["120", "98.7", "9,918.5", "0.25"]
    assert [percent(v, 3) for v in (1, 1.5, 3)] == ["33.3%", "50%", "100%"]
    assert percent(0.001, 100) == "<0.1%"


def test_the_entrance_animation_starts_fast_and_lands_exactly() -> None:
    assert ease_out(0) == 0 and ease_out(1) == 1 and ease_out(2) == 1
    assert ease_out(0.5) > 0.8
