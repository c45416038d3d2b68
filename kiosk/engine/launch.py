"""Start the kiosk: check what the screen needs, open the window, run the loop.

Every reason the kiosk cannot start (no display, no Chinese font, a window that cannot be
opened) is one line naming the fix, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

from kiosk import __version__
from kiosk.analytics.log import InteractionLog
from kiosk.analytics.today import TodayTally, earlier_today
from kiosk.config import Config
from kiosk.engine.memory import limit_arenas
from kiosk.service.clock import HallClock, local_zone
from kiosk.service.rehearsal import parse_instant

log = logging.getLogger("kiosk")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text)
    if not match:
        raise ValueError(f'--size must be WIDTHxHEIGHT such as 1920x1080, got "{text}"')
    return int(match[1]), int(match[2])


def launch(config: Config, args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    headless = os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen")
    if not headless and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return _fail("No display found: start the kiosk from the screen's desktop session, or on a virtual "
                     "screen with: xvfb-run -s '-screen 0 1920x1080x24' ./scripts/run.sh")
    try:
        size = parse_size(args.size) or config.screen.resolution
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    clock = _hall_clock(getattr(args, "at", None))
    if clock is None:
        return 2
    fonts = {role: config.font_file(role) for role in ("sans", "sans_bold", "serif")}
    if None in fonts.values():
        return _fail("No Chinese font found: install Debian's fonts-noto-cjk (./scripts/run.sh does) "
                     "or set fonts.sans, fonts.sans_bold and fonts.serif in config.yaml")
    from kiosk.live.follow import LiveUpdates
    from kiosk.live.pace import set_aside_the_hall

    limit_arenas()  # before any worker thread starts: less memory held per thread

    # content/, the attract playlist and config.yaml, followed while the kiosk runs
    live = LiveUpdates(config, getattr(args, "config", None), getattr(args, "content", None))
    catalog = live.load()  # watching starts first, so nothing changed during the read is lost
    set_aside_the_hall()  # full garbage collections no longer walk it: no 30 ms pause mid-frame
    errors = len(catalog.errors)
    if catalog.problems:
        log.warning("content has %d errors and %d warnings; run `python -m kiosk check` for the list",
                    errors, len(catalog.problems) - errors)
    return _open_and_run(config, args, size, fonts, catalog, live, clock)


def _hall_clock(at: str | None) -> HallClock | None:
    """The system's wall clock, or a rehearsal's (`--at`); None after saying what is wrong with --at."""
    zone = local_zone()
    if not at:
        return HallClock(zone)
    try:
        when = parse_instant(at, zone)
    except ValueError as err:
        print(err, file=sys.stderr)
        return None
    log.warning("rehearsal: the hall's calendar runs from %s (the interaction log keeps the real time)", at)
    return HallClock(zone, when)


def _open_and_run(config: Config, args: argparse.Namespace, size: tuple[int, int] | None,
                  fonts: dict[str, Path | None], catalog, live, clock: HallClock) -> int:
    os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")  # a kiosk never minimises itself
    # SDL would turn SIGTERM into a window-close event, which the kiosk ignores; the service
    # manager's stop must stop it.
    os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
    import pygame
    import pygame.freetype

    from kiosk.engine.app import App
    from kiosk.engine.assets import PictureCache
    from kiosk.engine.opening import Opening, ScreenPower
    from kiosk.engine.present import Presenter
    from kiosk.engine.scenes.base import Context
    from kiosk.engine.screens import ScreenFollower
    from kiosk.engine.targets import TargetsFile
    from kiosk.engine.text import TextRenderer
    from kiosk.engine.theme import FontFiles, Theme
    from kiosk.engine.window import WindowError, open_window
    from kiosk.service.notify import ServiceNotifier
    from kiosk.service.report import ServiceReport
    from kiosk.service.status import StatusFile, status_path

    windowed = args.windowed or not config.screen.fullscreen
    try:
        _init_display(pygame)
        pygame.freetype.init()
        if windowed:
            presenter = Presenter(pygame.display.set_mode(size or (1280, 720)))
        else:
            if size:
                log.info("--size and screen.resolution size the window only when it is not fullscreen")
            opened = open_window(config.screen.output, config.screen.orientation)
            presenter = Presenter(opened.surface, opened.placement)
    except pygame.error as err:
        live.stop()
        return _fail(f"The kiosk window could not be opened ({err}). Check the display, or try --windowed")
    except WindowError as err:
        live.stop()
        log.error("the kiosk's window does not cover the screen: %s. Stopping, so the service starts it again", err)
        return _fail(f"The kiosk's window does not cover the screen ({err}); "
                     "the kiosk stops so that its service starts it again. Check the screen's cable and `xrandr`.")
    screen = presenter.canvas
    pygame.display.set_caption(config.hall.title)
    pygame.mouse.set_visible(config.screen.show_cursor or args.windowed)
    actual = screen.get_size()
    theme = Theme(actual, config.screen.mm_per_px(actual),
                  FontFiles(fonts["sans"], fonts["sans_bold"], fonts["serif"], config.fonts.ttc_face))
    wake = pygame.event.custom_type()
    pictures = PictureCache(config.paths.content, on_ready=lambda: _post(pygame, wake))
    ctx = Context(config, theme, TextRenderer(theme), pictures, catalog, actual)
    status = StatusFile(status_path(config), {
        "kiosk_id": config.kiosk_id, "version": __version__, "state": "running", "open": True,
        "screen": _screen_fields(presenter), "touched": False}, config.paths.content)
    service = ServiceReport(status, ServiceNotifier.from_environ())  # READY after the first frame, then pings
    errors = len(catalog.errors)
    service.content(len(catalog.panels), errors, len(catalog.problems) - errors, reloaded=False)
    status.start()
    app = App(ctx, screen, windowed=windowed, targets=TargetsFile(args.targets_file),
              cooldown_s=config.touch.cooldown_ms / 1000, playlist=live.playlist,
              wake=lambda: _post(pygame, wake), reread=live.read_everything, presenter=presenter,
              service=service)
    events = _open_log(config, app, lambda: _post(pygame, wake))
    app.opening = Opening(clock, config.paths.playlists, live.play, app.set_hall)  # hours and the calendar
    app.power = None if windowed else ScreenPower()
    live.playlist_for = app.opening.playlist_for
    signal.signal(signal.SIGTERM, lambda _sig, _frame: app.stop())
    log.info("kiosk %s showing %d panels on a %dx%d screen%s", config.kiosk_id, len(catalog.panels), *actual,
             _where(presenter))
    started = time.monotonic()

    live.start(app, lambda: _post(pygame, wake))  # each change is handed to the loop, between two frames
    screens = None if windowed else ScreenFollower(presenter.placement, config.screen.output,
                                                   config.screen.orientation, app, lambda: _post(pygame, wake))
    try:
        app.run()
    finally:
        if screens is not None:
            screens.stop()
        live.stop()
        app.end_visit("stop")
        events.emit("app_stop", version=__version__, uptime_s=round(time.monotonic() - started))
        if unwritten := events.close():
            log.warning("%d events could not be written to the interaction log %s", unwritten, config.paths.log_db)
        pictures.close()
        service.stopping()
        pygame.quit()
    if app.restart_reason:
        log.warning("starting again: %s", app.restart_reason)
        logging.shutdown()
        os.execv(sys.executable, [sys.executable, "-m", "kiosk", *sys.argv[1:]])
    return 0


def _init_display(pygame) -> None:
    """pygame.display.init, again after a moment when a server busy at boot refuses the connection."""
    for attempt in range(1, 4):
        try:
            pygame.display.init()
            break
        except pygame.error as err:
            if attempt == 3:
                raise
            log.warning("the display refused the connection (%s); trying again", err)
            time.sleep(attempt)
    if pygame.display.get_driver() == "x11":
        # X11's shared-memory framebuffer: left to itself SDL draws through OpenGL, which
        # without a GPU driver (software GL, Xvfb) costs 15 ms of CPU per 1080p update; this
        # way 0.5 ms, which a video redrawing 30 times a second needs.
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")


def _screen_fields(presenter) -> dict:
    """For the status file: where the window is and on which screen, so a black screen shows from outside."""
    window = list(presenter.window.get_size())
    placement = presenter.placement
    if placement is None:
        return {"output": None, "window": window, "canvas": list(presenter.canvas.get_size()), "fullscreen": False}
    return {"output": placement.output.name, "screen": list(placement.rect), "window": list(placement.rect),
            "canvas": list(placement.canvas), "turn": placement.turn * 90, "fullscreen": True}


def _where(presenter) -> str:
    placement = presenter.placement
    if placement is None:
        return " (a window)"
    turned = ", turned for portrait" if placement.turn else ""
    return f" ({placement.output.name} at {placement.output.x},{placement.output.y}{turned})"


def _open_log(config: Config, app, wake) -> InteractionLog:
    """The interaction log at paths.log_db; its problems (a full disk...) reach the admin overlay via the loop."""
    events = InteractionLog(config.paths.log_db, config.kiosk_id, retention_days=config.log.retention_days)

    def hand_over() -> None:  # from the writer thread
        app.inbox.put(lambda: events.show_problem(app.ctx.runtime_problems))
        wake()

    events.on_change = hand_over
    tally = TodayTally(events)  # today's numbers for the admin overlay, counted as events pass
    app.ctx.events, app.ctx.today = tally, tally.lines
    started_ms = int(time.time() * 1000)

    def read_earlier() -> None:  # off the main loop: what the log held from earlier today
        counts = earlier_today(config.paths.log_db, config.kiosk_id, started_ms)
        app.inbox.put(lambda: tally.add_earlier(*counts))
        wake()

    threading.Thread(target=read_earlier, name="today", daemon=True).start()
    events.start()
    events.emit("app_start", version=__version__, panels=len(app.ctx.catalog.panels))
    return events


def _post(pygame, event_type: int) -> None:
    try:
        pygame.event.post(pygame.event.Event(event_type))
    except pygame.error:
        pass  # the display is closing
