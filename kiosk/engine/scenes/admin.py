"""The administrator's overlay: a PIN pad, then problems, today's visitors and a few actions.

Reached only by a hidden gesture (a long press in a corner) and a PIN, so visitors never find
a way out of the kiosk. It closes itself after a minute without a touch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pygame

from kiosk.admin.pin import MAX_TRIES, PinPad
from kiosk.engine.scenes.base import Context, Navigator, Scene
from kiosk.engine.theme import (
    BAD,
    CARD,
    DEEP_RED,
    GOLD,
    INK,
    LINE,
    MUTED,
    PAPER,
    RED,
    WHITE,
    mix,
)
from kiosk.engine.widgets import button, button_width, vertical_gradient

CLOSE_AFTER_S = 60.0
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok")
KEY_LABELS = {"del": "删除", "ok": "确定"}


@dataclass(frozen=True)
class AdminActions:
    """What the overlay can do to the running kiosk."""

    reload_content: Callable[[], None]
    restart_attract: Callable[[], None]
    exit_kiosk: Callable[[], None]
    today: Callable[[], list[tuple[str, str]]]  # (label, value) lines about today's visitors
    recent_reloads: Callable[[], list[str]]
    settings: Callable[[], list[str]] = list  # config.yaml: a saved version's mistakes, settings awaiting a restart
    playlist_problems: Callable[[], list[str]] = list  # the attract playlist's, as `check` names them


class AdminScene(Scene):
    name = "admin"

    def __init__(self, ctx: Context, nav: Navigator, actions: AdminActions, now: float | None = None) -> None:
        super().__init__(ctx, nav)
        self.actions = actions
        self.pad = PinPad(ctx.config.admin.pin_hash)
        self.unlocked = False
        self.message = ""
        self.last_touch = now if now is not None else time.monotonic()
        self.cards: dict[str, list[str]] = {}  # heading -> lines, as last drawn (tests read what it says)

    def tap(self, x: float, y: float) -> bool:
        self.last_touch = time.monotonic()
        return super().tap(x, y)

    def update(self, dt: float) -> bool:
        now = time.monotonic()
        if now - self.last_touch >= CLOSE_AFTER_S:
            self.actions.restart_attract()
            return True
        return False

    def press(self, key: str) -> None:
        now = time.monotonic()
        result = self.pad.press(key, now)
        if result == "open":
            self.unlocked, self.message = True, ""
            self.ctx.events.emit("admin_login", result="success")
        elif result == "wrong":
            self.message = f"密码错误，还可尝试 {MAX_TRIES - self.pad.wrong} 次"
            self.ctx.events.emit("admin_login", result="failure")
        elif result == "locked":
            if key == "ok":
                self.ctx.events.emit("admin_login", result="locked")
            self.message = f"错误次数过多，请 {round(self.pad.locked(now))} 秒后再试"

    def draw(self, surface: pygame.Surface) -> None:
        self.hits.items.clear()
        width, height = self.ctx.size
        surface.blit(vertical_gradient((width, height), mix(INK, DEEP_RED, 0.3), INK), (0, 0))
        if self.unlocked:
            self._overlay(surface)
        elif not self.ctx.config.admin.pin_hash:
            self._no_pin(surface)
        else:
            self._pin_pad(surface)

    def _close_button(self, surface: pygame.Surface) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        rect = pygame.Rect(0, theme.margin, button_width(theme, text, "关闭"), max(theme.target, theme.body * 2))
        rect.right = self.ctx.size[0] - theme.margin
        button(surface, theme, text, rect, "关闭")
        self.hits.add("close", "关闭", rect, self.nav.home)

    def _no_pin(self, surface: pygame.Surface) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        width, height = self.ctx.size
        lines = ["尚未设置管理员密码", "请在展项电脑上运行：python -m kiosk set-pin"]
        for i, words in enumerate(lines):
            line = text.line(words, "serif" if i == 0 else "sans", theme.h1 if i == 0 else theme.body, WHITE)
            surface.blit(line, line.get_rect(center=(width // 2, height // 2 + i * theme.h1 * 2)))
        self._close_button(surface)

    def _pin_pad(self, surface: pygame.Surface) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        width, height = self.ctx.size
        key = max(theme.target, theme.px(24))
        gap = theme.gap
        pad_w, pad_h = key * 3 + gap * 2, key * 4 + gap * 3
        title = text.line("管理员密码", "serif", theme.h1, GOLD)
        top = (height - pad_h - title.get_height() - theme.body * 4) // 2
        surface.blit(title, title.get_rect(midtop=(width // 2, top)))
        dots = text.line("●" * len(self.pad.typed) or " ", "bold", theme.h2, WHITE)
        surface.blit(dots, dots.get_rect(midtop=(width // 2, top + title.get_height() + gap)))
        if self.message:
            note = text.line(self.message, "sans", theme.body, mix(BAD, WHITE, 0.5))
            surface.blit(note, note.get_rect(midtop=(width // 2, top + title.get_height() + dots.get_height() + gap)))
        left = (width - pad_w) // 2
        keys_top = top + title.get_height() + theme.body * 4
        for i, name in enumerate(KEYS):
            row, col = divmod(i, 3)
            rect = pygame.Rect(left + col * (key + gap), keys_top + row * (key + gap), key, key)
            pygame.draw.rect(surface, CARD if name.isdigit() else mix(CARD, GOLD, 0.35), rect, border_radius=key // 6)
            label = text.line(KEY_LABELS.get(name, name), "bold", theme.h2 if name.isdigit() else theme.body, INK)
            surface.blit(label, label.get_rect(center=rect.center))
            self.hits.add(f"key:{name}", KEY_LABELS.get(name, name), rect, lambda k=name: self.press(k))
        self._close_button(surface)

    def _overlay(self, surface: pygame.Surface) -> None:
        theme, text = self.ctx.theme, self.ctx.text
        width, height = self.ctx.size
        title = text.line("展项管理", "serif", theme.h1, GOLD)
        surface.blit(title, (theme.margin, theme.margin))
        column_w = (width - theme.margin * 3) // 2
        top = theme.margin * 2 + title.get_height()
        left = pygame.Rect(theme.margin, top, column_w, height - top - theme.margin * 4)
        right = pygame.Rect(theme.margin * 2 + column_w, top, column_w, left.height)
        self.cards.clear()
        problems = ([str(p) for p in self.ctx.catalog.problems] + self.actions.playlist_problems()
                    + [note for notes in self.ctx.standing_problems.values() for note in notes]
                    + self.ctx.runtime_problems)
        upper = pygame.Rect(left.x, left.y, left.width, left.height // 2 - theme.gap)
        self._card(surface, upper, f"内容问题（{len(problems)}）", problems or ["没有发现问题。"])
        self._card(surface, pygame.Rect(left.x, upper.bottom + theme.gap * 2, left.width,
                                        left.bottom - upper.bottom - theme.gap * 2),
                   "设置（config.yaml）", self.actions.settings() or ["所有设置都已生效。"], more="")
        today = [f"{label}：{value}" for label, value in self.actions.today()]
        half = pygame.Rect(right.x, right.y, right.width, right.height // 2 - theme.gap)
        self._card(surface, half, "今日参观", today or ["今天还没有参观记录。"])
        reloads = self.actions.recent_reloads()
        self._card(surface, pygame.Rect(right.x, half.bottom + theme.gap * 2, right.width, half.height),
                   "最近的更新", reloads or ["开机以来内容和设置没有变化。"])
        x = theme.margin
        y = height - theme.margin - max(theme.target, theme.body * 2)
        for target, label, action, filled in (
            ("reload", "重新载入内容", self.actions.reload_content, False),
            ("attract", "重新开始轮播", self.actions.restart_attract, False),
            ("exit", "退出展项程序", self.actions.exit_kiosk, True),
        ):
            rect = pygame.Rect(x, y, button_width(theme, text, label), max(theme.target, theme.body * 2))
            button(surface, theme, text, rect, label, filled=filled, colour=RED)
            self.hits.add(target, label, rect, action)
            x = rect.right + theme.gap * 2
        self._close_button(surface)

    def _card(self, surface: pygame.Surface, rect: pygame.Rect, heading: str, lines: list[str],
              more: str = "，运行 python -m kiosk check 查看全部") -> None:
        theme, text = self.ctx.theme, self.ctx.text
        self.cards[heading] = lines
        pygame.draw.rect(surface, PAPER, rect, border_radius=theme.px(3))
        pygame.draw.rect(surface, GOLD, rect, width=2, border_radius=theme.px(3))
        head = text.line(heading, "bold", theme.h3, RED)
        surface.blit(head, (rect.x + theme.gap, rect.y + theme.gap))
        y = rect.y + theme.gap * 2 + head.get_height()
        for i, line in enumerate(lines):
            piece = text.paragraph(line, "sans", theme.small, INK, rect.width - theme.gap * 2, 2)
            note = text.line(f"…… 另有 {len(lines) - i} 条{more}", "sans", theme.small, MUTED)
            room = rect.bottom - theme.gap - (0 if i == len(lines) - 1 else note.get_height())
            if y + piece.get_height() > room:  # the last line that fits leaves room for this note
                surface.blit(note, (rect.x + theme.gap, rect.bottom - theme.gap - note.get_height()))
                break
            surface.blit(piece, (rect.x + theme.gap, y))
            y += piece.get_height() + theme.px(1)
            pygame.draw.line(surface, LINE, (rect.x + theme.gap, y - 1), (rect.right - theme.gap, y - 1))
