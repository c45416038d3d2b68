"""Read curators' text files, naming the encoding when it is not UTF-8.

Chinese Windows PCs save Notepad files in GBK by default; such a file shows as mojibake if
read as UTF-8 and is the most common text problem in a hall. Say so plainly, with the fix.
"""

from __future__ import annotations

from pathlib import Path

MAX_TEXT_BYTES = 2_000_000  # a panel's text is read on a screen, not a book


class TextRefused(Exception):
    """The text cannot be used; the message says what is wrong and how to fix it."""


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TextRefused("is saved as UTF-16. Save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise TextRefused(f"is not UTF-8 text (unreadable byte at position {err.start}). "
                              "Save it as UTF-8") from None
        raise TextRefused("is saved in GBK/GB2312 encoding (common on Chinese Windows); the kiosk reads "
                          "UTF-8. Save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)") from None
    if "\x00" in text:
        raise TextRefused("contains binary data, not text. Save it again as plain UTF-8 text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is allowed). Raises TextRefused or OSError."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise TextRefused(f"is {size // 1_000_000} MB of text, too long for a panel (limit 2 MB). "
                          "Split it into several panels")
    return decode_text(path.read_bytes())
