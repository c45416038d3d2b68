"""The ring of photographs of an object panel (kind: object, issue #22), and what is wrong with it.

A curator photographs an exhibit on a turntable and names the photographs 01.jpg, 02.jpg …
in the order they were taken. Each photograph stands for one even step round the object, so a
missing number, a photograph of another size or a ring too thin to turn smoothly would show as
a jump; each is named here with the file and the fix. Pure: the loader probes the files.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath

from kiosk.content.model import Media

MIN_FULL_RING = 24  # every 15°: fewer and a turn jumps visibly
MAX_RING = 144  # every 2.5°: more adds memory and preparation, not smoothness
MIN_ARC = 3
NUMBER = re.compile(r"[0-9]{1,4}")

Found = tuple[str, str]  # (path relative to content/, message)


def frame_number(name: str) -> int | None:
    """`07.jpg` -> 7; a name that is not a number is not a place in the ring."""
    stem = PurePosixPath(name).stem
    return int(stem) if NUMBER.fullmatch(stem) else None


def arc_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 360:
        return (f"'arc' is {value!r}, not the degrees the photographs cover. Write a number above 0 and up to 360, "
                "such as arc: 120, or leave it out for a full turn")
    return None


def numbering_problems(folder: str, numbered: list[tuple[int, str]], arc: float) -> list[Found]:
    """What the names alone say is wrong: numbers repeated or missing, too few or too many.

    `numbered` holds (number, path) of the panel's photographs, sorted; `arc` 360 is a full turn."""
    first: dict[int, str] = {}
    found = []
    for number, path in numbered:
        if number in first:
            found.append((path, (f"has the same number as {PurePosixPath(first[number]).name}, so its place "
                          "in the ring is unclear. Keep one of them, or renumber")))
        first.setdefault(number, path)
    if found:
        return found
    return _gaps(folder, numbered) + _count(folder, len(numbered), arc)


def size_problems(frames: list[Media]) -> list[Found]:
    """Photographs whose size differs from most of the ring's."""
    sizes = Counter((f.width, f.height) for f in frames)
    (width, height), _ = sizes.most_common(1)[0]
    return [(f.path, (f"is {f.width}×{f.height} pixels, the ring's other photographs {width}×{height}: the object "
             f"would jump in size. Export it again at {width}×{height}"))
            for f in frames if (f.width, f.height) != (width, height)]


def _gaps(folder: str, numbered: list[tuple[int, str]]) -> list[Found]:
    numbers = [number for number, _ in numbered]
    start = 0 if numbers[0] == 0 else 1
    missing = sorted(set(range(start, numbers[-1] + 1)) - set(numbers))
    if not missing:
        return []
    width = len(PurePosixPath(numbered[0][1]).stem)
    names = ", ".join(f"{n:0{width}d}" for n in missing[:5]) + (" …" if len(missing) > 5 else "")
    return [(folder, (f"the ring has no photograph {names} ({len(missing)} missing), so the object would jump "
             "there. Add the missing photographs, or renumber the others without gaps"))]


def _count(folder: str, count: int, arc: float) -> list[Found]:
    if count > MAX_RING:
        return [(folder, (f"the ring has {count} photographs; at most {MAX_RING} are shown. "
                 "Keep every second one and renumber them"))]
    if arc >= 360 and count < MIN_FULL_RING:
        return [(folder, (f"the ring has {count} photographs; a full turn needs at least {MIN_FULL_RING} "
                 "(one every 15°). Take more, or write arc: with the degrees they cover"))]
    if count < MIN_ARC:
        return [(folder, f"the ring has {count} photograph(s); turning needs at least {MIN_ARC}. Take more")]
    return []
