"""The API a script uses: status, problems, listings, files, the report; and the console's start."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from kiosk.analytics.log import InteractionLog
from kiosk.service.status import stamp, write_atomically
from tests.conftest import REPO
from tests.console_hall import logged_in, make_hall


def test_status_says_whether_the_kiosk_runs(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, _csrf = logged_in(config)
    assert browser.get("/api/v1/status").json() == {"running": False}
    write_atomically(tmp_path / "data" / "status.json", json.dumps(
        {"state": "running", "heartbeat_at": stamp(time.time()), "scene": "attract", "panels": 2}))
    status = browser.get("/api/v1/status").json()
    assert status["running"] is True and status["scene"] == "attract"
    assert "正在运行" in browser.get("/").text


def test_problems_are_checks_own_with_file_and_line(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    browser.put("/api/v1/files/content/education/03-坏/panel.yaml", content=b"title: [\n",
                headers={"x-csrf-token": csrf})
    problems = browser.get("/api/v1/problems").json()
    broken = [p for p in problems if p["file"] == "education/03-坏/panel.yaml"]
    assert broken and broken[0]["line"] and broken[0]["severity"] == "error"
    checked = subprocess.run([sys.executable, "-m", "kiosk", "check", "--json", "--config",
                              str(tmp_path / "config.yaml")], check=False, capture_output=True, text=True, cwd=REPO)
    assert {p["message"] for p in json.loads(checked.stdout)["problems"]} == {p["message"] for p in problems}


def test_a_listing_and_a_file_come_back_as_they_are(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, _csrf = logged_in(config)
    listing = browser.get("/api/v1/files/content/education").json()
    assert [(e["name"], e["type"]) for e in listing["entries"]] == [("02-红船", "folder"), ("01-开天辟地.md", "file")]
    text = browser.get("/api/v1/files/content/education/01-开天辟地.md")
    assert text.content == (tmp_path / "content" / "education" / "01-开天辟地.md").read_bytes()
    assert browser.get("/api/v1/files/content/nothing").json() == {"error": "没有这个文件夹：content/nothing"}


def test_the_content_page_shows_zones_panels_and_their_problems(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, _csrf = logged_in(config)
    education = next(z for z in browser.get("/api/v1/content").json()["zones"] if z["id"] == "education")
    assert [p["title"] for p in education["panels"]] == ["开天辟地", "红船"]
    page = browser.get("/content/education").text
    assert "开天辟地" in page and "/api/v1/files/content/education/02-%E7%BA%A2%E8%88%B9/1.jpg" in page


def test_the_report_csv_covers_the_chosen_days(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    log = InteractionLog(config.paths.log_db, "test-hall")
    log.start()
    log.emit("session_start")
    log.close()
    browser, _csrf = logged_in(config)
    today = time.strftime("%Y-%m-%d")
    answer = browser.get(f"/api/v1/report.csv?from={today}&to={today}")
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    assert "session_start" in answer.content.decode("utf-8-sig")
    assert "session_start" not in browser.get("/api/v1/report.csv?from=2001-01-01&to=2001-01-02").text
    assert browser.get("/api/v1/report.csv?from=July").json()["error"].startswith("开始的日期应写成 YYYY-MM-DD")
    assert browser.get("/api/v1/report.html").headers["content-type"].startswith("text/html")


def test_without_an_administrator_the_console_does_not_start_and_says_how(tmp_path: Path) -> None:
    make_hall(tmp_path)
    started = subprocess.run([sys.executable, "-m", "kiosk", "console", "--config", str(tmp_path / "config.yaml")],
                             check=False, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert started.returncode == 2
    assert "还没有系统管理员" in started.stderr
    assert "python -m kiosk console add-user 名字 --role admin" in started.stderr


def test_users_are_added_and_listed_from_the_command_line(tmp_path: Path) -> None:
    make_hall(tmp_path)
    config = ["--config", str(tmp_path / "config.yaml")]

    def kiosk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "console", *config, *args], input=stdin,
                              check=False, capture_output=True, text=True, cwd=REPO, timeout=60)

    assert kiosk("add-user", "王馆长", "--role", "admin", "--password-stdin", stdin="短\n").returncode == 1
    assert kiosk("add-user", "王馆长", "--role", "admin", "--password-stdin", stdin="红船精神-1921\n").returncode == 0
    token = kiosk("token", "王馆长").stdout.strip()
    assert token.startswith("kc_")
    listed = kiosk("list-users").stdout
    assert "王馆长" in listed and "系统管理员" in listed and token.split("_")[1] in listed
    stored = (tmp_path / "data" / "console-users.json")
    assert "红船精神" not in stored.read_text(encoding="utf-8") and stored.stat().st_mode & 0o077 == 0
    assert "唯一的系统管理员" in kiosk("remove-user", "王馆长").stderr


def test_the_kiosk_never_imports_the_console() -> None:
    """The console down, the hall runs on: only the command line's console command reaches it."""
    for source in (REPO / "kiosk").rglob("*.py"):
        if "console" in source.relative_to(REPO / "kiosk").parts or source.name == "__main__.py":
            continue
        assert "kiosk.console" not in source.read_text(encoding="utf-8"), source
