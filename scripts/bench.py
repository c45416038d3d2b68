"""Benchmarks: measured numbers for docs/PERFORMANCE.md, never asserted in tests.

    .venv/bin/python scripts/bench.py            # every benchmark
    .venv/bin/python scripts/bench.py load check # some of them

Each benchmark rewrites its own section of docs/PERFORMANCE.md (between BEGIN/END markers)
with the machine and the date, so numbers from different days stay comparable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
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
        return _start_to_file(args, _kiosk_env(display), targets)


def _start_to_file(args: list[str], env: dict[str, str], painted: Path) -> float:
    """Seconds from starting `args` to the file it writes once its first frame is on screen."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not painted.exists():
            if process.poll() is not None:
                raise RuntimeError(f"{args[2]} stopped before its first frame")
            time.sleep(0.005)
        return time.perf_counter() - start
    finally:
        process.terminate()
        process.wait()


FLOOR = """
import sys, time
import pygame
pygame.display.init()
if sys.argv[2] == "fullscreen":
    screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
else:
    screen = pygame.display.set_mode((1920, 1080), pygame.NOFRAME)
screen.fill((178, 34, 34))
pygame.display.flip()
open(sys.argv[1], "w").close()
time.sleep(30)
"""


def _floor_to_first_frame(display: str, how: str) -> float:
    """The same measure for a python + pygame program that only opens its window and paints it."""
    with tempfile.TemporaryDirectory() as tmp:
        painted = Path(tmp) / "painted"
        env = {**_kiosk_env(display), "SDL_FRAMEBUFFER_ACCELERATION": "0"}  # as the kiosk draws: X11 shared memory
        return _start_to_file([sys.executable, "-c", FLOOR, str(painted), how], env, painted)


def bench_startup() -> str:
    rows = []
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "content"
        generate_exhibition(big, 2000)
        runs: list[tuple[str, Callable[[], float]]] = [
            ("the kiosk, demo exhibition", lambda: _start_to_first_frame(display, None)),
            ("the kiosk, generated 2,000 panels", lambda: _start_to_first_frame(display, big)),
            ("empty pygame program, borderless window of the screen's size",
             lambda: _floor_to_first_frame(display, "borderless")),
            ("empty pygame program, `set_mode((0, 0), FULLSCREEN)`", lambda: _floor_to_first_frame(display, "fullscreen")),
        ]
        for label, run in runs:
            times = [run() for _ in range(5)]
            rows.append(f"| {label} | {statistics.median(times):.2f} s | {min(times):.2f} s | {max(times):.2f} s |")
    return ("Process start to the first frame on screen, fullscreen 1920×1080 on Xvfb with no window manager "
            "(as in the appliance's bare X session), 5 starts each. The kiosk's first frame answers touches; "
            "its window is borderless at the screen's size and checked with the X server before it is used "
            "(`kiosk/engine/window.py`). The empty programs only open a window and paint it, drawing as the kiosk "
            "does (X11 shared memory, `SDL_FRAMEBUFFER_ACCELERATION=0`): the floor.\n\n"
            "| program | median | best | worst |\n|---|---|---|---|\n" + "\n".join(rows))


def _cpu_share(pid: int, seconds: float) -> float:
    """The share of one core a process used over the next `seconds` (user and system time)."""
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    before, start = cpu(), time.perf_counter()
    time.sleep(seconds)
    return (cpu() - before) / (time.perf_counter() - start)


def bench_static_cpu() -> str:
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        targets = Path(tmp) / "targets.json"
        process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--targets-file", str(targets)],
                                   cwd=REPO, env=_kiosk_env(display), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            while not targets.exists():
                time.sleep(0.05)
            # The kiosk starts in its attract loop; a touch opens the home screen, which then stays.
            subprocess.run(["xdotool", "mousemove", "960", "540", "click", "1"], env=_kiosk_env(display), check=True)
            time.sleep(5)  # pictures loaded, screen still
            share = _cpu_share(process.pid, 20)
        finally:
            process.terminate()
            process.wait()
    return (f"The home screen left untouched for 20 s (after its pictures loaded): **{share * 100:.2f} % of one "
            "core**. The loop sleeps between looks for input every 12 ms and draws nothing while nothing changes.")


def bench_touch() -> str:
    """Touch-to-frame latency and memory, measured in-process on a real X screen."""
    import resource

    with VirtualScreen() as display:
        os.environ.update(_kiosk_env(display))
        import pygame

        app, ctx = _demo_app(pygame)
        catalog = ctx.catalog
        panels = list(catalog.panels)

        def tap_to_frame(action: Callable[[], None]) -> float:
            start = time.perf_counter()
            action()
            app.draw_frame()
            return time.perf_counter() - start

        from kiosk.engine.memory import give_back

        def still() -> None:  # what the loop does once the screen is still
            _wait_pictures(ctx)
            give_back()

        first_visit = [tap_to_frame(lambda p=p: app.panel(p)) for p in panels]
        still()
        rss_after_one = _rss_mb()
        seen = [tap_to_frame(lambda p=p: app.panel(p)) for p in panels]
        for p in panels:
            app.panel(p)
            app.draw_frame()
        still()
        rss_two = _rss_mb()
        for p in panels:
            app.panel(p)
            app.draw_frame()
        still()
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


def _demo_app(pygame):
    """The kiosk's App on the shipped demo hall, fullscreen on the current (virtual) display."""
    from kiosk.config import load_config

    config = load_config(REPO / "config.yaml")
    return _real_app(config, load_catalog(config.paths.content, config.zones), pygame)


def _real_app(config, catalog, pygame):
    import pygame.freetype

    from kiosk.engine.app import App
    from kiosk.engine.assets import PictureCache
    from kiosk.engine.scenes.base import Context
    from kiosk.engine.targets import TargetsFile
    from kiosk.engine.text import TextRenderer
    from kiosk.engine.theme import FontFiles, Theme

    pygame.display.init()
    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")  # as launch.py does on X11
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


HD_CLIP_S = 64  # 60 s measured, after 2 s of starting, before its last 2 s
HD_FPS = 30


