"""`python -m kiosk report`: one HTML file an administrator can open offline, read and forward.

Everything is inside the file (styles, plots as SVG with their text as shapes), so it opens
from a USB stick or an e-mail without a network and without Chinese fonts installed. Each
section is one query (queries.py) shown as a plot and as its table; a section without data
says so in words rather than showing an empty frame.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.analytics import charts, queries, spreadsheet
from kiosk.analytics.queries import Summary, Table
from kiosk.analytics.sources import Selection, merge_logs


@dataclass
class Section:
    heading: str
    explains: str
    table: Table
    chart: str | None
    empty: str  # what the section says when there is nothing to show
    table_open: bool = True  # long tables start folded under their plot


@dataclass(frozen=True)
class Written:
    html: Path
    csv_files: tuple[Path, ...]
    summary: Summary


def make_report(logs: Sequence[Path], selection: Selection, out: Path, *, csv_dir: Path | None = None,
                hall: str = "展厅") -> Written:
    """Merge the logs, write the HTML report (and the CSV files); raises sources.LogUnreadable."""
    db = merge_logs(logs, selection)
    try:
        every_day = queries.days(db, selection.since, selection.until)
        summary = queries.summary(db)
        sections = _sections(db, every_day, charts.chinese_font())
        page = _page(hall, selection, summary, sections)
        _write_atomically(out, page)
        written: list[Path] = []
        if csv_dir is not None:
            csv_dir.mkdir(parents=True, exist_ok=True)
            written.append(spreadsheet.write_events(db, csv_dir))
            written.extend(spreadsheet.write_table(s.table, csv_dir) for s in sections)
    finally:
        db.close()
    return Written(out, tuple(written), summary)


def _sections(db: sqlite3.Connection, every_day: list[str], font: str | None) -> list[Section]:
    per_day = queries.sessions_per_day(db, every_day)
    heat = queries.hour_by_weekday(db)
    zones = queries.zone_share(db)
    opens = queries.top_panels_by_opens(db)
    dwell = queries.top_panels_by_dwell(db)
    lengths = queries.session_lengths(db)
    media = queries.media_completion(db)
    qr = queries.qr_shown(db)
    operations = queries.operations_per_day(db, every_day)
    return [
        Section("每日参观人次", "一次参观从屏幕空闲后的第一次触摸开始，无人触摸达到空闲时间后结束；"
                "多台终端时按终端分色叠加。", per_day, charts.sessions_per_day(per_day, font),
                "这段时间没有参观记录。", table_open=len(per_day.rows) <= 14),
        Section("参观时段", "每格是该星期几、该小时内开始的参观次数，颜色越深人越多。", heat,
                charts.hour_by_weekday(heat, font), "这段时间没有参观记录。", table_open=False),
        Section("各展区占比", "进入各展区的次数及其占比，以及在该展区打开版面的次数和停留时间。", zones,
                charts.zone_share(zones, font), "这段时间没有人进入展区。"),
        Section("最常打开的版面", "按打开次数排列的前 15 个版面；版面删除后仍以当时的标题显示。", opens,
                charts.ranked_bars(opens, 3, "打开次数", font), "这段时间没有打开版面的记录。"),
        Section("停留最久的版面", "按停留时间合计排列的前 15 个版面：从打开版面到离开它的时间。", dwell,
                charts.ranked_bars(dwell, 3, "停留分钟合计", font, charts.GOLD), "这段时间没有离开版面的记录。"),
        Section("参观时长分布", "每次参观从第一次触摸到最后一次触摸的时间（因断电等未正常结束的参观不计入）。",
                lengths, charts.session_lengths(lengths, font), "这段时间没有结束的参观记录。"),
        Section("视频与音频完播率", "每次观看在播放到结尾或观众离开时记录一次；完播率 = 看完次数 ÷ 观看次数。",
                media, charts.media_completion(media, font), "这段时间没有视频或音频播放记录。"),
        Section("二维码展示次数", "带“扫码带走”二维码的版面被打开、二维码出现在屏幕上的次数。", qr,
                charts.ranked_bars(qr, 3, "展示次数", font, charts.BLUE), "这段时间没有展示二维码。"),
        Section("内容更新与故障", "策展人更新内容的次数、更新时发现的问题、版面故障、管理登录，以及断电或崩溃后的异常重启。",
                operations, charts.operations_per_day(operations, font), "这段时间没有内容更新，也没有故障。",
                table_open=False),
    ]


def _page(hall: str, selection: Selection, summary: Summary, sections: list[Section]) -> str:
    first = selection.since.isoformat() if selection.since else summary.first_day
    last = selection.until.isoformat() if selection.until else summary.last_day
    period = f"{first} 至 {last}" if first else "（没有记录）"
    kiosks = "、".join(summary.kiosks) or "（无）"
    if selection.kiosks:
        kiosks += "（按 --kiosk 筛选）"
    cards = [("参观人次", f"{summary.sessions:,}"),
             ("平均参观时长", _seconds(summary.mean_session_s)),
             ("参观时长中位数", _seconds(summary.median_session_s)),
             ("版面打开次数", f"{summary.panel_opens:,}"),
             ("版面停留合计", f"{summary.dwell_h:,.1f} 小时"),
             ("终端数", str(len(summary.kiosks)))]
    body = [
        f"<h1>{_e(hall)} · 参观数据报告</h1>",
        (f'<p class="meta">统计时段：{_e(period)}　终端：{_e(kiosks)}　事件数：{summary.events:,}　'
         f"生成时间：{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}</p>"),
        '<div class="cards">' + "".join(f'<div class="card"><div class="n">{_e(v)}</div><div>{_e(k)}</div></div>'
                                        for k, v in cards) + "</div>",
    ]
    for section in sections:
        body.append(_section(section))
    body.append('<p class="meta">日期与时刻均为各终端当地时间。记录中不含任何个人信息：只有触摸了哪个展区、'
                "哪个版面、停留多久。事件说明见 docs/EVENTS.md。</p>")
    return TEMPLATE.format(title=_e(f"{hall} 参观数据报告 {period}"), body="\n".join(body))


def _section(s: Section) -> str:
    parts = [f"<section><h2>{_e(s.heading)}</h2>", f'<p class="explain">{_e(s.explains)}</p>']
    if s.chart is None:
        parts.append(f'<p class="empty">{_e(s.empty)}</p>')
    else:
        parts.append(f'<div class="chart">{s.chart}</div>')
        parts.append(f'<details{" open" if s.table_open else ""}><summary>数据表（{len(s.table.rows)} 行，'
                     f"CSV 文件 {_e(s.table.key)}.csv）</summary>{_table(s.table)}</details>")
    parts.append("</section>")
    return "\n".join(parts)


def _table(table: Table) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
    rows = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in table.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _cell(value: object) -> str:
    if value is None:
        return "<td>–</td>"
    if isinstance(value, (int, float)):
        return f'<td class="num">{value:,}</td>'
    return f"<td>{_e(value)}</td>"


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} 分 {seconds} 秒" if minutes else f"{seconds} 秒"


def _e(value: object) -> str:
    return html.escape(str(value))


def _write_atomically(path: Path, text: str) -> None:
    """A half-written report never replaces the last good one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0 auto; max-width: 1180px; padding: 24px 32px 48px; background: #FBF8F2; color: #222;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; }}
