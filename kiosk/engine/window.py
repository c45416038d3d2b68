"""The kiosk's window on the real screen: opened at the chosen output's exact rectangle, then
checked with the display server itself, retried, or refused with a clear error.

Why not `set_mode((0, 0), FULLSCREEN)`: where no window manager runs (the appliance's bare X
session, Xvfb) SDL waits about 300 ms for one that never answers, and on a busy machine the
request has come back as a 1024x768 window on a black 1920x1080 screen that no tap reached,
while the frame loop ran on (issue #23). A borderless window of the output's size is what
fullscreen means there; under a window manager or Wayland the kiosk asks for fullscreen.
After opening, the X server is asked where the window is, whether it is mapped and whether a
touch at its middle would reach it. A window that fails is opened again; one that fails every
time is an error and a non-zero exit, so the service manager starts the kiosk afresh.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import time
from dataclasses import dataclass

import pygame

from kiosk.engine.outputs import Output, Placement, Rect, covers, place
from kiosk.engine.screens import xrandr_outputs

log = logging.getLogger(__name__)

ATTEMPTS = 3  # windows opened before the kiosk gives up and exits for a clean restart
MAP_WAIT_S = 3.0  # how long the server may take to show a new window on a loaded machine


class WindowError(Exception):
    """The window cannot be made to cover the screen: the message says what was seen."""


def read_outputs() -> list[Output]:
    """The connected outputs, by their names as `xrandr` lists them; from SDL where there is
    no xrandr (Wayland, or a system without x11-xserver-utils)."""
    return xrandr_outputs() or _sdl_outputs()


def _sdl_outputs() -> list[Output]:
    sdl = _sdl()
    outputs = []
    for index, (w, h) in enumerate(pygame.display.get_desktop_sizes()):
        x = y = 0
        if sdl is not None:
            rect = (ctypes.c_int * 4)()
            if sdl.SDL_GetDisplayBounds(index, rect) == 0:
                x, y, w, h = rect
        outputs.append(Output(f"display-{index}", x, y, w, h))
    return outputs


def _sdl() -> ctypes.CDLL | None:
    """The SDL library pygame loaded, for the display bounds pygame does not expose."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "libSDL2-2" in line}
    except OSError:
        return None
    for path in paths:
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


@dataclass
class Opened:
    surface: pygame.Surface  # the window's own surface
    placement: Placement
    fullscreen: bool


def open_window(wanted: str, orientation: str, *, attempts: int = ATTEMPTS) -> Opened:
    """Open the kiosk's window over the chosen output and check that the server shows it there.

    pygame.display must be initialised. Raises WindowError when no attempt succeeds."""
    problems: list[str] = []
    for attempt in range(1, attempts + 1):
        outputs = read_outputs()
        placement = place(outputs, wanted, orientation)
        if placement is None:
            problems.append("no screen is connected")
        else:
            if placement.note:
                log.warning("%s", placement.note)
            try:
                opened = _open(placement)
                problem = _check(opened)
            except pygame.error as err:
                problem = f"the window could not be opened ({err})"
            if problem is None:
                if attempt > 1:
                    log.warning("the window covers the screen at attempt %d, after: %s", attempt, "; ".join(problems))
                return opened
            problems.append(problem)
        log.warning("attempt %d to open the kiosk's window: %s", attempt, problems[-1])
        _reset_display()
        time.sleep(0.5 * attempt)
    raise WindowError("; ".join(dict.fromkeys(problems)))  # each different reason once


def _open(placement: Placement) -> Opened:
    x, y, w, h = placement.rect
    if _bare_x():
        os.environ["SDL_VIDEO_WINDOW_POS"] = f"{x},{y}"
        return Opened(pygame.display.set_mode((w, h), pygame.NOFRAME), placement, False)
    return Opened(pygame.display.set_mode((w, h), pygame.FULLSCREEN, display=_sdl_index(placement.rect)),
                  placement, True)


