from __future__ import annotations

import math
from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.engine.gestures import (
    TAP_SLOP_MM,
    Cancel,
    DoubleTap,
    Drag,
    DragEnd,
    DragStart,
    Gesture,
    GestureRecognizer,
    LongPress,
    Pan,
    Pinch,
    Pointer,
    Swipe,
    Tap,
)

MM_PER_PX = 0.63  # a 55-inch 1080p panel
SLOP_PX = TAP_SLOP_MM / MM_PER_PX  # about 9.5 px
MOUSE = -1

Point = tuple[float, float, float]  # (ms, x, y)


def stroke(*points: Point, pid: int = MOUSE) -> list[Pointer]:
    """(ms, x, y) points: the first touches down, the last lifts, those between move."""
    kinds = ["down"] + ["move"] * (len(points) - 2) + ["up"]
    return [Pointer(kind, pid, x, y, ms / 1000) for kind, (ms, x, y) in zip(kinds, points)]


def tap(
    ms: float, x: float = 500, y: float = 500, hold: float = 60, pid: int = MOUSE
) -> list[Pointer]:
    return stroke((ms, x, y), (ms + hold, x, y), pid=pid)


def glide(
    ms: float, ms_end: float, start: tuple[float, float], end: tuple[float, float],
    steps: int = 10, pid: int = MOUSE,
) -> list[Pointer]:
    """A straight stroke at constant speed, lifting where and when the last move lands."""
    points = [
        (ms + (ms_end - ms) * i / steps,
         start[0] + (end[0] - start[0]) * i / steps,
         start[1] + (end[1] - start[1]) * i / steps)
        for i in range(steps + 1)
    ]
    return stroke(*points, points[-1], pid=pid)


def merge(*streams: list[Pointer]) -> list[Pointer]:
    """Interleave fingers' strokes by time; at a tie, fingers finish moving before lifting."""
    return sorted((e for s in streams for e in s), key=lambda e: (e.t, e.kind == "up"))


def run(events: Iterable[Pointer], rec: GestureRecognizer | None = None) -> list[Gesture]:
    rec = rec or GestureRecognizer(MM_PER_PX)
    return [g for e in events for g in rec.feed(e)]


def of(kind: type, gestures: list[Gesture]) -> list:
    return [g for g in gestures if isinstance(g, kind)]


# --- taps -------------------------------------------------------------------------------------


def test_tap_is_emitted_on_the_release_itself() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    down, up = tap(0, 300, 200)
    assert rec.feed(down) == []
    assert rec.feed(up) == [Tap(300, 200)]


def test_jitter_inside_the_slop_is_still_a_tap() -> None:
    events = stroke((0, 500, 500), (20, 504, 497), (40, 497, 503), (70, 502, 501))
    assert run(events) == [Tap(502, 501)]


@pytest.mark.parametrize("apart_ms", [150, 200, 250])
def test_double_tap_at_normal_speed_survives_the_default_cooldown(apart_ms: int) -> None:
    # 60 ms contacts: the finger is off the glass for 90-190 ms, longer than the 80 ms cooldown
    gestures = run(tap(0, 500, 500) + tap(apart_ms, 505, 498))
    assert gestures == [Tap(500, 500), Tap(505, 498), DoubleTap(505, 498)]


def test_slow_second_tap_is_two_taps() -> None:
    assert run(tap(0) + tap(600)) == [Tap(500, 500), Tap(500, 500)]


def test_second_tap_far_away_is_two_taps() -> None:
    far = 500 + 12 / MM_PER_PX  # 12 mm
    assert run(tap(0) + tap(200, far, 500)) == [Tap(500, 500), Tap(far, 500)]


def test_a_triple_tap_is_one_double_tap_then_a_tap() -> None:
    assert of(DoubleTap, run(tap(0) + tap(200) + tap(400))) == [DoubleTap(500, 500)]


# --- long press -------------------------------------------------------------------------------


