"""`python -m kiosk schedule`: an administrator rehearses a date or a week before it comes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.__main__ import main
from tests.conftest import REPO, write

CONFIG = """\
hours:
  tue-sun: ["09:00-12:00", "13:30-17:00"]
  monday: closed
  exceptions:
    - {date: 01-01, name: 元旦, hours: closed}
schedule:
  - {name: 七一建党节, date: 06-28..07-04, playlist: 建党节, featured: [education/01-开天辟地]}
  - {date: 07-01, time: "09:00-10:00", playlist: 升旗}
  - {date: 12-13, playlist: 国家公祭日}
"""


@pytest.fixture
def hall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    for name in ("default", "建党节", "国家公祭日"):
        write(tmp_path / "playlists" / f"{name}.yaml", "items:\n  - zone: education\n")
    return write(tmp_path / "config.yaml", CONFIG)


def rehearse(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["schedule", "--config", str(config), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_at_says_open_which_playlist_and_which_entry_with_its_line(hall: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = rehearse(hall, capsys, "--at", "2027-07-02 09:30")
    assert status == 0
    assert out.splitlines() == [
        "2027-07-02 09:30 周五（时区 Asia/Shanghai）",
        "展厅：开放",
        f"  依据：{hall}:2 hours.tue-sun：09:00-12:00、13:30-17:00",
        "播放清单：建党节",
        f"  依据：{hall}:7 schedule[0]「七一建党节」：每年 06-28..07-04",
        "首页推荐版面：education/01-开天辟地",
        "下一次变化：2027-07-02 12:00 周五 → 闭馆（屏幕休眠，触摸唤醒 5 分钟）",
    ]


def test_at_names_the_entries_that_lost_and_a_playlist_without_its_file(hall: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = rehearse(hall, capsys, "--at", "2027-07-01 09:30")
    assert "播放清单：升旗（playlists/升旗.yaml 不存在，将改放默认清单 default）" in out
    assert f"  同时适用、但不如它具体：{hall}:7 schedule[0]「七一建党节」：每年 06-28..07-04 → 建党节" in out
    assert "下一次变化：2027-07-01 10:00 周四 → 改放 建党节，推荐版面改为 education/01-开天辟地" in out


def test_a_closed_day_says_why(hall: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = rehearse(hall, capsys, "--at", "2027-01-01 10:00")
    assert "展厅：闭馆（屏幕休眠，触摸唤醒 5 分钟）" in out
    assert f"依据：{hall}:5 hours.exceptions[0].hours（元旦）：闭馆" in out
    assert "下一次变化：2027-01-02 09:00 周六 → 开放" in out


def test_at_as_json_for_tools(hall: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = rehearse(hall, capsys, "--at", "2027-12-13 10:00", "--json")
    answer = json.loads(out)
    assert answer["open"] is False  # a Monday
    assert (answer["playlist"], answer["playlist_exists"]) == ("国家公祭日", True)
    assert answer["entry"] == {"key": "schedule[2]", "file": str(hall), "line": 9, "name": "",
                               "rule": "每年 12-13", "playlist": "国家公祭日"}
    assert answer["next_change"] == "2027-12-14T00:00:00+08:00"  # the playlist changes at midnight


def test_week_is_a_table_of_seven_days_with_the_playlist_of_each_span(hall: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = rehearse(hall, capsys, "--week", "--from", "2027-06-28")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == "2027-06-28 至 2027-07-04（时区 Asia/Shanghai）"
    assert lines[1].split() == ["日期", "星期", "开放时间", "时段", "状态", "播放清单", "依据"]
    days = [line.split()[0] for line in lines[2:] if line[:4] == "2027"]
    assert days == ["2027-06-28", "2027-06-29", "2027-06-30", "2027-07-01", "2027-07-02", "2027-07-03", "2027-07-04"]
    monday = lines[2]
    assert monday.split()[2:6] == ["闭馆", "00:00-24:00", "闭馆·休眠", "—"]
    assert any(line.split()[:3] == ["09:00-10:00", "开放", "default（缺"] for line in lines)  # 07-01's 升旗
    assert any(line.split()[:3] == ["10:00-12:00", "开放", "建党节"] for line in lines)


def test_week_as_json(hall: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = rehearse(hall, capsys, "--week", "--from", "2027-12-13", "--json")
    days = json.loads(out)["days"]
    assert len(days) == 7
    assert days[0]["spans"] == [{"from": "00:00", "to": "24:00", "open": False, "playlist": "国家公祭日",
                                 "playlist_exists": True, "featured": [],
                                 "entry": {"key": "schedule[2]", "file": str(hall), "line": 9, "name": "",
                                           "rule": "每年 12-13", "playlist": "国家公祭日"}}]


@pytest.mark.parametrize(("args", "line"), [
    (["--at", "2027-02-30 09:30"], '--at: "2027-02-30 09:30" 不是有效的日期和时刻，请写成 "2027-07-01 09:30"'),
    (["--at", "tomorrow"], '--at: "tomorrow" 不是有效的日期和时刻，请写成 "2027-07-01 09:30"'),
    (["--at", "2027-07-01 25:00"], '--at: "2027-07-01 25:00" 不是有效的日期和时刻，请写成 "2027-07-01 09:30"'),
    (["--week", "--from", "2027-13-01"], '--from: "2027-13-01" 不是有效的日期，请写成 2027-06-28'),
    (["--from", "2027-06-28"], "--from 只和 --week 一起用：python -m kiosk schedule --week --from 2027-06-28"),
])
def test_a_bad_date_or_time_is_one_line_and_exit_2(hall: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                                    line: str) -> None:
    status, out, err = rehearse(hall, capsys, *args)
    assert (status, out, err) == (2, "", line + "\n")


def test_a_time_skipped_by_summer_time_is_said_so(hall: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    _, out, _ = rehearse(hall, capsys, "--at", "2027-03-28 02:30")
    assert out.splitlines()[:2] == ["2027-03-28 03:30 周日（时区 Europe/Berlin）",
                                    "  注意：02:30 因夏令时拨快而不存在，按 03:30 计算"]


def test_the_command_runs_without_the_screen_machinery() -> None:
    code = ("import sys; from kiosk.__main__ import main; main(['schedule', '--week', '--from', '2027-06-28']); "
            "assert 'pygame' not in sys.modules, 'pygame imported'")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=REPO,
                            timeout=60, env={"TZ": "Asia/Shanghai", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert "建党节" in result.stdout
