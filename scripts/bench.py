"""Benchmarks: measured numbers for docs/PERFORMANCE.md, never asserted in tests.

    .venv/bin/python scripts/bench.py            # every benchmark
    .venv/bin/python scripts/bench.py load check # some of them

Each benchmark rewrites its own section of docs/PERFORMANCE.md (between BEGIN/END markers)
with the machine and the date, so numbers from different days stay comparable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.config import DEFAULT_ZONES
from kiosk.content.loader import load_catalog
from kiosk.content.probe import Prober

REPORT = REPO / "docs" / "PERFORMANCE.md"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except OSError:
        memory = "unknown memory"
    return f"{cpu}, {os.cpu_count()} cores, {memory}, Python {platform.python_version()}"


def generate_exhibition(root: Path, panels: int) -> None:
    """A synthetic hall: panel folders with YAML, text and one small picture each."""
    from PIL import Image

    picture = root / "_picture.jpg"
    root.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 180), (178, 34, 34)).save(picture, quality=80)
    for i in range(panels):
        zone = DEFAULT_ZONES[i % len(DEFAULT_ZONES)].id
        folder = root / zone / f"{i:04d}-版面"
        folder.mkdir(parents=True)
        (folder / "panel.yaml").write_text(
            f"title: 第{i}号版面\ntitle_en: Panel {i}\ndate: 2021-07-01\ntags: [党史, 示例]\n"
            "media:\n  - file: picture.jpg\n    caption: 示例图片\n", encoding="utf-8")
        (folder / "body.md").write_text("## 示例\n\n" + "中国共产党成立于1921年。" * 20 + "\n", encoding="utf-8")
        shutil.copy(picture, folder / "picture.jpg")
    picture.unlink()


def bench_load() -> str:
    panels = 2000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        generate_exhibition(root, panels)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            catalog = load_catalog(root, DEFAULT_ZONES, Prober())  # a cold prober: nothing cached
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        catalog = load_catalog(root, DEFAULT_ZONES, Prober())
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert len(catalog.panels) == panels, catalog.problems[:3]
    return (
        f"Loading a generated exhibition of {panels} panels (panel.yaml, body.md and one 320×180 JPEG "
        f"each), cold, 3 runs:\n\n"
        f"| median | best | worst | peak Python memory while loading | per panel |\n|---|---|---|---|---|\n"
        f"| {statistics.median(times):.2f} s | {min(times):.2f} s | {max(times):.2f} s | "
        f"{peak / 1e6:.1f} MB | {peak / panels / 1e3:.1f} kB |\n\n"
        "No pixels are decoded: pictures are checked by header and tail only, so memory follows "
        "the metadata (titles, bodies, paths), not the pictures."
    )


def bench_check() -> str:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "kiosk", "check", "--json"], cwd=REPO, check=False,
                                capture_output=True, text=True)
        times.append(time.perf_counter() - start)
    import json

    report = json.loads(result.stdout)
    return (
        f"`python -m kiosk check` on the shipped demo exhibition ({report['panels']} panels, "
        f"{len(report['problems'])} problems), whole process including Python start-up and libvlc "
        f"parsing every video and audio file, 3 runs:\n\n"
        f"| median | best | worst |\n|---|---|---|\n"
        f"| {statistics.median(times):.2f} s | {min(times):.2f} s | {max(times):.2f} s |"
    )


BENCHMARKS: dict[str, tuple[str, Callable[[], str]]] = {
    "check": ("Checking the demo exhibition", bench_check),
    "load": ("Loading 2,000 panels", bench_load),
}


def update_report(name: str, title: str, body: str) -> None:
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Performance\n"
    stamp = f"Measured {dt.date.today().isoformat()} on {machine()}."
    section = f"<!-- BEGIN {name} -->\n## {title}\n\n{stamp}\n\n{body}\n<!-- END {name} -->"
    pattern = re.compile(rf"<!-- BEGIN {name} -->.*?<!-- END {name} -->", re.DOTALL)
    text = pattern.sub(lambda _m: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
    REPORT.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], help="benchmarks to run (default: all)")
    args = parser.parse_args()
    for name in args.names or list(BENCHMARKS):
        title, run = BENCHMARKS[name]
        body = run()
        update_report(name, title, body)
        print(f"== {title}\n{body}\n")


if __name__ == "__main__":
    main()
