"""`python -m kiosk report` as an administrator runs it: the HTML they forward, the CSV they open."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import sqlite3
from pathlib import Path

import pytest

from kiosk.__main__ import main
from tests.conftest import write
from tests.test_report_queries import HALL_1, HALL_2, write_log


@pytest.fixture(scope="module")
def two_kiosks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """One full report with CSV files, made once: (report.html, csv folder, what the command printed)."""
    folder = tmp_path_factory.mktemp("report")
    logs = [write_log(folder / "hall-1.sqlite3", HALL_1), write_log(folder / "hall-2.sqlite3", HALL_2, "hall-2")]
    out, csv_dir = folder / "out" / "report.html", folder / "csv"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert report(folder, "--db", str(logs[0]), "--db", str(logs[1]), "--out", str(out),
                      "--csv", str(csv_dir)) == 0
    return out, csv_dir, printed.getvalue()


def report(folder: Path, *args: str) -> int:
    """Run the command with no config.yaml at hand, as on an administrator's laptop."""
    return main(["report", "--config", str(folder / "absent.yaml"), *args])


def read_csv(path: Path) -> list[list[str]]:
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf", f"{path.name} lacks the BOM Excel needs for Chinese"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_the_report_is_one_offline_file_with_a_plot_per_section(two_kiosks: tuple[Path, Path, str]) -> None:
    out, _csv_dir, printed = two_kiosks
    assert printed.startswith(f"wrote {out}: 4 visits, 6 panel opens, 2 kiosk(s), 2026-03-02 to 2026-03-04")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    for heading in ("每日参观人次", "参观时段", "各展区占比", "最常打开的版面", "停留最久的版面", "参观时长分布",
                    "视频与音频完播率", "二维码展示次数", "内容更新与故障"):
        assert f"<h2>{heading}</h2>" in page
    assert page.count("<svg") == 9  # every section has data, so every one has its plot
    assert "<text" not in page  # text drawn as shapes: Chinese shows without fonts installed
    outside = re.findall(r"""(?:src|href)\s*=\s*["'](?!#|data:)[^"']*""", page)
    assert outside == [] and "<script" not in page and "<link" not in page
    assert "旧版面" in page and "开天辟地（新）" in page  # deleted and renamed panels read well
    assert "hall-1、hall-2" in page


def test_csv_files_hold_the_raw_events_and_every_table(two_kiosks: tuple[Path, Path, str]) -> None:
    _out, folder, _printed = two_kiosks
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["events.csv", "sessions_per_day.csv", "hour_by_weekday.csv", "zone_share.csv", "top_panels_by_opens.csv",
         "top_panels_by_dwell.csv", "session_lengths.csv", "media_completion.csv", "qr_shown.csv",
         "operations_per_day.csv"])
    events = read_csv(folder / "events.csv")
    assert events[0] == ["本地时间", "UTC毫秒", "终端", "访问编号", "类型", "展区", "版面", "标题", "数据"]
    assert len(events) == 1 + len(HALL_1) + len(HALL_2)
    assert events[1][:1] + events[1][2:5] == ["2026-03-02 08:30:00.000", "hall-1", "", "app_start"]
    opening = next(row for row in events if row[4] == "panel_open")
    assert opening[5:8] == ["education", "education/a", "开天辟地"]
    assert read_csv(folder / "sessions_per_day.csv") == [
        ["日期", "hall-1", "hall-2", "合计"], ["2026-03-02", "2", "0", "2"], ["2026-03-03", "0", "1", "1"],
        ["2026-03-04", "1", "0", "1"]]
    assert read_csv(folder / "qr_shown.csv")[1] == ["showcase/c", "英模事迹", "https://example.org/c", "1"]
    assert read_csv(folder / "media_completion.csv")[1] == [
        "视频", "education/a", "开天辟地（新）", "a.mp4", "1", "0", "0.0", "40.0"]


def test_a_section_without_data_says_so(tmp_path: Path) -> None:
    quiet = write_log(tmp_path / "quiet.sqlite3", HALL_2[:3])  # a visit that never ended, no media, no QR
    out = tmp_path / "report.html"
    assert report(tmp_path, "--db", str(quiet), "--out", str(out)) == 0
    page = out.read_text(encoding="utf-8")
    for words in ("这段时间没有结束的参观记录。", "这段时间没有视频或音频播放记录。", "这段时间没有展示二维码。",
                  "这段时间没有内容更新，也没有故障。", "这段时间没有离开版面的记录。"):
        assert f'<p class="empty">{words}</p>' in page
    assert page.count("<svg") == 4  # visits per day, heat map, zones, opens


def test_by_default_the_kiosks_own_log_narrowed_by_date_and_kiosk(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path / "config.yaml", "hall:\n  title: 测试展厅\npaths:\n  log_db: logs/here.sqlite3\n")
    (tmp_path / "logs").mkdir()
    write_log(tmp_path / "logs" / "here.sqlite3", HALL_1)
    out = tmp_path / "report.html"
    assert main(["report", "--config", str(config), "--since", "2026-03-03", "--until", "2026-03-04",
                 "--kiosk", "hall-1", "--out", str(out)]) == 0
    assert "1 visits, 1 panel opens, 1 kiosk(s), 2026-03-03 to 2026-03-04" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert "<h1>测试展厅 · 参观数据报告</h1>" in page and "统计时段：2026-03-03 至 2026-03-04" in page


def test_every_unreadable_log_is_one_line_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    missing = tmp_path / "nowhere.sqlite3"
    assert report(tmp_path, "--db", str(missing), "--out", str(out)) == 1
    assert capsys.readouterr().err.startswith(f"{missing}: no such file")

    garbage = write(tmp_path / "notes.sqlite3", "这不是数据库" * 100)
    assert report(tmp_path, "--db", str(garbage), "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{garbage}: ") and "not an interaction log" in err and err.count("\n") == 1

    newer = tmp_path / "newer.sqlite3"
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version = 99")
    db.close()
    assert report(tmp_path, "--db", str(newer), "--out", str(out)) == 1
    assert "written by a newer kiosk" in capsys.readouterr().err
    assert not out.exists()


def test_wrong_dates_are_refused_before_anything_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs = [write_log(tmp_path / "hall-1.sqlite3", HALL_1)]
    with pytest.raises(SystemExit) as stopped:
        report(tmp_path, "--db", str(logs[0]), "--since", "3月1日", "--out", str(tmp_path / "r.html"))
    assert stopped.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert report(tmp_path, "--db", str(logs[0]), "--since", "2026-03-04", "--until", "2026-03-01",
                  "--out", str(tmp_path / "r.html")) == 2
    assert "before --since" in capsys.readouterr().err
