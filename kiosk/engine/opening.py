"""The hall's opening hours and calendar, acted on by the running kiosk between two frames.

The calendar (kiosk/service/calendar.py) says, for the hall's wall clock, whether the hall is
open, what closed means and which playlist plays, and until when that holds. This asks it
again when that time comes, at least every minute (a clock set by NTP or by hand is noticed
within a minute) and when config.yaml is saved, and hands the answer to the loop: the
playlist to follow, open or closed, the featured panels. Everything else runs on monotonic
time, so a clock that jumps never stretches or cuts a timer.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Config
from kiosk.service.calendar import Calendar, HallState, hall_state, playable
from kiosk.service.clock import HallClock

log = logging.getLogger(__name__)

RECHECK_S = 60.0


class Opening:
    def __init__(self, clock: HallClock, playlists: Path, follow_playlist: Callable[[str], None],
                 act: Callable[[HallState, str], None]) -> None:
        self.clock = clock
        self.playlists = playlists
        self.follow_playlist = follow_playlist  # the live updates' switch to another playlist file
        self.act = act  # the loop's side: open or closed, featured panels, the status
        self.state: HallState | None = None
        self._config: Config | None = None
        self._calendar: Calendar | None = None
        self._due = 0.0
        self._problem = ""

    def playlist_for(self, config: Config) -> str:
        """The playlist the calendar picks now for a config.yaml just saved (the live updates ask)."""
        self.step(time.monotonic(), config)
        return self.state.playlist if self.state else config.attract.playlist

    def step(self, now: float, config: Config) -> None:
        """Every turn of the loop: costs a comparison unless an answer is due."""
        if config is self._config and now < self._due:
            return
        if config is not self._config:
            self._config, self._calendar = config, config.calendar
        assert self._calendar is not None
        when = self.clock.now()
        state = hall_state(self._calendar, when)
        exists = [state.playlist] if (self.playlists / f"{state.playlist}.yaml").is_file() else []
        state, problem = playable(state, config.attract.playlist, exists)
        wait = RECHECK_S
        if state.next_change is not None:
            wait = min(wait, max(0.0, (state.next_change - when).total_seconds()) + 0.05)
        self._due = now + wait
        if problem and problem != self._problem:
            log.warning("%s", problem)
        self._problem = problem
        if self.state is None or _answer(state) != _answer(self.state):
            log.info("hall %s, playlist %s (%s)", "open" if state.open else f"closed ({state.closed_mode})",
                     state.playlist, state.why)
            previous, self.state = self.state, state
            if previous is None or previous.playlist != state.playlist:
                self.follow_playlist(state.playlist)
            self.act(state, problem)
        self.state = state


def _answer(state: HallState) -> tuple:
    return state.open, state.closed_mode, state.playlist, state.featured


class ScreenPower:
    """Ask the display to power the screen down while the hall sleeps, and up again (X11 DPMS).

    Run off the main loop: `xset` is a process. Where it is missing or refused (Wayland, a
    server without DPMS) the screen shows black instead, which the log says once."""

    def __init__(self) -> None:
        self._said = False

    def off(self) -> None:
        self._run("off", ["dpms", "force", "off"])

    def on(self) -> None:
        # Forcing a level turns DPMS on, with the server's timeouts (10 minutes): off again, as
        # the kiosk's session started it, or an open hall would go dark by itself.
        self._run("on", ["dpms", "force", "on"], ["-dpms"])

    def _run(self, how: str, *commands: list[str]) -> None:
        tool = shutil.which("xset")

        def work() -> None:
            ok = tool is not None
            for command in commands if tool else ():
                try:
                    done = subprocess.run([tool, *command], check=False, capture_output=True, timeout=5)
                    ok = ok and done.returncode == 0
                except (OSError, subprocess.SubprocessError):
                    ok = False
            if not ok and not self._said:
                self._said = True
                log.warning("the screen could not be powered %s (xset dpms): it shows black while the hall sleeps", how)

        threading.Thread(target=work, name="screen-power", daemon=True).start()
