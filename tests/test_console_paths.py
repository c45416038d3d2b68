"""Every path from a request stays inside content/ or playlists/, whatever trick it tries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.console_hall import content_files, logged_in, make_hall

TRICKS = [  # dots percent-encoded, as an attacker would send them past a client that tidies paths
    ("content/%2e%2e/config.yaml", "上一级"),
    ("content/education/%2E%2E/%2e%2e/data/console-users.json", "上一级"),
    ("content/%2e/education/x.md", "上一级"),
    ("/etc/passwd", "相对路径"),
    ("content/education\\..\\..\\config.yaml", "反斜杠"),
    ("C:/Windows/win.ini", "盘符"),
    ("content/education/CON.md", "保留名称"),
    ("content/education/nul", "保留名称"),
    ("content/education/com1.txt", "保留名称"),
    ("content/education/.hidden.md", "隐藏"),
    ("content/.git/config.md", "隐藏"),
    ("content/education/a:b.md", "Windows 不允许"),
    ("content/education/x.md.", "句点结尾"),
    ("content//x.md", "空的一段"),
    ("data/console-users.json", "只能操作"),
    ("config.yaml", "只能操作"),
]


@pytest.mark.parametrize(("path", "words"), TRICKS)
def test_a_tricky_path_is_refused_in_words_and_nothing_is_written(tmp_path: Path, path: str, words: str) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    before = content_files(config)
    answer = browser.put(f"/api/v1/files/{path}", content=b"# text\n", headers={"x-csrf-token": csrf})
    assert answer.status_code in (400, 404)
    if answer.status_code == 400:  # a path the router could still match
        assert words in answer.json()["error"]
    assert content_files(config) == before
    assert (tmp_path / "config.yaml").read_text(encoding="utf-8").startswith("kiosk_id")


def test_a_nul_byte_in_a_path_is_refused(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    answer = browser.put("/api/v1/files/content/education/a%00.md", content=b"x", headers={"x-csrf-token": csrf})
    assert answer.status_code == 400 and "NUL" in answer.json()["error"]


def test_a_symlink_out_of_content_is_not_followed_to_write_or_read(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, tmp_path / "content" / "education" / "link")
    browser, csrf = logged_in(config)
    write = browser.put("/api/v1/files/content/education/link/x.md", content=b"# x\n", headers={"x-csrf-token": csrf})
    assert write.status_code == 400 and "符号链接" in write.json()["error"]
    assert list(outside.iterdir()) == []
    (outside / "secret.md").write_text("不该被读到的内容", encoding="utf-8")
    read = browser.get("/api/v1/files/content/education/link/secret.md")
    assert read.status_code == 400 and "不该被读到" not in read.text


def test_a_file_name_in_an_upload_form_is_checked_like_a_path(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    before = content_files(config)
    answer = browser.post("/content/education/upload", data={"csrf": csrf, "panel": "../../data"},
                          files=[("file", ("x.md", b"# x\n", "text/markdown"))])
    assert answer.status_code == 400 and "上一级" in answer.text
    assert content_files(config) == before
    assert not (tmp_path / "data" / "x.md").exists()
