"""Names and text from curators' files reach the terminal, the log and JSON only made safe (issue #19)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_ZONES
from kiosk.content import parts
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog, Problem
from kiosk.content.safe_text import shown
from tests.conftest import REPO, make_image, write

GBK_NAME = os.fsdecode("红船精神".encode("gbk") + b".png")  # as Linux lists a name unzipped from Windows
UNSAFE = ("\x1b", "\n", "\r", "\x00", "\u202e", "\u2066", "\x9b")


def load(root: Path) -> Catalog:
    return load_catalog(root, DEFAULT_ZONES)


def tree(root: Path) -> Path:
    for zone in DEFAULT_ZONES:
        (root / zone.id).mkdir(parents=True, exist_ok=True)
    make_image(root / "education" / "good.jpg")
    return root


def assert_safe(text: str) -> None:
    assert not any(c in text for c in UNSAFE), repr(text)
    text.encode("utf-8")  # no lone surrogates: JSON, SQLite and the terminal take it


def test_a_gbk_name_is_shown_as_the_chinese_it_is_and_refused_with_the_fix(tmp_path: Path) -> None:
    root = tree(tmp_path)
    make_image(root / "education" / GBK_NAME)
    catalog = load(root)
    (problem,) = catalog.problems
    assert problem.path == "education/红船精神.png"
    assert "unzip -O GBK" in problem.message and "Rename it to '红船精神.png'" in problem.message
    assert list(catalog.panels) == ["education/good"]


@pytest.mark.parametrize("name", ["esc\x1b[31mred.jpg", "two\nlines.jpg", "bidi\u202egpj.exe.jpg",
                                  "bad-\udcff\udcfe.jpg", "c1\x9b2J.jpg"])
def test_a_name_with_controls_is_refused_and_never_echoed(tmp_path: Path, name: str) -> None:
    root = tree(tmp_path)
    make_image(root / "education" / name)
    catalog = load(root)
    (problem,) = catalog.problems
    assert_safe(problem.path + problem.message)
    assert problem.path.startswith("education/") and problem.severity == "error"
    assert "Rename it" in problem.message
    assert list(catalog.panels) == ["education/good"]


def test_a_hostile_folder_name_refuses_the_whole_panel(tmp_path: Path) -> None:
    root = tree(tmp_path)
    write(root / "education" / "x\x1b]0;title\x07" / "body.md", "正文\n")
    catalog = load(root)
    (problem,) = catalog.problems
    assert_safe(problem.path)
    assert list(catalog.panels) == ["education/good"]
    assert len(catalog.rejected) == 1  # its body.md is accounted for


def test_names_that_differ_only_in_unicode_form_are_one_panel_and_one_problem(tmp_path: Path) -> None:
    root = tree(tmp_path)
    make_image(root / "education" / unicodedata.normalize("NFC", "café.jpg"))
    make_image(root / "education" / unicodedata.normalize("NFD", "café.jpg"))
    catalog = load(root)
    (problem,) = catalog.problems
    assert "same name" in problem.message and "Rename or remove one" in problem.message
    assert len(catalog.panels) == 2  # good.jpg and one café


def test_escapes_in_yaml_text_are_left_out_and_named_with_their_line(tmp_path: Path) -> None:
    root = tree(tmp_path)
    write(root / "education" / "p" / "panel.yaml",
          'body: 正文\ntitle: "红船\\e[2J精神\\u202e"\nquiz:\n  - question: "问\\x07题？"\n'
          "    options: [甲, 乙]\n    answer: A\n")
    catalog = load(root)
    panel = catalog.panels["education/p"]
    assert panel.title == "红船[2J精神"
    assert panel.quiz[0].question == "问题？"
    assert sorted((p.line, p.severity) for p in catalog.problems) == [(2, "warning"), (4, "warning")]
    assert "terminal escape" in catalog.problems[0].message


def test_escapes_in_a_text_file_are_left_out_and_named(tmp_path: Path) -> None:
    root = tree(tmp_path)
    write(root / "education" / "notes.md", "第一段\x1b[31m\n\n第二段\n")
    catalog = load(root)
    assert catalog.panels["education/notes"].body == "第一段[31m\n\n第二段\n"
    (problem,) = catalog.problems
    assert problem.path == "education/notes.md" and problem.severity == "warning"


def test_every_problem_is_one_safe_line_whatever_it_was_given() -> None:
    problem = Problem("a/\x1b[2J\udcff", "error", "the value '" + "9" * 5000 + "\n' is wrong. Fix it")
    assert_safe(str(problem))
    assert problem.message.endswith("Fix it") and len(problem.message) < 500
    assert shown(GBK_NAME) == "红船精神.png"


def test_a_number_too_large_to_draw_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    root = tree(tmp_path)
    write(root / "showcase" / "c" / "panel.yaml",
          f"chart:\n  type: bar\n  labels: [a, b]\n  series:\n    - values: [1, {'9' * 400}]\n")
    catalog = load(root)
    (problem,) = catalog.problems
    assert problem.path == "showcase/c/panel.yaml" and problem.line == 5
    assert "education/good" in catalog.panels


def test_a_fault_in_reading_one_panel_leaves_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree(tmp_path)
    write(root / "education" / "boom" / "body.md", "正文\n")
    real = parts.read_panel_name

    def fragile(scan, folder, zone_id, listing, taken):
        if listing[0].name == "boom":
            raise RuntimeError("a bug of ours")
        return real(scan, folder, zone_id, listing, taken)

    monkeypatch.setattr(parts, "read_panel_name", fragile)
    catalog = load(root)
    (problem,) = catalog.problems
    assert problem.path == "education/boom" and "could not be read" in problem.message
    assert list(catalog.panels) == ["education/good"]
    assert catalog.rejected == ("education/boom/body.md",)


def test_check_prints_and_writes_json_without_a_raw_byte(tmp_path: Path) -> None:
    root = tree(tmp_path / "content")
    make_image(root / "education" / GBK_NAME)
    make_image(root / "education" / "esc\x1b[31m.jpg")
    write(root / "education" / "p" / "panel.yaml", 'body: 正文\ntitle: "a\\eb"\n')
    for flags in ([], ["--json"]):
        result = subprocess.run([sys.executable, "-m", "kiosk", "check", *flags, "--content", str(root)],
                                check=False, capture_output=True, cwd=REPO, timeout=120)
        out = result.stdout.decode("utf-8")  # strict: a raw GBK byte would fail here
        assert "Traceback" not in out + result.stderr.decode("utf-8", "replace")
        assert "\x1b" not in out
        assert "education/红船精神.png" in out
        if flags:
            assert any(p["path"] == "education/esc\ufffd[31m.jpg" for p in json.loads(out)["problems"])
