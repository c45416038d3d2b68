"""Video pictures from libvlc into memory that pygame Surfaces read without copying.

libvlc decodes each picture, scales it to the size it has on screen and converts it to RV32
(bytes B, G, R, A) straight into one of three buffers; each buffer is wrapped once in a
Surface by `pygame.image.frombuffer`, so showing a frame is one blit. Three, so libvlc never
writes into the buffer on screen nor into the newest finished one: the main loop takes the
newest without waiting for libvlc, and libvlc never waits for the main loop.

The callbacks run on libvlc's threads. They pick a buffer and set a flag under a lock held
for microseconds, then wake the main loop; they never call libvlc (that deadlocks) and never
draw. The ctypes callback objects and the buffers stay referenced here for as long as libvlc
may call them: collected by Python, they would crash the process.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable

import pygame
import vlc

BUFFERS = 3  # on screen, newest finished, being written (libvlc's vmem writes one picture at a time)


class VideoFrames:
    def __init__(self, size: tuple[int, int], wake: Callable[[], None]) -> None:
        width, height = size
        self.size = size
        self.pitch = width * 4
        self._buffers = [(ctypes.c_ubyte * (self.pitch * height))() for _ in range(BUFFERS)]
        self._addresses = [ctypes.addressof(b) for b in self._buffers]
        self._surfaces = []
        for buffer in self._buffers:
            surface = pygame.image.frombuffer(buffer, size, "BGRA")
            surface.set_alpha(None)  # a plain copy when blitted: the fourth byte is padding
            self._surfaces.append(surface)
        self._guard = threading.Lock()
        self._front: int | None = None  # on screen
        self._ready: int | None = None  # finished by libvlc, not taken yet
        self._woken = False  # a wake-up is on its way to the main loop
        self._wake = wake
        self.delivered = 0  # pictures libvlc finished
        self.taken = 0  # pictures the main loop took; delivered - taken were never shown
        self.lock_cb = vlc.CallbackDecorators.VideoLockCb(self._lock)
        self.unlock_cb = vlc.CallbackDecorators.VideoUnlockCb(self._unlock)
        self.display_cb = vlc.CallbackDecorators.VideoDisplayCb(self._display)

    def attach(self, player: vlc.MediaPlayer) -> None:
        """Make `player` render into these buffers at this size (before it plays)."""
        player.video_set_callbacks(self.lock_cb, self.unlock_cb, self.display_cb, None)
        player.video_set_format("RV32", self.size[0], self.size[1], self.pitch)

    def let_go(self) -> None:
        """Once libvlc has released the player: drop the callbacks, which refer back to these
        frames, so their buffers are freed as soon as nothing else holds them, instead of waiting
        for Python's collection of reference cycles (each video's pictures piled up until then)."""
        self.lock_cb = self.unlock_cb = self.display_cb = None

    # libvlc's threads
    def _lock(self, _opaque: object, planes: ctypes.Array) -> int:
        with self._guard:
            index = next(i for i in range(BUFFERS) if i not in (self._front, self._ready))
        planes[0] = self._addresses[index]
        return index + 1  # the picture's id: libvlc hands it back to _display; never 0 (NULL)

    def _unlock(self, _opaque: object, _picture: object, _planes: object) -> None:
        """Written; libvlc calls _display when its time comes."""

    def _display(self, _opaque: object, picture: int | None) -> None:
        with self._guard:
            self._ready = (picture or 1) - 1
            self.delivered += 1
            wake, self._woken = not self._woken, True
        if wake:
            self._wake()

    # the main loop
    def take(self) -> pygame.Surface | None:
        """The newest picture if one arrived since the last call, else None."""
        with self._guard:
            self._woken = False
            if self._ready is None:
                return None
            self._front, self._ready = self._ready, None
            self.taken += 1
        return self._surfaces[self._front]

    def latest(self) -> pygame.Surface | None:
        """The newest picture, new or already shown; None before the first one."""
        surface = self.take()
        if surface is None and self._front is not None:
            return self._surfaces[self._front]
        return surface
