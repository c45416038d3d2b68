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


class VirtualScreen:
    """An Xvfb display for benchmarks that need a real X server (flips cost what they cost)."""

    def __enter__(self) -> str:
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24",
                                      "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            self.display = f":{pipe.readline().strip()}"
        return self.display

    def __exit__(self, *_exc: object) -> None:
        self.xvfb.terminate()
        self.xvfb.wait()


def _kiosk_env(display: str) -> dict[str, str]:
    return {**os.environ, "DISPLAY": display, "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy"}


def _start_to_first_frame(display: str, content: Path | None) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        targets = Path(tmp) / "targets.json"
        args = [sys.executable, "-m", "kiosk", "run", "--targets-file", str(targets)]
        if content is not None:
            args += ["--content", str(content)]
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=REPO, env=_kiosk_env(display), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            while not targets.exists():
                if process.poll() is not None:
                    raise RuntimeError("the kiosk stopped before its first frame")
                time.sleep(0.005)
            return time.perf_counter() - start
        finally:
            process.terminate()
            process.wait()


def bench_startup() -> str:
    rows = []
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "content"
        generate_exhibition(big, 2000)
        for label, content in (("demo exhibition", None), ("generated 2,000 panels", big)):
            times = [_start_to_first_frame(display, content) for _ in range(3)]
            rows.append(f"| {label} | {statistics.median(times):.2f} s | {min(times):.2f} s | {max(times):.2f} s |")
    return ("Process start (`python -m kiosk run`, fullscreen 1920×1080 on Xvfb) to the first frame on "
            "screen, which answers touches:\n\n| content | median | best | worst |\n|---|---|---|---|\n"
            + "\n".join(rows))


def bench_static_cpu() -> str:
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        targets = Path(tmp) / "targets.json"
        process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--targets-file", str(targets)],
                                   cwd=REPO, env=_kiosk_env(display), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            while not targets.exists():
                time.sleep(0.05)
            time.sleep(5)  # pictures loaded, screen still
            ticks = os.sysconf("SC_CLK_TCK")

            def cpu() -> float:
                fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / ticks

            before, start = cpu(), time.perf_counter()
            time.sleep(20)
            share = (cpu() - before) / (time.perf_counter() - start)
        finally:
            process.terminate()
            process.wait()
    return (f"The home screen left untouched for 20 s (after its pictures loaded): **{share * 100:.2f} % of one "
            "core**. The loop sleeps in `pygame.event.wait` and draws nothing while nothing changes.")


def bench_touch() -> str:
    """Touch-to-frame latency and memory, measured in-process on a real X screen."""
    import resource

    with VirtualScreen() as display:
        os.environ.update(_kiosk_env(display))
        import pygame

        from kiosk.config import load_config

        config = load_config(REPO / "config.yaml")
        catalog = load_catalog(config.paths.content, config.zones)
        app, ctx = _real_app(config, catalog, pygame)
        panels = list(catalog.panels)

        def tap_to_frame(action: Callable[[], None]) -> float:
            start = time.perf_counter()
            action()
            app.draw_frame()
            return time.perf_counter() - start

        first_visit = [tap_to_frame(lambda p=p: app.panel(p)) for p in panels]
        _wait_pictures(ctx)
        rss_after_one = _rss_mb()
        seen = [tap_to_frame(lambda p=p: app.panel(p)) for p in panels]
        for p in panels:
            app.panel(p)
            app.draw_frame()
        _wait_pictures(ctx)
        rss_two = _rss_mb()
        for p in panels:
            app.panel(p)
            app.draw_frame()
        _wait_pictures(ctx)
        rss_three = _rss_mb()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        pygame.quit()

    def p95(values: list[float]) -> float:
        return sorted(values)[int(len(values) * 0.95) - 1] * 1000

    return (
        f"Opening each of the {len(panels)} demo panels, from the tap's action to the flipped frame "
        "(in-process, 1920×1080 on Xvfb; pictures still loading show their placeholder):\n\n"
        "| | median | p95 | worst |\n|---|---|---|---|\n"
        f"| first visit | {statistics.median(first_visit) * 1000:.1f} ms | {p95(first_visit):.1f} ms | "
        f"{max(first_visit) * 1000:.1f} ms |\n"
        f"| screens already seen | {statistics.median(seen) * 1000:.1f} ms | {p95(seen):.1f} ms | "
        f"{max(seen) * 1000:.1f} ms |\n\n"
        f"Resident memory after visiting every panel once: {rss_after_one:.0f} MB; twice: {rss_two:.0f} MB; "
        f"a third round: {rss_three:.0f} MB (peak {peak:.0f} MB). Caches are bounded in bytes."
    )


