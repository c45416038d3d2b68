"""Wall time for the calendar: the system's time zone, and when the wall clock shows a time.

Two clocks, two jobs. Monotonic time (`time.monotonic`) drives every timer of the kiosk: idle
countdowns, the minutes a touch wakes a closed hall, fades. It never jumps, so a clock set by
NTP or by hand cannot stretch or cut a timer. Wall time, the date and time on the hall's
calendar, only picks which rule of `hours:` and `schedule:` applies; the calendar reads no
clock itself, callers pass it `datetime.now(local_zone())`.

The zone is the system's (`timedatectl set-timezone Asia/Shanghai`; TZ overrides it).
Where the zone has summer time, a wall time can be skipped (spring) or shown twice (autumn);
`reached` says at which instants the calendar's boundaries fall then.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from time import time as time_now
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

HALL_ZONE = "Asia/Shanghai"
HALL_ZONE_ALIASES = frozenset({HALL_ZONE, "PRC", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin"})


def system_zone_name() -> str:
    """The system's zone as tzdata names it ("Asia/Shanghai"), or "" when it cannot be told."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        return name.split("zoneinfo/", 1)[-1]
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass  # /etc/localtime is no link (a copied file): Debian's /etc/timezone names the zone
    try:
        return Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def local_zone() -> tzinfo:
    """The system's zone with its summer-time rules; its present offset when it has no tzdata name."""
    try:
        return ZoneInfo(system_zone_name())
    except (ZoneInfoNotFoundError, ValueError):
        return datetime.now().astimezone().tzinfo or UTC


def zone_name(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)


def wall(instant: datetime, zone: tzinfo) -> datetime:
    """What the wall clock in `zone` shows at `instant` (a time the clock skips is moved past the jump)."""
    return instant.astimezone(UTC).astimezone(zone).replace(tzinfo=None)


def reached(day: date, minute: int, zone: tzinfo) -> list[datetime]:
    """The instants (UTC) at which the wall clock reaches `minute` after midnight of `day`.

    Usually one. In an hour shown twice, both, and the jump back between them (where the
    clock leaves the later part of the hour for its earlier part again). In a skipped hour,
    the jump over it: the first instant the clock shows a later time.
    """
    shown = datetime.combine(day, time()) + timedelta(minutes=minute)
    first = shown.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = shown.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return [first]
    if first < second:
        return [first, _jump(first, second, zone), second]
    return [_jump(second, first, zone)]


def _jump(before: datetime, after: datetime, zone: tzinfo) -> datetime:
    """The first whole second after `before` with `after`'s offset (tzdata changes on whole seconds)."""
    target = after.astimezone(zone).utcoffset()
    low, high = int(before.timestamp()), int(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


class HallClock:
    """The hall's wall clock: the system's, or the moment a rehearsal starts from and runs on
    (`python -m kiosk run --at "2027-07-01 09:30"` shows the National Day loop in June)."""

    def __init__(self, zone: tzinfo, at: datetime | None = None, real: Callable[[], float] = time_now) -> None:
        self.zone = zone
        self.real = real
        self.offset_s = at.timestamp() - real() if at is not None else 0.0

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.real() + self.offset_s, self.zone)
