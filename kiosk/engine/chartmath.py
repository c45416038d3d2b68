"""Numbers behind a chart: axis ticks people read easily, pie angles, value labels. No drawing."""

from __future__ import annotations

import math


def nice_ticks(low: float, high: float, count: int = 5, from_zero: bool = True) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering low..high.

    Bars must start at zero or they lie about proportions; a line may zoom in on its range.
    """
    if from_zero or low >= high:
        low = min(0.0, low)
    high = max(high, low + 1e-9)
    raw = (high - low) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def pie_angles(values: tuple[float, ...]) -> list[tuple[float, float]]:
    """(start, end) angles in degrees for each share, clockwise from twelve o'clock."""
    total = sum(values)
    if total <= 0:
        return [(0.0, 0.0) for _ in values]
    angles, start = [], 0.0
    for value in values:
        end = start + 360.0 * value / total
        angles.append((start, end))
        start = end
    return angles


def percent(value: float, total: float) -> str:
    """A share as people say it: 33.3%, 50%, <0.1%."""
    if total <= 0:
        return "0%"
    share = 100 * value / total
    if 0 < share < 0.1:
        return "<0.1%"
    text = f"{share:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def number(value: float) -> str:
    """98.7 -> "98.7", 120.0 -> "120", 9918.5 -> "9,918.5", 0.25 -> "0.25"."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def ease_out(t: float) -> float:
    """Entrance animation curve: fast start, gentle stop."""
    t = min(1.0, max(0.0, t))
    return 1 - (1 - t) ** 3