def _sdl_index(rect: Rect) -> int:
    for index, output in enumerate(_sdl_outputs()):
        if output.rect == rect:
            return index
    return 0


def _reset_display() -> None:
    """A window that failed is closed with the display; the next attempt starts afresh."""
    pygame.display.quit()
    pygame.display.init()


def _bare_x() -> bool:
    """X11 with no window manager: a borderless window of the screen's size is fullscreen there."""
    return pygame.display.get_driver() == "x11" and not XServer.connect().window_manager()


def _check(opened: Opened) -> str | None:
    """None when the window covers the chosen output and a touch at its middle reaches it."""
    placement = opened.placement
    size = opened.surface.get_size()
    if size != placement.rect[2:]:
        return f"the window is {size[0]}x{size[1]}, the screen {placement.rect[2]}x{placement.rect[3]}"
    if pygame.display.get_driver() != "x11":
        return None  # Wayland and others: the compositor places fullscreen windows itself
    server = XServer.connect()
    window = pygame.Window.from_display_module().handle
    if not window or server.display is None:
        return None
    deadline = time.monotonic() + MAP_WAIT_S
    seen: Rect | None = None
    while True:
        opened.surface.fill((0, 0, 0))
        pygame.display.flip()  # a first picture, and the server's answer to everything asked so far
        pygame.event.pump()
        seen = server.window_rect(window)
        if seen is not None and covers(seen, placement) and server.reaches(window, seen):
            return None
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if seen is None:
        return "the server does not show the window"
    if not covers(seen, placement):
        return f"the server shows the window at {_rect(seen)}, the screen is at {_rect(placement.rect)}"
    return "a touch in the middle of the screen would not reach the window (another window or a grab is on top)"


def _rect(rect: Rect) -> str:
    x, y, w, h = rect
    return f"{w}x{h}+{x}+{y}"


