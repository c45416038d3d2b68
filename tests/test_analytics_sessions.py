"""Visits as reports count them: the first touch after idle starts one, idle.timeout_s ends it."""

from __future__ import annotations

from kiosk.analytics.log import Visit
from kiosk.analytics.sessions import SessionTracker


def test_first_touch_starts_a_visit_and_later_touches_do_not() -> None:
    tracker = SessionTracker(idle_s=90)
    assert tracker.touch(100.0) == [("session_start", {})]
    assert tracker.touch(130.0) == []
    assert tracker.tick(200.0) == []  # 70 s after the last touch: still the same visitor
    assert tracker.active


def test_idle_time_without_a_touch_ends_the_visit_with_its_length() -> None:
    tracker = SessionTracker(idle_s=90)
    tracker.touch(100.0)
    tracker.touch(112.5)
    tracker.touch(160.0)
    assert tracker.tick(249.9) == []
    assert tracker.tick(250.0) == [("session_end", {"length_ms": 60_000, "touches": 3, "reason": "idle"})]
    assert not tracker.active
    assert tracker.tick(400.0) == []  # ended once


def test_a_touch_after_a_long_silence_ends_the_old_visit_before_the_new_one() -> None:
    tracker = SessionTracker(idle_s=90)
    tracker.touch(0.0)
    tracker.touch(10.0)
    assert tracker.touch(500.0) == [("session_end", {"length_ms": 10_000, "touches": 2, "reason": "idle"}),
                                    ("session_start", {})]


def test_stopping_the_kiosk_ends_the_visit_and_without_one_nothing_happens() -> None:
    tracker = SessionTracker(idle_s=90)
    assert tracker.end("stop") == []
    tracker.touch(5.0)
    assert tracker.end("stop") == [("session_end", {"length_ms": 0, "touches": 1, "reason": "stop"})]


def test_events_of_a_visit_carry_its_id_and_panel_events_their_panel() -> None:
    visit = Visit()
    assert visit.stamp("app_start", 1, None, None) == (None, None, None)
    assert visit.stamp("session_start", 1000, None, None) == (1000, None, None)
    assert visit.stamp("zone_enter", 1100, "education", None) == (1000, "education", None)
    assert visit.stamp("panel_open", 1200, "education", "education/a") == (1000, "education", "education/a")
    assert visit.stamp("zoom", 1300, None, None) == (1000, "education", "education/a")  # the screen did not say
    assert visit.stamp("panel_close", 1400, "education", "education/a") == (1000, "education", "education/a")
    # Leaving the panel stopped its video: the viewing is the panel's.
    assert visit.stamp("video_complete", 1450, None, None) == (1000, "education", "education/a")
    assert visit.stamp("zone_enter", 1500, "showcase", None) == (1000, "showcase", None)
    assert visit.stamp("session_end", 1600, None, None) == (1000, None, None)
    assert visit.stamp("video_play", 1700, None, None) == (None, None, None)  # the attract loop's, no panel's


def test_a_press_in_the_admin_corner_is_a_visit_only_once_it_proves_a_visitors() -> None:
    tracker = SessionTracker(idle_s=90)
    assert tracker.touch(10.0, tentative=True) == []
    assert tracker.end("admin") == []  # it opened the overlay: nobody visited
    assert tracker.touch(50.0, tentative=True) == []
    assert tracker.confirm() == [("session_start", {})]  # the finger lifted: a visitor after all
    assert tracker.confirm() == []
    assert tracker.touch(60.0) == []
    assert tracker.end("idle") == [("session_end", {"length_ms": 10_000, "touches": 2, "reason": "idle"})]
    tracker.touch(100.0, tentative=True)
    assert tracker.tick(300.0) == []  # a touch frame reporting a finger for ever is not a visitor either
