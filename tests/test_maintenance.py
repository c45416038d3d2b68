"""The maintenance card: shown whatever state config.yaml is in, never closed by a visitor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from kiosk.config import AUTO_FONTS, FONT_DIRS, ConfigError, load_config
from kiosk.engine.theme import INK, PAPER, RED
from kiosk.service.maintenance import CardFont, draw_card, hall_and_font, keep_showing
from tests.conftest import REPO, write

HAS_CJK_FONT = any((folder / AUTO_FONTS["sans"]).is_file() for folder in FONT_DIRS)


def test_the_card_names_the_hall_from_config(tmp_path: Path) -> None:
    config = write(tmp_path / "config.yaml", "hall:\n  title: 民警党内政治生活馆\n")
    assert hall_and_font(config)[0] == "民警党内政治生活馆"


@pytest.mark.parametrize("text", ["hall: [unclosed\n", "idle:\n  timeout_s: abc\n", "\xff\xfe garbage"])
def test_a_broken_config_still_gives_a_card_with_defaults(tmp_path: Path, text: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_bytes(text.encode("latin-1"))
    hall, font = hall_and_font(config)
    assert hall == "党建展厅"
    assert (font.path is not None) == HAS_CJK_FONT


def test_a_missing_config_still_gives_a_card(tmp_path: Path) -> None:
    assert hall_and_font(tmp_path / "nowhere.yaml")[0] == "党建展厅"


def _rows_with(surface: pygame.Surface, colour: tuple[int, int, int], top: float, bottom: float) -> int:
    height = surface.get_height()
    return sum(
        any(surface.get_at((x, y))[:3] == colour for x in range(0, surface.get_width(), 2))
        for y in range(int(height * top), int(height * bottom)))


@pytest.mark.skipif(not HAS_CJK_FONT, reason="needs fonts-noto-cjk (./scripts/test.sh installs it)")
def test_the_card_shows_the_hall_and_the_notice_in_chinese() -> None:
    surface = pygame.Surface((960, 540))
    draw_card(surface, "党建展厅", hall_and_font(Path("/nonexistent"))[1])
    assert surface.get_at((5, 5))[:3] == PAPER
    assert _rows_with(surface, RED, 0.28, 0.40) > 5  # the hall's title
    assert _rows_with(surface, INK, 0.44, 0.58) > 20  # 系统维护中, large


def test_without_a_chinese_font_the_card_is_in_latin_letters_not_boxes() -> None:
    surface = pygame.Surface((960, 540))
    draw_card(surface, "党建展厅", CardFont(None))
    assert _rows_with(surface, RED, 0.0, 1.0) == 0  # no hall title it could not draw
    assert _rows_with(surface, INK, 0.44, 0.58) > 20


def test_keys_touches_and_close_requests_leave_the_card_on_screen() -> None:
    pygame.display.init()
    try:
        screen = pygame.display.set_mode((640, 360))
        visitor = [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0),
                   pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F4, mod=pygame.KMOD_ALT),
                   pygame.event.Event(pygame.QUIT),
                   pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(10, 10), button=1)]
        keep_showing(screen, "党建展厅", CardFont(None), visitor)
        assert _rows_with(screen, INK, 0.44, 0.58) > 10
    finally:
        pygame.display.quit()


def test_the_command_runs_on_a_broken_config_until_the_service_manager_stops_it(tmp_path: Path) -> None:
    config = write(tmp_path / "config.yaml", "hall: [unclosed\n")
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    card = subprocess.Popen([sys.executable, "-m", "kiosk", "maintenance", "--config", str(config)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2)  # long enough to open its window; it must still be there
    still_showing = card.poll() is None
    card.send_signal(signal.SIGTERM)
    out, err = card.communicate(timeout=10)
    assert still_showing, err.decode()
    assert card.returncode == -signal.SIGTERM
    assert err.decode().splitlines() == _mistakes(config)  # for the journal, no traceback
    assert out == b""


def _mistakes(config: Path) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    return raised.value.lines
