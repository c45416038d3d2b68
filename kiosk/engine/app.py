"""The main loop: input -> gestures -> the current scene -> draw only when something changed.

A static screen costs next to nothing: the loop sleeps between short looks for a touch, a
finished picture or work from another thread (pygame.event.wait would poll SDL every
millisecond), and the display is only flipped after a redraw. Nothing here touches the disk while a visitor waits: pictures
load in worker threads (assets.py), the targets file is a few hundred bytes.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import replace

import pygame

from kiosk.admin.corner import CORNER_MM, corner_held, in_corner
from kiosk.analytics.sessions import Happened, SessionTracker
from kiosk.attract.idle import IdleClock
from kiosk.attract.playlist import Playlist
from kiosk.config import Config
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog
from kiosk.engine.countdown import draw_countdown
from kiosk.engine.gestures import Cancel, Gesture, GestureRecognizer, LongPress, Tap
from kiosk.engine.memory import give_back
from kiosk.engine.opening import Opening, ScreenPower
from kiosk.engine.present import Presenter
from kiosk.engine.scenes.admin import AdminActions, AdminScene
from kiosk.engine.scenes.attract import AttractScene
from kiosk.engine.scenes.base import Context, Scene
from kiosk.engine.scenes.home import HomeScene
from kiosk.engine.scenes.panel import PanelScene
from kiosk.engine.scenes.zone import ZoneScene
from kiosk.engine.targets import TargetsFile
from kiosk.engine.theme import PAPER
from kiosk.engine.touch_input import to_pointer
from kiosk.live.pace import Pace
from kiosk.service.calendar import HallState
from kiosk.service.report import ServiceReport

log = logging.getLogger(__name__)

FPS = 60
IDLE_POLL_S = 0.012  # a still screen looks for input this often: under a frame, a fraction of the CPU
ASLEEP_POLL_S = 0.1  # a sleeping screen: a touch wakes it within a tenth of a second
TIDY_EVERY_S = 5.0


class App:
    def __init__(self, ctx: Context, screen: pygame.Surface, *, windowed: bool, targets: TargetsFile,
                 cooldown_s: float = 0.08, playlist: Callable[[Catalog], Playlist] | None = None,
                 wake: Callable[[], None] = lambda: None, reread: Callable[[], None] | None = None,
                 presenter: Presenter | None = None, service: ServiceReport | None = None) -> None:
        self.ctx = ctx
        self.presenter = presenter or Presenter(screen)  # the canvas, turned into the window where needed
        self.screen = self.presenter.canvas
        self.windowed = windowed
        self.targets = targets
        self.gestures = GestureRecognizer(ctx.theme.mm_per_px, cooldown_s=cooldown_s)
        self.scene: Scene = HomeScene(ctx, self)
        self.dirty = True
        self.running = True
        self.clock = pygame.time.Clock()
        self.frames_drawn = 0
        self.on_frame: Callable[[], None] | None = None  # for tests and benchmarks
        # Work other threads hand to the main loop (a new Catalog, a finished player...),
        # run between two frames; put() a callable, then post an event to wake the loop.
        self.inbox: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self.opened_at = time.monotonic()  # when the current scene was shown
        self.sessions = SessionTracker(ctx.config.idle.timeout_s)  # visitors' visits, for the log
        self.playlist = playlist  # the attract loop's items for a Catalog; None: start on home
        self.wake = wake  # lets another thread wake a sleeping loop
        self.reread = reread  # asks the content watcher to read content/ again
        self.idle = IdleClock(ctx.config.idle.timeout_s, ctx.config.idle.warning_s, time.monotonic())
        self.countdown: int | None = None  # seconds left on the "继续浏览" card, when it shows
        self.swallow = False  # the touch that dismissed the card does nothing else
        self.reloads: list[str] = []  # recent reloads of content, the playlist and config.yaml, for the admin overlay
        self.settings_notes: list[str] = []  # config.yaml: a saved version's mistakes, settings waiting for a restart
        self.playlist_problems: Callable[[], list[str]] = list  # the attract playlist's, as `check` names them
        self.untidy, self.tidied_at = False, 0.0  # memory to hand back once the screen is still
        self.pace = Pace()  # tells the content watcher's reading when the loop rests
        self.service = service or ServiceReport(None, None)  # the status file and the service manager
        self.restart_reason: str | None = None  # set when the kiosk stops to start again (a new screen)
        # Opening hours (kiosk/engine/opening.py): None while open, else hours.when_closed.
        self.opening: Opening | None = None
        self.power: ScreenPower | None = None
        self.closed: str | None = None
        self.asleep = False  # closed with the screen off; a touch wakes it for hours.wake_minutes
        self.awake_until = 0.0  # monotonic: when a screen woken while closed goes back to sleep
        if playlist is not None:
            self.scene = AttractScene(ctx, self, playlist(ctx.catalog))

    # Navigation: scenes call these; each starts from fresh state.
    def home(self) -> None:
        self._show(HomeScene(self.ctx, self))

    def zone(self, zone_id: str) -> None:
        if self.ctx.catalog.zone(zone_id) is not None:
            self._show(ZoneScene(self.ctx, self, zone_id))

    def panel(self, panel_id: str) -> None:
        if panel_id in self.ctx.catalog.panels:
            self._show(PanelScene(self.ctx, self, panel_id))

    def back(self) -> None:
        if isinstance(self.scene, PanelScene) and self.scene.zone_id:
            self.zone(self.scene.zone_id)
        else:
            self.home()

    def attract(self) -> None:
        """Give the screen back to the attract loop (home when there is no playlist)."""
        if self.playlist is None:
            self.home()
        else:
            self._show(AttractScene(self.ctx, self, self.playlist(self.ctx.catalog)))

    def _follow_attract(self, stale: Collection[str] = (), recompose: bool = False) -> None:
        """An attract loop on screen follows new content, a new playlist or a new hall name. It
        is rebuilt only when what it shows changed (its items, a picture or video replaced,
        `recompose`), and then goes on from the item on screen when that is still listed, keeping
        what it composed and cued for unchanged items (a film on screen goes on playing)."""
        if self.playlist is None or self.scene.name != "attract":
            return
        playlist = self.playlist(self.ctx.catalog)
        old = self.scene
        if (not recompose and getattr(old, "items", None) == playlist.items
                and not any(item.picture in stale or item.video in stale for item in playlist.items)):
            return  # a change elsewhere in the hall: the loop goes on undisturbed
        scene = AttractScene(self.ctx, self, playlist)
        if isinstance(old, AttractScene):
            scene.carry_on_from(old, stale, recompose)
        self._show(scene)

    def open_admin(self) -> None:
        self.end_visit("admin")
        actions = AdminActions(reload_content=self.reload_content, restart_attract=self.attract,
                               exit_kiosk=self.stop, today=self.ctx.today,
                               recent_reloads=lambda: list(reversed(self.reloads[-5:])),
                               settings=lambda: list(self.settings_notes),
                               playlist_problems=self.playlist_problems)
        self._show(AdminScene(self.ctx, self, actions))

    def reload_content(self) -> None:
        """Read content/ again off the main loop; the new Catalog arrives between two frames."""
        if self.reread is not None:  # the watcher's way: a broken edit keeps its last good version
            self.reread()
            return
        config = self.ctx.config

        def work() -> None:
            catalog = load_catalog(config.paths.content, config.zones)
            self.inbox.put(lambda: self.swap_catalog(catalog))
            self.wake()

        threading.Thread(target=work, name="reload", daemon=True).start()

    def stop(self, restart: str | None = None) -> None:
        """End the loop after the current frame (the service manager's stop, or --windowed Esc);
        with `restart`, the reason the kiosk starts again at once (a screen switched on late)."""
        self.restart_reason = restart
        self.running = False
        pygame.event.post(pygame.event.Event(pygame.USEREVENT))  # wake a sleeping loop

    def _show(self, scene: Scene) -> None:
        events, now = self.ctx.events, time.monotonic()
        old = self.scene
        old.close()  # a video left behind stops and lets go of its player
        if old.panel_id is not None and old.panel_id != scene.panel_id:
            events.emit("panel_close", zone=old.zone_id, panel=old.panel_id, title=self._title(old.panel_id),
                        dwell_ms=round((now - self.opened_at) * 1000))
        if scene.name == "zone" and not (old.name == "zone" and old.zone_id == scene.zone_id):
            zone = self.ctx.catalog.zone(scene.zone_id or "")
            events.emit("zone_enter", zone=scene.zone_id, title=zone.title if zone else None)
        if scene.panel_id is not None and scene.panel_id != old.panel_id:
            events.emit("panel_open", zone=scene.zone_id, panel=scene.panel_id, title=self._title(scene.panel_id))
        self.opened_at = now
        self.untidy = True
        self.countdown = None
        self.scene = scene
        self.dirty = True

    def _title(self, panel_id: str) -> str | None:
        panel = self.ctx.catalog.panels.get(panel_id)
        return panel.title if panel else None

    def swap_catalog(self, catalog: Catalog, stale: Collection[str] = ()) -> None:
        """Between two frames: new content replaces old; a vanished panel or zone steps back.
        `stale`: files whose pictures changed."""
        self.ctx.catalog = catalog
        errors = len(catalog.errors)
        self.service.content(len(catalog.panels), errors, len(catalog.problems) - errors)
        self.note_reload(f"内容已更新：{len(catalog.panels)} 个版面，{errors} 个错误，{len(catalog.problems) - errors} 个提醒")
        if self.scene.name == "attract":
            self._follow_attract(stale)  # the loop follows the new content
        elif not self.scene.still_valid():
            zone_id = self.scene.zone_id
            if zone_id and catalog.zone(zone_id) is not None:
                self.zone(zone_id)
            else:
                self.home()
        self.dirty = True

    def note_reload(self, words: str) -> None:
        """One line for the admin overlay's list of recent reloads."""
        self.reloads.append(f"{time.strftime('%H:%M:%S')} {words}")
        del self.reloads[:-20]

    def playlist_changed(self) -> None:
        """A new version of the attract playlist: a loop on screen shows it now."""
        self._follow_attract()

    def apply_settings(self, config: Config, applied: Collection[str]) -> None:
        """Between two frames: run on settings saved in config.yaml (kiosk/live/settings.py says
        which may change live; `config` holds the others as the kiosk started with them)."""
        self.ctx.config = config
        self.idle.timeout_s, self.idle.warning_s = config.idle.timeout_s, config.idle.warning_s
        self.sessions.idle_s = config.idle.timeout_s
        self.gestures.cooldown_s = config.touch.cooldown_ms / 1000
        if any(key.startswith("hall.") for key in applied):
            pygame.display.set_caption(config.hall.title)
            self._follow_attract(recompose=True)  # its pictures were composed with the old name
        self.dirty = True

    # The loop.
    def run(self) -> None:
        last = time.monotonic()
        while self.running:
            self.service.frame(time.monotonic())  # a hung loop stops the watchdog's pings
            if self.opening is not None:
                self.opening.step(time.monotonic(), self.ctx.config)
            if self.asleep:
                self._sleep_a_while()
                last = time.monotonic()
                continue
            self.pace.frame()
            animating = self._step(time.monotonic() - last)
            last = time.monotonic()
            if self.dirty:
                self.draw_frame()
            else:
                self.present_changes()
            if animating or self.dirty:
                self.pace.rest()
                self.clock.tick(FPS)
                continue
            held = bool(self.gestures.held(time.monotonic()))
            self._tidy(held)
            self.pace.rest()
            time.sleep(IDLE_POLL_S)  # not pygame.event.wait: it polls SDL every millisecond
        self.pace.rest()
        self.scene.close()

    # Opening hours.
    def set_hall(self, state: HallState, problem: str) -> None:
        """The calendar's answer changed (Opening.act): open or closed, and the featured panels."""
        self.ctx.featured = state.featured
        if problem:
            self.ctx.standing_problems["calendar"] = (problem,)
        else:
            self.ctx.standing_problems.pop("calendar", None)
        self.service.hall(state)
        closed = None if state.open else state.closed_mode
        if closed == self.closed:
            return
        self.closed = closed
        self.dirty = True  # the attract loop's hint says whether a touch begins a visit
        if closed is None:
            self._wake_screen()  # asleep: the attract loop; a visit already under way goes on
            return
        self.end_visit("closed")
        self.attract()
        if closed == "sleep":
            self._fall_asleep()

    def _fall_asleep(self) -> None:
        """Closed: stop drawing and decoding, black screen, the display asked to power down."""
        self.asleep = True
        self.scene.close()
        self.screen.fill((0, 0, 0))
        self.presenter.flip()
        if self.power is not None:
            self.power.off()
        self.service.drawn("asleep", None, None)

    def _wake_screen(self) -> None:
        if self.asleep:
            self.asleep = False
            if self.power is not None:
                self.power.on()
            self.attract()

    def _sleep_a_while(self) -> None:
        """While asleep: a look for a touch ten times a second, nothing drawn (a fraction of a percent of a core)."""
        events = pygame.event.get()
        for index, event in enumerate(events):
            if event.type in (pygame.MOUSEBUTTONDOWN, pygame.FINGERDOWN):
                minutes = self.ctx.config.hours.wake_minutes
                self.awake_until = time.monotonic() + minutes * 60
                self.idle.activity(time.monotonic())
                # The touch that woke the screen does nothing else, up to its lifting finger.
                self.swallow = not any(e.type in (pygame.MOUSEBUTTONUP, pygame.FINGERUP) for e in events[index:])
                self.service.touched()
                self._wake_screen()
                log.info("a touch woke the screen while the hall is closed, for %d minutes", minutes)
                return
            if event.type == pygame.QUIT and self.windowed:
                self.running = False
        while True:
            try:
                self.inbox.get_nowait()()
            except queue.Empty:
                break
        time.sleep(ASLEEP_POLL_S)

    def _watch_closed(self, now: float) -> None:
        """Woken while closed: back to sleep once nobody has touched it for hours.wake_minutes."""
        if self.closed != "sleep" or self.asleep or self.scene.name == "admin":
            return
        minutes = self.ctx.config.hours.wake_minutes
        self.awake_until = max(self.awake_until, self.idle.last_activity + minutes * 60)
        if now >= self.awake_until:
            self.end_visit("closed")
            self._fall_asleep()

    def _tidy(self, held: bool) -> None:
        """The screen is still: hand freed memory back, at most every few seconds after a change."""
        now = time.monotonic()
        if self.untidy and not held and not self.ctx.pictures.busy and now - self.tidied_at >= TIDY_EVERY_S:
            give_back()
            self.untidy, self.tidied_at = False, now

    def _step(self, dt: float) -> bool:
        for event in pygame.event.get():
            self._handle(event)
        while True:
            try:
                work = self.inbox.get_nowait()
            except queue.Empty:
                break
            work()
            self.dirty = True
        for g in self.gestures.tick(time.monotonic()):
            self._gesture(g)
        self._watch_idle(time.monotonic())
        self._watch_corner(time.monotonic())
        self._watch_closed(time.monotonic())
        if self.ctx.pictures.collect():
            self.dirty = True
        animating = self.scene.update(dt)
        if animating:
            self.dirty = True
        return animating

    def _watch_idle(self, now: float) -> None:
        """Countdown, then the attract loop, when a visitor has walked away."""
        if self.scene.name in ("attract", "admin"):
            self.countdown = None
            return
        if self.scene.playing():  # watching a video is not walking away
            self.idle.activity(now)
        state = self.idle.state(now)
        if state.phase == "expired":
            self.countdown = None
            self.end_visit("idle")
            self.attract()
            return
        seconds = state.seconds_left if state.phase == "warning" else None
        if seconds != self.countdown:
            self.countdown = seconds
            self.dirty = True

    def _watch_corner(self, now: float) -> None:
        admin = self.ctx.config.admin
        if self.scene.name != "admin" and corner_held(self.gestures.held(now), admin.gesture, admin.hold_s,
                                                      self.ctx.size, self.ctx.theme.px(CORNER_MM)):
            self.open_admin()

    def _handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.NOEVENT:
            return
        if event.type == pygame.QUIT:
            if self.windowed:
                self.running = False
            return  # in the hall, the window cannot be closed
        if event.type == pygame.KEYDOWN:
            self._key(event)
            return
        if event.type in (pygame.WINDOWEXPOSED, pygame.VIDEOEXPOSE, pygame.WINDOWRESTORED):
            self.dirty = True
            return
        pointer = to_pointer(event, self.presenter.window.get_size(), time.monotonic())
        if pointer is not None:
            if self.presenter.turn:
                x, y = self.presenter.to_canvas(pointer.x, pointer.y)
                pointer = replace(pointer, x=x, y=y)
            self.service.touched()
            visitor = self.scene.name != "admin"  # the PIN pad and the overlay are the administrator's
            if pointer.kind == "down":
                self.idle.activity(pointer.t)
                if self.countdown is not None:  # "继续浏览": the visitor is back
                    self.countdown, self.swallow, self.dirty = None, True, True
                if visitor:
                    self._log(self.sessions.touch(pointer.t, tentative=self._in_admin_corner(pointer.x, pointer.y)))
            elif pointer.kind == "up" and visitor:
                self._log(self.sessions.confirm())  # lifted before the overlay opened: a visitor's touch
            gestures = self.gestures.feed(pointer)
            if self.swallow:
                self.swallow = pointer.kind != "up"
                return
            for g in gestures:
                self._gesture(g)

    def end_visit(self, reason: str) -> None:
        """The visit ends now, not after the idle time: the kiosk stops or the admin overlay opens."""
        self._log(self.sessions.end(reason))

    def _log(self, happened: Happened) -> None:
        for kind, value in happened:
            self.ctx.events.emit(kind, **value)

    def _key(self, event: pygame.event.Event) -> None:
        quit_keys = event.key == pygame.K_ESCAPE or (
            event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL) or (
            event.key == pygame.K_F4 and event.mod & pygame.KMOD_ALT)
        if quit_keys and self.windowed:
            self.running = False
        # Fullscreen in the hall: no key leads out of the kiosk.

    def _in_admin_corner(self, x: float, y: float) -> bool:
        admin = self.ctx.config.admin
        return in_corner(x, y, admin.gesture, self.ctx.size, self.ctx.theme.px(CORNER_MM))

    def _gesture(self, g: Gesture) -> None:
        if self.closed == "attract" and self.scene.name == "attract":
            return  # closed: the attract loop only, no visit begins (the admin corner still opens)
        if self.scene.name != "admin" and not (isinstance(g, LongPress) and self._in_admin_corner(g.x, g.y)):
            self._log(self.sessions.confirm())  # whatever a visitor does is logged within their visit
        try:
            if isinstance(g, Tap):
                changed = self.scene.tap(g.x, g.y)
            elif isinstance(g, Cancel):
                changed = False
            else:
                changed = self.scene.gesture(g)
        except Exception:  # a scene's bug must never show a traceback: go home and report it
            log.exception("scene %s failed on %s", self.scene.name, g)
            self.ctx.runtime_problems.append(f"{self.scene.name} screen failed on a touch; returned home")
            self.home()
            changed = True
        if changed:
            self.dirty = True

    def present_changes(self) -> None:
        """Put on the display only what the scene redrew by itself, such as a video's new picture."""
        areas = self.scene.refresh(self.screen)
        if areas:
            self.presenter.update(areas)

    def draw_frame(self) -> None:
        self.dirty = False
        try:
            self.scene.draw(self.screen)
        except Exception:  # keep the hall running: report, then show home
            log.exception("scene %s failed to draw", self.scene.name)
            self.ctx.runtime_problems.append(f"{self.scene.name} screen failed to draw; returned home")
            self.scene.close()
            self.scene = HomeScene(self.ctx, self)
            try:
                self.scene.draw(self.screen)
            except Exception:  # even home fails (fonts gone?): a calm empty screen, never a crash
                log.exception("the home screen failed to draw")
                self.screen.fill(PAPER)
        if self.countdown is not None:
            draw_countdown(self.screen, self.ctx, self.scene.hits, self.countdown, keep=lambda: None)
        self.presenter.flip()
        self.frames_drawn += 1
        targets = self.scene.targets()
        if self.presenter.turn:  # in the window's pixels, where a tap lands
            targets = [replace(t, rect=self.presenter.to_window(t.rect)) for t in targets]
        self.targets.write(self.scene.name, self.scene.zone_id, self.scene.panel_id, targets)
        self.service.drawn(self.scene.name, self.scene.zone_id, self.scene.panel_id)
        if self.on_frame is not None:
            self.on_frame()
