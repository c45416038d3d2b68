"""Subtitles as curators' editors write them: the right words at the right moment, or a named line."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.media.subtitles import parse_srt

OATH = """1
00:00:00,000 --> 00:00:02,500
我志愿加入中国共产党，

2
00:00:02,500 --> 00:00:05,000
拥护党的纲领，
遵守党的章程，
"""


def test_each_moment_shows_its_own_words() -> None:
    subtitles = parse_srt(OATH)
    assert subtitles.problems == ()
    assert subtitles.at(0.0) == "我志愿加入中国共产党，"
    assert subtitles.at(2.499) == "我志愿加入中国共产党，"
    assert subtitles.at(2.5) == "拥护党的纲领，\n遵守党的章程，"
    assert subtitles.at(5.0) == ""  # a cue ends at its end time
    assert subtitles.at(-1) == ""


def test_windows_files_with_a_bom_and_crlf_read_the_same() -> None:
    assert parse_srt("\ufeff" + OATH.replace("\n", "\r\n")).cues == parse_srt(OATH).cues


def test_gaps_between_cues_show_nothing() -> None:
    subtitles = parse_srt("1\n00:00:01,000 --> 00:00:02,000\n一\n\n2\n00:00:04,000 --> 00:00:05,000\n二\n")
    assert [subtitles.at(t) for t in (0.5, 1.5, 3.0, 4.5)] == ["", "一", "", "二"]


def test_hand_written_files_without_numbers_hours_or_blank_lines() -> None:
    text = "00:01,5 --> 00:03.25\n南昌起义\n2\n00:00:04,000 --> 00:00:06,000 X1:40 X2:600\n遵义会议\n"
    subtitles = parse_srt(text)
    assert subtitles.problems == ()
    assert [(c.start_s, c.end_s, c.text) for c in subtitles.cues] == [
        (1.5, 3.25, "南昌起义"), (4.0, 6.0, "遵义会议")]


def test_formatting_tags_are_not_shown() -> None:
    subtitles = parse_srt("1\n00:00:00,000 --> 00:00:01,000\n{\\an8}<i>一九二一年</i><font color=\"red\">七月</font>\n")
    assert subtitles.at(0.5) == "一九二一年七月"


def test_cues_out_of_order_and_overlapping_are_all_shown() -> None:
    text = ("2\n00:00:03,000 --> 00:00:04,000\n后\n\n"
            "1\n00:00:00,000 --> 00:00:05,000\n全程\n\n"
            "3\n00:00:03,500 --> 00:00:04,500\n叠加\n")
    subtitles = parse_srt(text)
    assert subtitles.at(1) == "全程"
    assert subtitles.at(3.7) == "全程\n后\n叠加"


def test_a_broken_cue_is_named_by_its_line_and_the_others_still_show() -> None:
    text = ("1\n00:00:00,000 --> 00:00:01,000\n第一句\n\n"
            "2\n00:00:05,000 --> 00:00:02,000\n倒着的时间\n\n"
            "3\n00:00:01,000 - 00:00:02,000\n少了箭头\n\n"
            "4\n00:00:03,000 --> 00:00:04,000\n第四句\n\n"
            "5\n00:00:04,000 --> 00:00:04,500\n\n")
    subtitles = parse_srt(text)
    assert [c.text for c in subtitles.cues] == ["第一句", "第四句"]  # an empty cue is simply nothing to show
    assert [(p.line, p.message.split(".")[0]) for p in subtitles.problems] == [
        (6, "this cue ends before it starts"),
        (9, "this text has no time line before it (such as 00:00:01,000 --> 00:00:04,000), so it is never shown"),
    ]


def test_impossible_times_are_named() -> None:
    (problem,) = parse_srt("1\n00:61:00,000 --> 00:62:00,000\n时间错了\n").problems
    assert problem.line == 2 and "60 or more minutes" in problem.message


def test_an_empty_or_unrelated_file_says_it_holds_no_subtitles() -> None:
    for text in ("", "\n\n", "这不是字幕文件"):
        subtitles = parse_srt(text)
        assert subtitles.cues == ()
        assert len(subtitles.problems) == 1
    assert "holds no subtitles" in parse_srt("").problems[0].message


def test_check_names_a_broken_cue_with_its_file_and_line(media_dir: Path, tmp_path: Path) -> None:
    from kiosk.config import DEFAULT_ZONES
    from kiosk.content.loader import load_catalog

    zone = tmp_path / "content" / "education"
    zone.mkdir(parents=True)
    shutil.copy(media_dir / "clip.mp4", zone / "05-宣誓仪式.mp4")
    (zone / "05-宣誓仪式.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\n宣誓\n\n"
                                        "2\n00:00:03,000 --> 00:00:02,000\n倒着的时间\n", encoding="utf-8")
    catalog = load_catalog(tmp_path / "content", DEFAULT_ZONES)
    assert catalog.panels["education/05-宣誓仪式"].media[0].subtitles == "education/05-宣誓仪式.srt"
    (problem,) = [p for p in catalog.problems if p.path.endswith(".srt")]
    assert str(problem) == ("education/05-宣誓仪式.srt:6: warning: this cue ends before it starts. "
                            "Check its two times")
