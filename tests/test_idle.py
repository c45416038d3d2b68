from __future__ import annotations

from kiosk.attract.idle import Idle, IdleClock


def test_a_quiet_screen_warns_then_expires() -> None:
    clock = IdleClock(timeout_s=90, warning_s=15, now=0)
    assert clock.state(74.9) == Idle("active")
    assert clock.state(75) == Idle("warning", 15)
    assert clock.state(80.2) == Idle("warning", 10)
    assert clock.state(89.9) == Idle("warning", 1)
    assert clock.state(90) == Idle("expired")


def test_a_touch_starts_the_wait_again() -> None:
    clock = IdleClock(timeout_s=90, warning_s=15, now=0)
    clock.activity(80)
    assert clock.state(100) == Idle("active")
    assert clock.state(170) == Idle("expired")


def test_the_loop_knows_how_long_it_may_sleep() -> None:
    clock = IdleClock(timeout_s=90, warning_s=15, now=0)
    assert clock.next_change(10) == 65
    assert clock.next_change(80) == 1.0
    assert clock.next_change(95) == 0.0


def test_activity_from_the_past_does_not_rewind_the_clock() -> None:
    clock = IdleClock(timeout_s=90, warning_s=15, now=50)
    clock.activity(10)
    assert clock.last_activity == 50