class XServer:
    """The few libX11 calls that tell where the server shows a window, on a connection of the
    kiosk's own (window ids are the server's, so any client may ask). Not SDL's connection:
    pygame-ce's get_wm_info, which hands it out, can crash on fields that X11 leaves unset."""

    _lib: ctypes.CDLL | None = None
    _display: int | None = None

    def __init__(self, display: int | None) -> None:
        self.display = display

    @classmethod
    def connect(cls) -> XServer:
        if cls._lib is None:
            name = ctypes.util.find_library("X11")
            cls._lib = ctypes.CDLL(name or "libX11.so.6")
            _prototypes(cls._lib)
        if cls._display is None and os.environ.get("DISPLAY"):
            cls._display = cls._lib.XOpenDisplay(None) or None
        return cls(cls._display)

    def window_manager(self) -> bool:
        """A window manager announces itself on the root window (EWMH)."""
        if self.display is None:
            return False
        lib = self.lib
        root = lib.XDefaultRootWindow(self.display)
        atom = lib.XInternAtom(self.display, b"_NET_SUPPORTING_WM_CHECK", True)
        if not atom:
            return False
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = lib.XGetWindowProperty(self.display, root, atom, 0, 1, False, 33,  # XA_WINDOW
                                        ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(count),
                                        ctypes.byref(after), ctypes.byref(data))
        if data:
            lib.XFree(data)
        return status == 0 and count.value > 0

    @property
    def lib(self) -> ctypes.CDLL:
        assert self._lib is not None
        return self._lib

    def window_rect(self, window: int) -> Rect | None:
        """Where the server shows `window` on the root, or None while it is not shown."""
        if self.display is None:
            return None
        lib = self.lib
        root = ctypes.c_ulong()
        x, y = ctypes.c_int(), ctypes.c_int()
        w, h, border, depth = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        if not lib.XGetGeometry(self.display, window, ctypes.byref(root), ctypes.byref(x), ctypes.byref(y),
                                ctypes.byref(w), ctypes.byref(h), ctypes.byref(border), ctypes.byref(depth)):
            return None
        rx, ry, child = ctypes.c_int(), ctypes.c_int(), ctypes.c_ulong()
        if not lib.XTranslateCoordinates(self.display, window, root, 0, 0, ctypes.byref(rx), ctypes.byref(ry),
                                         ctypes.byref(child)):
            return None
        return rx.value, ry.value, w.value, h.value

    def reaches(self, window: int, rect: Rect) -> bool:
        """Would a touch in the middle of `rect` be delivered to `window`? The pointer (hidden in
        the hall) is put there and the server says which top-level window is under it."""
        lib = self.lib
        root = lib.XDefaultRootWindow(self.display)
        x, y, w, h = rect
        lib.XWarpPointer(self.display, 0, root, 0, 0, 0, 0, x + w // 2, y + h // 2)
        under = self._under_pointer(root)
        return under != 0 and (under == window or self._is_ancestor(under, window))

    def _under_pointer(self, root: int) -> int:
        lib = self.lib
        root_ret, child = ctypes.c_ulong(), ctypes.c_ulong()
        rx, ry, wx, wy, mask = ctypes.c_int(), ctypes.c_int(), ctypes.c_int(), ctypes.c_int(), ctypes.c_uint()
        lib.XQueryPointer(self.display, root, ctypes.byref(root_ret), ctypes.byref(child), ctypes.byref(rx),
                          ctypes.byref(ry), ctypes.byref(wx), ctypes.byref(wy), ctypes.byref(mask))
        return child.value

    def _is_ancestor(self, ancestor: int, window: int) -> bool:
        """A window manager's frame holds the kiosk's window: the frame is under the pointer."""
        lib = self.lib
        current = window
        for _ in range(16):
            root, parent = ctypes.c_ulong(), ctypes.c_ulong()
            children, count = ctypes.c_void_p(), ctypes.c_uint()
            if not lib.XQueryTree(self.display, current, ctypes.byref(root), ctypes.byref(parent),
                                  ctypes.byref(children), ctypes.byref(count)):
                return False
            if children:
                lib.XFree(children)
            if parent.value in (0, root.value):
                return False
            if parent.value == ancestor:
                return True
            current = parent.value
        return False


def _prototypes(lib: ctypes.CDLL) -> None:
    p, ul, i, ui = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_uint
    ref = ctypes.POINTER
    lib.XOpenDisplay.restype, lib.XOpenDisplay.argtypes = p, [ctypes.c_char_p]
    lib.XDefaultRootWindow.restype, lib.XDefaultRootWindow.argtypes = ul, [p]
    lib.XInternAtom.restype, lib.XInternAtom.argtypes = ul, [p, ctypes.c_char_p, i]
    lib.XGetWindowProperty.restype = i
    lib.XGetWindowProperty.argtypes = [p, ul, ul, ctypes.c_long, ctypes.c_long, i, ul, ref(ul), ref(i), ref(ul),
                                       ref(ul), ref(p)]
    lib.XFree.restype, lib.XFree.argtypes = i, [p]
    lib.XGetGeometry.restype = i
    lib.XGetGeometry.argtypes = [p, ul, ref(ul), ref(i), ref(i), ref(ui), ref(ui), ref(ui), ref(ui)]
    lib.XTranslateCoordinates.restype = i
    lib.XTranslateCoordinates.argtypes = [p, ul, ul, i, i, ref(i), ref(i), ref(ul)]
    lib.XWarpPointer.restype = i
    lib.XWarpPointer.argtypes = [p, ul, ul, i, i, ui, ui, i, i]
    lib.XQueryPointer.restype = i
    lib.XQueryPointer.argtypes = [p, ul, ref(ul), ref(ul), ref(i), ref(i), ref(i), ref(i), ref(ui)]
    lib.XQueryTree.restype = i
    lib.XQueryTree.argtypes = [p, ul, ref(ul), ref(ul), ref(p), ref(ui)]
