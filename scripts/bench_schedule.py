"""A hall with opening hours and 200 schedule entries of every kind (exact dates, yearly dates,
ranges, weekdays, times; none tied), for `scripts/bench.py schedule`, which times
`python -m kiosk schedule --week` on it end to end (the goal of issue #13: under 0.3 s).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

PLAYLISTS = 10


def schedule_entries() -> list[str]:
    """200 entries that never tie: each kind on days or times of its own."""
    first = date(2027, 1, 1)
    entries = [f'  - {{date: {first + timedelta(days=i)}, time: "09:00-12:00", playlist: p{i % PLAYLISTS}}}'
               for i in range(100)]
    yearly = [first + timedelta(days=3 * i) for i in range(60)]
    entries += [f"  - {{date: {d:%m-%d}, playlist: p{i % PLAYLISTS}}}" for i, d in enumerate(yearly)]
    ranges = [(first + timedelta(days=18 * i), first + timedelta(days=18 * i + 10)) for i in range(20)]
    entries += [f"  - {{date: {a:%m-%d}..{b:%m-%d}, playlist: p{i % PLAYLISTS}}}" for i, (a, b) in enumerate(ranges)]
    entries += [f'  - {{weekdays: [{day}], time: "{window}", playlist: p{i}}}'
                for i, day in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
                for window in ("09:00-11:00", "14:00-16:00")]
    entries += [f'  - {{time: "{hour:02d}:00-{hour:02d}:30", playlist: p{hour % PLAYLISTS}}}' for hour in range(8, 14)]
    return entries


def write_hall(folder: Path) -> Path:
    playlists = folder / "playlists"
    playlists.mkdir()
    for i in range(PLAYLISTS):
        (playlists / f"p{i}.yaml").write_text("items:\n  - zone: education\n", encoding="utf-8")
    (playlists / "default.yaml").write_text("items:\n  - zone: education\n", encoding="utf-8")
    config = folder / "config.yaml"
    config.write_text('hours:\n  tue-sun: ["09:00-12:00", "13:30-17:00"]\n  monday: closed\n'
                      "  exceptions:\n    - {date: 01-01, hours: closed}\n"
                      "schedule:\n" + "\n".join(schedule_entries()) + "\n", encoding="utf-8")
    return config