def _hd_clip() -> Path:
    """A 1920×1080 H.264 clip at 30 fps and 8 Mbit/s, with fine moving detail; made once, kept in /tmp."""
    clip = Path(tempfile.gettempdir()) / "kiosk-bench" / f"hd-{HD_CLIP_S}s.mp4"
    if not clip.exists():
        clip.parent.mkdir(exist_ok=True)
        print(f"making {clip} (about two minutes, once)", file=sys.stderr)
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate={HD_FPS}:duration={HD_CLIP_S}",
                        "-f", "lavfi", "-i", f"sine=frequency=330:duration={HD_CLIP_S}",
                        "-vf", "noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "8M",
                        "-maxrate", "10M", "-bufsize", "16M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k",
                        "-movflags", "+faststart", str(clip.with_suffix(".part.mp4"))], check=True)
        clip.with_suffix(".part.mp4").rename(clip)
    return clip


def _video_hall(root: Path, clip: Path) -> Path:
    """One video panel with a paragraph beside it, laid out as the demo's are."""
    folder = root / "content" / "education" / "01-影片"
    folder.mkdir(parents=True)
    (folder / "panel.yaml").write_text("kind: video\ntitle: 百年征程\n", encoding="utf-8")
    (folder / "body.md").write_text("这段影片回顾中国共产党的百年征程。" * 6 + "\n", encoding="utf-8")
    shutil.copy(clip, folder / "影片.mp4")
    return root / "content"


class _Driven:
    """The real App.run() on the main thread; a scenario thread hands it work through app.inbox."""

    def __init__(self, app, pygame) -> None:
        self.app, self.pygame = app, pygame

    def do(self, work: Callable[[], None]) -> None:
        self.app.inbox.put(work)
        self.pygame.event.post(self.pygame.event.Event(self.pygame.USEREVENT))

    def wait(self, check: Callable[[], bool], guard_s: float = 60) -> None:
        deadline = time.monotonic() + guard_s
        while not check():
            if time.monotonic() > deadline:
                raise RuntimeError("the scenario is stuck")
            time.sleep(0.01)

    def run(self, scenario: Callable[[], None]) -> None:
        def script() -> None:
            try:
                scenario()
            finally:
                self.app.stop()

        threading.Thread(target=script, daemon=True).start()
        self.app.run()


def _proc_status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _cvlc(display: str, clip: Path, size: tuple[int, int], *options: str) -> tuple[float, int]:
    """The same clip in VLC's own player on the same screen: CPU share and pictures shown too late."""
    command = ["cvlc", "--verbose=1", "--play-and-exit", "--aout=adummy", "--no-video-title-show",
               "--swscale-mode=1", f"--width={size[0]}", f"--height={size[1]}", *options, str(clip)]
    if os.geteuid() == 0:  # VLC refuses to run as root
        command = ["runuser", "-u", "nobody", "--", *command]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, env={**_kiosk_env(display), "HOME": "/tmp"}, stdout=log, stderr=log)
        try:
            time.sleep(2)
            newest_vlc = subprocess.run(["pgrep", "-n", "-x", "vlc"], capture_output=True, text=True, check=True)
            pid = int(newest_vlc.stdout.split()[0])  # cvlc (and runuser) end in the vlc program itself
            ticks = os.sysconf("SC_CLK_TCK")

            def cpu() -> float:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / ticks

            before, start = cpu(), time.monotonic()
            time.sleep(60)
            share = (cpu() - before) / (time.monotonic() - start)
        finally:
            process.terminate()
            process.wait()
        log.seek(0)
        late = log.read().decode(errors="replace").count("picture is too late to be displayed")
    return share, late


def bench_video() -> str:
    """A 1080p30 H.264 clip played for 60 s in a video panel, beside the same clip in cvlc."""
    import resource

    clip = _hd_clip()
    load = os.getloadavg()[0]
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        os.environ.update(_kiosk_env(display))
        import pygame

        from kiosk.config import load_config

        content = _video_hall(Path(tmp), clip)
        config = load_config(REPO / "config.yaml", content)
        app, _ctx = _real_app(config, load_catalog(content, config.zones), pygame)
        driven = _Driven(app, pygame)
        measured: dict[str, float] = {}

        def scenario() -> None:
            driven.do(lambda: app.panel("education/01-影片"))
            driven.wait(lambda: getattr(app.scene, "body", None) is not None)
            body = app.scene.body
            driven.do(body.toggle)
            driven.wait(lambda: body.player.state == "playing")
            time.sleep(2)
            frames, usage, start = body.player.frames, resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
            delivered, taken, lost = frames.delivered, frames.taken, body.player.lost_pictures()
            time.sleep(60)
            after, elapsed = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - start
            measured.update(
                cpu=(after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime) / elapsed,
                elapsed=elapsed, delivered=frames.delivered - delivered, shown=frames.taken - taken,
                lost=body.player.lost_pictures() - lost, width=frames.size[0], height=frames.size[1])

        driven.run(scenario)
        pygame.quit()
        size = (int(measured["width"]), int(measured["height"]))
        cvlc_gl = _cvlc(display, clip, size)
        cvlc_x11 = _cvlc(display, clip, size, "--vout=xcb_x11")
    expected = round(measured["elapsed"] * HD_FPS)
    dropped = int(measured["lost"] + measured["delivered"] - measured["shown"])
    return (
        f"A 1920×1080 H.264 clip at {HD_FPS} fps (8 Mbit/s, AAC sound to a silent output) played for 60 s in a "
        f"video panel of the real kiosk, fullscreen 1920×1080 on Xvfb; libvlc scales it to the "
        f"{size[0]}×{size[1]} it has on screen. Beside it, the same clip in `cvlc` on the same screen, asked for "
        f"the same size, with the same scaler. CPU is the whole process, every thread, as a share of one core "
        f"(this machine has {os.cpu_count()}).\n\n"
        "| | CPU (one core = 100 %) | pictures shown / due | dropped |\n|---|---|---|---|\n"
        f"| kiosk video panel | **{measured['cpu'] * 100:.0f} %** | {int(measured['shown'])} / {expected} | "
        f"{dropped} ({int(measured['lost'])} late in libvlc, "
        f"{int(measured['delivered'] - measured['shown'])} replaced before the loop drew them) |\n"
        f"| `cvlc`, its default output (OpenGL, here software-rendered) | **{cvlc_gl[0] * 100:.0f} %** | | "
        f"{cvlc_gl[1]} shown too late (VLC's own count) |\n"
        f"| `cvlc --vout=xcb_x11` (X11 shared memory, as the kiosk) | **{cvlc_x11[0] * 100:.0f} %** | | "
        f"{cvlc_x11[1]} shown too late |\n\n"
        f"Load average when it started: {load:.1f} (other work on the machine shows in every figure). "
        "Each new picture redraws only the video's rectangle and the control bar (`Scene.refresh`, "
        "`pygame.display.update` of those areas); the rest of the panel is not touched. On X11 the "
        "kiosk asks SDL for X's shared-memory framebuffer (`SDL_FRAMEBUFFER_ACCELERATION=0`): SDL's "
        "default, drawing through OpenGL, costs 15 ms of CPU per update without a GPU driver, which "
        "alone would take half a core at 30 pictures a second."
    )


