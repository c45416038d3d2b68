"""The hidden way in: a long press in one corner of the screen. Pure geometry."""

from __future__ import annotations

CORNER_MM = 30.0  # a square this big in the chosen corner; visitors rarely rest a finger there


def in_corner(x: float, y: float, gesture: str, size: tuple[int, int], corner_px: int) -> bool:
    """Whether (x, y) lies in the corner named by admin.gesture (hold-top-left and so on)."""
    width, height = size
    top = y < corner_px
    bottom = y >= height - corner_px
    left = x < corner_px
    right = x >= width - corner_px
    return {
        "hold-top-left": top and left, "hold-top-right": top and right,
        "hold-bottom-left": bottom and left, "hold-bottom-right": bottom and right,
    }.get(gesture, False)


def corner_held(held: list[tuple[float, float, float]], gesture: str, hold_s: float, size: tuple[int, int],
                corner_px: int) -> bool:
    """True once a still finger has stayed in the corner for hold_s seconds."""
    return any(seconds >= hold_s and in_corner(x, y, gesture, size, corner_px) for x, y, seconds in held)
