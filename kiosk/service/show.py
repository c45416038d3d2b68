"""`python -m kiosk status`: the status file in words for a person at a shell (Chinese)."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any, TextIO

from kiosk.service.status import STALE_AFTER_S, running

SCENES = {"attract": "待机轮播", "home": "首页", "zone": "展区", "panel": "版面", "admin": "管理界面",
          "asleep": "闭馆休眠，屏幕已关（触摸唤醒）"}


def print_status(doc: dict[str, Any] | None, out: TextIO, *, as_json: bool, now: float | None = None) -> int:
    """0 while the kiosk runs, 3 when it does not (as `systemctl status` does)."""
    now = time.time() if now is None else now
    alive = running(doc, now)
    if as_json:
        out.write(json.dumps({**(doc or {}), "running": alive}, ensure_ascii=False, indent=1) + "\n")
        return 0 if alive else 3
    if doc is None:
        out.write("展项未在运行：没有状态文件（展项从未在这台电脑上启动过，或 data/ 文件夹不可读）。\n")
        return 3
    if not alive:
        since = doc.get("heartbeat_at", "未知")
        why = "已正常停止" if doc.get("state") == "stopped" else f"超过 {STALE_AFTER_S:.0f} 秒没有心跳，可能已崩溃或卡住"
        out.write(f"展项未在运行：{why}。最后一次心跳：{since}\n")
        return 3
    lines = [
        f"展项 {doc.get('kiosk_id', '?')} 正在运行（版本 {doc.get('version', '?')}，进程 {doc.get('pid', '?')}）",
        f"  启动于：{doc.get('started_at', '?')}，运行了 {_uptime(doc, now)}",
        f"  最后心跳：{doc.get('heartbeat_at', '?')}",
        f"  画面：{_scene(doc)}",
        f"  开放状态：{'开放中' if doc.get('open', True) else '闭馆中'}" + (f"（{doc['hours_why']}）" if doc.get("hours_why") else ""),
        f"  待机轮播：{doc.get('playlist', '?')}" + (f"（{doc['playlist_why']}）" if doc.get("playlist_why") else ""),
        f"  内容：{doc.get('panels', '?')} 个版面，{_problems(doc)}",
        f"  内容指纹：{doc.get('content_fingerprint', '计算中')}",
        f"  最近一次内容更新：{doc.get('last_reload_at') or '启动以来没有'}",
        f"  屏幕：{_screen(doc.get('screen') or {})}",
        f"  触摸：{'启动以来已收到触摸' if doc.get('touched') else '启动以来还没有收到触摸'}",
        f"  data/ 剩余空间：{_bytes(doc.get('disk_free_bytes'))}",
    ]
    out.write("\n".join(lines) + "\n")
    return 0


def _uptime(doc: dict[str, Any], now: float) -> str:
    try:
        seconds = int(now - datetime.fromisoformat(doc["started_at"]).timestamp())
    except (KeyError, TypeError, ValueError):
        return "未知"
    days, rest = divmod(max(seconds, 0), 86400)
    hours, rest = divmod(rest, 3600)
    return (f"{days} 天 " if days else "") + f"{hours} 小时 {rest // 60} 分"


def _scene(doc: dict[str, Any]) -> str:
    scene = SCENES.get(doc.get("scene") or "", doc.get("scene") or "未知")
    where = doc.get("panel") or doc.get("zone")
    return f"{scene}（{where}）" if where else scene


def _problems(doc: dict[str, Any]) -> str:
    problems = doc.get("problems") or {}
    return f"{problems.get('errors', 0)} 个错误，{problems.get('warnings', 0)} 个提醒"


def _screen(screen: dict[str, Any]) -> str:
    window = screen.get("window") or []
    size = "x".join(str(n) for n in window[-2:]) if window else "?"
    if not screen.get("fullscreen"):
        return f"窗口 {size}（非全屏）"
    turn = f"，画面旋转 {screen['turn']} 度（竖屏）" if screen.get("turn") else ""
    return f"全屏覆盖屏幕输出 {screen.get('output', '?')}（{size}）{turn}"


def _bytes(value: object) -> str:
    if not isinstance(value, int):
        return "未知"
    return f"{value / 1024 ** 3:.1f} GB"
