"""One file arriving in chunks: what it really is, how large it may be, where it waits.

Its first bytes decide what it is, never its name: a page saved as `photo.jpg` is refused
before a byte reaches the disk. It then goes to a temporary name beside its place, counted as
it comes, so a file over its limit or a connection that drops leaves nothing behind. Pictures
are also measured before they are accepted: a small file that decodes to 770 MB is refused.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kiosk.config import UploadLimits
from kiosk.console.files import Target, make_folders, temporary_beside
from kiosk.console.refusal import Refused
from kiosk.content.probe import MediaRefused, probe_image, sniff

MB = 1024 * 1024
HEAD = 4096  # bytes looked at before anything is written
RESERVE = 256 * MB  # left free for the kiosk's interaction log and status file

PICTURES = frozenset({"PNG", "JPEG", "GIF", "BMP", "WEBP"})
VIDEOS = frozenset({"MP4/MOV video", "Matroska/WebM video", "MPEG video"})
SOUNDS = frozenset({"MP3 audio", "WAV audio", "Ogg audio", "FLAC audio", "MP4/MOV video", "AAC audio"})


@dataclass(frozen=True)
class FileKind:
    label: str  # what a curator calls it
    accepted: frozenset[str]  # what sniff() may find in it
    large: bool  # video and sound: the video limit; the rest: the picture limit


PICTURE = FileKind("图片", PICTURES, False)
VIDEO = FileKind("视频", VIDEOS, True)
SOUND = FileKind("音频", SOUNDS, True)
TEXT = FileKind("文本", frozenset({"text"}), False)
KINDS = {
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp"), PICTURE),
    **dict.fromkeys((".mp4", ".mov", ".mkv", ".webm", ".mpg", ".mpeg", ".m4v"), VIDEO),
    **dict.fromkeys((".mp3", ".aac", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".flac"), SOUND),
    **dict.fromkeys((".md", ".txt", ".srt", ".yaml", ".yml"), TEXT),
}

SNIFFED_WORDS = {
    "PNG": "PNG 图片", "JPEG": "JPEG 图片", "GIF": "GIF 图片", "BMP": "BMP 图片", "WEBP": "WebP 图片",
    "MP4/MOV video": "MP4/MOV 视频", "Matroska/WebM video": "MKV/WebM 视频", "MPEG video": "MPEG 视频",
    "MP3 audio": "MP3 音频", "WAV audio": "WAV 音频", "Ogg audio": "Ogg 音频", "FLAC audio": "FLAC 音频",
    "AAC audio": "AAC 音频", "PDF document": "PDF 文档", "ZIP archive (or Office document)": "ZIP 压缩包（或 Office 文档）",
    "old Office document": "旧版 Office 文档", "text": "文本",
}


def kind_of(name: str) -> FileKind:
    kind = KINDS.get(Path(name).suffix.lower())
    if kind is None:
        raise Refused(415, f"不支持的文件类型：{name}。可以上传图片（JPG、PNG）、视频（MP4）、音频（MP3）、"
                           "文本（.md、.txt）、字幕（.srt）和 YAML 设置文件")
    return kind


def what_it_is(head: bytes) -> str | None:
    """sniff(), plus what matters only at the door: programs, web pages, ADTS sound."""
    if head.startswith(b"MZ"):
        return "Windows program"
    if head.startswith(b"\x7fELF"):
        return "Linux program"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "AAC audio"
    found = {"web page (HTML)": "HTML", "SVG": "SVG/XML"}.get(sniff(head) or "", sniff(head))
    if found == "text":
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
        if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")):
            return "HTML"
        if start.startswith((b"<svg", b"<?xml")):
            return "SVG/XML"
    return found


def describe(found: str | None) -> str:
    words = {"Windows program": "Windows 程序（.exe）", "Linux program": "Linux 程序", "HTML": "HTML 网页",
             "SVG/XML": "SVG/XML 文件"}
    return words.get(found or "", SNIFFED_WORDS.get(found or "", "无法识别的内容"))


def type_problem(name: str, head: bytes) -> str | None:
    kind = kind_of(name)
    found = what_it_is(head)
    if found in kind.accepted:
        return None
    return (f"{name} 的内容是 {describe(found)}，不是扩展名 {Path(name).suffix} 所说的{kind.label}，已拒绝。"
            f"请上传真正的{kind.label}文件")


def limit_of(name: str, limits: UploadLimits) -> int:
    return (limits.video_mb if kind_of(name).large else limits.picture_mb) * MB


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def check_room(folder: Path, size: int) -> None:
    """Refuse before writing when the disk would be left too full for the kiosk."""
    free = free_bytes(folder)
    if size + RESERVE > free:
        raise Refused(507, f"磁盘空间不足：需要 {size / MB:.0f} MB，只剩 {free / MB:.0f} MB"
                           f"（另需留出 {RESERVE // MB} MB 给展项运行）。请先删除不用的文件")


class IncomingFile:
    """Feed it chunks, then finish() for a complete temporary file beside its place, or abandon()."""

    def __init__(self, target: Target, limits: UploadLimits, declared: int | None = None) -> None:
        self.target = target
        self.name = target.path.name
        self.kind = kind_of(self.name)
        self.limit = limit_of(self.name, limits)
        self.declared = declared
        if declared is not None:
            self._check_size(declared)
        self.size = 0
        self.temporary: Path | None = None
        self._head = bytearray()
        self._out: BinaryIO | None = None

    def _check_size(self, size: int) -> None:
        if size > self.limit:
            setting = "video_mb" if self.kind.large else "picture_mb"
            raise Refused(413, f"{self.name} 太大：{size / MB:.1f} MB，{self.kind.label}最大 {self.limit // MB} MB"
                               f"（config.yaml 的 console.upload.{setting}），已拒绝")

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        with self._or_nothing():
            self._check_size(self.size)
            if self._out is None:
                self._head += chunk
                if len(self._head) >= HEAD:
                    self._open()
            else:
                self._out.write(chunk)

    @contextmanager
    def _or_nothing(self) -> Iterator[None]:
        """Whatever fails (a refusal, a full disk, a cut connection) leaves nothing of this file."""
        try:
            yield
        except OSError as err:
            self.abandon()
            raise Refused(507, f"{self.name} 写入失败：{err.strerror}。磁盘可能已满") from None
        except BaseException:
            self.abandon()
            raise

    def _open(self) -> None:
        problem = type_problem(self.name, bytes(self._head[:HEAD]))
        if problem:
            raise Refused(415, problem)
        make_folders(self.target)
        check_room(self.target.path.parent, self.declared or len(self._head))
        self.temporary = temporary_beside(self.target.path)
        self._out = open(self.temporary, "xb")  # noqa: SIM115 (closed in finish or abandon)
        self._out.write(self._head)
        self._head = bytearray()

    def finish(self) -> Path:
        """The whole file is in: synced to disk under its temporary name, checked if a picture."""
        with self._or_nothing():
            if self._out is None:
                if not self._head:
                    raise Refused(400, f"{self.name} 是空文件（0 字节），已拒绝。请从原件重新复制")
                self._open()
            assert self._out is not None and self.temporary is not None
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            if self.kind is PICTURE:
                try:
                    probe_image(self.temporary)
                except MediaRefused as err:
                    raise Refused(422, f"图片 {self.name} 无法在展项上显示，已拒绝（{err}）") from None
        return self.temporary

    def abandon(self) -> None:
        """Nothing of this file stays on disk."""
        if self._out is not None:
            self._out.close()
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)
