"""The administrator's PIN: stored only as a salted scrypt hash, guarded against guessing.

Visitors stand at the screen all day; a PIN pad they can find must not be a PIN they can
guess. Five wrong PINs lock the pad for a minute. Pure: time is passed in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_TRIES = 5
LOCK_S = 60.0
PIN_LENGTHS = range(4, 9)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """`scrypt$N:r:p$salt$hash`, the form config.yaml's admin.pin_hash takes."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}:{SCRYPT_R}:{SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, params, salt, digest = stored.split("$")
        n, r, p = (int(x) for x in params.split(":"))
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=n, r=r, p=p, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def pin_problem(pin: str) -> str | None:
    if not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        return "the PIN must be 4 to 8 digits"
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        return "the PIN is too easy to guess (all one digit, or a run such as 1234)"
    return None


@dataclass
class PinPad:
    """Digits typed so far, tries left, and the lock after too many wrong PINs."""

    stored: str
    typed: str = ""
    wrong: int = 0
    locked_until: float = 0.0

    def locked(self, now: float) -> float:
        """Seconds until the pad opens again (0 when open)."""
        return max(0.0, self.locked_until - now)

    def press(self, key: str, now: float) -> str:
        """A key: a digit, "del" or "ok". Returns "open", "wrong", "locked" or "typing"."""
        if self.locked(now):
            return "locked"
        if key == "del":
            self.typed = self.typed[:-1]
            return "typing"
        if key != "ok":
            if len(self.typed) < max(PIN_LENGTHS):
                self.typed += key
            return "typing"
        typed, self.typed = self.typed, ""
        if self.stored and verify_pin(typed, self.stored):
            self.wrong = 0
            return "open"
        self.wrong += 1
        if self.wrong >= MAX_TRIES:
            self.wrong, self.locked_until = 0, now + LOCK_S
            return "locked"
        return "wrong"
