"""Pictures decoded and scaled in worker threads, converted on the main thread, cached by bytes.

Decoding a camera JPEG takes tens of milliseconds and scaling it more: on the main loop that
is a frozen frame under a visitor's finger. Workers decode with Pillow (which honours EXIF
orientation and can decode JPEGs at a reduced size), the main loop only wraps the finished
pixels in a Surface. Until then the caller draws a placeholder. Memory is bounded in bytes,
not in pictures: one full-HD surface is 8 MB.

A file that changed on disk is forgotten, but its old picture is still given out until the
new one is ready: a visitor sees one photo replace the other, never a placeholder between.
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pygame

from kiosk.content.probe import MAX_PIXELS

FRAME_PIXELS = 1920 * 1080  # a frame unpacks decoded pictures until it has this many pixels
Key = tuple[str, int, int, str]  # (path, width, height, fit) where fit is "contain" or "cover"


@dataclass(frozen=True)
class Decoded:
    key: Key
    size: tuple[int, int]
    mode: str  # "RGB" or "RGBA"
    pixels: bytes | None
    error: str = ""


def decode(path: Path, width: int, height: int, fit: str) -> tuple[tuple[int, int], str, bytes]:
    """Decode and scale one picture (runs in a worker thread; Pillow releases the GIL)."""
    from PIL import Image, ImageOps

    with Image.open(path) as img:
        if img.width * img.height > MAX_PIXELS:
            raise ValueError(f"{img.width}x{img.height} is over the pixel limit")
        img.draft("RGB", (width, height))  # JPEG: decode at 1/2, 1/4 or 1/8 size when enough
        img = ImageOps.exif_transpose(img)
        transparent = img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info)
        mode = "RGBA" if transparent else "RGB"
        img = img.convert(mode)
        scale = (min if fit == "contain" else max)(width / img.width, height / img.height)
        target = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        img = img.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
        if fit == "cover":
            left, top = (img.width - width) // 2, (img.height - height) // 2
            img = img.crop((left, top, left + width, top + height))
        return img.size, mode, img.tobytes()


class PictureCache:
    """Ask for a picture at a size; get a Surface now if ready, else None and a load starts."""

    def __init__(self, root: Path, max_bytes: int = 96_000_000, workers: int = 2,
                 on_ready: Callable[[], None] | None = None) -> None:
        self.root = root
        self.on_ready = on_ready  # wakes the main loop when a picture is ready
        self.max_bytes = max_bytes
        self._surfaces: OrderedDict[Key, pygame.Surface] = OrderedDict()
        self._stale: OrderedDict[Key, pygame.Surface] = OrderedDict()  # forgotten: until the new one arrives
        self._bytes = 0
        self._pending: set[Key] = set()
        self._outdated: set[Key] = set()  # pending decodes that began before their file changed
        self._failed: dict[Key, str] = {}
        self._done: queue.SimpleQueue[Decoded] = queue.SimpleQueue()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="picture")
        self._lock = threading.Lock()
        self.just_arrived = False  # the last collect() unpacked a picture

    def get(self, rel_path: str, size: tuple[int, int], fit: str = "contain",
            fresh: bool = False) -> pygame.Surface | None:
        """`fresh`: not the old picture of a file that changed, even while the new one loads."""
        key = (rel_path, max(1, int(size[0])), max(1, int(size[1])), fit)
        surface = self._surfaces.get(key)
        if surface is not None:
            self._surfaces.move_to_end(key)
            return surface
        if key not in self._pending and key not in self._failed:
            self._pending.add(key)
            self._pool.submit(self._work, key)
        return None if fresh else self._stale.get(key)

    def failed(self, rel_path: str) -> str | None:
        return next((err for key, err in self._failed.items() if key[0] == rel_path), None)

    def _work(self, key: Key) -> None:
        path = self.root / key[0]
        try:
            size, mode, pixels = decode(path, key[1], key[2], key[3])
            self._done.put(Decoded(key, size, mode, pixels))
        except (OSError, ValueError, SyntaxError, MemoryError) as err:  # a broken file is its panel's problem
            self._done.put(Decoded(key, (0, 0), "", None, f"{type(err).__name__}: {err}"))
        if self.on_ready is not None:
            self.on_ready()

    def collect(self) -> bool:
        """Wrap finished decodes in Surfaces (main thread). True when anything arrived.

        At most about one full screen of pixels per call, one frame: each is copied into the
        screen's format. The rest waits for the next frame. `just_arrived` says whether this
        frame unpacked any, so a scene can leave its own heavy work for the next."""
        arrived = False
        budget = FRAME_PIXELS
        while budget > 0:
            try:
                item = self._done.get_nowait()
            except queue.Empty:
                break
            arrived = True
            budget -= item.size[0] * item.size[1]
            self._pending.discard(item.key)
            if item.key in self._outdated:  # perhaps the old file's pictures: the next get() decodes again
                self._outdated.discard(item.key)
                continue
            if item.pixels is None:
                self._failed[item.key] = item.error
                self._drop_stale(item.key)
                continue
            surface = pygame.image.frombuffer(item.pixels, item.size, item.mode)
            surface = surface.convert_alpha() if item.mode == "RGBA" else surface.convert()
            self._store(item.key, surface)
        self.just_arrived = arrived
        return arrived

    def _store(self, key: Key, surface: pygame.Surface) -> None:
        self._drop_stale(key)
        self._surfaces[key] = surface
        self._bytes += _cost(surface)
        while self._bytes > self.max_bytes and (self._stale or len(self._surfaces) > 1):
            _old_key, old = (self._stale or self._surfaces).popitem(last=False)  # the forgotten go first
            self._bytes -= _cost(old)

    def _drop_stale(self, key: Key) -> None:
        old = self._stale.pop(key, None)
        if old is not None:
            self._bytes -= _cost(old)

    def forget(self, rel_paths: set[str]) -> None:
        """Files changed: the next get() loads their new version, giving the old one meanwhile."""
        for key in [k for k in self._surfaces if k[0] in rel_paths]:
            self._drop_stale(key)
            self._stale[key] = self._surfaces.pop(key)
        for key in [k for k in self._failed if k[0] in rel_paths]:
            del self._failed[key]
        self._outdated.update(k for k in self._pending if k[0] in rel_paths)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _cost(surface: pygame.Surface) -> int:
    return surface.get_width() * surface.get_height() * 4
