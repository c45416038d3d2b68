"""A small hall in a temporary folder and a logged-in browser, for the console's tests."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.testclient import TestClient

from kiosk.config import Config, load_config
from kiosk.console.app import create_app
from kiosk.console.users import UserStore, users_file
from tests.conftest import make_image, write

PASSWORD = "红船精神-1921"
ZONES = ("management", "education", "showcase", "learning", "activity")


def make_hall(root: Path, settings: str = "") -> Config:
    """config.yaml, a zone with a text panel and a picture panel, a playlist, an empty data/."""
    write(root / "config.yaml", "kiosk_id: test-hall\n" + settings)
    for zone in ZONES:
        (root / "content" / zone).mkdir(parents=True)
    write(root / "content" / "education" / "01-开天辟地.md", "# 开天辟地\n\n一九二一年，中国共产党诞生。\n")
    make_image(root / "content" / "education" / "02-红船" / "1.jpg")
    write(root / "content" / "education" / "02-红船" / "panel.yaml", "title: 红船\nkind: gallery\n")
    write(root / "playlists" / "default.yaml", "items:\n  - education/02-红船\n")
    (root / "data").mkdir()
    return load_config(root / "config.yaml")


def add_user(config: Config, name: str, role: str) -> None:
    UserStore(users_file(config)).add(name, role, PASSWORD)


def client(config: Config) -> TestClient:
    """A browser on a console of its own."""
    return browser_on(create_app(config))


def browser_on(app: Starlette) -> TestClient:
    """Another browser on the same console (as from the same address: TestClient has one)."""
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html)[1]


def log_in(browser: TestClient, name: str, password: str = PASSWORD):
    form = browser.get("/login")
    return browser.post("/login", data={"csrf": csrf_of(form.text), "name": name, "password": password})


def logged_in(config: Config, name: str = "王馆长", role: str = "admin") -> tuple[TestClient, str]:
    """A browser with a session, and the CSRF token its forms carry."""
    add_user(config, name, role)
    browser = client(config)
    assert log_in(browser, name).status_code == 303
    return browser, csrf_of(browser.get("/").text)


def content_files(config: Config) -> list[str]:
    """Every file in content/, hidden ones included: what a failed upload must not leave behind."""
    root = config.paths.content
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
