"""Subtitles from an .srt file beside a video, read here and drawn by the kiosk's own typesetting.

libvlc could draw them itself, but with its own font and line breaking, which knows nothing of
Chinese rules and may lack the glyphs; so libvlc is told to draw none and the kiosk draws the
text of `Subtitles.at(time)`. Pure Python: curators' files come from many editors (with or
without cue numbers, hours, blank lines, `<i>` tags), and every rule is tested in milliseconds.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?"
TIMING = re.compile(rf"{_TIME}\s*-->\s*{_TIME}")  # anything after the end time (positions) is ignored
TAGS = re.compile(r"<[^>]*>|\{\\[^}]*\}")  # <i>, <font ...>, and {\an8}-style tags
MAX_OVERLAP = 8  # cues shown at once; more overlapping cues than this is a broken file


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str  # lines joined with "\n"


@dataclass(frozen=True)
class SubtitleProblem:
    line: int
    message: str


@dataclass(frozen=True)
class Subtitles:
    cues: tuple[Cue, ...] = ()
    problems: tuple[SubtitleProblem, ...] = ()
    _starts: tuple[float, ...] = field(default=(), repr=False, compare=False)

    def at(self, t: float) -> str:
        """The text to show at `t` seconds; "" between cues. Overlapping cues are stacked."""
        last = bisect.bisect_right(self._starts, t) - 1
        shown = [self.cues[i].text for i in range(max(0, last - MAX_OVERLAP + 1), last + 1)
                 if self.cues[i].end_s > t]
        return "\n".join(shown)


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str | None) -> float | None:
    m, s = int(minutes), int(seconds)
    if m >= 60 or s >= 60:
        return None
    return int(hours or 0) * 3600 + m * 60 + s + int((fraction or "0").ljust(3, "0")) / 1000


class _Reader:
    def __init__(self) -> None:
        self.cues: list[Cue] = []
        self.problems: list[SubtitleProblem] = []
        self.cue: tuple[float, float, list[str]] | None = None  # the cue being read
        self.skipping = False  # the text of a cue whose time line was refused
        self.stray: list[tuple[int, str]] = []  # lines outside any cue

    def timing(self, number: int, match: re.Match[str]) -> None:
        if self.cue is not None:
            lines = self.cue[2]
            if lines and lines[-1].isdigit():  # the number of this cue, written without a blank line before it
                lines.pop()
            self.close()
        elif self.stray and not (len(self.stray) == 1 and self.stray[0][1].isdigit()):
            self.report_stray()
        self.stray = []
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        if start is None or end is None:
            self.problem(number, "a time has 60 or more minutes or seconds. Write times as 00:01:02,500")
        elif end <= start:
            self.problem(number, "this cue ends before it starts. Check its two times")
        else:
            self.cue = (start, end, [])
            return
        self.skipping = True

    def text(self, number: int, line: str) -> None:
        if self.cue is not None:
            self.cue[2].append(line)
        elif not self.skipping:
            self.stray.append((number, line))

    def blank(self) -> None:
        self.close()
        if self.stray:
            self.report_stray()
        self.stray = []
        self.skipping = False

    def close(self) -> None:
        if self.cue is not None:
            start, end, lines = self.cue
            text = "\n".join(t for t in (TAGS.sub("", line).strip() for line in lines) if t)
            if text:
                self.cues.append(Cue(start, end, text))
            self.cue = None

    def report_stray(self) -> None:
        self.problem(self.stray[0][0], "this text has no time line before it (such as "
                     "00:00:01,000 --> 00:00:04,000), so it is never shown")

    def problem(self, number: int, message: str) -> None:
        self.problems.append(SubtitleProblem(number, message))


def parse_srt(text: str) -> Subtitles:
    """Read the text of an .srt file; what cannot be read is listed in `problems` with its line."""
    reader = _Reader()
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.strip()
        match = TIMING.match(line)
        if match:
            reader.timing(number, match)
        elif line:
            reader.text(number, line)
        else:
            reader.blank()
    reader.blank()
    if not reader.cues and not reader.problems:
        reader.problem(1, "the file holds no subtitles. Write cues as: 1, a time line such as "
                       "00:00:01,000 --> 00:00:04,000, then the text")
    cues = tuple(sorted(reader.cues, key=lambda c: c.start_s))
    return Subtitles(cues, tuple(reader.problems), tuple(c.start_s for c in cues))
