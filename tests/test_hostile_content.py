"""Bad input at the curator's door: each hostile file gets one clear problem, nothing else is lost."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_ZONES
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog
from tests.conftest import REPO, make_image, write


def huge_png(path: Path, width: int, height: int) -> Path:
    """A small file whose header claims a picture far too large to decode."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def truncate(path: Path, keep: float) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


HOSTILE = {
    # path relative to content/: words its problem must contain
    "education/zero.jpg": "empty (0 bytes)",
    "education/cut.png": "truncated",
    "education/cut.jpg": "truncated",
    "education/notes-renamed.jpg": "is a text file",
    "education/giant.png": "megapixels",
    "education/garbage.webp": "not a picture",
    "education/zero.mp4": "empty (0 bytes)",
    "education/text.mp4": "is a text file, not a video",
    "education/cut.mp4": "truncated",
    "education/picture.mp3": "is a PNG file, not sound",
    "education/gbk.md": "GBK",
    "education/empty.txt": "empty",
    "education/broken-yaml/panel.yaml": "Fix the YAML at this line",
    "education/typo/panel.yaml": "Did you mean 'title'",
    "education/wrong-type/panel.yaml": "'order' is 'first', not a whole number",
    "education/escape/panel.yaml": "points outside content/",
    "education/missing/panel.yaml": "does not exist",
    "education/unused/extra.jpg": "is not used by this panel",
    "education/report.docx": "does not show (.docx)",
    "education/link-out.jpg": "outside content/",
    "education/dangling.jpg": "does not exist",
    "learning/quiz-dup-option/panel.yaml": "are the same",
    "learning/quiz-bad-answer/panel.yaml": "points at no option",
    "learning/quiz-dup-question/panel.yaml": "repeats question 1",
    "learning/same.md": "same panel id",
    "learning/chart-mismatch/panel.yaml": "3 values for 2 labels",
    "showcase/bad-qr/panel.yaml": "is a javascript: link",
    "exhibits": "is not a zone",
}


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory: pytest.TempPathFactory, media_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("content")
    outside = tmp_path_factory.mktemp("outside")
    for zone in DEFAULT_ZONES:
        (root / zone.id).mkdir()
    edu, learn = root / "education", root / "learning"
    # Good panels that must survive their neighbours.
    make_image(edu / "good.jpg")
    write(edu / "good-text.md", "正文\n")
    shutil.copy(media_dir / "clip.mp4", edu / "good-video.mp4")
    # Hostile files.
    (edu / "zero.jpg").write_bytes(b"")
    truncate(make_image(edu / "cut.png", (400, 300)), 0.6)
    truncate(make_image(edu / "cut.jpg", (400, 300)), 0.6)
    write(edu / "notes-renamed.jpg", "这不是图片，是一段文字。\n")
    huge_png(edu / "giant.png", 16000, 16000)
    (edu / "garbage.webp").write_bytes(os.urandom(2048).replace(b"RIFF", b"XXXX"))
    (edu / "zero.mp4").write_bytes(b"")
    write(edu / "text.mp4", "not a video at all\n")
    truncate(shutil.copy(media_dir / "clip.mp4", edu / "cut.mp4"), 0.5)
    make_image(edu / "picture.mp3", fmt="PNG")
    write(edu / "gbk.md", "入党誓词：我志愿加入中国共产党。\n", encoding="gbk")
    write(edu / "empty.txt", "")
    write(edu / "broken-yaml" / "panel.yaml", "title: 开天辟地\nmedia: [a.jpg,\n")
    write(edu / "typo" / "panel.yaml", "titel: 开天辟地\nbody: 正文\n")
    write(edu / "wrong-type" / "panel.yaml", "order: first\nbody: 正文\n")
    make_image(outside / "secret.jpg")
    write(edu / "escape" / "panel.yaml", f"body: 正文\nmedia: [../../../{outside.name}/secret.jpg]\n")
    write(edu / "missing" / "panel.yaml", "body: 正文\nmedia: [poster.jpg]\n")
    make_image(edu / "missing" / "poster.jpeg")
    write(edu / "unused" / "panel.yaml", "media: [a.jpg]\n")
    make_image(edu / "unused" / "a.jpg")
    make_image(edu / "unused" / "extra.jpg")
    (edu / "report.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    os.symlink(outside / "secret.jpg", edu / "link-out.jpg")
    os.symlink(edu / "nothing-here.jpg", edu / "dangling.jpg")
    write(learn / "quiz-dup-option" / "panel.yaml",
          "quiz:\n  - question: 问题一？\n    options: [甲, 乙, 甲]\n    answer: A\n")
    write(learn / "quiz-bad-answer" / "panel.yaml",
          "quiz:\n  - question: 问题一？\n    options: [甲, 乙]\n    answer: D\n")
    write(learn / "quiz-dup-question" / "panel.yaml",
          "quiz:\n  - question: 问题一？\n    options: [甲, 乙]\n    answer: A\n"
          "  - question: 问题一?\n    options: [丙, 丁]\n    answer: B\n")
    write(learn / "same" / "panel.yaml", "body: 文件夹版面\n")
    write(learn / "same.md", "同名的单文件版面\n")
    write(learn / "chart-mismatch" / "panel.yaml",
          "chart:\n  type: bar\n  labels: [a, b]\n  series:\n    - {name: x, values: [1, 2, 3]}\n")
    write(root / "showcase" / "bad-qr" / "panel.yaml", "body: 正文\nqr: javascript:alert(1)\n")
    write(root / "exhibits" / "stray.md", "不在任何展区\n")
    return root


@pytest.fixture(scope="module")
def catalog(hostile_tree: Path) -> Catalog:
    return load_catalog(hostile_tree, DEFAULT_ZONES)


@pytest.mark.parametrize(("path", "words"), sorted(HOSTILE.items()))
def test_each_hostile_file_gets_one_clear_problem(catalog: Catalog, path: str, words: str) -> None:
    mine = [p for p in catalog.problems if p.path == path]
    assert len(mine) == 1, f"{path}: {[str(p) for p in catalog.problems if p.path == path]}"
    assert words in mine[0].message
    assert ". " in mine[0].message  # what is wrong, then how to fix it


def test_no_problem_without_a_hostile_file(catalog: Catalog) -> None:
    # the file the misspelt media name meant is reported as unused, beside the did-you-mean
    expected = set(HOSTILE) | {"education/missing/poster.jpeg"}
    assert {p.path for p in catalog.problems} <= expected


def test_good_panels_survive_their_neighbours(catalog: Catalog) -> None:
    for panel_id in ("education/good", "education/good-text", "education/good-video", "education/typo", "education/wrong-type",
                     "education/escape", "education/missing", "education/unused", "showcase/bad-qr",
                     "learning/same"):
        assert panel_id in catalog.panels, panel_id
    assert catalog.panels["education/typo"].title == "typo"
    assert catalog.panels["education/unused"].media[0].path == "education/unused/a.jpg"


def test_yaml_errors_carry_their_line(catalog: Catalog) -> None:
    (problem,) = [p for p in catalog.problems if p.path == "education/broken-yaml/panel.yaml"]
    assert problem.line == 3 and problem.severity == "error"
    (typo,) = [p for p in catalog.problems if p.path == "education/typo/panel.yaml"]
    assert typo.line == 1 and typo.severity == "warning"


def test_check_command_exits_1_without_a_traceback(hostile_tree: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "check", "--content", str(hostile_tree)],
                            check=False, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "education/zero.jpg: error: the file is empty (0 bytes). Copy it again from the original" in result.stdout
    assert "learning/quiz-bad-answer/panel.yaml:4: error:" in result.stdout


def test_check_json_lists_counts_and_problems(hostile_tree: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "check", "--json", "--content", str(hostile_tree)],
                            check=False, capture_output=True, text=True, cwd=REPO, timeout=120)
    report = json.loads(result.stdout)
    assert set(report) == {"zones", "panels", "kinds", "problems"}
    assert report["zones"]["education"] == len([p for p in report["problems"] if False]) + report["zones"]["education"]
    assert report["panels"] == sum(report["zones"].values())
    assert {"path", "line", "severity", "message"} == set(report["problems"][0])
    assert report["problems"][0]["severity"] == "error"  # errors come first
