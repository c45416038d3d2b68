"""Uploads: the type from the bytes, the size limit, the free disk, and nothing left by a failure."""

from __future__ import annotations

import io
from pathlib import Path

import anyio
import pytest
from PIL import Image

from kiosk.console.app import create_app
from kiosk.console.users import UserStore, users_file
from tests.console_hall import add_user, content_files, logged_in, make_hall

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (178, 34, 34)).save(out, format="JPEG")
    return out.getvalue()


def test_a_picture_uploaded_from_the_page_is_in_place_and_listed(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    answer = browser.post("/content/education/upload", data={"csrf": csrf, "panel": "03-新版面"},
                          files=[("file", ("1.jpg", jpeg(), "image/jpeg")), ("file", ("2.jpg", jpeg(), "image/jpeg"))])
    assert answer.status_code == 303 and answer.headers["location"] == "/content/education?saved=2"
    assert (tmp_path / "content" / "education" / "03-新版面" / "2.jpg").read_bytes() == jpeg()
    assert "已保存 2 个文件" in browser.get(answer.headers["location"]).text
    assert not [p for p in content_files(config) if p.endswith(".part")]


def test_a_web_page_named_jpg_is_refused_saying_what_it_is_and_nothing_stays(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    before = content_files(config)
    page = browser.post("/content/education/upload", data={"csrf": csrf},
                        files=[("file", ("照片.jpg", HTML, "image/jpeg"))])
    api = browser.put("/api/v1/files/content/education/照片.jpg", content=HTML, headers={"x-csrf-token": csrf})
    assert page.status_code == api.status_code == 415
    assert "照片.jpg 的内容是 HTML 网页，不是扩展名 .jpg 所说的图片" in page.text
    assert "HTML 网页" in api.json()["error"]
    assert content_files(config) == before


def test_a_program_named_mp4_is_refused(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    answer = browser.put("/api/v1/files/content/education/v.mp4", content=b"MZ\x90\x00" + bytes(5000),
                         headers={"x-csrf-token": csrf})
    assert answer.status_code == 415 and "Windows 程序" in answer.json()["error"]


def test_a_picture_over_the_limit_is_refused_before_a_byte_is_written(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_hall(tmp_path, "console:\n  upload:\n    picture_mb: 1\n")
    browser, csrf = logged_in(config)
    opened = []
    monkeypatch.setattr("kiosk.console.upload.temporary_beside", lambda path: opened.append(path) or path)
    big = jpeg() + bytes(2 * 1024 * 1024)
    answer = browser.put("/api/v1/files/content/education/big.jpg", content=big, headers={"x-csrf-token": csrf})
    assert answer.status_code == 413
    assert "最大 1 MB" in answer.json()["error"] and "console.upload.picture_mb" in answer.json()["error"]
    assert opened == []  # refused on its declared length: no file was even opened
    assert "big.jpg" not in " ".join(content_files(config))


def test_a_picture_that_grows_past_the_limit_while_arriving_leaves_nothing(tmp_path: Path) -> None:
    config = make_hall(tmp_path, "console:\n  upload:\n    picture_mb: 1\n")
    browser, csrf = logged_in(config)
    before = content_files(config)
    chunks = iter([jpeg(), bytes(700_000), bytes(700_000)])  # no Content-Length: sent in chunks
    answer = browser.put("/api/v1/files/content/education/big.jpg", content=chunks, headers={"x-csrf-token": csrf})
    assert answer.status_code == 413
    assert content_files(config) == before


def test_a_full_disk_is_named_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    monkeypatch.setattr("kiosk.console.upload.free_bytes", lambda folder: 100 * 1024 * 1024)
    answer = browser.put("/api/v1/files/content/education/1.jpg", content=jpeg(), headers={"x-csrf-token": csrf})
    assert answer.status_code == 507 and "磁盘空间不足" in answer.json()["error"]
    assert not (tmp_path / "content" / "education" / "1.jpg").exists()


def test_a_picture_bomb_is_refused(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, format="GIF")
    bomb = bytearray(out.getvalue())
    bomb[6:10] = (20000).to_bytes(2, "little") * 2  # a tiny file that claims 20000×20000 pixels
    answer = browser.put("/api/v1/files/content/education/bomb.gif", content=bytes(bomb),
                         headers={"x-csrf-token": csrf})
    assert answer.status_code == 422 and "无法在展项上显示" in answer.json()["error"]
    assert not (tmp_path / "content" / "education" / "bomb.gif").exists()


def test_an_upload_cut_off_half_way_leaves_nothing_in_content(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    add_user(config, "脚本", "curator")
    token = UserStore(users_file(config)).new_token("脚本")
    app = create_app(config)
    before = content_files(config)
    half = jpeg() + bytes(100_000)
    messages = [{"type": "http.request", "body": half, "more_body": True}, {"type": "http.disconnect"}]
    sent: list[dict] = []

    async def receive() -> dict:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    path = "/api/v1/files/content/education/视频截图.jpg"
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PUT", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "client": ("192.0.2.7", 50000), "server": ("testserver", 80),
             "headers": [(b"authorization", f"Bearer {token}".encode()), (b"content-length", b"900000")]}
    anyio.run(app, scope, receive, send)

    assert sent[0]["status"] == 400
    assert content_files(config) == before  # no file, and no temporary file either
