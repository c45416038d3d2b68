"""Which settings of config.yaml take effect while the kiosk runs, and which wait for a restart.

This table is the one place that decides it; the admin overlay, the log and docs/ADMIN.md
follow it. A setting is live when changing it cannot leave the screen half in the old state
and half in the new: times, volumes, the playlist, the opening hours and the schedule of
playlists, the hall's name (only drawn text), the admin gesture and PIN, how often content/
is looked at. Everything the window, the fonts, the sizes in millimetres, the folders, the
zones or the interaction log were opened with waits for a restart; until then the kiosk
runs on the value it started with, and the admin overlay names the setting in plain words.

Pure: Configs in, Configs and key names out.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace

from kiosk.config import Config


@dataclass(frozen=True)
class Setting:
    live: bool
    label: str  # what an administrator calls it
    when: str = ""  # for a live setting: when the change is seen


SETTINGS: dict[str, Setting] = {
    "kiosk_id": Setting(False, "展项编号，参观记录里用它区分各台展项"),
    "language": Setting(False, "界面语言"),
    "hall.title": Setting(True, "展厅名称", "立即"),
    "hall.title_en": Setting(True, "展厅英文名称", "立即"),
    "hall.subtitle": Setting(True, "展厅副标题", "立即"),
    "screen.fullscreen": Setting(False, "全屏显示"),
    "screen.resolution": Setting(False, "屏幕分辨率"),
    "screen.orientation": Setting(False, "屏幕方向"),
    "screen.diagonal_in": Setting(False, "屏幕尺寸，文字和按钮的大小按它计算"),
    "screen.show_cursor": Setting(False, "显示鼠标指针"),
    "screen.output": Setting(False, "展项画面显示在哪一个屏幕输出上"),
    "touch.cooldown_ms": Setting(True, "触摸防抖时间", "立即"),
    "zones": Setting(False, "展区的名称、颜色和顺序"),
    "idle.timeout_s": Setting(True, "无人触摸多久后回到待机轮播", "立即"),
    "idle.warning_s": Setting(True, "回到轮播前的倒计时", "立即"),
    "attract.playlist": Setting(True, "待机轮播清单", "立即"),
    "paths.content": Setting(False, "展项内容文件夹"),
    "paths.playlists": Setting(False, "轮播清单文件夹"),
    "paths.log_db": Setting(False, "参观记录文件"),
    "log.retention_days": Setting(False, "参观记录保留天数"),
    "admin.pin_hash": Setting(True, "管理员密码", "下次打开密码键盘时"),
    "admin.gesture": Setting(True, "打开管理界面的角落", "立即"),
    "admin.hold_s": Setting(True, "长按多久打开管理界面", "立即"),
    "fonts.sans": Setting(False, "正文字体"),
    "fonts.sans_bold": Setting(False, "粗体字体"),
    "fonts.serif": Setting(False, "标题字体"),
    "fonts.ttc_face": Setting(False, "字体集里用哪一款字形"),
    "live.watch": Setting(False, "发现内容变化的方式：inotify 或 polling"),
    "live.poll_s": Setting(True, "查看内容变化的间隔", "立即"),
    "live.rescan_s": Setting(True, "全面复查内容的间隔", "立即"),
    "live.settle_s": Setting(True, "文件稳定多久后读取", "立即"),
    "media.volume": Setting(True, "视频和讲解的起始音量", "下一个打开的视频或讲解"),
    "media.volume_limit": Setting(True, "观众能调到的最大音量", "下一个打开的视频或讲解"),
    "hours.week": Setting(True, "每周的开放时间", "立即"),
    "hours.exceptions": Setting(True, "开放时间的例外日期（节假日闭馆、特别开放日）", "立即"),
    "hours.when_closed": Setting(True, "闭馆时屏幕休眠还是只放待机轮播", "立即"),
    "hours.wake_minutes": Setting(True, "闭馆时触摸唤醒多少分钟", "下一次唤醒"),
    "schedule": Setting(True, "轮播清单日程表", "立即"),
    # The console (a separate process) reads its section when it starts: restart the console.
    "console.bind": Setting(False, "网页管理台的监听地址（重启网页管理台）"),
    "console.port": Setting(False, "网页管理台的端口（重启网页管理台）"),
    "console.tls_cert": Setting(False, "网页管理台的 HTTPS 证书（重启网页管理台）"),
    "console.tls_key": Setting(False, "网页管理台的 HTTPS 私钥（重启网页管理台）"),
    "console.session_hours": Setting(False, "网页管理台登录的有效时长（重启网页管理台）"),
    "console.upload": Setting(False, "网页管理台上传文件的大小上限（重启网页管理台）"),
    "console.history": Setting(False, "网页管理台保留的历史版本（重启网页管理台）"),
}


def values(config: Config) -> dict[str, object]:
    """Every setting of a Config by its name in config.yaml ("idle.timeout_s"); the zones are one."""
    found: dict[str, object] = {}
    for section in fields(config):
        if section.name == "source":
            continue
        value = getattr(config, section.name)
        if is_dataclass(value):
            found.update({f"{section.name}.{f.name}": getattr(value, f.name) for f in fields(value)})
        else:
            found[section.name] = value
    return found


@dataclass(frozen=True)
class Comparison:
    """A valid config.yaml saved while the kiosk runs, compared with what it runs on."""

    config: Config  # what to run on now: the live settings as saved, the others as started
    applied: tuple[str, ...]  # live settings whose value changed
    restart: tuple[str, ...]  # settings saved with another value than the kiosk runs on


def compare(running: Config, saved: Config) -> Comparison:
    before, after = values(running), values(saved)
    differ = [key for key in after if after[key] != before[key]]
    applied = tuple(key for key in differ if SETTINGS[key].live)
    config = running
    for key in applied:
        config = _with(config, key, after[key])
    return Comparison(config, applied, tuple(key for key in differ if not SETTINGS[key].live))


def _with(config: Config, key: str, value: object) -> Config:
    section, _, name = key.partition(".")
    if not name:
        return replace(config, **{section: value})
    return replace(config, **{section: replace(getattr(config, section), **{name: value})})


def restart_lines(keys: tuple[str, ...] | list[str]) -> list[str]:
    """For the admin overlay: one line per setting that waits for a restart."""
    return [f"需要重启才能生效：{key}（{SETTINGS[key].label}）" for key in keys]


def applied_words(keys: tuple[str, ...] | list[str]) -> str:
    return "、".join(f"{key}（{SETTINGS[key].label}）" for key in keys)
