"""data/console-users.json: who may use the console, and as curator or administrator.

Passwords are kept as the PIN is (kiosk/admin/pin.py): salted scrypt, a salt per user.
Bearer tokens for scripts are 32 random bytes shown once; only their SHA-256 is stored: a
token has the entropy a slow hash lends weak passwords, and is checked on every API call.
The file is written whole (temporary name, rename) and read again whenever it changes, so
`add-user`, `passwd` or `revoke-token` at a shell take effect in a running console at once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.admin.pin import hash_pin, verify_pin
from kiosk.config import Config
from kiosk.console.files import write_atomically
from kiosk.service.status import stamp

ROLES = ("curator", "admin")
ROLE_WORDS = {"curator": "内容管理员", "admin": "系统管理员"}
NAME = re.compile(r"[\w.-]{1,32}")  # \w: Chinese names are fine
MIN_PASSWORD = 8
TOKEN = re.compile(r"kc_([0-9a-f]{8})_[\w-]{43}")
NOBODY = hash_pin("no such user")  # checked for unknown names, so they take as long as wrong passwords


def users_file(config: Config) -> Path:
    """In data/, beside the interaction log."""
    return config.paths.log_db.parent / "console-users.json"


class UserError(Exception):
    """A request about users that cannot be done; the message says why, in Chinese."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password: str  # scrypt$N:r:p$salt$hash
    tokens: tuple[dict[str, str], ...] = ()

    @property
    def session_key(self) -> str:
        """Changes with the password, so a new password ends the sessions opened with the old one."""
        return hashlib.sha256(self.password.encode()).hexdigest()[:16]

    def may(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 个字符"
    if password.isdigit() and len(set(password)) <= 2:
        return "密码太容易猜到"
    return None


class UserStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int] | None = None
        self._users: dict[str, User] = {}

    def users(self) -> dict[str, User]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {}
        if self._seen != (stat.st_mtime_ns, stat.st_size):
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self._users = {u["name"]: User(u["name"], u["role"], u["password"], tuple(u.get("tokens", ())))
                           for u in data["users"]}
            self._seen = (stat.st_mtime_ns, stat.st_size)
        return self._users

    def get(self, name: str) -> User | None:
        return self.users().get(name)

    def has_admin(self) -> bool:
        return any(user.role == "admin" for user in self.users().values())

    def check_password(self, name: str, password: str) -> User | None:
        user = self.get(name)
        good = verify_pin(password, user.password if user else NOBODY)
        return user if user and good else None

    def by_token(self, token: str) -> User | None:
        match = TOKEN.fullmatch(token)
        if not match:
            return None
        digest = hashlib.sha256(token.encode()).hexdigest()
        for user in self.users().values():
            for kept in user.tokens:
                if kept["id"] == match[1] and hmac.compare_digest(kept["sha256"], digest):
                    return user
        return None

    # --- changes, from the command line -------------------------------------------------

    def add(self, name: str, role: str, password: str) -> User:
        if not NAME.fullmatch(name):
            raise UserError("用户名只能用汉字、字母、数字、. _ -，最多 32 个字符")
        if any(existing.casefold() == name.casefold() for existing in self.users()):
            raise UserError(f"已经有用户 {name}")
        if role not in ROLES:
            raise UserError(f"角色只能是 {' 或 '.join(ROLES)}")
        self._check_password(password)
        user = User(name, role, hash_pin(password))
        self._save({**self.users(), name: user})
        return user

    def set_password(self, name: str, password: str) -> None:
        user = self._existing(name)
        self._check_password(password)
        self._save({**self.users(), name: User(name, user.role, hash_pin(password), user.tokens)})

    def remove(self, name: str) -> None:
        user = self._existing(name)
        admins = [u for u in self.users().values() if u.role == "admin"]
        if user.role == "admin" and len(admins) == 1:
            raise UserError(f"{name} 是唯一的系统管理员，不能删除；请先添加另一位：add-user 名字 --role admin")
        self._save({n: u for n, u in self.users().items() if n != name})

    def new_token(self, name: str) -> str:
        """A new token for the user, returned once and kept only as its hash."""
        user = self._existing(name)
        token_id = secrets.token_hex(4)
        token = f"kc_{token_id}_{secrets.token_urlsafe(32)}"
        kept = {"id": token_id, "sha256": hashlib.sha256(token.encode()).hexdigest(), "created": stamp(time.time())}
        self._save({**self.users(), name: User(name, user.role, user.password, (*user.tokens, kept))})
        return token

    def revoke_tokens(self, name: str, token_id: str | None = None) -> int:
        """Revoke one token (by its id) or all of a user's; how many were revoked."""
        user = self._existing(name)
        left = tuple(t for t in user.tokens if token_id is not None and t["id"] != token_id)
        self._save({**self.users(), name: User(name, user.role, user.password, left)})
        return len(user.tokens) - len(left)

    def _existing(self, name: str) -> User:
        user = self.get(name)
        if user is None:
            raise UserError(f"没有用户 {name}（list-users 列出所有用户）")
        return user

    @staticmethod
    def _check_password(password: str) -> None:
        problem = password_problem(password)
        if problem:
            raise UserError(problem)

    def _save(self, users: dict[str, User]) -> None:
        data: dict[str, Any] = {"version": 1, "users": [
            {"name": u.name, "role": u.role, "password": u.password, "tokens": list(u.tokens)}
            for u in users.values()]}
        write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode(), mode=0o600)
        self._seen = None