def _real_app(config, catalog, pygame):
    import pygame.freetype

    from kiosk.engine.app import App
    from kiosk.engine.assets import PictureCache
    from kiosk.engine.scenes.base import Context
    from kiosk.engine.targets import TargetsFile
    from kiosk.engine.text import TextRenderer
    from kiosk.engine.theme import FontFiles, Theme

    pygame.display.init()
    pygame.freetype.init()
    screen = pygame.display.set_mode((1920, 1080), pygame.FULLSCREEN)
    fonts = FontFiles(config.font_file("sans"), config.font_file("sans_bold"), config.font_file("serif"), 2)
    theme = Theme((1920, 1080), config.screen.mm_per_px((1920, 1080)), fonts)
    ctx = Context(config, theme, TextRenderer(theme), PictureCache(config.paths.content), catalog, (1920, 1080))
    return App(ctx, screen, windowed=True, targets=TargetsFile(None)), ctx


def _wait_pictures(ctx) -> None:
    while ctx.pictures.busy:
        time.sleep(0.01)
        ctx.pictures.collect()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_report() -> str:
    """`python -m kiosk report` over a million events from three kiosks, as its own process."""
    import resource

    from synthetic_logs import generate_logs

    events = 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        logs = generate_logs(folder / "logs", events, 3)
        size_mb = sum(p.stat().st_size for p in logs) / 1e6
        rows = []
        for label, extra in (("HTML report", []), ("HTML report and CSV files", ["--csv", str(folder / "csv")])):
            args = [sys.executable, "-m", "kiosk", "report", "--out", str(folder / "report.html"), *extra]
            for log in logs:
                args += ["--db", str(log)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            result = subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=True)
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            peak_text = f"{peak / 1024:.0f} MB" if peak > before else f"at most {before / 1024:.0f} MB"
            rows.append(f"| {label} | {seconds:.1f} s | {peak_text} |")
        html_kb = (folder / "report.html").stat().st_size / 1e3
        csv_mb = sum(p.stat().st_size for p in (folder / "csv").iterdir()) / 1e6
    return (f"`python -m kiosk report` over {events:,} events from 3 kiosks (generated by "
            f"scripts/synthetic_logs.py: 40 to 70 visits a day, {size_mb:.0f} MB of logs), the whole process "
            "including Python and matplotlib start-up "
            f"(target: under 10 s and 500 MB):\n\n| what | time | peak resident memory |\n|---|---|---|\n"
            + "\n".join(rows)
            + f"\n\nThe report is {html_kb:.0f} kB, the CSV files {csv_mb:.0f} MB. "
            f"It said: `{result.stdout.strip().splitlines()[0]}`")


def bench_log() -> str:
    """What an event costs the main loop, and how fast a burst reaches the disk."""
    from kiosk.analytics.log import InteractionLog

    with tempfile.TemporaryDirectory() as tmp:
        log = InteractionLog(Path(tmp) / "log.sqlite3", "hall-1").start()
        log.emit("app_start", version="bench")
        while log.written < 1:
            time.sleep(0.01)
        costs = []
        for _ in range(20):
            start = time.perf_counter()
            for _ in range(1000):
                log.emit("panel_open", zone="education", panel="education/07-遵义会议", title="遵义会议")
                log.emit("panel_close", zone="education", panel="education/07-遵义会议", title="遵义会议",
                         dwell_ms=41_250)
            costs.append((time.perf_counter() - start) / 2000)
            time.sleep(0.2)  # let the writer commit, as between a visitor's touches
        while log.waiting:
            time.sleep(0.01)
        written = log.written
        start = time.perf_counter()
        for i in range(10_000):
            log.emit("swipe", zone="education", panel="education/07-遵义会议", direction="left", n=i)
        queued = time.perf_counter() - start
        while log.written < written + 10_000:
            time.sleep(0.001)
        burst = time.perf_counter() - start
        log.close()
    return ("The interaction log on this machine's disk (WAL, full sync, a commit at least every 0.5 s):\n\n"
            "| what | measured | target |\n|---|---|---|\n"
            f"| one event, main-thread cost (median of 20 rounds of 2,000) | {statistics.median(costs) * 1e6:.1f} µs "
            f"(worst round {max(costs) * 1e6:.1f} µs) | under 100 µs |\n"
            f"| a burst of 10,000 events: queued by the main loop | {queued * 1000:.0f} ms | |\n"
            f"| the same burst: all committed to disk | {burst:.2f} s | under 2 s |")


BENCHMARKS: dict[str, tuple[str, Callable[[], str]]] = {
    "check": ("Checking the demo exhibition", bench_check),
    "load": ("Loading 2,000 panels", bench_load),
    "startup": ("Start to the first frame", bench_startup),
    "static": ("A static screen", bench_static_cpu),
    "touch": ("Touch to frame, and memory", bench_touch),
    "report": ("Usage report over a million events", bench_report),
    "log": ("Interaction log: cost per event and a burst", bench_log),
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
