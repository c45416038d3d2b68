"""The loader on good trees: what curators drop in becomes the panels they expect."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.config import DEFAULT_ZONES
from kiosk.content.loader import load_catalog, title_from_name
from kiosk.content.model import Catalog
from tests.conftest import make_image, write


def load(root: Path) -> Catalog:
    return load_catalog(root, DEFAULT_ZONES)


def make_zones(root: Path) -> None:
    for zone in DEFAULT_ZONES:
        (root / zone.id).mkdir(parents=True, exist_ok=True)


def test_single_files_become_panels_titled_from_their_names(tmp_path: Path, media_dir: Path) -> None:
    make_zones(tmp_path)
    zone = tmp_path / "education"
    make_image(zone / "03-红船精神.jpg")
    write(zone / "01-入党誓词.md", "# 入党誓词\n\n我志愿加入中国共产党。\n")
    shutil.copy(media_dir / "clip.mp4", zone / "02-宣誓仪式.mp4")
    write(zone / "02-宣誓仪式.srt", "1\n00:00:00,000 --> 00:00:01,000\n我志愿加入中国共产党\n")
    shutil.copy(media_dir / "tone.mp3", zone / "04-誓词朗读.mp3")

    catalog = load(tmp_path)

    assert catalog.problems == ()
    panels = catalog.panels_of("education")
    assert [p.id for p in panels] == ["education/01-入党誓词", "education/02-宣誓仪式",
                                      "education/03-红船精神", "education/04-誓词朗读"]
    assert [p.title for p in panels] == ["入党誓词", "宣誓仪式", "红船精神", "誓词朗读"]
    assert [p.kind for p in panels] == ["article", "video", "gallery", "audio"]
    video = panels[1].media[0]
    assert (video.width, video.height) == (160, 90)
    assert 0.9 < video.duration_s < 1.5
    assert video.subtitles == "education/02-宣誓仪式.srt"
    assert panels[2].cover == "education/03-红船精神.jpg"


def test_a_folder_with_panel_yaml(tmp_path: Path) -> None:
    make_zones(tmp_path)
    folder = tmp_path / "education" / "01-开天辟地"
    make_image(folder / "poster.jpg", (1600, 900))
    make_image(folder / "boat.png")
    write(folder / "body.md", "## 中共一大\n\n1921年7月23日在上海开幕。\n")
    write(folder / "panel.yaml", (
        "title: 开天辟地\ntitle_en: A New Epoch\ndate: 1921-07-23\nsource: 《中国共产党简史》\n"
        "tags: [党史, 建党]\nqr: https://www.12371.cn/\norder: 1\n"
        "media:\n  - file: poster.jpg\n    caption: 中共一大会址\n    credit: 展厅设计组\n  - boat.png\n"
    ))

    catalog = load(tmp_path)

    assert catalog.problems == ()
    panel = catalog.panels["education/01-开天辟地"]
    assert panel.kind == "article"
    assert panel.title == "开天辟地" and panel.title_en == "A New Epoch"
    assert panel.date == "1921-07-23"
    assert panel.tags == ("党史", "建党")
    assert panel.body.startswith("## 中共一大")
    assert [(m.path, m.caption, m.credit) for m in panel.media] == [
        ("education/01-开天辟地/poster.jpg", "中共一大会址", "展厅设计组"),
        ("education/01-开天辟地/boat.png", "", ""),
    ]
    assert (panel.media[0].width, panel.media[0].height) == (1600, 900)
    assert panel.cover == "education/01-开天辟地/poster.jpg"
    assert set(panel.files) == {f"education/01-开天辟地/{n}" for n in ("poster.jpg", "boat.png", "body.md", "panel.yaml")}


def test_a_folder_of_pictures_needs_no_yaml(tmp_path: Path) -> None:
    make_zones(tmp_path)
    folder = tmp_path / "activity" / "05-照片墙"
    for name in ("b.jpg", "a.jpg", "c.png"):
        make_image(folder / name)
    catalog = load(tmp_path)
    panel = catalog.panels["activity/05-照片墙"]
    assert panel.kind == "gallery"
    assert panel.title == "照片墙"
    assert [m.path.rsplit("/", 1)[1] for m in panel.media] == ["a.jpg", "b.jpg", "c.png"]


def test_order_field_comes_before_names(tmp_path: Path) -> None:
    make_zones(tmp_path)
    zone = tmp_path / "learning"
    write(zone / "a" / "panel.yaml", "body: 甲\n")
    write(zone / "b" / "panel.yaml", "body: 乙\norder: 2\n")
    write(zone / "c" / "panel.yaml", "body: 丙\norder: 1\n")
    assert [p.name for p in load(tmp_path).panels_of("learning")] == ["c", "b", "a"]


def test_chart_quiz_and_timeline_kinds(tmp_path: Path) -> None:
    make_zones(tmp_path)
    zone = tmp_path / "showcase"
    write(zone / "chart" / "panel.yaml", (
        "sample: true\nchart:\n  type: bar\n  unit: 名\n  labels: [2021, 2022]\n"
        "  series:\n    - name: 党员\n      values: [120, 134]\n"
    ))
    write(zone / "numbers" / "panel.yaml", (
        "chart:\n  type: highlights\n  items:\n    - {label: 群众满意度, value: 98.7, unit: '%'}\n"
    ))
    write(zone / "quiz" / "panel.yaml", (
        "quiz:\n  - question: 中共一大在哪一年召开？\n    options: [1919年, 1921年, 1927年]\n    answer: B\n"
        "  - question: 入党誓词共多少字？\n    options: ['80', '100']\n    answer: 1\n"
        "  - question: 南昌起义的日期？\n    options: [1927年8月1日, 1927年9月9日]\n    answer: 1927年8月1日\n"
    ))
    write(zone / "time" / "panel.yaml", "events:\n  - {date: 1921-07, title: 中国共产党成立}\n")

    catalog = load(tmp_path)

    assert catalog.problems == ()
    chart = catalog.panels["showcase/chart"]
    assert chart.kind == "chart" and chart.sample
    assert chart.chart.labels == ("2021", "2022") and chart.chart.series[0].values == (120.0, 134.0)
    assert catalog.panels["showcase/numbers"].chart.items[0].value == 98.7
    quiz = catalog.panels["showcase/quiz"]
    assert quiz.kind == "quiz"
    assert [q.answer for q in quiz.quiz] == [1, 0, 0]
    assert catalog.panels["showcase/time"].events[0].date == "1921-07"


def test_zone_yaml_overrides_title_and_cover(tmp_path: Path) -> None:
    make_zones(tmp_path)
    make_image(tmp_path / "education" / "cover.jpg")
    write(tmp_path / "education" / "zone.yaml", 'title: 党史教育\nsubtitle: 百年征程\ncover: cover.jpg\ncolour: "#aa0000"\n')
    catalog = load(tmp_path)
    zone = catalog.zone("education")
    assert (zone.title, zone.subtitle, zone.colour, zone.cover) == ("党史教育", "百年征程", "#AA0000", "education/cover.jpg")
    assert catalog.panels_of("education") == []  # the cover is not a panel


def test_hidden_and_temporary_files_are_ignored(tmp_path: Path) -> None:
    make_zones(tmp_path)
    zone = tmp_path / "activity"
    for name in (".DS_Store", "video.mp4.part", "a.crdownload", "b.tmp", ".~lock.x#", "~$doc.docx",
                 "Thumbs.db", "4913", "notes.md~", ".#panel.yaml", ".panel.yaml.swp"):
        write(zone / name, "x")
    catalog = load(tmp_path)
    assert catalog.problems == ()
    assert catalog.panels == {}
    assert len(catalog.ignored) == 11


def test_titles_lose_only_their_order_number() -> None:
    assert title_from_name("03-红船精神") == "红船精神"
    assert title_from_name("12 主题党日") == "主题党日"
    assert title_from_name("1921") == "1921"
    assert title_from_name("2019活动纪事") == "2019活动纪事"
