from __future__ import annotations

from kiosk.admin.corner import corner_held, in_corner

SIZE = (1920, 1080)


def test_each_corner_is_its_own() -> None:
    assert in_corner(10, 10, "hold-top-left", SIZE, 50)
    assert not in_corner(10, 10, "hold-top-right", SIZE, 50)
    assert in_corner(1910, 1070, "hold-bottom-right", SIZE, 50)
    assert not in_corner(960, 10, "hold-top-left", SIZE, 50)


def test_only_a_long_enough_press_in_the_corner_opens_the_pad() -> None:
    assert not corner_held([(10, 10, 4.9)], "hold-top-left", 5, SIZE, 50)
    assert corner_held([(900, 500, 9), (10, 10, 5.0)], "hold-top-left", 5, SIZE, 50)
    assert not corner_held([(900, 500, 9)], "hold-top-left", 5, SIZE, 50)
