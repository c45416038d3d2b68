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


def _live_kiosk(display: str, content: Path, targets: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--content", str(content), "--targets-file",
                             str(targets)], cwd=REPO, env=_kiosk_env(display), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _screen_state(targets: Path, check: Callable[[dict], bool], guard_s: float = 60) -> tuple[dict, float]:
    """The first targets file that passes `check`, and when it was seen (polled every 2 ms)."""
    import json

    deadline = time.perf_counter() + guard_s
    while time.perf_counter() < deadline:
        try:
            state = json.loads(targets.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        if state and check(state):
            return state, time.perf_counter()
        time.sleep(0.002)
    raise RuntimeError("the kiosk never showed what the benchmark waits for")


def _open_zone(display: str, targets: Path, zone: str) -> dict:
    """From the first screen (attract loop or home) to a zone's list, tapped as a visitor would."""

    def tap(state: dict, target_id: str) -> None:
        x, y, w, h = next(t["rect"] for t in state["targets"] if t["id"] == target_id)
        subprocess.run(["xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1"],
                       env=_kiosk_env(display), check=True)

    state, _ = _screen_state(targets, lambda s: s["screen"] in ("attract", "home"))
    if state["screen"] == "attract":
        tap(state, "start")
        state, _ = _screen_state(targets, lambda s: s["screen"] == "home")
    time.sleep(0.3)
    tap(state, f"zone:{zone}")
    state, _ = _screen_state(targets, lambda s: s["screen"] == "zone" and s["zone"] == zone)
    return state


def _replace_title(path: Path, title: str) -> None:
    """An editor's save: the whole file written beside it, then renamed into place."""
    text = re.sub(r"(?m)^title:.*$", f"title: {title}", path.read_text(encoding="utf-8"), count=1)
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def bench_live_save() -> str:
    """An editor saves a panel.yaml 20 times; each time, until the zone's list on screen shows it."""
    saves = 20
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        content, targets = Path(tmp) / "content", Path(tmp) / "targets.json"
        shutil.copytree(REPO / "content", content)
        process = _live_kiosk(display, content, targets)
        try:
            state = _open_zone(display, targets, "education")
            card = next(t for t in state["targets"] if t["id"].startswith("panel:"))
            panel_yaml = content / card["id"].removeprefix("panel:") / "panel.yaml"
            latencies = []
            for i in range(saves):
                title = f"{card['label']}（第{i + 1}次修订）"
                _replace_title(panel_yaml, title)
                saved = time.perf_counter()
                _state, shown = _screen_state(targets, lambda s, t=title: any(x["label"] == t for x in s["targets"]))
                latencies.append(shown - saved)
                time.sleep(0.5)
        finally:
            process.terminate()
            process.wait()
    ms = [x * 1000 for x in latencies]
    return (
        f"The demo exhibition on the real kiosk (`python -m kiosk run`, fullscreen 1920×1080 on Xvfb), its "
        f"education zone on screen. {saves} editor-style saves of one panel's panel.yaml (written beside it, "
        "renamed into place) changing the title on its card; from the rename to the targets file, which the "
        "kiosk writes right after the frame that shows the new title:\n\n"
        "| median | p95 | worst |\n|---|---|---|\n"
        f"| {statistics.median(ms):.0f} ms | {_percentile(ms, 0.95):.0f} ms | {max(ms):.0f} ms |\n\n"
        "Most of it is waiting on purpose: a change is read after 0.3 s without further events for it, so the "
        "several files of one save are read once, together."
    )


def _big_video(megabytes: int) -> Path:
    """A 720p H.264 file of about this size at 25 Mbit/s, with its index first; made once, kept in /tmp."""
    path = Path(tempfile.gettempdir()) / f"kiosk-bench-{megabytes}mb.mp4"
    if not path.exists():
        seconds = megabytes * 8 / 25
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
                        "-t", f"{seconds:.0f}", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "25M",
                        "-minrate", "25M", "-maxrate", "25M", "-bufsize", "25M", "-x264-params", "nal-hrd=cbr",
                        "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(path)], check=True)
    return path


def bench_live_video() -> str:
    """A 200 MB video copied into a zone at a USB stick's pace: hidden while copied, shown soon after."""
    video = _big_video(200)
    pace = 40e6  # bytes per second: a good USB 2 stick
    rows = []
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        content, targets = Path(tmp) / "content", Path(tmp) / "targets.json"
        generate_exhibition(content, 20)
        process = _live_kiosk(display, content, targets)
        try:
            _open_zone(display, targets, "education")
            for i in range(3):
                name = f"00{i}-纪录片"
                card = f"panel:education/{name}"
                seen_early = False
                started = time.perf_counter()
                with (video.open("rb") as source, (content / "education" / f"{name}.mp4").open("wb") as out):
                    while chunk := source.read(4 << 20):
                        out.write(chunk)
                        out.flush()
                        time.sleep(len(chunk) / pace)
                        seen_early |= card in targets.read_text(encoding="utf-8")
                copied = time.perf_counter()
                _state, shown = _screen_state(targets, lambda s, c=card: any(t["id"] == c for t in s["targets"]))
                rows.append(f"| {i + 1} | {copied - started:.1f} s | {'yes' if seen_early else 'no'} | "
                            f"{(shown - copied) * 1000:.0f} ms |")
                time.sleep(1)
        finally:
            process.terminate()
            process.wait()
    return (
        f"A {video.stat().st_size / 1e6:.0f} MB H.264 video copied into the education zone of a small generated "
        "hall in 4 MB pieces at 40 MB/s (a USB stick), the zone's list on screen (real kiosk, 1920×1080 on Xvfb). "
        "From the copy's close to the card on screen, which includes libvlc checking the file plays:\n\n"
        "| copy | copying took | card on screen during the copy | close to card on screen |\n|---|---|---|---|\n"
        + "\n".join(rows)
    )


def bench_live_cost() -> str:
    """Main-thread cost of a one-file change with 2,000 panels, and what reading it on the watcher's
    thread does to the frames drawn meanwhile."""
    import threading

    import pygame

    from kiosk.config import load_config
    from kiosk.live.onscreen import show
    from kiosk.live.watcher import ContentWatcher

    changes, tick = 20, 1 / 60
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        os.environ.update(_kiosk_env(display))
        root = Path(tmp) / "content"
        generate_exhibition(root, 2000)
        config = load_config(REPO / "config.yaml", root)
        watcher = ContentWatcher(root, config.zones, config.live)
        app, _ctx = _real_app(config, watcher.load(), pygame)
        app.zone("education")
        swaps: list[tuple[float, float, float]] = []  # (file saved, swapped, main-thread time of the swap)
        saved: list[float] = []

        def follow(reload) -> None:
            def swap() -> None:
                start = time.perf_counter()
                show(app, reload)
                swaps.append((saved[len(swaps)] if len(swaps) < len(saved) else start, start,
                              time.perf_counter() - start))
            app.inbox.put(swap)

        reads: list[tuple[float, float]] = []  # when the watcher's thread read a change
        read = watcher.reloader.reload

        def timed_read(*args, **kwargs):
            start = time.perf_counter()
            try:
                return read(*args, **kwargs)
            finally:
                reads.append((start, time.perf_counter()))

        watcher.reloader.reload = timed_read
        watcher.start(follow)
        ids = app.ctx.catalog.zone("education").panel_ids

        def curate() -> None:
            time.sleep(3)  # the screen's pictures loaded
            for i in range(changes):
                pid = ids[i % 4] if i % 2 else ids[200 + i]
                saved.append(time.perf_counter())
                if i % 2:
                    _replace_title(root / pid / "panel.yaml", f"第{i}次修订")
                else:
                    body = root / pid / "body.md"
                    temp = body.with_name(".body.md.swp")
                    temp.write_text(f"## 修订{i}\n\n正文。\n", encoding="utf-8")
                    os.replace(temp, body)
                time.sleep(1.0)

        curator = threading.Thread(target=curate)
        curator.start()
        frames: list[tuple[float, float, float]] = []  # (start, lateness, work)
        due = time.perf_counter()
        while (curator.is_alive() or len(swaps) < changes) and time.perf_counter() - due < 90:
            start = time.perf_counter()
            pygame.event.pump()
            while not app.inbox.empty():
                app.inbox.get()()
            app.ctx.pictures.collect()
            app.scene.draw(app.screen)  # every frame drawn, as while something moves; not flipped
            frames.append((start, start - due, time.perf_counter() - start))
            due += tick
            time.sleep(max(0.0, due - time.perf_counter()))
        watcher.stop()
        pygame.quit()
    load = os.getloadavg()[0]
    swap_ms = [cost * 1000 for _saved, _at, cost in swaps]
    read_ms = [(end - start) * 1000 for start, end in reads]
    latency_ms = [(at - at_saved) * 1000 for at_saved, at, _cost in swaps]
    frames = [f for f in frames if f[0] > reads[0][0] - 3]  # from shortly before the first read

    def row(label: str, chosen: list[tuple[float, float, float]]) -> str:
        work = [f[2] * 1000 for f in chosen]
        late = [f[1] * 1000 for f in chosen]
        missed = sum(1 for f in chosen if f[1] + f[2] > tick)
        return (f"| {label} | {len(chosen)} | {statistics.median(work):.1f} / {max(work):.1f} ms | "
                f"{statistics.median(late):.1f} / {max(late):.1f} ms | {missed} |")

    during = [f for f in frames if any(lo - tick <= f[0] <= hi for lo, hi in reads)]
    outside = [f for f in frames if f not in during]

    def line(label: str, values: list[float]) -> str:
        return (f"| {label} | {statistics.median(values):.2f} ms | {_percentile(values, 0.95):.2f} ms | "
                f"{max(values):.2f} ms |")

    return (
        "A generated hall of 2,000 panels, in-process on Xvfb 1920×1080 with the education zone's list of 400 "
        f"panels on screen. {len(swaps)} one-file changes saved a second apart (alternately the body.md of a panel "
        "off screen and the panel.yaml title of a card on screen):\n\n"
        "| | median | p95 | worst |\n|---|---|---|---|\n"
        + line("main thread: putting a reload on screen (swap, forget stale pictures, log)", swap_ms) + "\n"
        + line("watcher's thread: reading the change and putting the Catalog together", read_ms) + "\n"
        + line("from the save to the swap (0.3 s of it is waiting for the save to finish)", latency_ms) + "\n\n"
        "Meanwhile the main loop drew the zone's screen every 16.7 ms. Flipping a 1080p frame costs about 40 ms "
        "on this machine's software X server whatever the kiosk does, so frames are drawn but not flipped: this "
        "measures the kiosk's own main thread, and whether a read on the other thread takes time from it. Other "
        f"work on the machine (load average {load:.1f} at the end) makes some frames late at any time:\n\n"
        "| frames | count | work, median / worst | start late, median / worst | over 16.7 ms |\n"
        "|---|---|---|---|---|\n"
        + row("overlapping a read on the watcher's thread", during) + "\n"
        + row("all the others", outside)
    )


BENCHMARKS: dict[str, tuple[str, Callable[[], str]]] = {
    "check": ("Checking the demo exhibition", bench_check),
    "load": ("Loading 2,000 panels", bench_load),
    "startup": ("Start to the first frame", bench_startup),
    "static": ("A static screen", bench_static_cpu),
    "touch": ("Touch to frame, and memory", bench_touch),
    "report": ("Usage report over a million events", bench_report),
    "log": ("Interaction log: cost per event and a burst", bench_log),
    "live_save": ("Live content: an editor's save to the screen", bench_live_save),
    "live_video": ("Live content: a copied video to the screen", bench_live_video),
    "live_cost": ("Live content: main-thread cost with 2,000 panels", bench_live_cost),
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
