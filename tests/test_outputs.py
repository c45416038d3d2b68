"""Which screen the kiosk covers, with fake displays: one screen, two, 4K, portrait, late."""

from __future__ import annotations

import pytest

from kiosk.engine.outputs import Output, covers, moved, parse_xrandr, place, to_canvas

TWO_SCREENS = """Screen 0: minimum 320 x 200, current 3840 x 1080, maximum 16384 x 16384
eDP-1 connected 1920x1080+0+0 (normal left inverted right x axis y axis) 344mm x 194mm
   1920x1080     60.02*+
HDMI-1 connected primary 1920x1080+1920+0 (normal left inverted right x axis y axis) 1210mm x 680mm
   1920x1080     60.00*+  50.00    59.94
DP-1 disconnected (normal left inverted right x axis y axis)
DP-2 connected (normal left inverted right x axis y axis)
   3840x2160     60.00 +
"""


def test_xrandr_gives_the_primary_output_first_and_leaves_out_dark_and_unplugged_ones() -> None:
    outputs = parse_xrandr(TWO_SCREENS)
    assert outputs == [Output("HDMI-1", 1920, 0, 1920, 1080), Output("eDP-1", 0, 0, 1920, 1080)]


def test_xvfb_and_a_turned_output_are_read_as_they_show() -> None:
    assert parse_xrandr("screen connected 1920x1080+0+0 0mm x 0mm\n") == [Output("screen", 0, 0, 1920, 1080)]
    turned = "HDMI-1 connected 1080x1920+0+0 left (normal left inverted right) 1210mm x 680mm\n"
    assert parse_xrandr(turned) == [Output("HDMI-1", 0, 0, 1080, 1920)]


def test_auto_covers_the_primary_screen_at_its_own_size() -> None:
    placement = place(parse_xrandr(TWO_SCREENS))
    assert placement is not None
    assert placement.rect == (1920, 0, 1920, 1080) and placement.canvas == (1920, 1080) and not placement.note


def test_a_named_output_is_covered_and_a_missing_one_falls_back_with_a_note() -> None:
    outputs = parse_xrandr(TWO_SCREENS)
    named = place(outputs, "eDP-1")
    assert named is not None and named.rect == (0, 0, 1920, 1080)
    missing = place(outputs, "DP-3")
    assert missing is not None and missing.output.name == "HDMI-1"
    assert "DP-3" in missing.note and "HDMI-1, eDP-1" in missing.note


def test_a_4k_screen_is_covered_whole() -> None:
    placement = place([Output("HDMI-1", 0, 0, 3840, 2160)])
    assert placement is not None and placement.canvas == (3840, 2160)


def test_no_screen_at_all_gives_nothing_to_cover() -> None:
    assert place([]) is None


@pytest.mark.parametrize(("orientation", "turn"), [("portrait", 1), ("portrait-flipped", 3)])
def test_a_portrait_screen_on_a_landscape_output_draws_on_a_portrait_canvas(orientation: str, turn: int) -> None:
    placement = place([Output("HDMI-1", 0, 0, 1920, 1080)], orientation=orientation)
    assert placement is not None and placement.canvas == (1080, 1920) and placement.turn == turn


def test_an_output_the_system_already_turned_needs_no_turn() -> None:
    placement = place([Output("HDMI-1", 0, 0, 1080, 1920)], orientation="portrait")
    assert placement is not None and placement.turn == 0 and placement.canvas == (1080, 1920)


def test_a_touch_on_a_turned_screen_lands_where_the_visitor_sees_it() -> None:
    # portrait: the screen turned a quarter anticlockwise; the canvas' top-left corner shows at
    # the window's top-right, its bottom-left at the window's top-left.
    quarter = place([Output("o", 0, 0, 1920, 1080)], orientation="portrait")
    assert quarter is not None
    assert to_canvas(1919, 0, quarter) == (0, 0)
    assert to_canvas(0, 0, quarter) == (0, 1919)
    assert to_canvas(1919, 1079, quarter) == (1079, 0)
    flipped = place([Output("o", 0, 0, 1920, 1080)], orientation="portrait-flipped")
    assert flipped is not None
    assert to_canvas(0, 1079, flipped) == (0, 0)
    assert to_canvas(1919, 1079, flipped) == (0, 1919)


def test_the_window_follows_a_screen_switched_on_late_or_grown_to_4k() -> None:
    laptop = [Output("eDP-1", 0, 0, 1366, 768)]
    current = place(laptop, "HDMI-1")
    assert current is not None and current.output.name == "eDP-1"
    assert moved(current, laptop, "HDMI-1", "landscape") is None  # nothing new: stay
    later = moved(current, [*laptop, Output("HDMI-1", 1366, 0, 1920, 1080)], "HDMI-1", "landscape")
    assert later is not None and later.rect == (1366, 0, 1920, 1080)
    grown = moved(later, [Output("HDMI-1", 1366, 0, 3840, 2160)], "HDMI-1", "landscape")
    assert grown is not None and grown.canvas == (3840, 2160)
    assert moved(later, [], "HDMI-1", "landscape") is None  # every cable pulled: nothing better


def test_a_window_covers_only_at_exactly_the_screens_rectangle() -> None:
    placement = place([Output("screen", 0, 0, 1920, 1080)])
    assert placement is not None
    assert covers((0, 0, 1920, 1080), placement)
    assert not covers((0, 0, 1024, 768), placement)
    assert not covers((448, 156, 1920, 1080), placement)
