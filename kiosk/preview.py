"""`python -m kiosk preview --out DIR`: every panel drawn as the hall will show it, on one page.

Curators check a whole exhibition before opening day in a browser: DIR/index.html is a
contact sheet grouped by zone, each panel's picture linked to its full-size screen, and every
problem of content/ beside the panel it belongs to (or at the top when it belongs to none).
"""

from __future__ import annotations

import html
import shutil
from collections import defaultdict
from pathlib import Path

from kiosk.config import Config
from kiosk.content.model import Catalog, Panel, Problem
from kiosk.engine.snapshot import Snapshotter

SIZE = (1920, 1080)
KIND_NAMES = {"article": "图文", "gallery": "图集", "video": "视频", "audio": "音频", "chart": "图表",
              "quiz": "答题", "timeline": "时间轴", "object": "实物"}

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; margin: 24px; background: #faf4e8; color: #261e1c; }}
h1 {{ color: #a81418; }} h2 {{ color: #a81418; border-bottom: 3px solid #deb25c; padding-bottom: 4px; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }}
.panel {{ background: #fffcf5; border: 2px solid #e1d2be; border-radius: 8px; padding: 8px; }}
.panel.error {{ border-color: #b02020; }} .panel.warning {{ border-color: #d9a000; }}
.panel img {{ width: 100%; border-radius: 4px; }}
.id {{ color: #76665c; font-size: 12px; word-break: break-all; }}
.problem {{ font-size: 13px; margin: 4px 0; }} .problem.error {{ color: #b02020; }} .problem.warning {{ color: #8a6500; }}
.summary {{ background: #fffcf5; padding: 12px; border-radius: 8px; }}
</style></head><body>
<h1>{title}</h1>
<div class="summary">{summary}</div>
{body}
</body></html>
"""


def problems_by_panel(catalog: Catalog) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """Each problem beside the panel whose folder or file it names; the rest stand alone."""
    owners: dict[str, str] = {}
    for panel in catalog.panels.values():
        owners[panel.id] = panel.id  # the folder itself
        for file in panel.files:
            owners[file] = panel.id
    mine: dict[str, list[Problem]] = defaultdict(list)
    loose: list[Problem] = []
    for problem in catalog.problems:
        owner = owners.get(problem.path) or owners.get(problem.path.rsplit("/", 1)[0])
        (mine[owner] if owner else loose).append(problem)
    return mine, loose


def write_preview(config: Config, catalog: Catalog, out: Path) -> list[str]:
    """Draw every panel into out/screens/ and write out/index.html. Returns drawing problems."""
    screens = out / "screens"
    if screens.exists():
        shutil.rmtree(screens)
    screens.mkdir(parents=True)
    drawing: dict[str, list[str]] = {}
    snapshotter = Snapshotter(config, catalog, SIZE)
    try:
        for i, panel_id in enumerate(catalog.panels):
            drawing[panel_id] = snapshotter.render(screens / f"{i:04d}.jpg", panel=panel_id)
    finally:
        snapshotter.close()
    mine, loose = problems_by_panel(catalog)
    names = {panel_id: f"screens/{i:04d}.jpg" for i, panel_id in enumerate(catalog.panels)}
    sections = []
    for zone in catalog.zones:
        cards = [_card(catalog.panels[pid], names[pid], mine.get(pid, []), drawing[pid]) for pid in zone.panel_ids]
        sections.append(f"<h2>{html.escape(zone.title)} {html.escape(zone.title_en)}"
                        f"（{len(zone.panel_ids)} 个版面）</h2><div class=\"grid\">{''.join(cards)}</div>")
    errors = len(catalog.errors)
    summary = (f"{len(catalog.panels)} 个版面，{errors} 个错误，{len(catalog.problems) - errors} 个提醒。"
               "红框：有错误的版面；黄框：有提醒的版面。")
    if loose:
        summary += "<h3>不属于任何版面的问题</h3>" + "".join(_problem(p) for p in loose)
    title = f"{config.hall.title} · 版面预览"
    (out / "index.html").write_text(PAGE.format(title=html.escape(title), summary=summary, body="".join(sections)),
                                    encoding="utf-8")
    return [f"{pid}: {p}" for pid, found in drawing.items() for p in found]


def _problem(problem: Problem) -> str:
    return f'<div class="problem {problem.severity}">{html.escape(str(problem))}</div>'


def _card(panel: Panel, image: str, problems: list[Problem], drawing: list[str]) -> str:
    severity = "error" if drawing or any(p.severity == "error" for p in problems) else (
        "warning" if problems else "")
    notes = "".join(_problem(p) for p in problems)
    notes += "".join(f'<div class="problem error">{html.escape(d)}</div>' for d in drawing)
    sample = " · 示例" if panel.sample else ""
    return (f'<div class="panel {severity}"><a href="{image}"><img src="{image}" loading="lazy" alt=""></a>'
            f"<div><b>{html.escape(panel.title)}</b> · {KIND_NAMES[panel.kind]}{sample}</div>"
            f'<div class="id">{html.escape(panel.id)}</div>{notes}</div>')