def _phone_copy(clip: Path) -> Path:
    """The same clip as a phone filming upright saves it: stored sideways, flagged to turn 90°."""
    phone = clip.with_name(f"phone-{clip.name}")
    if not phone.exists():
        version = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True, check=True).stdout.split()[2]
        flag = (["-display_rotation:v:0", "270", "-i", str(clip)] if int(version.split(".")[0]) >= 6
                else ["-i", str(clip), "-metadata:s:v:0", "rotate=270"])  # counter-clockwise, as ffmpeg counts
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *flag, "-c", "copy", str(phone)], check=True)
    return phone


def bench_video_turned() -> str:
    """The 1080p clip played as it is and flagged as filmed upright on a phone, which libvlc turns."""
    import resource

    os.environ.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    from kiosk.media.player import Player
    from kiosk.media.progress import fit

    clip = _hd_clip()
    phone, load = _phone_copy(clip), os.getloadavg()[0]
    measured: dict[Path, list[tuple[float, int, int, tuple[int, int]]]] = {clip: [], phone: []}
    for path in (clip, phone, clip, phone):
        woken = threading.Event()
        player = Player(path, "video", wake=woken.set)
        while player.state != "ready":
            woken.wait(0.05)
            woken.clear()
            if player.poll() == "failed":
                raise RuntimeError(player.problem)
        player.frame_size = fit(player.source_size, player.pixel_aspect, (1102, 620))  # the demo's stage
        player.play()
        while player.state != "playing":
            woken.wait(0.05)
            woken.clear()
            player.poll()
        time.sleep(2)
        usage, start, delivered, lost = (resource.getrusage(resource.RUSAGE_SELF), time.monotonic(),
                                         player.frames.delivered, player.lost_pictures())
        time.sleep(20)
        after, elapsed = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - start
        cpu = (after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime) / elapsed
        measured[path].append((cpu, player.frames.delivered - delivered, player.lost_pictures() - lost,
                               player.frame_size))
        player.close()
        time.sleep(1)
    rows = []
    for path, words in ((clip, "as stored, 1920×1080"), (phone, "flagged as filmed upright: shown 1080×1920")):
        runs = measured[path]
        rows.append(f"| {words} | {runs[0][3][0]}×{runs[0][3][1]} | "
                    + " and ".join(f"{cpu * 100:.0f} %" for cpu, *_rest in runs)
                    + f" | {sum(r[1] for r in runs)} / {sum(r[2] for r in runs)} |")
    return (
        "The 1080p clip of the video benchmark, and the same file flagged as phones flag a picture filmed "
        "upright (stored sideways, to be turned 90°), each played twice for 20 s into the kiosk's buffers at "
        "the size the demo's video stage gives it (no screen: decoding, turning and scaling only). CPU of the "
        "whole process as a share of one core:\n\n"
        "| clip | picture on screen | CPU, two runs | pictures delivered / lost |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nThe difference is libvlc turning each picture: its log shows the transform filter put before "
        "the scaler, so it turns the whole 1080p picture before making it small. No picture is lost, but a phone "
        f"video costs more than an ordinary one of the same size. Load average when it started: {load:.1f}."
    )


MALLOC_SETTINGS = {
    "kiosk": "two arenas, as `python -m kiosk run` sets (`kiosk/engine/memory.py`)",
    "default": "glibc's default: an arena per thread, up to 8 per core",
    "mmap_1mb": "mmap threshold held at 1 MB (tried before, not done)",
}


def _set_malloc(setting: str) -> None:
    """Before any thread starts: glibc's malloc set up one of the ways compared here."""
    import ctypes

    from kiosk.engine.memory import limit_arenas

    if setting == "kiosk":
        limit_arenas()
    elif setting == "mmap_1mb":
        limit_arenas()
        ctypes.CDLL("libc.so.6").mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD, which also stops its moving


