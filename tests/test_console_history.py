"""Every change keeps what it replaced or deleted; a restore puts it back, and the audit log says who."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.config import HistoryLimits
from kiosk.console.files import Hall, resolve
from kiosk.console.history import History
from tests.console_hall import logged_in, make_hall

TEXT = "content/education/01-开天辟地.md"


def test_a_replaced_file_comes_back_with_one_restore(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    original = (tmp_path / TEXT).read_bytes()
    browser.put(f"/api/v1/files/{TEXT}", content="# 写错了\n".encode(), headers={"x-csrf-token": csrf})
    (change,) = browser.get("/api/v1/history").json()
    assert (change["user"], change["action"], change["files"]) == ("王馆长", "upload", [TEXT])
    restored = browser.post(f"/api/v1/history/{change['id']}/restore", headers={"x-csrf-token": csrf})
    assert restored.status_code == 200
    assert (tmp_path / TEXT).read_bytes() == original


def test_a_deleted_panel_folder_comes_back_whole_from_the_history_page(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    folder = tmp_path / "content" / "education" / "02-红船"
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    browser.post("/content/delete", data={"csrf": csrf, "paths": "content/education/02-红船"})
    assert not folder.exists()
    page = browser.get("/history").text
    assert "content/education/02-红船/1.jpg" in page and "删除" in page
    change = browser.get("/api/v1/history").json()[0]["id"]
    answer = browser.post(f"/history/{change}/restore", data={"csrf": csrf})
    assert answer.status_code == 303
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files


def test_restoring_an_upload_of_a_new_file_removes_it_and_that_restore_can_be_undone(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    new = tmp_path / "content" / "education" / "03-新.md"
    browser.put("/api/v1/files/content/education/03-新.md", content=b"# new\n", headers={"x-csrf-token": csrf})
    upload = browser.get("/api/v1/history").json()[0]["id"]
    undo = browser.post(f"/api/v1/history/{upload}/restore", headers={"x-csrf-token": csrf}).json()
    assert not new.exists()
    browser.post(f"/api/v1/history/{undo['change']}/restore", headers={"x-csrf-token": csrf})
    assert new.read_bytes() == b"# new\n"


def test_history_keeps_within_its_age_and_size_but_always_the_last_change(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    hall = Hall(config.paths.content, config.paths.playlists)
    now = [1_800_000_000.0]
    history = History(tmp_path / "data" / "history", hall, HistoryLimits(max_mb=1, max_days=30), lambda: now[0])
    target = resolve(hall, TEXT)
    for _ in range(3):
        now[0] += 20 * 86_400
        change = history.begin("王馆长", "upload")
        change.keep(target)
        change.commit()
    assert len(history.changes()) == 2  # the first is now 40 days old
    (tmp_path / TEXT).write_bytes(bytes(2 * 1024 * 1024))
    change = history.begin("王馆长", "delete")
    change.keep(target)
    change.commit()
    assert [c["action"] for c in history.changes()] == ["delete"]  # over 1 MB: only the newest stays


def test_the_audit_log_records_logins_changes_restores_and_downloads(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    browser.put("/api/v1/files/content/education/03.md", content=b"# x\n", headers={"x-csrf-token": csrf})
    browser.delete("/api/v1/files/content/education/03.md", headers={"x-csrf-token": csrf})
    change = browser.get("/api/v1/history").json()[0]["id"]
    browser.post(f"/api/v1/history/{change}/restore", headers={"x-csrf-token": csrf})
    browser.get("/api/v1/files/content/education/03.md")
    lines = [json.loads(line) for line in (tmp_path / "data" / "audit.log").read_text(encoding="utf-8").splitlines()]
    assert [line["action"] for line in lines] == ["login", "upload", "delete", "restore", "download"]
    assert all(line["user"] == "王馆长" and line["at"] for line in lines)
    assert lines[1]["files"] == ["content/education/03.md"] and lines[3]["restores"] == change
    assert "password" not in json.dumps(lines) and "红船精神" not in json.dumps(lines)
