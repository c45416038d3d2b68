from __future__ import annotations

from kiosk.engine.scroll import Scroll


def test_content_follows_the_finger_within_its_ends() -> None:
    s = Scroll()
    s.set_limit(content=3000, visible=1000)
    s.drag(-300)  # finger moves up: content scrolls down
    assert s.offset == 300
    s.drag(1000)
    assert s.offset == 0
    s.drag(-5000)
    assert s.offset == 2000


def test_a_flick_glides_and_stops() -> None:
    s = Scroll()
    s.set_limit(content=10000, visible=1000)
    s.release(-2000)
    steps = 0
    while s.update(1 / 60):
        steps += 1
    assert 200 < s.offset < 2000
    assert 10 < steps < 200


def test_short_content_does_not_scroll() -> None:
    s = Scroll()
    s.set_limit(content=500, visible=1000)
    s.drag(-300)
    assert s.offset == 0 and not s.scrollable