def _in_child(name: str, setting: str) -> object:
    """Run `name` in a fresh process whose malloc is set up as `setting`; its result, from JSON."""
    import json

    done = subprocess.run([sys.executable, __file__, "--child", name, setting], capture_output=True, text=True,
                          check=True, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _video_cycles(cycles: int, marks: tuple[int, ...]) -> list[list]:
    """Rows of (label, RSS a second after leaving, RSS at rest, threads, Python blocks), in MB."""
    from kiosk.media import libvlc

    with VirtualScreen() as display:
        os.environ.update(_kiosk_env(display))
        import pygame

        app, ctx = _demo_app(pygame)
        panel = next(p.id for p in ctx.catalog.panels.values() if p.kind == "video")
        driven = _Driven(app, pygame)
        rows: list[list] = []

        def cycle() -> None:
            driven.do(lambda: app.panel(panel))
            driven.wait(lambda: app.scene.panel_id == panel)
            body = app.scene.body
            driven.do(body.toggle)
            driven.wait(lambda: body.player.state == "playing")
            driven.do(app.home)
            driven.wait(lambda: body.player.state == "closed")

        def measure(label: str) -> None:
            libvlc.in_background(lambda: None, "release").result()  # the player is released
            time.sleep(1)
            gc.collect()
            soon = _proc_status("VmRSS") / 1024
            driven.wait(lambda: not app.untidy)  # the kiosk's own tidy once its screen is still
            rows.append([label, soon, _proc_status("VmRSS") / 1024, _proc_status("Threads"),
                         sys.getallocatedblocks()])

        def scenario() -> None:
            measure("before the first video")
            for i in range(1, cycles + 1):
                cycle()
                if i in marks:
                    measure(f"after {i}")

        driven.run(scenario)
        pygame.quit()
    return [[panel], *rows]


def _surface_times() -> dict[str, list[float]]:
    """Milliseconds to make a full-screen Surface (pygame zeroes it), idle and while a 1080p video plays."""
    os.environ.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    import pygame

    from kiosk.media.player import Player

    def sample(count: int = 1000) -> list[float]:
        times = []
        for _ in range(count):
            start = time.perf_counter()
            surface = pygame.Surface((1920, 1080))
            times.append((time.perf_counter() - start) * 1000)
            del surface
            time.sleep(0.005)  # other work between two, as in a frame
        return [statistics.median(times), _percentile(times, 0.95), max(times)]

    pygame.display.init()
    idle = sample()
    woken = threading.Event()
    player = Player(_hd_clip(), "video", wake=woken.set)
    while player.state != "ready":
        woken.wait(0.05)
        woken.clear()
        if player.poll() == "failed":
            raise RuntimeError(player.problem)
    player.frame_size = (1102, 620)  # its place in the demo's video panel
    player.play()
    while player.state != "playing":
        woken.wait(0.05)
        woken.clear()
        player.poll()
    playing = sample()
    player.close()
    pygame.quit()
    return {"idle": idle, "video": playing}


def bench_surfaces() -> str:
    """A full-screen Surface made under each malloc setting compared for memory."""
    rows, load = [], os.getloadavg()[0]
    for setting, words in MALLOC_SETTINGS.items():
        times = _in_child("surfaces", setting)
        rows.append(f"| {words} | {times['idle'][0]:.2f} / {times['idle'][1]:.2f} ms | "
                    f"{times['video'][0]:.2f} / {times['video'][1]:.2f} / {times['video'][2]:.2f} ms |")
    return (
        "Making a 1920×1080 Surface on the main thread (`pygame.Surface`, which zeroes its 8 MB), 1,000 times "
        "5 ms apart, in a fresh process for each setting of glibc's malloc; idle, then while libvlc plays "
        "the 1080p clip of the video benchmark scaled to 1102×620 on its own threads:\n\n"
        "| malloc | idle: median / p95 | while a video plays: median / p95 / worst |\n|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nUnder glibc's dynamic thresholds a freed full-screen block is kept and the next one reuses it; "
        f"held at 1 MB, every one is a fresh mapping whose pages the zeroing faults in. Load average when it "
        f"started: {load:.1f}."
    )


VIDEO_CYCLES = 500
VIDEO_CYCLE_MARKS = (1, 10, 50, 100, 200, 300, 400, VIDEO_CYCLES)


def bench_video_cycles() -> str:
    """Open a video panel, play it to its first picture, leave it; 500 times: does anything pile up?"""
    cycles = VIDEO_CYCLES
    (panel,), *rows = _in_child("video_cycles", "kiosk")
    _panel, *default = _in_child("video_cycles", "default")
    start, first, end = rows[0], rows[1], rows[-1]
    table = "\n".join(f"| {label} | {soon:.0f} MB | **{rss:.0f} MB** | {threads} | {blocks - first[4]:+,} | "
                      f"{other[2]:.0f} MB |" for (label, soon, rss, threads, blocks), other in zip(rows, default))
    at_rest = [row[2] for row in rows[1:]]
    spread = [row[2] for row in default[1:]]
    apart = max(abs(row[1] - row[2]) for row in rows)
    highest = max(rows[1:], key=lambda row: row[2])[0]
    return (
        f"The demo's video panel ({panel}) opened, played to its first picture and left, {cycles} times, in the "
        f"real loop on Xvfb, in a process whose malloc is set up as the kiosk's: {MALLOC_SETTINGS['kiosk']}. "
        "Resident memory and threads a second after leaving (the player released by its worker), and at rest "
        "(after the kiosk's own tidy, which hands freed memory back within 5 s of a still screen, "
        "`App._tidy`); beside them, at rest in a second run with glibc's default arenas:\n\n"
        "| | a second after leaving | at rest | threads | Python blocks since the 1st | at rest, glibc's default "
        "arenas |\n|---|---|---|---|---|---|\n"
        f"{table}\n\n"
        f"At rest, from the 1st opening to the {cycles}th: memory **{100 * (end[2] - first[2]) / first[2]:+.1f} %**, "
        f"threads {end[3] - first[3]:+d}, and every measure between them within {min(at_rest):.0f} to "
        f"{max(at_rest):.0f} MB (the highest {highest}). The 1st opening is the baseline because it starts libvlc, once for the kiosk's "
        "life: its plugins' code mapped, its own threads, the check and release workers. From before any "
        f"video: memory {100 * (end[2] - start[2]) / start[2]:+.1f} %, threads {end[3] - start[3]:+d}. A second "
        f"after leaving and at rest differ by {apart:.1f} MB at most.\n\n"
        "What it took: a released player's memory goes back to the system (`malloc_trim`, "
        "`kiosk/media/memory.py`); without it glibc kept it and the process grew by hundreds of MB. A closed "
        "video's picture buffers (8 MB) are freed by the release worker before that trim; they used to wait for "
        "Python's cycle collector, so several piled up and the figure depended on when it had last run. With "
        "glibc's default arenas, libvlc's short-lived decoder threads spread their allocations over up to 16 "
        f"arenas, each of which keeps pages a trim cannot return: that run sat at {min(spread):.0f} to "
        f"{max(spread):.0f} MB at rest. The benchmark used to run that way, unlike the kiosk; with the piled-up "
        "buffers, that is where the +8.3 % measured before came from."
    )


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


def _live_hall(folder: Path, panels: int) -> Path:
    """A generated hall with its own config.yaml and an attract playlist of twelve of its panels."""
    generate_exhibition(folder / "content", panels)
    (folder / "playlists").mkdir()
    items = "".join(f"  - panel: {DEFAULT_ZONES[i % 5].id}/{i:04d}-版面\n    seconds: 2\n" for i in range(12))
    (folder / "playlists" / "hall.yaml").write_text(f"items:\n{items}", encoding="utf-8")
    config = folder / "config.yaml"
    config.write_text("attract:\n  playlist: hall\nidle:\n  timeout_s: 90\npaths:\n  content: content\n"
                      "  playlists: playlists\n  log_db: data/log.sqlite3\n", encoding="utf-8")
    return config


def _save(path: Path, text: str) -> None:
    """An editor's save: the whole file written beside it, then renamed into place."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def _schedstat() -> tuple[float, float]:
    """The calling thread's CPU time and time spent waiting for a core, in seconds (Linux)."""
    on_cpu, waiting, _slices = Path("/proc/thread-self/schedstat").read_text().split()
    return int(on_cpu) / 1e9, int(waiting) / 1e9


# A frame of the live_cost benchmark: (screen, start, lateness, wall time of its work, CPU time of
# the main thread, time it waited for a core, changes handed over in it, whether that rebuilt the scene).
Frame = tuple[str, float, float, float, float, float, int, bool]


def _live_cost_run(paced: bool) -> tuple[list[Frame], list[tuple[float, float]],
                                         list[tuple[str, str, float, float]], tuple[float, float]]:
    """The live_cost scenario once; `paced=False` runs it as before kiosk/live/pace.py: the reader
    not paced, at the loop's priority, and the loaded hall not set aside from the garbage collector.
    Also returns how long a full garbage collection took with the hall loaded, before and after
    it was set aside."""
    import pygame

    from kiosk.config import load_config
    from kiosk.live import follow, watcher
    from kiosk.live.follow import LiveUpdates
    from kiosk.live.pace import set_aside_the_hall

    tick = 1 / 60
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        os.environ.update(_kiosk_env(display))
        folder = Path(tmp)
        config_path = _live_hall(folder, 2000)
        root = folder / "content"
        config = load_config(config_path)
        live = LiveUpdates(config, config_path)
        if not paced:
            live.content.pace = live.content.reloader.parts.pace = lambda: None
            watcher.yield_the_cpu, kept_priority = (lambda: None), watcher.yield_the_cpu
        reads: list[tuple[float, float]] = []  # when a watcher's thread was reading a change
        handovers: list[tuple[str, str, float, float]] = []  # (screen, what, main-thread seconds, save to screen)
        saves: list[tuple[str, float]] = []  # (what, when)
        screen = ["zone"]

        def on_a_thread(read):
            def timed(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return read(*args, **kwargs)
                finally:
                    reads.append((start, time.perf_counter()))
            return timed

        def on_the_loop(what: str, work):
            def timed(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return work(*args, **kwargs)
                finally:
                    end = time.perf_counter()
                    saved = max((at for w, at in saves if w == what and at <= start), default=start)
                    handovers.append((screen[0], what, end - start, end - saved))
            return timed

        live.content.reloader.reload = on_a_thread(live.content.reloader.reload)
        live._read_playlist = on_a_thread(live._read_playlist)
        live._read_config = on_a_thread(live._read_config)
        live.show_playlist = on_the_loop("playlists/hall.yaml", live.show_playlist)
        live.show_config = on_the_loop("config.yaml", live.show_config)
        shown = follow.show
        follow.show = on_the_loop("a file in content/", shown)
        catalog = live.load()
        gc.collect()
        start = time.perf_counter()
        gc.collect()
        collections = [time.perf_counter() - start]
        if paced:
            set_aside_the_hall()  # as launch.py does
        start = time.perf_counter()
        gc.collect()
        collections.append(time.perf_counter() - start)
        app, _ctx = _real_app(config, catalog, pygame)
        app.playlist = live.playlist
        live.start(app, wake=lambda: None)
        ids = app.ctx.catalog.zone("education").panel_ids
        playlist = folder / "playlists" / "hall.yaml"
        original = playlist.read_text(encoding="utf-8")

        def content_change(i: int) -> None:
            saves.append(("a file in content/", time.perf_counter()))
            if i % 2:  # the title of a card on screen (in the attract loop: of an item of the playlist)
                _replace_title(root / ids[i % 4] / "panel.yaml", f"第{i}次修订（{screen[0]}）")
            else:  # the text of a panel off screen
                _save(root / ids[200 + i] / "body.md", f"## 修订{i}（{screen[0]}）\n\n正文。\n")

        def curate() -> None:
            time.sleep(3)  # the screen's pictures loaded
            for i in range(20):
                content_change(i)
                time.sleep(1.0)
            screen[0] = "zone, all read"
            live.read_everything()  # the admin overlay's 重新载入内容: every panel read again
            time.sleep(5)
            screen[0] = "attract, starting"  # the cut from the zone's list, not a change of content
            app.inbox.put(app.attract)
            time.sleep(3)
            screen[0] = "attract"
            for i in range(24):
                if i % 3 == 0:
                    content_change(i)
                elif i % 3 == 1:  # the playlist's items turned round
                    lines = original.splitlines(keepends=True)[1:]
                    pairs = ["".join(lines[j:j + 2]) for j in range(0, len(lines), 2)]
                    shift = i % len(pairs)
                    saves.append(("playlists/hall.yaml", time.perf_counter()))
                    _save(playlist, "items:\n" + "".join(pairs[shift:] + pairs[:shift]))
                else:  # an idle time, or the hall's name, which recomposes the loop's pictures
                    text = config_path.read_text(encoding="utf-8")
                    if i % 2:
                        text += "hall:\n  title: 第0展厅\n" if "hall:" not in text else ""
                        text = re.sub(r"title: 第\d+展厅", f"title: 第{i}展厅", text)
                    else:
                        text = re.sub(r"timeout_s: \d+", f"timeout_s: {60 + i}", text)
                    saves.append(("config.yaml", time.perf_counter()))
                    _save(config_path, text)
                time.sleep(1.0)

        curator = threading.Thread(target=curate)
        app.zone("education")
        curator.start()
        frames: list[Frame] = []
        due = last = time.perf_counter()
        while curator.is_alive() or not live.idle or not app.inbox.empty():
            start = time.perf_counter()
            if start - due > 120:
                raise RuntimeError("the benchmark is stuck")
            cpu, waited = _schedstat()
            app.pace.frame()  # as App.run: the content watcher reads while the loop rests
            pygame.event.pump()
            handed, scene = len(handovers), app.scene
            while not app.inbox.empty():
                app.inbox.get()()
            app.ctx.pictures.collect()
            app.scene.update(start - last)
            last = start
            app.draw_frame()  # drawn and flipped every frame, as while something moves on screen
            cpu_after, waited_after = _schedstat()
            frames.append((screen[0], start, start - due, time.perf_counter() - start, cpu_after - cpu,
                           waited_after - waited, len(handovers) - handed, app.scene is not scene))
            due += tick
            app.pace.rest()
            time.sleep(max(0.0, due - time.perf_counter()))
        live.stop()
        follow.show = shown
        if not paced:
            watcher.yield_the_cpu = kept_priority
        pygame.quit()
    gc.unfreeze()  # the next run starts as the kiosk would
    first_read = reads[0][0]
    frames = [f for f in frames if f[1] > first_read - 3]  # from shortly before the first read
    return frames, reads, handovers, (collections[0], collections[1])


def bench_live_cost() -> str:
    """Main-thread cost of a one-file change with 2,000 panels, and whether reading it on another
    thread makes the main loop miss a frame: every frame drawn and flipped on a real X screen."""
    tick = 1 / 60
    load_before = os.getloadavg()[0]
    frames, reads, handovers, collections = _live_cost_run(paced=True)
    unpaced_frames, unpaced_reads, _, _ = _live_cost_run(paced=False)
    load_after = os.getloadavg()[0]

    def handover_row(where: str, what: str) -> str:
        ms = [cost * 1000 for s, w, cost, _latency in handovers if s == where and w == what]
        latency = [lag * 1000 for s, w, _cost, lag in handovers if s == where and w == what]
        if not ms:
            return f"| {where} | {what} | 0 | | | | |"
        return (f"| {where} | {what} | {len(ms)} | {statistics.median(ms):.2f} ms | {_percentile(ms, 0.95):.2f} ms | "
                f"{max(ms):.2f} ms | {statistics.median(latency):.0f} / {max(latency):.0f} ms |")

    def frame_rows(label: str, frames: list[Frame], reads: list[tuple[float, float]]) -> list[str]:
        def kind(frame: Frame) -> str:
            if frame[7] and frame[0] == "attract, starting":
                return "the cut into the loop"
            if frame[7]:
                return "putting a change on screen that rebuilt the loop"
            if frame[6]:
                return "putting a change on screen"
            if any(lo - tick <= frame[1] <= hi for lo, hi in reads):
                return "while a watcher's thread reads"
            return "all the others"

        rows = []
        for where in ("zone", "zone, all read", "attract, starting", "attract"):
            mine = [f for f in frames if f[0] == where]
            for which in ("the cut into the loop", "while a watcher's thread reads", "putting a change on screen",
                          "putting a change on screen that rebuilt the loop", "all the others"):
                chosen = [f for f in mine if kind(f) == which]
                if not chosen:
                    continue
                work = [f[3] * 1000 for f in chosen]
                missed = sum(1 for f in chosen if f[2] + f[3] > tick)
                rows.append(
                    f"| {label} | {where} | {which} | {len(chosen)} | {statistics.median(work):.1f} / "
                    f"{_percentile(work, 0.99):.1f} / {max(work):.1f} ms | "
                    f"{statistics.mean(f[4] for f in chosen) * 1000:.1f} ms | "
                    f"{statistics.mean(f[5] for f in chosen) * 1000:.2f} ms | **{missed}** |")
        return rows

    read_ms = sorted((end - start) * 1000 for start, end in reads)
    everything_ms = read_ms.pop()  # the longest: all 2,000 panels read again
    rebuilt_ms = [f[3] * 1000 for f in frames if f[7] and f[0] == "attract"] or [0.0]
    unpaced_everything_ms = max(end - start for start, end in unpaced_reads) * 1000
    return (
        "A generated hall of 2,000 panels, in-process on Xvfb 1920×1080. First the education zone's list of 400 "
        "panels on screen and 20 one-file changes in content/ a second apart (alternately the body.md of a panel "
        "off screen and the panel.yaml title of a card on screen), then every panel read again (the admin "
        "overlay's 重新载入内容, \"zone, all read\"); then the attract loop (12 of those panels, 2 s each; its first "
        "3 s, from the cut out of the zone's list, are \"attract, starting\") and 24 "
        "saves a second apart: content/ as before, the playlist (its items turned round), config.yaml "
        "(idle.timeout_s, or hall.title, which recomposes the loop's pictures). Every save is an editor's: "
        "written beside the file, renamed into place.\n\n"
        "Main-thread time of putting each change on screen (between two frames: the swap, the log, the admin "
        "overlay's lines; in the attract loop, its rebuild when it shows something that changed), and the time "
        "from the save (the rename) to then, 0.3 s of which is waiting for the save to finish:\n\n"
        "| screen | change | count | median | p95 | worst | from the save, median / worst |\n"
        "|---|---|---|---|---|---|---|\n"
        + "\n".join(handover_row(where, what) for where, what in (
            ("zone", "a file in content/"), ("attract", "a file in content/"),
            ("attract", "playlists/hall.yaml"), ("attract", "config.yaml")))
        + f"\n\nReading a one-file change on a watcher's thread took {statistics.median(read_ms):.1f} ms (median), "
        f"{max(read_ms):.1f} ms at worst ({len(read_ms)} reads); reading all 2,000 panels again {everything_ms:.0f} ms "
        f"({unpaced_everything_ms:.0f} ms as before, below). A full garbage collection with the hall loaded took "
        f"{collections[0] * 1000:.0f} ms, holding every thread, {collections[1] * 1000:.1f} ms once the hall as "
        "loaded was set aside (`set_aside_the_hall`, as launch.py does).\n\n"
        "Meanwhile the kiosk's loop drew **and flipped** a frame every 16.7 ms, as while something moves on "
        "screen: events, the handover, the scene's update and drawing, `pygame.display.flip`. A frame is "
        "missed when it ended after the next one was due. The same scenario ran twice: as shipped, and as "
        "before kiosk/live/pace.py (the reader not waiting while a frame is made, its thread at the loop's "
        "priority, the hall not set aside from the garbage collector). CPU is the main thread's own; waiting "
        "is its time ready to run but without a core "
        f"(this machine has {os.cpu_count()}, shared with the X server and with whatever else runs: load average "
        f"{load_before:.1f} before, {load_after:.1f} after):\n\n"
        "| kiosk | screen | frames | count | work median / p99 / worst | CPU, mean | waiting for a core, mean | "
        "missed |\n|---|---|---|---|---|---|---|---|\n"
        + "\n".join(frame_rows("as shipped", frames, reads) + frame_rows("as before", unpaced_frames, unpaced_reads))
        + f"\n\nA change that alters what the attract loop shows (a save of the playlist, the title or picture of "
        "one of its items, the hall's name) rebuilds the loop. Items that did not change keep their composed "
        "pictures and playing videos; the changed ones (every one, when the hall's name changed) are composed "
        "again at 1080p, a piece per frame (the band, then the picture) while the old picture stays on screen. "
        f"The frame of the rebuild itself: {statistics.median(rebuilt_ms):.1f} ms (median) of main-thread work, "
        f"{max(rebuilt_ms):.1f} ms at worst ({len(rebuilt_ms)} rebuilds). Changes elsewhere in the "
        "hall leave the loop as it is."
    )


ATTRACT_VIDEO = "education/19-百年征程/百年征程.mp4"  # the demo hall's 1080p film


def bench_attract() -> str:
    """Attract-loop transitions frame by frame (stills and a 1080p video), and what an item costs."""
    with VirtualScreen() as display:
        os.environ.update(_kiosk_env(display))
        import pygame

        from kiosk.attract.playlist import AttractItem, Playlist
        from kiosk.engine.scenes.attract import TRANSITION_S, AttractScene

        app, ctx = _demo_app(pygame)
        covers = [AttractItem(z.cover, z.title, z.subtitle, 2.0, transition, f"zone:{z.id}")
                  for z, transition in zip(ctx.catalog.zones, ("crossfade", "slide") * 3, strict=False)]
        film = AttractItem(None, "百年征程", "", 4.0, "crossfade", f"media:{ATTRACT_VIDEO}", video=ATTRACT_VIDEO)
        items = (covers[0], film, covers[1], covers[2], replace(film, transition="slide"), covers[3])
        scene = AttractScene(ctx, app, Playlist("bench", items))
        app.scene = scene
        still_frames: list[float] = []  # transitions between two stills
        video_frames: list[float] = []  # transitions into or out of the video
        refreshes: list[float] = []  # a new video picture between transitions
        transitions = 0
        last = time.perf_counter()
        deadline = time.monotonic() + 300
        while transitions < 12:
            assert time.monotonic() < deadline, "the attract loop stopped moving on"
            now = time.perf_counter()
            was_fading = scene.fade is not None
            app._step(now - last)
            last = now
            if was_fading and scene.fade is None:
                transitions += 1
            if scene.fade is not None or app.dirty:
                involves_video = bool(items[scene.index].video or items[(scene.index + 1) % len(items)].video)
                fading = scene.fade is not None
                start = time.perf_counter()
                app.draw_frame()
                if fading:
                    (video_frames if involves_video else still_frames).append(time.perf_counter() - start)
                app.clock.tick(60)
                continue
            start = time.perf_counter()
            areas = scene.refresh(app.screen)
            if areas:
                pygame.display.update(areas)
                refreshes.append(time.perf_counter() - start)
            time.sleep(0.005)
        scene.close()
        pygame.quit()
    still_cpu = _attract_cpu("  - zone: education\n    seconds: 60\n  - zone: showcase\n    seconds: 60\n")
    video_cpu = _attract_cpu(f"  - media: {ATTRACT_VIDEO}\n    seconds: 600\n  - zone: education\n")

    def row(what: str, frames: list[float]) -> str:
        late = sum(1 for f in frames if f > 1 / 60)
        return (f"| {what} | {len(frames)} | {statistics.median(frames) * 1000:.1f} ms | "
                f"{sorted(frames)[int(len(frames) * 0.95)] * 1000:.1f} ms | {max(frames) * 1000:.1f} ms | "
                f"{late} of {len(frames)} |")

    return (
        f"{transitions} transitions ({TRANSITION_S} s each, crossfade and slide) around a loop of four zone covers "
        f"and the demo hall's 1920×1080 film ({ATTRACT_VIDEO}, muted), on Xvfb at 1920×1080; every frame timed "
        "from the start of drawing to the end of the flip. The garbage collector waits out each transition.\n\n"
        "| frames | count | median | p95 | worst | over 16.7 ms |\n|---|---|---|---|---|---|\n"
        + row("transitions between two stills", still_frames) + "\n"
        + row("transitions into or out of the playing film", video_frames) + "\n"
        + row("a new film picture between transitions (its area only)", refreshes) + "\n\n"
        f"Between transitions a still item costs **{still_cpu * 100:.2f} % of one core** and the film, playing "
        f"full screen, **{video_cpu * 100:.0f} %** (kiosk process, 20 s measured on a long item; libvlc's "
        "decoding included). The next item is ready before the current one ends (a still composed, a video "
        "paused on its first picture), so no black frame shows between items."
    )


def _attract_cpu(items: str) -> float:
    """The kiosk's share of a core while its attract loop shows the first of `items` (a playlist)."""
    with VirtualScreen() as display, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "slow.yaml").write_text(f"items:\n{items}", encoding="utf-8")
        config = folder / "config.yaml"
        config.write_text(f"attract:\n  playlist: slow\npaths:\n  content: {REPO / 'content'}\n"
                          f"  playlists: {folder}\n  log_db: {folder / 'log.sqlite3'}\n", encoding="utf-8")
        targets = folder / "targets.json"
        process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config", str(config),
                                    "--targets-file", str(targets)], cwd=REPO, env=_kiosk_env(display),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while not targets.exists():
                time.sleep(0.05)
            time.sleep(5)
            return _cpu_share(process.pid, 20)
        finally:
            process.terminate()
            process.wait()


def bench_schedule() -> str:
    from bench_schedule import write_hall

    with tempfile.TemporaryDirectory() as tmp:
        config = write_hall(Path(tmp))
        command = [sys.executable, "-m", "kiosk", "schedule", "--config", str(config), "--week", "--from", "2027-02-15"]
        env = {**os.environ, "TZ": "Asia/Shanghai"}
        times = []
        for _ in range(5):
            began = time.perf_counter()
            subprocess.run(command, check=True, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - began)
    return ("`python -m kiosk schedule --week` on a calendar of opening hours and 200 schedule entries of "
            "every kind (`scripts/bench_schedule.py`), the whole command with Python's start-up, 5 runs: "
            f"median **{statistics.median(times):.3f} s**, best {min(times):.3f} s, worst {max(times):.3f} s.")


def _closed_hall(folder: Path, when_closed: str) -> Path:
    config = folder / "config.yaml"
    config.write_text(f'hours:\n  mon-sun: ["09:00-17:00"]\n  when_closed: {when_closed}\n'
                      f"paths:\n  content: {REPO / 'content'}\n  playlists: {REPO / 'playlists'}\n"
                      f"  log_db: {folder / 'log.sqlite3'}\n", encoding="utf-8")
    return config


def _kiosk_cpu(display: str, folder: Path, config: Path, at: str, seconds: float) -> tuple[float, Path]:
    targets = folder / "targets.json"
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config", str(config), "--at", at,
                                "--targets-file", str(targets)], cwd=REPO, env=_kiosk_env(display),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not (folder / "status.json").exists():
            time.sleep(0.05)
        time.sleep(5)
        return _cpu_share(process.pid, seconds), folder / "status.json"
    finally:
        process.terminate()
        process.wait()


