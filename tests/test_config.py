from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_ZONES, ConfigError, load_config
from tests.conftest import REPO, write


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path / "config.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value.lines


def test_shipped_config_is_valid_and_names_the_five_zones() -> None:
    config = load_config(REPO / "config.yaml")
    assert [z.id for z in config.zones] == ["management", "education", "showcase", "learning", "activity"]
    assert [z.title for z in config.zones] == ["管理", "教育", "展示", "学习", "活动"]
    assert config.paths.content == REPO / "content"
    assert config.idle.timeout_s == 90


def test_every_key_may_be_left_out(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "config.yaml", "# nothing set\n"))
    assert config.zones == DEFAULT_ZONES
    assert config.screen.fullscreen is True
    assert config.screen.resolution is None
    assert config.fonts.ttc_face == 2
    assert config.paths.log_db == tmp_path / "data" / "interactions.sqlite3"


def test_wrong_value_is_one_line_with_file_line_and_key(tmp_path: Path) -> None:
    lines = errors_of(tmp_path, "kiosk_id: hall-1\nidle:\n  timeout_s: abc\n")
    assert lines == [f'{tmp_path / "config.yaml"}:3 idle.timeout_s: must be seconds from 10 to 3600, got "abc"']


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    (line,) = errors_of(tmp_path, "screen:\n  fullscren: false\n")
    assert line.endswith(":2 screen.fullscren: unknown key; did you mean 'fullscreen'?")


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    lines = errors_of(tmp_path, (
        "screen:\n  resolution: big\n  diagonal_in: 3\n"
        "idle:\n  timeout_s: 20\n  warning_s: 30\n"
        "zones:\n  - id: Management\n    title: 管理\n    colour: red\n"
    ))
    assert len(lines) == 5
    assert any("screen.resolution" in x and "1920x1080" in x for x in lines)
    assert any("screen.diagonal_in" in x and "inches" in x for x in lines)
    assert any("idle.warning_s: must be shorter than idle.timeout_s" in x for x in lines)
    assert any("zones[0].id" in x for x in lines)
    assert any("zones[0].colour" in x and "#RRGGBB" in x for x in lines)


def test_duplicate_zone_ids_are_refused(tmp_path: Path) -> None:
    lines = errors_of(tmp_path, "zones:\n  - {id: a, title: 甲}\n  - {id: a, title: 乙}\n")
    assert lines == [f'{tmp_path / "config.yaml"}:3 zones[1].id: must be unique, got "a" twice']


def test_pin_hash_must_come_from_set_pin(tmp_path: Path) -> None:
    (line,) = errors_of(tmp_path, "admin:\n  pin_hash: 1234\n")
    assert "kiosk set-pin" in line


def test_broken_yaml_names_its_line(tmp_path: Path) -> None:
    (line,) = errors_of(tmp_path, "screen:\n  fullscreen: true\n   resolution: auto\n")
    assert line.startswith(f"{tmp_path / 'config.yaml'}:3")


def test_paths_are_relative_to_the_config_file_and_content_can_be_overridden(tmp_path: Path) -> None:
    path = write(tmp_path / "site" / "config.yaml", "paths:\n  content: exhibition\n")
    assert load_config(path).paths.content == tmp_path / "site" / "exhibition"
    assert load_config(path, tmp_path / "other").paths.content == tmp_path / "other"


def test_cli_stops_with_exit_2_and_one_line_per_problem(tmp_path: Path) -> None:
    write(tmp_path / "config.yaml", "idle:\n  timeout_s: 5\n")
    result = subprocess.run([sys.executable, "-m", "kiosk", "check", "--config", str(tmp_path / "config.yaml")],
                            check=False, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'config.yaml'}:2 idle.timeout_s: must be seconds from 10 to 3600, got 5"
    assert "Traceback" not in result.stderr


def test_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nowhere.yaml")


def test_the_log_keeps_a_year_unless_told_otherwise(tmp_path: Path) -> None:
    assert load_config(write(tmp_path / "config.yaml", "")).log.retention_days == 365
    assert load_config(write(tmp_path / "config.yaml", "log:\n  retention_days: 30\n")).log.retention_days == 30
    (line,) = errors_of(tmp_path, "log:\n  retention_days: 0\n")
    assert line.endswith(":2 log.retention_days: must be days from 1 to 3650, got 0")
    (line,) = errors_of(tmp_path, "log:\n  retention: 30\n")
    assert "log.retention: unknown key; did you mean 'retention_days'?" in line


def test_the_attract_playlist_is_a_file_name_in_playlists(tmp_path: Path) -> None:
    assert load_config(write(tmp_path / "config.yaml", "attract:\n  playlist: 七一\n")).attract.playlist == "七一"
    for name in ("../secret", "/etc/passwd", ".hidden", '""'):
        (line,) = errors_of(tmp_path, f"attract:\n  playlist: {name}\n")
        assert line.startswith(f"{tmp_path / 'config.yaml'}:2 attract.playlist: must be the name of a file in "
                               "playlists/ without .yaml"), line


def test_without_hours_or_schedule_the_hall_is_always_open_on_its_attract_playlist(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "config.yaml", "attract:\n  playlist: 七一\n"))
    assert config.hours.week is None
    assert config.schedule == ()
    assert config.calendar.default_playlist == "七一"
    assert config.calendar.constant
