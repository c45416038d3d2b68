"""Sessions, CSRF, login throttling, headers, roles and tokens: each rule as a browser or script meets it."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kiosk.console.app import create_app
from kiosk.console.auth import SESSION_COOKIE
from kiosk.console.users import UserStore, users_file
from tests.console_hall import (
    PASSWORD,
    add_user,
    browser_on,
    client,
    content_files,
    csrf_of,
    log_in,
    logged_in,
    make_hall,
)


def _answer(response) -> tuple[int, str]:
    """What a person sees of a login answer, without the fresh CSRF token every form carries."""
    page = re.sub(r'name="csrf" value="[^"]*"', "", response.text)
    return response.status_code, re.sub(r'name="name" value="[^"]*"', "", page)  # the name as typed


def test_the_session_cookie_is_httponly_samesite_strict_and_expires(tmp_path: Path) -> None:
    config = make_hall(tmp_path, "console:\n  session_hours: 2\n")
    add_user(config, "王馆长", "admin")
    answer = log_in(client(config), "王馆长")
    cookie = next(h for h in answer.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "="))
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert "httponly" in flags and flags["samesite"].lower() == "samesite=strict"
    assert flags["max-age"] == "Max-Age=7200"
    assert "secure" not in flags  # plain HTTP here; under HTTPS it is Secure (next test)


def test_under_https_the_cookie_is_only_sent_over_https(tmp_path: Path) -> None:
    for name in ("cert.pem", "key.pem"):
        (tmp_path / name).write_text("-", encoding="utf-8")
    config = make_hall(tmp_path, "console:\n  tls_cert: cert.pem\n  tls_key: key.pem\n")
    add_user(config, "王馆长", "admin")
    browser = client(config)
    browser.base_url = "https://testserver"
    cookie = next(h for h in log_in(browser, "王馆长").headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))
    assert "secure" in cookie.lower()


def test_a_session_ends_after_session_hours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_hall(tmp_path, "console:\n  session_hours: 2\n")
    browser, _csrf = logged_in(config)
    assert browser.get("/").status_code == 200
    later = time.time() + 2 * 3600 + 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)  # the clock the signature is checked on
    assert browser.get("/").headers["location"] == "/login"
    assert browser.get("/api/v1/status").status_code == 401


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, _csrf = logged_in(config)
    UserStore(users_file(config)).set_password("王馆长", "另一个密码-2027")
    assert browser.get("/").headers["location"] == "/login"


def test_a_form_without_its_csrf_token_changes_nothing(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    before = content_files(config)
    upload = browser.post("/content/education/upload", data={"panel": ""},
                          files=[("file", ("03.md", b"# x\n", "text/markdown"))])
    delete = browser.post("/content/delete", data={"csrf": "forged", "paths": "content/education/01-开天辟地.md"})
    api = browser.delete("/api/v1/files/content/education/01-开天辟地.md")  # a cookie but no X-CSRF-Token
    assert (upload.status_code, delete.status_code, api.status_code) == (403, 403, 403)
    assert "CSRF" in upload.text and "CSRF" in api.json()["error"]
    assert content_files(config) == before
    assert browser.delete("/api/v1/files/content/education/01-开天辟地.md",
                          headers={"x-csrf-token": csrf}).status_code == 200


def test_a_file_sent_before_the_forms_csrf_token_is_not_written(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config)
    before = content_files(config)
    body = (b'--B\r\nContent-Disposition: form-data; name="file"; filename="03.md"\r\n\r\n# x\n\r\n'
            b'--B\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n' + csrf.encode() + b"\r\n--B--\r\n")
    answer = browser.post("/content/education/upload", content=body,
                          headers={"content-type": "multipart/form-data; boundary=B"})
    assert answer.status_code == 403
    assert content_files(config) == before


def test_the_login_form_needs_its_own_csrf_token(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    add_user(config, "王馆长", "admin")
    answer = client(config).post("/login", data={"name": "王馆长", "password": PASSWORD})
    assert answer.status_code == 403 and f"{SESSION_COOKIE}=" not in answer.headers.get("set-cookie", "")


def test_five_wrong_passwords_make_the_user_wait_and_an_unknown_name_gets_the_same_answers(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    add_user(config, "王馆长", "admin")
    console, other = create_app(config), create_app(config)  # the same address on each: tried apart
    known = [_answer(log_in(browser_on(console), "王馆长", "错的密码-000")) for _ in range(6)]
    unknown = [_answer(log_in(browser_on(other), "无此人", "错的密码-000")) for _ in range(6)]
    assert known == unknown
    assert [status for status, _page in known] == [401] * 5 + [429]
    assert "用户名或密码不正确" in known[0][1] and "登录失败次数过多" in known[5][1]
    assert log_in(browser_on(console), "王馆长").status_code == 429  # even with the right password
    audit = (tmp_path / "data" / "audit.log").read_text(encoding="utf-8")
    assert audit.count('"login_failed"') == 10 and '"login_throttled"' in audit


def test_the_address_waits_too_whichever_name_it_tries(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    add_user(config, "李老师", "curator")
    console = create_app(config)
    for n in range(5):
        log_in(browser_on(console), f"猜的名字{n}", "错的密码-000")
    assert log_in(browser_on(console), "李老师").status_code == 429  # same address, a real user and password


def test_the_wait_grows_with_each_further_failure() -> None:
    from kiosk.console.auth import LoginThrottle

    throttle = LoginThrottle()
    waits = []
    for _ in range(7):
        throttle.failed("王馆长", "10.0.0.9", 0.0)
        waits.append(throttle.wait("王馆长", "10.0.0.9", 0.0))
    assert waits[:4] == [0.0] * 4 and 0 < waits[4] < waits[5] < waits[6]


def test_every_answer_carries_the_security_headers_and_data_is_not_cached(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, _csrf = logged_in(config)
    for response in (browser.get("/"), browser.get("/api/v1/status"), browser.get("/login"), browser.get("/nope")):
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["cache-control"] == "no-store"


def test_a_curator_manages_content_but_not_the_report(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    browser, csrf = logged_in(config, "李老师", "curator")
    assert browser.put("/api/v1/files/content/education/03.md", content=b"# x\n",
                       headers={"x-csrf-token": csrf}).status_code == 201
    report = browser.get("/api/v1/report.csv")
    assert report.status_code == 403 and "系统管理员" in report.json()["error"]
    assert "参观报告" not in browser.get("/").text
    assert browser.get("/report").status_code == 403


def test_a_bearer_token_works_until_revoked_and_needs_no_csrf(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    add_user(config, "脚本", "curator")
    store = UserStore(users_file(config))
    token = store.new_token("脚本")
    script = client(config)
    auth = {"authorization": f"Bearer {token}"}
    assert script.put("/api/v1/files/content/education/03.md", content=b"# x\n", headers=auth).status_code == 201
    assert "sha256" in users_file(config).read_text(encoding="utf-8")
    assert token not in users_file(config).read_text(encoding="utf-8")
    store.revoke_tokens("脚本")
    refused = script.get("/api/v1/status", headers=auth)
    assert refused.status_code == 401 and refused.json() == {"error": "令牌无效或已被吊销"}


def test_without_a_login_pages_lead_to_the_login_and_the_api_answers_401(tmp_path: Path) -> None:
    config = make_hall(tmp_path)
    anonymous = client(config)
    assert anonymous.get("/content").headers["location"] == "/login"
    assert anonymous.get("/api/v1/problems").json() == {"error": "请先登录"}
    assert "用户名" in anonymous.get("/login").text and csrf_of(anonymous.get("/login").text)
