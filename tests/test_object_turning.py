"""The ring maths of object panels: what a visitor's finger does to the exhibit."""

from __future__ import annotations

import pytest

from kiosk.engine.turning import (
    DEGREES_PER_WIDTH,
    MAX_GLIDE_DEG_S,
    SELF_TURN_DEG_S,
    Ring,
    Turning,
    drag_degrees,
    glide,
    self_turn,
)


def test_a_full_ring_of_36_has_a_photograph_every_10_degrees_and_wraps() -> None:
    ring = Ring(36)
    assert ring.angle_of(0) == 0 and ring.angle_of(9) == 90 and ring.angle_of(36) == 0
    assert ring.frame_at(94) == 9 and ring.frame_at(96) == 10
    assert ring.frame_at(358) == 0  # nearer to the first photograph than to the last
    assert ring.frame_at(-10) == 35 and ring.frame_at(370) == 1
    assert ring.held(370) == 10 and ring.held(-90) == 270


def test_an_arc_has_a_photograph_at_each_end_and_stops_there() -> None:
    arc = Ring(13, 120)
    assert arc.step == 10 and arc.angle_of(12) == 120
    assert arc.frame_at(-50) == 0 and arc.frame_at(500) == 12
    assert arc.held(-5) == 0 and arc.held(130) == 120
    assert arc.at_end(120) and arc.at_end(0) and not arc.at_end(60)


def test_a_finger_across_the_picture_turns_the_object_half_round() -> None:
    assert drag_degrees(1000, 1000) == DEGREES_PER_WIDTH == 180
    assert drag_degrees(-250, 1000) == -45


def test_dragging_a_fifth_of_the_width_shows_the_photograph_36_degrees_on() -> None:
    turning = Turning(Ring(36))
    turning.drag(200, 1000)
    assert turning.frame == 4  # 36° is nearest to the photograph at 40°
    turning.drag(-200, 1000)
    assert turning.frame == 0


def test_dragging_back_past_the_first_photograph_wraps_to_the_last() -> None:
    turning = Turning(Ring(36))
    turning.drag(-60, 1200)  # 9° back
    assert turning.frame == 35


def test_an_arc_stops_at_its_end_however_far_the_finger_goes() -> None:
    turning = Turning(Ring(7, 90))
    turning.drag(5000, 1000)
    assert turning.frame == 6
    turning.release(3000, 1000)
    assert turning.update(0.1) is False and turning.velocity == 0  # no glide past the end
    turning.drag(-500, 1000)
    assert turning.frame == 0 and turning.angle == 0


def test_the_glide_after_a_flick_slows_and_stops_on_its_own() -> None:
    near, v_near = glide(400, 0.05)
    far, v_far = glide(400, 5.0)
    assert 0 < near < far and v_far < v_near < 400
    assert far == pytest.approx(glide(400, 50.0)[0], abs=0.1)  # it comes to rest
    assert glide(-400, 1.0)[0] == -glide(400, 1.0)[0]
    assert glide(10 * MAX_GLIDE_DEG_S, 60)[0] == pytest.approx(glide(MAX_GLIDE_DEG_S, 60)[0])


def test_a_flicked_object_turns_on_a_little_then_rests() -> None:
    turning = Turning(Ring(36))
    turning.drag(100, 1000)
    released_at = turning.angle
    turning.release(800, 1000)  # 144°/s
    changes = sum(turning.update(1 / 60) for _ in range(300))
    assert changes >= 2 and turning.velocity == 0
    assert 20 < turning.angle - released_at < 60
    assert turning.update(1 / 60) is False  # resting: nothing to redraw


def test_a_finger_catches_a_gliding_object() -> None:
    turning = Turning(Ring(36))
    turning.drag(10, 1000)
    turning.release(2000, 1000)
    turning.update(0.05)
    turning.touch()
    angle = turning.angle
    assert turning.update(0.5) is False and turning.angle == angle


def test_untouched_it_turns_slowly_round_and_an_arc_goes_to_and_fro() -> None:
    ring = Ring(36)
    assert self_turn(ring, 0) == 0
    assert self_turn(ring, 10) == pytest.approx(10 * SELF_TURN_DEG_S)
    assert self_turn(ring, 360 / SELF_TURN_DEG_S + 1) == pytest.approx(SELF_TURN_DEG_S)
    arc = Ring(10, 90)
    seconds_to_end = 90 / SELF_TURN_DEG_S
    assert self_turn(arc, seconds_to_end) == pytest.approx(90)
    assert self_turn(arc, seconds_to_end + 1) == pytest.approx(90 - SELF_TURN_DEG_S)
    assert self_turn(arc, 2 * seconds_to_end) == pytest.approx(0)


def test_the_self_turn_shows_new_photographs_until_the_first_touch() -> None:
    turning = Turning(Ring(36))
    assert sum(turning.update(0.5) for _ in range(20)) >= 5
    turning.touch()
    frame = turning.frame
    assert not any(turning.update(0.5) for _ in range(20)) and turning.frame == frame