def test_long_press_fires_once_from_tick_and_suppresses_the_tap() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    down, up = tap(0, 300, 300, hold=900)
    rec.feed(down)
    assert rec.tick(0.3) == []
    assert rec.tick(0.6) == [LongPress(300, 300)]
    assert rec.tick(0.7) == []
    assert rec.feed(up) == []


def test_release_after_long_press_time_without_a_tick_is_still_no_tap() -> None:
    assert run(tap(0, 300, 300, hold=800)) == [LongPress(300, 300)]


def test_dragging_after_a_long_press_still_ends_the_drag() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    down, move, up = stroke((0, 300, 300), (800, 400, 300), (900, 400, 300))
    rec.feed(down)
    assert rec.tick(0.7) == [LongPress(300, 300)]
    assert of(DragStart, rec.feed(move)) == [DragStart(300, 300)]
    assert rec.feed(up) == [DragEnd(400, 300, 0.0, 0.0)]


def test_moving_press_never_long_presses() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    down, move, up = stroke((0, 300, 300), (200, 340, 300), (900, 340, 300))
    run([down, move], rec)
    assert rec.tick(0.7) == []
    assert of(LongPress, rec.feed(up)) == []


# --- drag and swipe ---------------------------------------------------------------------------


def test_drag_deltas_sum_to_the_movement() -> None:
    events = stroke((0, 100, 100), (30, 105, 102), (60, 140, 110), (90, 180, 95), (400, 260, 130))
    gestures = run(events)
    assert gestures[0] == DragStart(100, 100)
    drags = of(Drag, gestures)
    assert sum(d.dx for d in drags) == pytest.approx(160)
    assert sum(d.dy for d in drags) == pytest.approx(30)
    assert (drags[-1].x, drags[-1].y) == (260, 130)
    assert isinstance(gestures[-1], DragEnd) and of(Tap, gestures) == []


@pytest.mark.parametrize(
    ("end", "direction"),
    [((200, 500), "left"), ((800, 500), "right"), ((500, 200), "up"), ((500, 800), "down")],
)
def test_fling_is_a_swipe_after_the_drag_end(end: tuple[float, float], direction: str) -> None:
    gestures = run(glide(0, 120, (500, 500), end))  # 300 px = 189 mm in 120 ms
    end_event, swipe = gestures[-2:]
    assert isinstance(end_event, DragEnd)
    assert math.hypot(end_event.vx, end_event.vy) == pytest.approx(2500)
    assert swipe == Swipe(direction, *end)


def test_dominant_axis_wins() -> None:
    assert of(Swipe, run(glide(0, 120, (500, 500), (800, 600))))[0].direction == "right"


def test_slow_drag_is_no_swipe() -> None:
    gestures = run(glide(0, 3000, (500, 500), (800, 500), steps=60))  # 63 mm/s
    assert isinstance(gestures[-1], DragEnd) and of(Swipe, gestures) == []


def test_fling_that_stops_before_release_is_no_swipe() -> None:
    events = glide(0, 120, (500, 500), (800, 500))
    events[-1] = Pointer("move", MOUSE, 800, 500, 0.12)
    events.append(Pointer("up", MOUSE, 800, 500, 0.4))
    gestures = run(events)
    assert gestures[-1] == DragEnd(800, 500, 0.0, 0.0)


def test_short_quick_flick_is_no_swipe() -> None:
    assert of(Swipe, run(glide(0, 30, (500, 500), (530, 500), steps=3))) == []  # 19 mm


# --- two fingers ------------------------------------------------------------------------------


@pytest.mark.parametrize(("spread", "expected"), [(100, 2.0), (-50, 0.5)])
def test_pinch_scales_multiply_to_the_change_in_span(spread: float, expected: float) -> None:
    left = glide(0, 300, (800, 500), (800 - spread, 500), pid=0)
    right = glide(0, 300, (1000, 500), (1000 + spread, 500), pid=1)
    gestures = run(merge(left, right))
    pinches = of(Pinch, gestures)
    assert pinches and math.prod(p.scale for p in pinches) == pytest.approx(expected)
    assert (pinches[-1].cx, pinches[-1].cy) == (900, 500)
    assert of(Tap, gestures) == of(DragStart, gestures) == []


