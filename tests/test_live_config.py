"""The live: section of config.yaml: how the kiosk follows changes in content/."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, LiveConfig, load_config
from tests.conftest import REPO, write


def errors_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path / "config.yaml", text))
    return caught.value.lines


def test_the_shipped_config_watches_with_inotify_and_rescans_every_minute() -> None:
    assert load_config(REPO / "config.yaml").live == LiveConfig("inotify", 2.0, 60, 2.0)


def test_left_out_it_takes_the_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path / "config.yaml", "kiosk_id: a\n")).live == LiveConfig()


def test_a_network_share_is_polled(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "config.yaml", "live:\n  watch: polling\n  poll_s: 5\n  rescan_s: 0\n"))
    assert (config.live.watch, config.live.poll_s, config.live.rescan_s) == ("polling", 5.0, 0)


def test_each_mistake_names_its_line_and_the_allowed_values(tmp_path: Path) -> None:
    lines = errors_of(tmp_path, "live:\n  watch: smb\n  poll_s: 0\n  rescan_s: 5\n  settle_s: yes\n  rescan: 60\n")
    assert lines == [
        f"{tmp_path / 'config.yaml'}:6 live.rescan: unknown key; did you mean 'rescan_s'?",
        f"{tmp_path / 'config.yaml'}:2 live.watch: must be one of inotify, polling, got \"smb\"",
        f"{tmp_path / 'config.yaml'}:3 live.poll_s: must be seconds from 0.5 to 60, got 0",
        f"{tmp_path / 'config.yaml'}:4 live.rescan_s: must be 0 (never) or seconds from 10 to 3600, got 5",
        f"{tmp_path / 'config.yaml'}:5 live.settle_s: must be seconds from 0.5 to 30, got True",
    ]
