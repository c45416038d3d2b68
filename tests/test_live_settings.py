"""Which settings of config.yaml change while the kiosk runs: one table, and what follows from it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.config import load_config
from kiosk.live.settings import SETTINGS, compare, restart_lines, values
from tests.conftest import REPO, write


def saved(tmp_path: Path, text: str):
    return load_config(write(tmp_path / "config.yaml", text))


def test_every_setting_of_config_yaml_is_either_live_or_waits_for_a_restart() -> None:
    config = load_config(REPO / "config.yaml")
    assert set(values(config)) == set(SETTINGS)  # a new key must be given its place in the table
    assert all(setting.label for setting in SETTINGS.values())
    assert all(setting.when for setting in SETTINGS.values() if setting.live)


def test_what_the_window_fonts_folders_and_zones_were_opened_with_waits_for_a_restart() -> None:
    restart = {key for key, setting in SETTINGS.items() if not setting.live}
    assert {"screen.resolution", "screen.fullscreen", "screen.diagonal_in", "fonts.sans", "paths.content",
            "paths.playlists", "zones", "kiosk_id", "live.watch"} <= restart
    live = {key for key, setting in SETTINGS.items() if setting.live}
    assert {"idle.timeout_s", "idle.warning_s", "attract.playlist", "media.volume", "media.volume_limit",
            "admin.hold_s", "admin.gesture", "admin.pin_hash", "live.rescan_s", "hall.title"} <= live


def test_live_settings_are_taken_and_the_others_kept_as_started(tmp_path: Path) -> None:
    running = saved(tmp_path, "idle:\n  timeout_s: 90\nscreen:\n  resolution: auto\n")
    new = saved(tmp_path, "idle:\n  timeout_s: 120\n  warning_s: 20\nscreen:\n  resolution: 1280x720\n"
                "media:\n  volume: 30\n")
    comparison = compare(running, new)
    assert comparison.applied == ("idle.timeout_s", "idle.warning_s", "media.volume")
    assert comparison.restart == ("screen.resolution",)
    assert (comparison.config.idle.timeout_s, comparison.config.idle.warning_s) == (120, 20)
    assert comparison.config.media.volume == 30
    assert comparison.config.screen == running.screen  # still the size the window was opened with
    assert comparison.config.source == running.source


def test_a_setting_put_back_as_it_was_no_longer_waits_for_a_restart(tmp_path: Path) -> None:
    running = saved(tmp_path, "kiosk_id: hall-1\n")
    assert compare(running, saved(tmp_path, "kiosk_id: hall-2\n")).restart == ("kiosk_id",)
    assert compare(running, saved(tmp_path, "kiosk_id: hall-1\n")).restart == ()


def test_an_unchanged_file_changes_nothing(tmp_path: Path) -> None:
    running = load_config(REPO / "config.yaml")
    comparison = compare(running, replace(running, source=tmp_path / "config.yaml"))
    assert comparison.applied == comparison.restart == ()
    assert comparison.config == running


def test_the_zones_are_one_setting(tmp_path: Path) -> None:
    running = saved(tmp_path, "")
    new = saved(tmp_path, "zones:\n  - {id: education, title: 教育}\n")
    assert compare(running, new).restart == ("zones",)


def test_the_administrator_reads_which_setting_waits_for_a_restart_in_plain_words() -> None:
    assert restart_lines(["screen.resolution", "fonts.sans"]) == [
        "需要重启才能生效：screen.resolution（屏幕分辨率）",
        "需要重启才能生效：fonts.sans（正文字体）",
    ]


def test_the_admin_guide_puts_each_setting_where_the_table_does() -> None:
    guide = (REPO / "docs" / "ADMIN.md").read_text(encoding="utf-8")
    section = guide.split("## Changing settings while the kiosk runs")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    for key, setting in SETTINGS.items():
        section = key.split(".")[0]
        (row,) = [r for r in rows if f"`{key}`" in r or f"`{section}.*`" in r]
        assert row.endswith("| after a restart |") == (not setting.live), key


def test_opening_hours_and_the_schedule_change_while_the_kiosk_runs(tmp_path: Path) -> None:
    running = saved(tmp_path, 'hours:\n  mon-sun: ["09:00-17:00"]\n')
    new = saved(tmp_path, 'hours:\n  tue-sun: ["09:00-17:00"]\n  when_closed: attract\n'
                "schedule:\n  - {date: 07-01, playlist: 建党节}\n")
    comparison = compare(running, new)
    assert comparison.applied == ("hours.week", "hours.when_closed", "schedule")
    assert comparison.restart == ()
    assert comparison.config.calendar == new.calendar
