from __future__ import annotations

from kiosk.admin.pin import LOCK_S, PinPad, hash_pin, pin_problem, verify_pin

STORED = hash_pin("2468", salt=b"0123456789abcdef")


def test_the_pin_is_stored_salted_and_verified() -> None:
    assert STORED.startswith("scrypt$16384:8:1$")
    assert "2468" not in STORED
    assert verify_pin("2468", STORED) and not verify_pin("2469", STORED)
    assert hash_pin("2468") != hash_pin("2468")  # a new salt each time
    assert not verify_pin("2468", "scrypt$garbage")


def test_easy_pins_are_refused() -> None:
    assert pin_problem("1234") and pin_problem("0000") and pin_problem("12a4") and pin_problem("123")
    assert pin_problem("2468") is None


def type_pin(pad: PinPad, pin: str, now: float) -> str:
    for digit in pin:
        pad.press(digit, now)
    return pad.press("ok", now)


def test_five_wrong_pins_lock_the_pad_for_a_minute() -> None:
    pad = PinPad(STORED)
    assert [type_pin(pad, "1357", 0) for _ in range(4)] == ["wrong"] * 4
    assert type_pin(pad, "1357", 1) == "locked"
    assert type_pin(pad, "2468", 30) == "locked"  # even the right PIN, while locked
    assert pad.locked(30) == LOCK_S - 29
    assert type_pin(pad, "2468", 62) == "open"


def test_typing_can_be_corrected_and_a_pad_without_pin_never_opens() -> None:
    pad = PinPad(STORED)
    for key in "2461":
        pad.press(key, 0)
    pad.press("del", 0)
    pad.press("8", 0)
    assert pad.press("ok", 0) == "open"
    assert type_pin(PinPad(""), "2468", 0) == "wrong"
