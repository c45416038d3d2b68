"""Paths from requests, confined to content/ and playlists/, and the writes the kiosk may see.

Every path a browser or a script sends is text an attacker may have written. It is checked
segment by segment (no `..`, no hidden names, nothing Windows or Samba would refuse), then
resolved through any symlinks and refused unless it still lies inside its root. Writes go to
a temporary name in the same folder (hidden and ending in .part, which the kiosk's live
reload ignores), are fsynced and renamed into place, so the kiosk only ever reads whole files.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from kiosk.console.refusal import Refused

ROOTS = ("content", "playlists")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
WINDOWS_FORBIDDEN = set('<>:"|?*')
DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Hall:
    """The two folders the console may change."""

    content: Path
    playlists: Path

    def root(self, name: str) -> Path:
        return self.content if name == "content" else self.playlists


@dataclass(frozen=True)
class Target:
    """A checked place inside content/ or playlists/ (it may not exist yet)."""

    root: str  # "content" or "playlists"
    relative: PurePosixPath  # "." for the root itself
    path: Path  # absolute; its resolution lies inside the root
    base: Path  # the root folder itself

    @property
    def name(self) -> str:
        """As shown to people and kept in history: content/education/01-开天辟地/1.jpg."""
        return self.root if str(self.relative) == "." else f"{self.root}/{self.relative}"


def name_problem(name: str) -> str | None:
    """Why one file or folder name is refused, in words, or None."""
    if name in (".", ".."):
        return "路径里不能有 . 或 ..（上一级文件夹）"
    if name.startswith("."):
        return f"不能使用以 . 开头的隐藏名称：{name}"
    bad = sorted({c for c in name if c in WINDOWS_FORBIDDEN or ord(c) < 32})
    if bad:
        shown = " ".join(repr(c)[1:-1] for c in bad)
        return f"名称 {name!r} 里有 Windows 不允许的字符：{shown}"
    if name.endswith((" ", ".")):
        return f"名称 {name!r} 不能以空格或句点结尾"
    if name.split(".")[0].rstrip().lower() in WINDOWS_RESERVED:
        return f"{name} 是 Windows 的保留名称（CON、NUL、COM1 等），不能用作文件名"
    if len(name.encode("utf-8")) > 255:
        return "名称太长（最多 255 字节）"
    return None


def resolve(hall: Hall, text: str) -> Target:
    """`content/zone/file.jpg` from a request -> a Target, or Refused (400) saying why."""
    if "\x00" in text:
        raise Refused(400, "路径里有空字符（NUL），已拒绝")
    if "\\" in text:
        raise Refused(400, "路径里不能有反斜杠 \\，请用 / 分隔文件夹")
    if text.startswith("/"):
        raise Refused(400, "路径必须是相对路径，以 content/ 或 playlists/ 开头")
    if DRIVE.match(text):
        raise Refused(400, "路径不能以 Windows 盘符（如 C:）开头")
    parts = text.removesuffix("/").split("/")
    if parts[0] not in ROOTS:
        raise Refused(400, "只能操作 content/ 或 playlists/ 里的文件")
    for part in parts[1:]:
        if not part:
            raise Refused(400, "路径里有空的一段（//）")
        problem = name_problem(part)
        if problem:
            raise Refused(400, problem)
    root = hall.root(parts[0])
    path = root.joinpath(*parts[1:])
    if not path.resolve().is_relative_to(root.resolve()):
        raise Refused(400, f"{text} 经由符号链接指向 {parts[0]}/ 之外，已拒绝")
    return Target(parts[0], PurePosixPath(*parts[1:]) if parts[1:] else PurePosixPath("."), path, root)


def temporary_beside(path: Path) -> Path:
    """A fresh name in the same folder that the kiosk ignores (hidden, .part)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")


def fsync_folder(folder: Path) -> None:
    """A rename is durable only once its folder is synced."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_folders(target: Target) -> None:
    """The folders up to target, checked again once they exist (a symlink may have appeared)."""
    target.path.parent.mkdir(parents=True, exist_ok=True)
    if not target.path.parent.resolve().is_relative_to(target.base.resolve()):
        raise Refused(400, f"{target.name} 经由符号链接指向 {target.root}/ 之外，已拒绝")


def put_in_place(temporary: Path, target: Target) -> None:
    os.replace(temporary, target.path)
    fsync_folder(target.path.parent)


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """For the console's own small files (users, history records): whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_beside(path)
    try:
        with open(temporary, "wb") as out:
            os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def files_under(target: Target) -> list[Path]:
    """Every file a deletion of target removes (target itself when it is a file)."""
    if not target.path.is_dir() or target.path.is_symlink():
        return [target.path]
    found = []
    for folder, _dirs, names in os.walk(target.path):
        found.extend(Path(folder) / name for name in sorted(names))
    return found


def remove(target: Target) -> None:
    if target.path.is_dir() and not target.path.is_symlink():
        shutil.rmtree(target.path)
    else:
        target.path.unlink()
    fsync_folder(target.path.parent)


def listing(target: Target) -> dict[str, object]:
    """A folder's visible entries, folders first, for the API and the pages."""
    if not target.path.is_dir():
        raise Refused(404, f"没有这个文件夹：{target.name}")
    entries = []
    for entry in sorted(os.scandir(target.path), key=lambda e: (not e.is_dir(), e.name)):
        if entry.name.startswith("."):
            continue
        stat = entry.stat()
        entries.append({
            "name": entry.name,
            "type": "folder" if entry.is_dir() else "file",
            "size": None if entry.is_dir() else stat.st_size,
            "modified": datetime.fromtimestamp(stat.st_mtime, UTC).astimezone().isoformat(timespec="seconds"),
        })
    return {"path": target.name, "entries": entries}