def bench_closed() -> str:
    """What the kiosk costs while the hall is closed, and how often it writes its status file."""
    rows = []
    with VirtualScreen() as display:
        for label, mode, at in (("closed, asleep (`when_closed: sleep`)", "sleep", "2027-03-10 20:00"),
                                ("closed, attract loop only (`when_closed: attract`)", "attract", "2027-03-10 20:00"),
                                ("open, the attract loop (its items and their crossfades)", "sleep", "2027-03-10 10:00")):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                share, _status = _kiosk_cpu(display, folder, _closed_hall(folder, mode), at, 30)
            rows.append(f"| {label} | {share * 100:.2f} % |")
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            writes = _status_writes(display, folder, _closed_hall(folder, "sleep"), 60)
    return ("The kiosk process under Xvfb 1920×1080, 30 s measured after 5 s of rest, its calendar rehearsed "
            "(`run --at`) at 20:00 on a hall open 09:00–17:00, and at 10:00 for comparison ("
            "the demo's attract loop, whose items change every few seconds):\n\n| state | CPU, % of one core |\n|---|---|\n" + "\n".join(rows)
            + f"\n\nThe status file (data/status.json) of a sleeping kiosk was written **{writes} times in 60 s** "
              "(every 10 s, and on every change: here the content fingerprint, worked out once 5 s after start).")