def test_two_finger_pan_moves_the_centre_without_zooming() -> None:
    a = glide(0, 300, (800, 500), (800, 800), pid=3)
    b = glide(0, 300, (1000, 500), (1000, 800), pid=4)
    gestures = run(merge(a, b))
    pans = of(Pan, gestures)
    assert sum(p.dx for p in pans) == pytest.approx(0)
    assert sum(p.dy for p in pans) == pytest.approx(300)
    assert math.prod(p.scale for p in of(Pinch, gestures)) == pytest.approx(1)
    assert of(Tap, gestures) == of(Drag, gestures) == []


def test_second_finger_ends_a_drag_without_a_fling() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    run(glide(0, 100, (500, 500), (800, 500))[:-1], rec)
    assert rec.feed(Pointer("down", 7, 1200, 500, 0.11)) == [DragEnd(800, 500, 0.0, 0.0)]


def test_resting_two_fingers_do_nothing() -> None:
    a = stroke((0, 800, 500), (100, 803, 501), (500, 803, 501), pid=0)
    b = stroke((10, 1000, 500), (110, 998, 502), (510, 998, 502), pid=1)
    assert run(merge(a, b)) == []


def test_third_finger_cancels_and_everything_is_ignored_until_all_are_up() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    run(merge(glide(0, 100, (800, 500), (700, 500), pid=0)[:-1],
              glide(0, 100, (1000, 500), (1100, 500), pid=1)[:-1]), rec)
    assert rec.feed(Pointer("down", 2, 400, 400, 0.12)) == [Cancel()]
    later = [
        Pointer("move", 0, 600, 500, 0.15),
        Pointer("move", 1, 1200, 500, 0.15),
        Pointer("up", 2, 400, 400, 0.2),
        *tap(300, 900, 900, pid=3),
        Pointer("up", 0, 600, 500, 0.5),
        Pointer("move", 1, 1300, 500, 0.6),
    ]
    assert run(later, rec) == []
    assert rec.held(0.6) == []
    assert rec.feed(Pointer("up", 1, 1300, 500, 0.7)) == []
    assert run(tap(1000, 300, 300, pid=5), rec) == [Tap(300, 300)]


def test_a_palm_gives_one_cancel_and_nothing_else() -> None:
    palm = merge(*(tap(0, 400 + 30 * i, 400, hold=300, pid=i) for i in range(4)))
    assert run(palm) == [Cancel()]


# --- cooldown, held, strays -------------------------------------------------------------------


def test_cooldown_drops_a_bounce_entirely() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    assert run(tap(0), rec) == [Tap(500, 500)]
    assert run(stroke((80, 500, 500), (120, 600, 500), (150, 600, 500)), rec) == []
    assert run(tap(700), rec) == [Tap(500, 500)]


def test_a_bounce_does_not_spoil_the_double_tap_that_follows() -> None:
    events = tap(0, hold=40) + tap(50, hold=40) + tap(250)
    assert run(events) == [Tap(500, 500), Tap(500, 500), DoubleTap(500, 500)]


def test_cleaning_cloth_rapid_contacts_give_one_tap_at_most() -> None:
    wipe = [e for i in range(20) for e in tap(i * 60, 300 + 10 * i, 500, hold=30)]
    assert run(wipe) == [Tap(300, 500)]


