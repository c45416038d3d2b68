"""Benchmark: `python -m kiosk schedule --week` with 200 schedule entries, end to end.

    .venv/bin/python scripts/bench_schedule.py [--runs 5]

Writes a config.yaml with opening hours and 200 entries of every kind (exact dates, yearly
dates, ranges, weekdays, times; none tied), then times the whole command, Python's start-up
included, and prints the median in seconds. The goal of issue #13 is under 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        config = write_hall(Path(tmp))
        command = [sys.executable, "-m", "kiosk", "schedule", "--config", str(config), "--week", "--from", "2027-02-15"]
        env = {**os.environ, "TZ": "Asia/Shanghai"}
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run(command, check=True, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - began)
    print(f"schedule --week, 200 entries: median {statistics.median(times):.3f} s of {runs} runs "
          f"(min {min(times):.3f}, max {max(times):.3f})")


if __name__ == "__main__":
    main()