h1 {{ color: #fff; background: linear-gradient(#B22222, #7F1416); margin: -24px -32px 12px; padding: 22px 32px;
  font-size: 28px; border-bottom: 3px solid #C9A13B; }}
h2 {{ color: #7F1416; border-left: 6px solid #B22222; padding-left: 10px; margin-top: 36px; }}
.meta {{ color: #666; font-size: 14px; }}
.explain {{ color: #444; }}
.empty {{ padding: 18px; background: #F1ECE2; border-radius: 6px; color: #555; }}
.cards {{ display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px; margin: 18px 0; }}
.card {{ background: #fff; border-top: 4px solid #B22222; border-radius: 6px; padding: 12px; text-align: center;
  box-shadow: 0 1px 3px rgba(0,0,0,.08); }}
.card .n {{ font-size: 24px; font-weight: bold; color: #7F1416; }}
.chart svg {{ max-width: 100%; height: auto; }}
details {{ margin: 8px 0; }}
summary {{ cursor: pointer; color: #7F1416; }}
table {{ border-collapse: collapse; margin-top: 8px; font-size: 13px; background: #fff; }}
th, td {{ border: 1px solid #E0D8CA; padding: 4px 8px; text-align: left; }}
th {{ background: #F3E9D8; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
@media print {{ details {{ display: block; }} }}
</style>
</head>
<body>
{body}
</body>
</html>
"""