def _status_writes(display: str, folder: Path, config: Path, seconds: float) -> int:
    targets = folder / "targets.json"
    status = folder / "status.json"
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config", str(config), "--at",
                                "2027-03-10 20:00", "--targets-file", str(targets)], cwd=REPO,
                               env=_kiosk_env(display), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not status.exists():
            time.sleep(0.05)
        time.sleep(3)
        writes, last, end = 0, status.stat().st_ino, time.monotonic() + seconds
        while time.monotonic() < end:
            inode = status.stat().st_ino  # each write is a new file renamed into place
            writes, last = writes + (inode != last), inode
            time.sleep(0.02)
        return writes
    finally:
        process.terminate()
        process.wait()


BENCHMARKS: dict[str, tuple[str, Callable[[], str]]] = {
    "schedule": ("The calendar: a week of 200 schedule entries", bench_schedule),
    "closed": ("Closed hours", bench_closed),
    "attract": ("The attract loop", bench_attract),
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
    "video": ("A 1080p video panel for 60 s, beside cvlc", bench_video),
    "video_cycles": ("Opening and leaving a video panel 500 times", bench_video_cycles),
    "surfaces": ("A full-screen surface under each malloc setting", bench_surfaces),
    "video_turned": ("A phone video turned upright", bench_video_turned),
}


def update_report(name: str, title: str, body: str) -> None:
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Performance\n"
    stamp = f"Measured {dt.date.today().isoformat()} on {machine()}."
    section = f"<!-- BEGIN {name} -->\n## {title}\n\n{stamp}\n\n{body}\n<!-- END {name} -->"
    pattern = re.compile(rf"<!-- BEGIN {name} -->.*?<!-- END {name} -->", re.DOTALL)
    text = pattern.sub(lambda _m: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
    REPORT.write_text(text, encoding="utf-8")


CHILDREN: dict[str, Callable[[], object]] = {
    "video_cycles": lambda: _video_cycles(VIDEO_CYCLES, VIDEO_CYCLE_MARKS),
    "surfaces": _surface_times,
}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:  # one measurement in a process of its own: see _in_child
        import json

        _name, setting = sys.argv[2:4]
        _set_malloc(setting)
        print(json.dumps(CHILDREN[sys.argv[2]]()))
        return
    _set_malloc("kiosk")  # as launch.py does before any thread starts: the numbers are the kiosk's
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
