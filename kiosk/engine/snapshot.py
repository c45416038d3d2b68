"""Render one screen to a PNG without a display, exactly as the kiosk would draw it.

For curators checking a panel before the hall opens, and for the screenshots in docs/.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from kiosk.config import Config
from kiosk.content.model import Catalog

PICTURE_WAIT_S = 20  # a snapshot waits for its pictures; a visitor never does


class Snapshotter:
    """One offscreen screen of a given size, reused for many snapshots."""

    def __init__(self, config: Config, catalog: Catalog, size: tuple[int, int]) -> None:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        import pygame
        import pygame.freetype

        from kiosk.engine.app import App
        from kiosk.engine.assets import PictureCache
        from kiosk.engine.scenes.base import Context
        from kiosk.engine.targets import TargetsFile
        from kiosk.engine.text import TextRenderer
        from kiosk.engine.theme import FontFiles, Theme

        self.pygame = pygame
        pygame.display.init()
        pygame.freetype.init()
        self.screen = pygame.display.set_mode(size)
        fonts = FontFiles(config.font_file("sans"), config.font_file("sans_bold"), config.font_file("serif"),
                          config.fonts.ttc_face)
        theme = Theme(size, config.screen.mm_per_px(size), fonts)
        self.ctx = Context(config, theme, TextRenderer(theme), PictureCache(config.paths.content), catalog, size)
        self.app = App(self.ctx, self.screen, windowed=True, targets=TargetsFile(None))

    def render(self, out: Path, zone: str | None = None, panel: str | None = None) -> list[str]:
        """Draw home, a zone or a panel into `out`; return problems met while drawing."""
        if panel:
            self.app.panel(panel)
        elif zone:
            self.app.zone(zone)
        else:
            self.app.home()
        before = len(self.ctx.runtime_problems)
        self.app.draw_frame()
        deadline = time.monotonic() + PICTURE_WAIT_S
        while self.ctx.pictures.busy and time.monotonic() < deadline:
            time.sleep(0.02)
            self.ctx.pictures.collect()
        self.ctx.pictures.collect()
        for _ in range(600):  # let entrance animations finish: the picture shows the settled screen
            if not self.app.scene.update(0.1):
                break
        self.app.draw_frame()
        out.parent.mkdir(parents=True, exist_ok=True)
        self.pygame.image.save(self.screen, str(out))
        return self.ctx.runtime_problems[before:]

    def close(self) -> None:
        self.ctx.pictures.close()
        self.pygame.quit()
