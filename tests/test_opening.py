"""The running kiosk asks the calendar again when its answer runs out, when config.yaml is
saved and at least every minute, so a wall clock that jumps is followed within a minute."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.config import load_config
from kiosk.engine.opening import RECHECK_S, Opening
from kiosk.service.calendar import HallState
from kiosk.service.clock import HallClock
from tests.conftest import REPO, write

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Wall:
    def __init__(self, text: str) -> None:
        self.t = datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp()

    def __call__(self) -> float:
        return self.t


def _opening(tmp_path: Path, wall: Wall, hours: str = "") -> tuple[Opening, list[str], list[HallState]]:
    write(tmp_path / "config.yaml", f"paths:\n  content: {REPO / 'content'}\n  playlists: {REPO / 'playlists'}\n"
                   f"  log_db: {tmp_path / 'log.sqlite3'}\n{hours}"
                   "schedule:\n  - {date: 06-28..07-04, playlist: 建党节, featured: [education/01-开天辟地]}\n")
    followed: list[str] = []
    acted: list[HallState] = []
    opening = Opening(HallClock(SHANGHAI, real=wall), REPO / "playlists", followed.append,
                      lambda state, problem: acted.append(state))
    return opening, followed, acted


def test_the_playlist_changes_when_its_day_comes_and_not_before(tmp_path: Path) -> None:
    wall = Wall("2027-06-27 23:59:00")
    opening, followed, acted = _opening(tmp_path, wall)
    config = load_config(tmp_path / "config.yaml")
    opening.step(0.0, config)
    assert followed == ["default"] and acted[-1].featured == ()
    wall.t += 30
    opening.step(30.0, config)  # before the answer runs out: not even asked
    assert followed == ["default"]
    wall.t += 30.1
    opening.step(60.1, config)
    assert followed == ["default", "建党节"] and acted[-1].featured == ("education/01-开天辟地",)


def test_a_clock_set_forward_by_hand_is_followed_within_a_minute(tmp_path: Path) -> None:
    wall = Wall("2027-03-10 10:00:00")
    opening, _followed, acted = _opening(tmp_path, wall, 'hours:\n  mon-sun: ["09:00-17:00"]\n')
    config = load_config(tmp_path / "config.yaml")
    opening.step(0.0, config)
    assert acted[-1].open
    wall.t += 8 * 3600  # NTP or a caretaker: 18:00 now, 1 s of monotonic time later
    opening.step(1.0, config)
    assert acted[-1].open  # not asked yet
    opening.step(RECHECK_S + 0.5, config)
    assert not acted[-1].open and len(acted) == 2


def test_a_saved_config_is_answered_at_once(tmp_path: Path) -> None:
    wall = Wall("2027-03-10 18:00:00")
    opening, _followed, acted = _opening(tmp_path, wall)
    opening.step(0.0, load_config(tmp_path / "config.yaml"))
    assert acted[-1].open  # no hours: always open
    text = (tmp_path / "config.yaml").read_text(encoding="utf-8")
    write(tmp_path / "config.yaml", text + 'hours:\n  mon-sun: ["09:00-17:00"]\n  when_closed: attract\n')
    opening.step(0.5, load_config(tmp_path / "config.yaml"))
    assert not acted[-1].open and acted[-1].closed_mode == "attract"


def test_a_rehearsal_clock_starts_at_its_moment_and_runs_on() -> None:
    wall = Wall("2026-12-05 11:00:00")
    clock = HallClock(SHANGHAI, datetime(2027, 10, 1, 9, 30, tzinfo=SHANGHAI), real=wall)
    assert clock.now() == datetime(2027, 10, 1, 9, 30, tzinfo=SHANGHAI)
    wall.t += 90
    assert clock.now() == datetime(2027, 10, 1, 9, 31, 30, tzinfo=SHANGHAI)
