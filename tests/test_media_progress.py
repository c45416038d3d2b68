"""The numbers a visitor and an administrator see: the clock, the picture's shape, the share watched."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from kiosk.media.progress import Watched, clock, fit, loop_restarted


def test_the_clock_reads_like_a_phone_player() -> None:
    assert [clock(s) for s in (0, 5.9, 65, 600, 3599, 3600, 3723)] == [
        "00:00", "00:05", "01:05", "10:00", "59:59", "1:00:00", "1:02:03"]
    assert clock(-3) == clock(math.nan) == clock(math.inf) == "00:00"


def test_a_wide_video_in_a_tall_frame_keeps_its_shape() -> None:
    assert fit((1920, 1080), 1.0, (1000, 1000)) == (1000, 562)
    assert fit((1080, 1920), 1.0, (1000, 1000)) == (562, 1000)
    assert fit((1280, 720), 1.0, (1100, 558)) == (992, 558)


def test_wide_pixels_of_dvd_video_are_shown_wide() -> None:
    assert fit((720, 576), 64 / 45, (1024, 1024)) == (1024, 576)


@given(st.integers(16, 4096), st.integers(16, 4096), st.integers(2, 3840), st.integers(2, 2160),
       st.sampled_from([1.0, 64 / 45, 16 / 15, 4 / 3]))
def test_the_fitted_picture_fills_one_side_and_is_never_distorted(w: int, h: int, bw: int, bh: int,
                                                                    aspect: float) -> None:
    fw, fh = fit((w, h), aspect, (bw, bh))
    assert fw <= max(2, bw) and fh <= max(2, bh)
    assert fw % 2 == 0 and fh % 2 == 0  # libvlc's scaler wants even sizes
    assert bw - fw <= 2 or bh - fh <= 2  # as large as the frame allows
    if min(fw, fh) >= 50:
        assert abs(fw / fh - w * aspect / h) / (w * aspect / h) < 0.05


def test_an_unknown_size_fills_the_frame() -> None:
    assert fit((0, 0), 1.0, (641, 361)) == (640, 360)


def test_watching_to_the_end_is_all_of_it() -> None:
    watched = Watched(10)
    for t in range(10):
        watched.reached(t * 1.0)
    watched.finished()
    assert watched.share() == 1.0


def test_skipping_ahead_watches_only_what_was_on_screen() -> None:
    watched = Watched(100)
    for t in range(11):  # 0..10 s
        watched.reached(float(t))
    watched.interrupted()  # seek to 80
    for t in range(80, 101):
        watched.reached(float(t))
    assert watched.share() == 0.3


def test_a_jump_in_the_clock_is_not_counted_as_watched() -> None:
    watched = Watched(100)
    watched.reached(0.0)
    watched.reached(50.0)  # a seek nobody told us about
    assert watched.share() == 0.0


def test_watching_the_same_part_twice_counts_once() -> None:
    watched = Watched(20)
    for _ in range(2):
        for t in range(11):
            watched.reached(float(t))
        watched.interrupted()
    assert watched.share() == 0.5


def test_pausing_stops_the_count() -> None:
    watched = Watched(10)
    watched.reached(1.0)
    watched.interrupted()
    watched.reached(1.5)  # resumed: the pause itself was not watching
    watched.reached(2.0)
    assert watched.share() == 0.05


def test_an_hour_of_readings_is_remembered_as_one_stretch() -> None:
    watched = Watched(3600)
    for frame in range(3600 * 30):
        watched.reached(frame / 30)
    assert len(watched.spans) == 1
    assert watched.share() == 1.0


def test_a_looping_clip_starting_over_is_told_from_a_seek_back() -> None:
    assert loop_restarted(11.8, 0.1, 12.0)
    assert not loop_restarted(6.0, 0.1, 12.0)  # the visitor moved back to the start
    assert not loop_restarted(11.0, 11.5, 12.0)
