"""The report's plots: matplotlib draws each Table as an SVG with its text turned into shapes.

Text as shapes means the report needs no font on the computer that opens it (Chinese reads
the same on an administrator's laptop as here) and the file stays self-contained. Nothing is
drawn for an empty table: the report says there is no data instead. Figures are made without
pyplot, so no window or display is ever needed.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re

import matplotlib
from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kiosk.analytics.queries import Table
from kiosk.config import AUTO_FONTS, FONT_DIRS

RED, GOLD, BLUE = "#B22222", "#C9A13B", "#1F4E79"
SERIES = (RED, GOLD, BLUE, "#2E6B3A", "#9E1B1B", "#6B4E9E", "#B8860B", "#555555")
BARS_UP_TO_DAYS = 62
_serial = itertools.count()


def chinese_font() -> str | None:
    """Register Noto Sans CJK (Simplified Chinese face) with matplotlib; None when it is not installed."""
    for folder in FONT_DIRS:
        path = folder / AUTO_FONTS["sans"]
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
            return "Noto Sans CJK SC"
    return None


def _style(font: str | None) -> dict[str, object]:
    return {
        "font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
        "font.size": 11,
        "svg.fonttype": "path",
        "svg.hashsalt": f"chart{next(_serial)}",  # unique ids: several SVGs share one page
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#999999",
        "axes.grid": True,
        "grid.color": "#E5E0D8",
        "axes.axisbelow": True,
        "axes.titlesize": 13,
    }


def _svg(fig: Figure) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = out.getvalue()
    return re.sub(r"^.*?(?=<svg)", "", text, flags=re.DOTALL)  # inline: no XML prolog or doctype


def _short(text: object, limit: int = 18) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sessions_per_day(table: Table, font: str | None) -> str | None:
    if not table.rows or not any(r[-1] for r in table.rows):
        return None
    with matplotlib.rc_context(_style(font)):
        fig = Figure(figsize=(11, 3.6))
        ax = fig.subplots()
        kiosks = table.columns[1:-1]
        weekly = _per_day(ax, [r[0] for r in table.rows], [
            (kiosk, [r[1 + i] for r in table.rows], SERIES[i % len(SERIES)]) for i, kiosk in enumerate(kiosks)])
        ax.set_ylabel("人次（按周合计）" if weekly else "人次")
        if len(kiosks) > 1:
            _legend(ax)
        fig.autofmt_xdate()
        return _svg(fig)


def _per_day(ax: Axes, days: list[str], series: list[tuple[str, list[int], str]]) -> bool:
    """Stacked bars per day; over a longer period, per week (Monday to Sunday), so the shape
    of the year shows instead of hundreds of hair-thin bars. True when drawn per week."""
    dates = [dt.date.fromisoformat(d) for d in days]
    weekly = len(dates) > BARS_UP_TO_DAYS
    if weekly:
        weeks = sorted({d - dt.timedelta(days=d.weekday()) for d in dates})
        index = {week: i for i, week in enumerate(weeks)}
        summed = []
        for label, values, colour in series:
            totals = [0] * len(weeks)
            for day, value in zip(dates, values, strict=True):
                totals[index[day - dt.timedelta(days=day.weekday())]] += value
            summed.append((label, totals, colour))
        dates, series, width = weeks, summed, 5.6
    else:
        width = 0.8
    bottom = [0] * len(dates)
    for label, values, colour in series:
        ax.bar(dates, values, bottom=bottom, width=width, align="edge" if weekly else "center", color=colour,
               label=label)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.grid(axis="x", visible=False)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # people and reloads come whole
    pad = dt.timedelta(days=7 if weekly else 1)
    ax.set_xlim(dates[0] - pad, dates[-1] + pad)  # one day is a bar, not the whole width
    if weekly:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, len(dates) // 52)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    else:
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, len(dates) // 12)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    return weekly


def _legend(ax: Axes) -> None:
    """Above the plot, where it hides no bar."""
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=6)


def hour_by_weekday(table: Table, font: str | None) -> str | None:
    grid = [list(r[1:]) for r in table.rows]
    if not any(any(row) for row in grid):
        return None
    with matplotlib.rc_context(_style(font)):
        fig = Figure(figsize=(11, 3.6))
        ax = fig.subplots()
        ax.grid(False)
        image = ax.imshow(grid, cmap="Reds", aspect="auto")
        ax.set_yticks(range(len(table.rows)), [r[0] for r in table.rows])
        ax.set_xticks(range(24), [str(h) for h in range(24)])
        ax.set_xlabel("开始时刻（时）")
        peak = max(max(row) for row in grid)
        for y, row in enumerate(grid):
            for x, n in enumerate(row):
                if n:
                    ax.text(x, y, str(n), ha="center", va="center", fontsize=8 if peak < 1000 else 6,
                            color="white" if n > peak * 0.6 else "#333333")
        fig.colorbar(image, ax=ax, label="人次", shrink=0.9, ticks=MaxNLocator(integer=True))
        return _svg(fig)


def zone_share(table: Table, font: str | None) -> str | None:
    rows = [r for r in table.rows if r[2]]
    if not rows:
        return None
    with matplotlib.rc_context(_style(font)):
        fig = Figure(figsize=(7, 4))
        ax = fig.subplots()
        ax.pie([r[2] for r in rows], labels=[f"{r[1]}\n{r[3]}%" for r in rows], colors=SERIES, startangle=90,
               counterclock=False, wedgeprops={"width": 0.45, "edgecolor": "white"})
        ax.set_title("进入各展区的次数占比")
        return _svg(fig)


def ranked_bars(table: Table, value_column: int, label: str, font: str | None,
                colour: str = RED) -> str | None:
    """Horizontal bars, largest on top, labelled with panel titles."""
    if not table.rows:
        return None
    rows = list(reversed(table.rows))
    with matplotlib.rc_context(_style(font)):
        fig = Figure(figsize=(10, 0.8 + 0.38 * len(rows)))
        ax = fig.subplots()
        values = [r[value_column] or 0 for r in rows]
        bars = ax.barh([_short(r[1]) for r in rows], values, color=colour)
        ax.bar_label(bars, padding=3, fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(label)
        ax.grid(axis="y", visible=False)
        return _svg(fig)


def session_lengths(table: Table, font: str | None) -> str | None:
    if not any(r[1] for r in table.rows):
        return None
    with matplotlib.rc_context(_style(font)):
        fig = Figure(figsize=(10, 3.4))
        ax = fig.subplots()
        bars = ax.bar([r[0] for r in table.rows], [r[1] for r in table.rows], color=GOLD)
        ax.bar_label(bars, padding=2, fontsize=9)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("人次")
        ax.grid(axis="x", visible=False)
        return _svg(fig)


def media_completion(table: Table, font: str | None) -> str | None:
    if not table.rows:
        return None
    rows = list(reversed(table.rows[:20]))
    with matplotlib.rc_context(_style(font)):
        fig = Figure(figsize=(10, 0.8 + 0.38 * len(rows)))
        ax = fig.subplots()
        colours = [RED if r[0] == "视频" else BLUE for r in rows]
        bars = ax.barh([f"{r[0]}·{_short(r[2], 16)}" for r in rows], [r[6] for r in rows], color=colours)
        ax.bar_label(bars, labels=[f"{r[6]}%（{r[5]}/{r[4]}）" for r in rows], padding=3, fontsize=9)
        ax.set_xlim(0, 118)
        ax.set_xlabel("完播率 %（看完次数 / 观看次数）")
        ax.grid(axis="y", visible=False)
        return _svg(fig)


def operations_per_day(table: Table, font: str | None) -> str | None:
    if not any(any(r[1:]) for r in table.rows):
        return None
    with matplotlib.rc_context(_style(font)):
        fig = Figure(figsize=(11, 3.4))
        ax = fig.subplots()
        problems = [r[2] + r[3] + r[7] for r in table.rows]
        weekly = _per_day(ax, [r[0] for r in table.rows], [
            ("内容更新次数", [r[1] for r in table.rows], GOLD),
            ("问题（更新时发现 + 版面故障 + 异常重启）", problems, RED)])
        ax.set_ylabel("次数（按周合计）" if weekly else "次数")
        _legend(ax)
        fig.autofmt_xdate()
        return _svg(fig)
