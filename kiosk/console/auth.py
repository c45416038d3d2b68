"""Who is asking: a signed session cookie (browsers) or a bearer token (scripts).

The console sits on an office LAN with the visitors' Wi-Fi often next to it. So:
- the session cookie is signed with a secret kept in data/, HttpOnly, SameSite=Strict,
  Secure under HTTPS, and ends after console.session_hours or when the password changes;
- every form carries a CSRF token bound to the session (scripts with a cookie send it as
  X-CSRF-Token); a bearer token needs none, since a browser never sends it by itself;
- five wrong passwords make that user name and that address wait, longer each time, and an
  unknown name is answered exactly as a wrong password is.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from kiosk.console.refusal import Refused
from kiosk.console.users import ROLE_WORDS, User, UserStore

SESSION_COOKIE = "kiosk_console"
LOGIN_COOKIE = "kiosk_console_login"  # carries the login form's CSRF token before there is a session
LOGIN_FORM_S = 3600
FREE_TRIES = 5
FIRST_WAIT_S = 30.0
LONGEST_WAIT_S = 3600.0
REMEMBERED = 10_000  # throttle entries kept at most; expired ones are forgotten first


def secret_key(folder: Path) -> bytes:
    """The signing secret, made once and readable by the console's user only."""
    path = folder / "console-secret"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_bytes()
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        return key


@dataclass(frozen=True)
class Principal:
    user: User
    csrf: str | None  # None for a bearer token: nothing to forge

    def need(self, role: str) -> None:
        if not self.user.may(role):
            raise Refused(403, f"这项操作需要{ROLE_WORDS[role]}权限；您是{ROLE_WORDS[self.user.role]}")

    def check_csrf(self, sent: str | None) -> None:
        if self.csrf is not None and not (sent and hmac.compare_digest(sent, self.csrf)):
            raise Refused(403, "表单已过期或来源不明（缺少有效的 CSRF 令牌）。请刷新页面后重试")


class Sessions:
    def __init__(self, secret: bytes, hours: int, secure: bool) -> None:
        self.max_age = hours * 3600
        self.secure = secure
        self._session = URLSafeTimedSerializer(secret, salt="console-session")
        self._login = URLSafeTimedSerializer(secret, salt="console-login-form")

    def cookie_options(self, max_age: int) -> dict[str, object]:
        return {"max_age": max_age, "httponly": True, "samesite": "strict", "secure": self.secure, "path": "/"}

    def issue(self, user: User) -> str:
        return self._session.dumps({"u": user.name, "k": user.session_key, "c": secrets.token_urlsafe(24)})

    def read(self, cookie: str | None, users: UserStore) -> Principal | None:
        if not cookie:
            return None
        try:
            data = self._session.loads(cookie, max_age=self.max_age)
        except BadSignature:  # also an expired one: SignatureExpired is a BadSignature
            return None
        user = users.get(data.get("u", ""))
        if user is None or not hmac.compare_digest(user.session_key, data.get("k", "")):
            return None  # removed, or the password changed since
        return Principal(user, data["c"])

    def login_form(self) -> tuple[str, str]:
        """(token for the form, value of the login cookie)."""
        token = secrets.token_urlsafe(24)
        return token, self._login.dumps(token)

    def login_form_matches(self, cookie: str | None, sent: str | None) -> bool:
        try:
            token = self._login.loads(cookie or "", max_age=LOGIN_FORM_S)
        except BadSignature:
            return False
        return bool(sent) and hmac.compare_digest(token, sent)


@dataclass
class LoginThrottle:
    """Failed logins per user name and per address; pure, time is passed in."""

    failures: dict[str, int] = field(default_factory=dict)
    until: dict[str, float] = field(default_factory=dict)

    @staticmethod
    def keys(name: str, address: str) -> tuple[str, str]:
        return f"user:{name.casefold()}", f"address:{address}"

    def wait(self, name: str, address: str, now: float) -> float:
        """Seconds before this name from this address may try again (0: now)."""
        return max(0.0, *(self.until.get(key, 0.0) - now for key in self.keys(name, address)))

    def failed(self, name: str, address: str, now: float) -> None:
        if len(self.failures) > REMEMBERED:
            self._forget_expired(now)
        for key in self.keys(name, address):
            count = self.failures.get(key, 0) + 1
            self.failures[key] = count
            if count >= FREE_TRIES:
                self.until[key] = now + min(LONGEST_WAIT_S, FIRST_WAIT_S * 2 ** (count - FREE_TRIES))

    def succeeded(self, name: str) -> None:
        key = self.keys(name, "")[0]
        self.failures.pop(key, None)
        self.until.pop(key, None)

    def _forget_expired(self, now: float) -> None:
        for key in [k for k in self.failures if self.until.get(k, 0.0) <= now]:
            self.failures.pop(key)
            self.until.pop(key, None)
