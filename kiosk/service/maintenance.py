"""The calm card 系统维护中 that the screen shows while the kiosk cannot run.

kiosk-maintenance.service starts it (OnFailure=) once the kiosk has crashed five times in two
minutes (issue #13), so a visitor sees a dignified card instead of a console. Whatever broke
the kiosk may be config.yaml or content/ itself: this never reads content/, and every setting
it takes from config.yaml (the hall's title, the font) has a default. No key, touch or
window button closes it; the service manager stops it with SIGTERM.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import AUTO_FONTS, FONT_DIRS, ConfigError, HallConfig, load_config

TITLE, NOTE = "系统维护中", "请稍候，工作人员正在处理"
# Without a Chinese font pygame's own font would draw empty boxes; these it can draw.
TITLE_LATIN, NOTE_LATIN = "System maintenance", "Please wait, our staff are on it"


@dataclass(frozen=True)
class CardFont:
    path: Path | None  # None: pygame's own font, which has no Chinese
    face: int = 0  # face inside a .ttc (2 is Simplified Chinese in Noto CJK)


def hall_and_font(config_path: Path) -> tuple[str, CardFont]:
    """The hall's title and font from config.yaml, or the defaults when it cannot be read."""
    try:
        config = load_config(config_path)
    except ConfigError as err:
        for line in err.lines:  # for the journal: what the administrator has to fix
            print(line, file=sys.stderr)
        return HallConfig.title, _auto_font()
    path = config.font_file("sans")
    return config.hall.title, CardFont(path, config.fonts.ttc_face) if path else CardFont(None)


def _auto_font() -> CardFont:
    for folder in FONT_DIRS:
        if (folder / AUTO_FONTS["sans"]).is_file():
            return CardFont(folder / AUTO_FONTS["sans"], 2)
    return CardFont(None)


def draw_card(surface, hall: str, font: CardFont) -> None:
    """The card on the whole surface: the hall's title, 系统维护中, and a line asking to wait."""
    import pygame.freetype

    from kiosk.engine.theme import GOLD, INK, MUTED, PAPER, RED

    pygame.freetype.init()  # does nothing the second time
    width, height = surface.get_size()
    surface.fill(PAPER)
    face = _open(font) if font.path else None
    chinese = face is not None
    if face is None:
        face = pygame.freetype.Font(None)
    face.antialiased = True
    lines = [(hall, RED, height // 22, 0.28)] if chinese else []
    lines += [(TITLE if chinese else TITLE_LATIN, INK, height // 9, 0.40),
              (NOTE if chinese else NOTE_LATIN, MUTED, height // 24, 0.63)]
    for text, colour, size, y in lines:
        shown = face.render(text, colour, size=size)[0]
        surface.blit(shown, ((width - shown.get_width()) // 2, int(height * y)))
    rule_y = int(height * 0.58)
    pygame.draw.line(surface, GOLD, (width * 2 // 5, rule_y), (width * 3 // 5, rule_y), max(2, height // 360))


def _open(font: CardFont):
    import pygame
    import pygame.freetype

    index = font.face if font.path and font.path.suffix.lower() == ".ttc" else 0
    try:
        return pygame.freetype.Font(str(font.path), font_index=index)
    except (OSError, pygame.error):
        return None  # a damaged font file: the Latin card still shows


def keep_showing(screen, hall: str, font: CardFont, events: Iterable) -> None:
    """Draw the card and redraw it whenever the screen asks; every other event is ignored."""
    import pygame

    redraw = {pygame.WINDOWEXPOSED, pygame.WINDOWSIZECHANGED, pygame.VIDEOEXPOSE}
    draw_card(screen, hall, font)
    pygame.display.flip()
    for event in events:
        if event.type in redraw:
            draw_card(screen, hall, font)
            pygame.display.flip()


def _forever() -> Iterator:
    import pygame

    while True:
        yield pygame.event.wait()


def show_card(config_path: Path) -> int:
    """Open a borderless window the size of the screen and show the card until stopped."""
    os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"  # the service manager's SIGTERM ends it at once
    os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")
    hall, font = hall_and_font(config_path)
    try:
        import pygame
        import pygame.freetype
    except ImportError as err:
        return _fail(f"pygame cannot be loaded ({err}); reinstall with scripts/install.sh")
    try:
        pygame.display.init()
        # A bare X server has no window manager: a borderless window of the screen's size is
        # fullscreen there, and opens without waiting for a manager that never answers.
        screen = pygame.display.set_mode(pygame.display.get_desktop_sizes()[0], pygame.NOFRAME)
    except pygame.error as err:
        return _fail(f"no window could be opened ({err}); is the X server running?")
    pygame.display.set_caption(TITLE)
    pygame.mouse.set_visible(False)
    keep_showing(screen, hall, font, _forever())
    return 0


def _fail(reason: str) -> int:
    print(f"the maintenance card cannot be shown: {reason}", file=sys.stderr)
    return 1
