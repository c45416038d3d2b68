"""What every screen shares: the context it draws with, navigation, and the header bar.

Scenes hold ids (zone id, panel id), never content objects, so a new Catalog can be swapped
in between two frames without a scene keeping a stale panel alive.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import pygame

from kiosk.analytics.events import EventSink, NoEvents
from kiosk.config import Config
from kiosk.content.model import Catalog
from kiosk.engine.assets import PictureCache
from kiosk.engine.gestures import Gesture
from kiosk.engine.qr import QrCodes
from kiosk.engine.targets import Target
from kiosk.engine.text import TextRenderer
from kiosk.engine.theme import DEEP_RED, GOLD, PAPER, RED, WHITE, Theme
from kiosk.engine.widgets import Hits, button, button_width, vertical_gradient


class Navigator(Protocol):
    def home(self) -> None: ...
    def zone(self, zone_id: str) -> None: ...
    def panel(self, panel_id: str) -> None: ...
    def back(self) -> None: ...


@dataclass
class Context:
    config: Config
    theme: Theme
    text: TextRenderer
    pictures: PictureCache
    catalog: Catalog
    size: tuple[int, int]
    runtime_problems: list[str] = field(default_factory=list)  # as they happened, for the admin overlay
    # Problems that last until they are fixed (a panel or playlist shown in its last good version, a
    # missing content folder), by who reports them: "content", "playlist". Gone once fixed.
    standing_problems: dict[str, tuple[str, ...]] = field(default_factory=dict)
    events: EventSink = field(default_factory=NoEvents)
    qr: QrCodes = field(default_factory=QrCodes)
    today: Callable[[], list[tuple[str, str]]] = list  # today's visitors for the admin overlay
    featured: tuple[str, ...] = ()  # panel ids the calendar puts first on the home screen today


class Scene(ABC):
    """One screen. Subclasses draw into the whole surface and register what can be tapped."""

    name = "home"

    def __init__(self, ctx: Context, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.hits = Hits()

    zone_id: str | None = None
    panel_id: str | None = None

    @abstractmethod
    def draw(self, surface: pygame.Surface) -> None:
        """Draw the whole screen and rebuild self.hits."""

    def gesture(self, g: Gesture) -> bool:
        """Handle a gesture other than a tap on a target; True when the screen changed."""
        return False

    def update(self, dt: float) -> bool:
        """Advance animations by dt seconds; True while something still moves."""
        return False

    def refresh(self, surface: pygame.Surface) -> list[pygame.Rect]:
        """Between full redraws: redraw only what changed on its own (a video's new picture).

        Returns the areas to put on the display; a full 1080p redraw per video picture would
        cost most of a core.
        """
        return []

    def playing(self) -> bool:
        """Whether a video or narration is playing: the visitor is watching, not gone."""
        return False

    def close(self) -> None:
        """The screen is left for another: let go of players and anything else that runs."""

    def targets(self) -> list[Target]:
        return self.hits.targets()

    def tap(self, x: float, y: float) -> bool:
        action = self.hits.at(x, y)
        if action is None:
            return False
        action()
        return True

    def still_valid(self) -> bool:
        """After a content reload: whether what this scene shows still exists."""
        return True


def header(surface: pygame.Surface, ctx: Context, hits: Hits, nav: Navigator, crumbs: list[str],
           *, back: bool = True) -> int:
    """The red bar at the top: back, where the visitor is, home. Returns its height."""
    theme, text = ctx.theme, ctx.text
    width = ctx.size[0]
    height = round(theme.body * 3.4)
    surface.blit(_bar(width, height), (0, 0))
    pygame.draw.rect(surface, GOLD, (0, height - max(2, theme.px(1)), width, max(2, theme.px(1))))
    button_h = max(theme.target, round(theme.body * 2.1))
    y = (height - button_h) // 2
    x = theme.margin
    if back:
        label = "‹ 返回"
        rect = pygame.Rect(x, y, button_width(theme, text, label), button_h)
        button(surface, theme, text, rect, label, colour=DEEP_RED)
        hits.add("back", "返回", rect, nav.back)
        x = rect.right + theme.gap * 2
    home_label = "首页"
    home_rect = pygame.Rect(0, y, button_width(theme, text, home_label), button_h)
    home_rect.right = width - theme.margin
    if back:
        button(surface, theme, text, home_rect, home_label, colour=DEEP_RED)
        hits.add("home", "首页", home_rect, nav.home)
    crumb_text = "  ›  ".join(crumbs)
    crumb = text.paragraph(crumb_text, "bold", theme.h3, WHITE, max(1, home_rect.left - x - theme.gap), max_lines=1)
    surface.blit(crumb, (x, (height - round(theme.h3 * 1.35)) // 2))
    return height


_bars: dict[tuple[int, int], pygame.Surface] = {}


def _bar(width: int, height: int) -> pygame.Surface:
    key = (width, height)
    if key not in _bars:
        _bars[key] = vertical_gradient((width, height), RED, DEEP_RED).convert()
    return _bars[key]


def paper(surface: pygame.Surface) -> None:
    surface.fill(PAPER)
