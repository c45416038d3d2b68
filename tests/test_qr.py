"""A take-home QR code must scan: checked by decoding the drawn pixels back into modules."""

from __future__ import annotations

import pygame

from kiosk.engine.qr import QrCodes, qr_modules, what_it_gives


def test_the_drawn_code_has_exactly_the_modules_of_its_text() -> None:
    text = "https://www.12371.cn/"
    modules = qr_modules(text)
    image = QrCodes().surface(text, 300)
    scale = image.get_width() // len(modules)
    assert scale >= 6 and image.get_width() == scale * len(modules)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            pixel = image.get_at((x * scale + scale // 2, y * scale + scale // 2))
            assert (pixel.r < 128) == dark
    assert not any(modules[0]) and not any(row[0] for row in modules)  # the quiet zone is light


def test_codes_are_made_once() -> None:
    codes = QrCodes()
    assert codes.surface("入党誓词", 200) is codes.surface("入党誓词", 200)


def test_the_visitor_is_told_what_scanning_gives() -> None:
    assert what_it_gives("https://www.xuexi.cn/page") == "手机扫码，打开网页 www.xuexi.cn"
    assert "文字" in what_it_gives("我志愿加入中国共产党")
    pygame.quit()
