"""Everything the kiosk follows while it runs: content/, the attract playlist and config.yaml.

Each is read off the main loop (content/ on the content watcher's thread, the two single
files on the file watcher's) and handed over through `app.inbox`; between two frames only
references change hands, the administrator is told, and the log records it:
- content/: kiosk/live/watcher.py, put on screen by kiosk/live/onscreen.py;
- playlists/NAME.yaml: kiosk/live/playlist.py; a new version rebuilds an attract loop on
  screen, a broken one leaves the last good version there;
- config.yaml, the file the kiosk was started with: read with kiosk/config.py's loader. What
  may change live (kiosk/live/settings.py) is applied at once; the rest is named in the admin
  overlay as waiting for a restart. A save with mistakes changes nothing: the kiosk runs on
  as before, and the mistakes are shown with their line, as at start.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.attract.playlist import Playlist
from kiosk.config import Config, ConfigError, load_config
from kiosk.content.model import Catalog
from kiosk.live.files import FileWatcher
from kiosk.live.onscreen import MAX_PROBLEM_LINES, show
from kiosk.live.pace import Pace
from kiosk.live.playlist import KEPT, PlaylistKeeper, PlaylistRead
from kiosk.live.reload import Reload
from kiosk.live.settings import applied_words, compare, restart_lines
from kiosk.live.watcher import ContentWatcher

if TYPE_CHECKING:
    import queue

    from kiosk.engine.scenes.base import Context

log = logging.getLogger(__name__)


class Screen(Protocol):
    """The App, as the things followed here see it."""

    ctx: Context
    inbox: queue.SimpleQueue[Callable[[], None]]
    settings_notes: list[str]
    playlist_problems: Callable[[], list[str]]
    pace: Pace

    def swap_catalog(self, catalog: Catalog, stale: Collection[str] = ()) -> None: ...
    def note_reload(self, words: str) -> None: ...
    def playlist_changed(self) -> None: ...
    def apply_settings(self, config: Config, applied: Collection[str]) -> None: ...


@dataclass(frozen=True)
class ConfigRead:
    """config.yaml as saved: a valid Config, or the lines naming its mistakes."""

    config: Config | None
    errors: tuple[str, ...] = ()
    last_event: float = 0.0


class LiveUpdates:
    def __init__(self, config: Config, config_path: Path | None = None, content_override: Path | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config_path = config_path  # as given at start, so mistakes are named as they were then
        self.content_override = content_override
        self.clock = clock
        self.pace = Pace()  # the App's loop says when it rests; the content watcher reads then
        self.content = ContentWatcher(config.paths.content, config.zones, config.live, self.pace.turn)
        self.files = FileWatcher(config.live)
        self.keeper = PlaylistKeeper(config.paths.playlists, config.attract.playlist)
        self.config_errors: tuple[str, ...] = ()  # of the last save, while it is broken
        self.restart: tuple[str, ...] = ()  # saved settings waiting for a restart
        # Which playlist a saved config.yaml plays now: the calendar's choice where it runs.
        self.playlist_for: Callable[[Config], str] = lambda config: config.attract.playlist
        self._app: Screen | None = None
        self._wake: Callable[[], None] = lambda: None

    def load(self) -> Catalog:
        """Start following, then read content/ and the playlist: nothing saved meanwhile is lost."""
        if self.config_path is not None:
            self.files.follow(self.config_path, self._read_config)
        self.files.follow(self.keeper.path, self._read_playlist)
        catalog = self.content.load()
        self.keeper.accept(self.keeper.read(catalog))
        return catalog

    def playlist(self, catalog: Catalog) -> Playlist:
        """The attract loop's items for a Catalog: the playlist's last good version."""
        return self.keeper.playlist(catalog)

    def start(self, app: Screen, wake: Callable[[], None]) -> None:
        """Hand every change to `app` between two frames from now on; `wake` wakes a sleeping loop."""
        self._app, self._wake = app, wake
        app.pace = self.pace
        app.playlist_problems = lambda: [str(p) for p in self.keeper.problems]
        self.files.on_note = lambda note: self._on_main(lambda: app.ctx.runtime_problems.append(note))
        self.content.start(self._content_read)
        self.files.start()

    def stop(self) -> None:
        self.content.stop()
        self.files.stop()

    def read_everything(self) -> None:
        """The administrator's 重新载入内容: content/ and the playlist read again, with the usual care."""
        self.content.read_everything()
        self.files.read_now(self.keeper.path)

    @property
    def idle(self) -> bool:
        """Every change seen so far has been read and handed on (for tests and benchmarks)."""
        return self.content.idle and self.files.idle

    def _on_main(self, work: Callable[[], None]) -> None:
        assert self._app is not None
        self._app.inbox.put(work)
        self._wake()

    # On the content watcher's thread.
    def _content_read(self, reload: Reload) -> None:
        if reload.catalog is not None:  # the playlist resolved here, so the loop finds it ready
            self.keeper.playlist(reload.catalog)
        self._on_main(lambda: show(self._screen(), reload))

    # On the file watcher's thread.
    def _read_playlist(self, last_event: float) -> None:
        assert self._app is not None
        result = self.keeper.read(self._app.ctx.catalog, last_event)
        self._on_main(lambda: self.show_playlist(result))

    def _read_config(self, last_event: float) -> None:
        assert self.config_path is not None
        try:
            result = ConfigRead(load_config(self.config_path, self.content_override), (), last_event)
        except ConfigError as err:
            result = ConfigRead(None, tuple(err.lines), last_event)
        self._on_main(lambda: self.show_config(result))

    # On the main loop.
    def show_playlist(self, result: PlaylistRead) -> None:
        app = self._screen()
        before = set(self.keeper.problems)
        outcome = self.keeper.accept(result)
        if outcome is None:
            return
        name = f"{result.version.name}.yaml"
        new = [p for p in result.problems if p not in before]
        items = len(result.playlist.items)
        if outcome == KEPT:
            problem = next((p for p in result.problems if p.severity == "error"), None)
            where = problem.path if problem else name
            note = f"the attract loop keeps the last good version of {where} until it is fixed"
            log.warning("%s", note)
            app.ctx.standing_problems["playlist"] = (note,)
            app.note_reload(f"轮播清单 {name} 有错误，继续播放上一个正确的版本")
            items = len(self.keeper.playlist(app.ctx.catalog).items)
        else:
            app.ctx.standing_problems.pop("playlist", None)
            app.playlist_changed()
            app.note_reload(f"轮播清单已更新：{name}，{items} 项" if result.version.text is not None
                            else f"轮播清单 {name} 已不存在，轮流显示各展区封面")
        latency_ms = max(0, round((self.clock() - result.last_event) * 1000))
        app.ctx.events.emit("content_reload", playlist=result.version.name, items=items, problems=len(new),
                            latency_ms=latency_ms)
        log.info("playlist %s %s in %d ms: items on screen %d, new problems %d", name,
                 "kept in its last good version" if outcome == KEPT else "reloaded", latency_ms, items, len(new))
        for problem in new[:MAX_PROBLEM_LINES]:
            log.warning("playlist: %s", problem)

    def show_config(self, result: ConfigRead) -> None:
        app = self._screen()
        latency_ms = max(0, round((self.clock() - result.last_event) * 1000))
        if result.config is None:
            if result.errors == self.config_errors:
                return  # saved again with the same mistakes: said already
            self.config_errors = result.errors
            app.settings_notes = self._notes()
            app.note_reload("config.yaml 有错误，展项仍按原来的设置运行")
            app.ctx.events.emit("config_reload", applied=[], restart=list(self.restart),
                                problems=len(result.errors), latency_ms=latency_ms)
            log.warning("config.yaml was saved with mistakes (%d); the kiosk runs on as before", len(result.errors))
            for line in result.errors:
                log.warning("config: %s", line)
            return
        fixed, self.config_errors = bool(self.config_errors), ()
        comparison = compare(app.ctx.config, result.config)
        if not comparison.applied and comparison.restart == self.restart and not fixed:
            return  # nothing a visitor or an administrator would notice (a comment, a touch)
        self.restart = comparison.restart
        config = comparison.config
        app.apply_settings(config, comparison.applied)
        if "attract.playlist" in comparison.applied:
            self.play(self.playlist_for(config))
        if any(key.startswith("live.") for key in comparison.applied):
            self.content.retune(config.live)
            self.files.retune(config.live)
        app.settings_notes = self._notes()
        words = [f"设置已生效：{applied_words(comparison.applied)}" if comparison.applied else "设置已保存",
                 f"需要重启：{'、'.join(comparison.restart)}" if comparison.restart else ""]
        app.note_reload("；".join(w for w in words if w))
        app.ctx.events.emit("config_reload", applied=list(comparison.applied), restart=list(comparison.restart),
                            problems=0, latency_ms=latency_ms)
        log.info("config.yaml reloaded in %d ms: applied %s; waiting for a restart: %s", latency_ms,
                 ", ".join(comparison.applied) or "nothing", ", ".join(comparison.restart) or "nothing")

    def play(self, name: str) -> None:
        """The attract loop is to show playlists/<name>.yaml (the calendar's choice, or a new attract.playlist)."""
        if name != self.keeper.name:
            self._follow_playlist(name)

    def _follow_playlist(self, name: str) -> None:
        """attract.playlist names another file: follow it and read it now."""
        self.files.forget(self.keeper.path)
        self.keeper.rename(name)
        self.files.follow(self.keeper.path, self._read_playlist)
        self.files.read_now(self.keeper.path)

    def _notes(self) -> list[str]:
        """The admin overlay's lines about config.yaml."""
        notes = []
        if self.config_errors:
            notes.append("config.yaml 保存的版本有错误，展项仍按原来的设置运行。请改正：")
            notes.extend(self.config_errors)
        return notes + restart_lines(self.restart)

    def _screen(self) -> Screen:
        assert self._app is not None
        return self._app
