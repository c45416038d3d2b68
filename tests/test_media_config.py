"""The loudness settings in config.yaml: a hall decides how loud visitors may turn a video."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, MediaConfig, load_config
from tests.conftest import REPO, write


def errors_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path / "config.yaml", text))
    return caught.value.lines


def test_the_shipped_config_documents_the_defaults() -> None:
    config = load_config(REPO / "config.yaml")
    assert config.media == MediaConfig(volume=60, volume_limit=80)
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    assert "volume: 60" in text and "default: 60" in text
    assert "volume_limit: 80" in text and "default: 80" in text


def test_left_out_the_defaults_apply(tmp_path: Path) -> None:
    assert load_config(write(tmp_path / "config.yaml", "kiosk_id: hall-2\n")).media == MediaConfig(60, 80)


def test_a_low_limit_lowers_the_starting_volume_too(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "config.yaml", "media:\n  volume_limit: 40\n"))
    assert config.media == MediaConfig(volume=40, volume_limit=40)


def test_a_starting_volume_above_the_limit_is_a_mistake(tmp_path: Path) -> None:
    (line,) = errors_of(tmp_path, "media:\n  volume: 90\n  volume_limit: 70\n")
    assert line == f"{tmp_path / 'config.yaml'}:2 media.volume: must not be above media.volume_limit (70), got 90"


def test_volumes_are_percentages(tmp_path: Path) -> None:
    lines = errors_of(tmp_path, "media:\n  volume: loud\n  volume_limit: 150\n")
    assert lines == [
        f'{tmp_path / "config.yaml"}:3 media.volume_limit: must be a percentage from 0 to 100, got 150',
        f'{tmp_path / "config.yaml"}:2 media.volume: must be a percentage from 0 to 100, got "loud"',
    ]


def test_a_misspelt_key_is_named(tmp_path: Path) -> None:
    (line,) = errors_of(tmp_path, "media:\n  volume_max: 50\n")
    assert line.endswith(":2 media.volume_max: unknown key; did you mean 'volume'?")
