"""Take-home QR codes: generated once per text and size, drawn crisp (whole pixels per module)."""

from __future__ import annotations

from collections import OrderedDict
from urllib.parse import urlparse

import pygame
import qrcode
import qrcode.constants

from kiosk.engine.theme import INK, WHITE

MAX_CODES = 32


def qr_modules(text: str) -> list[list[bool]]:
    """The code's dark and light modules, with the quiet zone phones need around it."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def what_it_gives(text: str) -> str:
    """The line under the code: tell the visitor what scanning gives them."""
    if text.startswith(("http://", "https://")):
        return f"手机扫码，打开网页 {urlparse(text).netloc}"
    return "手机扫码，把这段文字带回家"


class QrCodes:
    """Rendered codes kept by (text, size): a panel's code is made once, not every frame."""

    def __init__(self) -> None:
        self._codes: OrderedDict[tuple[str, int], pygame.Surface] = OrderedDict()

    def surface(self, text: str, size: int) -> pygame.Surface:
        key = (text, size)
        if key in self._codes:
            self._codes.move_to_end(key)
            return self._codes[key]
        modules = qr_modules(text)
        count = len(modules)
        scale = max(1, size // count)  # whole pixels per module: blurred edges do not scan
        image = pygame.Surface((count * scale, count * scale))
        image.fill(WHITE)
        for y, row in enumerate(modules):
            for x, dark in enumerate(row):
                if dark:
                    image.fill(INK, (x * scale, y * scale, scale, scale))
        self._codes[key] = image
        while len(self._codes) > MAX_CODES:
            self._codes.popitem(last=False)
        return image