def test_held_reports_seconds_for_a_still_press_and_nothing_once_moved() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    rec.feed(Pointer("down", MOUSE, 5, 5, 1.0))
    assert rec.held(3.5) == [(5, 5, 2.5)]
    rec.feed(Pointer("move", MOUSE, 8, 7, 3.6))
    assert rec.held(6.0) == [(8, 7, 5.0)]
    rec.feed(Pointer("move", MOUSE, 5 + SLOP_PX + 1, 5, 3.7))
    assert rec.held(6.1) == []
    rec.feed(Pointer("move", MOUSE, 5, 5, 3.8))
    assert rec.held(6.2) == []


def test_held_is_empty_after_release() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    run(tap(0, 5, 5), rec)
    assert rec.held(1.0) == []


def test_stray_moves_and_ups_are_ignored() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    strays = [Pointer("move", MOUSE, 10, 10, 0.0), Pointer("up", 9, 10, 10, 0.01),
              Pointer("move", 4, 50, 50, 0.02)]
    assert run(strays, rec) == []
    assert run(tap(200), rec) == [Tap(500, 500)]


def test_a_lost_up_is_recovered_by_the_next_down() -> None:
    rec = GestureRecognizer(MM_PER_PX)
    run(glide(0, 300, (100, 100), (300, 100))[:-1], rec)
    assert rec.feed(Pointer("down", MOUSE, 900, 900, 1.0)) == [Cancel()]
    assert rec.feed(Pointer("up", MOUSE, 900, 900, 1.05)) == [Tap(900, 900)]


def test_out_of_order_timestamps_do_not_crash() -> None:
    events = stroke((500, 100, 100), (400, 200, 100), (300, 300, 100), (100, 320, 100))
    rec = GestureRecognizer(MM_PER_PX)
    assert isinstance(run(events, rec)[-1], DragEnd)
    assert rec.tick(0.0) == [] and rec.held(0.0) == []


def test_mm_per_px_must_be_positive() -> None:
    with pytest.raises(ValueError):
        GestureRecognizer(0)


# --- property ---------------------------------------------------------------------------------

steps = st.lists(
    st.one_of(
        st.tuples(
            st.sampled_from(["down", "down", "move", "up", "up"]),
            st.sampled_from([MOUSE, 0, 1]),
            st.integers(0, 16),  # the slop is 9.5 px: both taps and drags happen
            st.integers(0, 16),
            st.one_of(st.floats(0.0, 0.15), st.floats(-0.02, 0.0)),  # at times out of order
        ),
        st.tuples(st.just("tick"), st.floats(-0.02, 0.3)),
    ),
    min_size=5,
    max_size=60,
)


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_random_streams_never_raise_nor_tap_after_leaving_the_slop(stream: list[tuple]) -> None:
    rec = GestureRecognizer(MM_PER_PX)
    t = 0.0
    paths: dict[int, list[tuple[float, float]]] = {}  # positions since each pointer's last down
    dragging = False  # the app relies on DragStart ... DragEnd/Cancel pairing
    for step in stream:
        t += step[-1]
        if step[0] == "tick":
            gestures, kind, pid = rec.tick(t), "tick", None
        else:
            kind, pid, x, y, _ = step
            if kind == "down":
                paths[pid] = [(x, y)]
            elif pid in paths:
                paths[pid].append((x, y))
            gestures = rec.feed(Pointer(kind, pid, x, y, t))
        if of(Tap, gestures):
            assert kind == "up"
            (x0, y0), *rest = paths[pid]
            assert all(math.hypot(x - x0, y - y0) <= SLOP_PX for x, y in rest)
        for g in gestures:
            if isinstance(g, DragStart):
                assert not dragging
                dragging = True
            elif isinstance(g, Drag):
                assert dragging
            elif isinstance(g, (DragEnd, Cancel)):
                dragging = False
            if isinstance(g, Pinch):
                assert math.isfinite(g.scale) and g.scale > 0
            if isinstance(g, DragEnd):
                assert math.isfinite(g.vx) and math.isfinite(g.vy)
        if kind == "up":
            paths.pop(pid, None)
        assert all(seconds >= 0 for _, _, seconds in rec.held(t))
