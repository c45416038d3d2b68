"""Names and text from curators' files, made safe to print, log and store (issue #19).

A file name or a YAML value may hold anything: a terminal escape that recolours or clears the
administrator's terminal, a line break that forges a second line of `check`, a direction
override that makes `gpj.exe` read `exe.jpg`, or bytes that are not UTF-8 at all (an archive
unpacked from a Chinese Windows PC names its files in GBK). Python hands such names over with
the bytes escaped as lone surrogates, which then break JSON, SQLite and the terminal.

`shown` is the one door for what is displayed (problems, check, logs); `cleaned` is the one
door for a curator's text that is stored in a panel; `name_problem` says why a name is refused.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls, DEL, direction overrides and isolates, line and paragraph separators,
# and lone surrogates (bytes that were not UTF-8, or a "\ud800" typed in YAML).
_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ud800-\udfff]")
_UNSAFE_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ud800-\udfff]")  # keeps \t and \n
_SURROGATES = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
LIMIT = 400  # characters of one problem line; a 5,000-digit number is cut in its middle


def _readable(part: str) -> str:
    """One path component whose bytes were not UTF-8: GBK when they decode as GBK, else marked."""
    if not _SURROGATES.search(part):
        return part
    try:
        raw = part.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that did not come from a byte
        return _SURROGATES.sub(REPLACEMENT, part)
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def shown(text: str, limit: int = LIMIT) -> str:
    """`text` as one safe line: non-UTF-8 names decoded as GBK where they are GBK, every
    control, escape and direction override replaced by �, and a long text cut in its middle."""
    if _SURROGATES.search(text):
        text = "/".join(_readable(part) for part in text.split("/"))
    text = _UNSAFE_LINE.sub(REPLACEMENT, text)
    if len(text) > limit:
        half = limit // 2
        text = f"{text[:half]}…{text[-half:]}"
    return text


def cleaned(text: str) -> tuple[str, str]:
    """A curator's text without the characters that must not reach a screen, a log or a
    terminal (line breaks and tabs stay); and what was removed, in words, or ""."""
    found = _UNSAFE_TEXT.findall(text)
    if not found:
        return text, ""
    return _UNSAFE_TEXT.sub("", text), _describe(found)


def _describe(found: list[str]) -> str:
    kinds = {}
    for c in found:
        if c == "\x1b":
            kinds["a terminal escape (ESC)"] = 1
        elif c in "\n\r\u2028\u2029":
            kinds["a line break"] = 1
        elif _SURROGATES.match(c):
            kinds["bytes that are not UTF-8 text"] = 1
        elif unicodedata.category(c) == "Cf":
            kinds["a direction override that can make text read backwards"] = 1
        else:
            kinds["an invisible control character"] = 1
    return " and ".join(kinds)


def name_problem(name: str) -> str | None:
    """Why a file or folder name cannot be used, with the fix; None when it is fine."""
    if _SURROGATES.search(name):
        readable = _readable(name)
        if REPLACEMENT not in readable and not _UNSAFE_LINE.search(readable):
            return (f"the name is in the GBK encoding of Chinese Windows (it reads '{readable}'), so it "
                    f"is not shown. Rename it to '{readable}' here, or unpack the archive again with "
                    "'unzip -O GBK'")
        return "the name is not valid text (shown with � where it cannot be read), so it is not shown. Rename it"
    if _UNSAFE_LINE.search(name):
        return f"the name holds {_describe(_UNSAFE_LINE.findall(name))}, so it is not shown. Rename it"
    return None


def twin_key(name: str) -> str:
    """Names that differ only in how their accents or characters are encoded (a Mac writes é
    as e plus an accent) look the same to a person: they share this key."""
    return unicodedata.normalize("NFC", name)
