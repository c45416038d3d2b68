"""The console's routes: every page and its /api/v1/ twin call the same Console method.

A page answers in Chinese HTML and a refusal there is the refused page; the API answers JSON
and a refusal is `{"error": "..."}` with a 4xx status. Neither ever shows a traceback.
Browsers authenticate with the session cookie (and a CSRF token on every change); scripts
with `Authorization: Bearer TOKEN`.
"""

from __future__ import annotations

import shutil
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.config import Config
from kiosk.console import hall as readings
from kiosk.console.audit import AuditLog
from kiosk.console.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    LoginThrottle,
    Principal,
    Sessions,
    secret_key,
)
from kiosk.console.files import Hall, Target, listing, put_in_place, remove, resolve
from kiosk.console.forms import UploadForm
from kiosk.console.history import History
from kiosk.console.refusal import Refused
from kiosk.console.upload import IncomingFile, check_room
from kiosk.console.users import ROLE_WORDS, User, UserStore, users_file

HERE = Path(__file__).parent
SMALL_FORM = 64 * 1024
HEADERS = {
    # Plain forms and one stylesheet: no script runs, nothing is framed, nothing leaves.
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


class Console:
    """The console's state and every action, whichever face asked for it."""

    def __init__(self, config: Config, clock: Callable[[], float] = time.time) -> None:
        data = config.paths.log_db.parent
        self.config = config
        self.clock = clock
        self.hall = Hall(config.paths.content, config.paths.playlists)
        self.users = UserStore(users_file(config))
        self.sessions = Sessions(secret_key(data), config.console.session_hours,
                                 secure=config.console.tls_cert is not None)
        self.throttle = LoginThrottle()
        self.history = History(data / "history", self.hall, config.console.history, clock)
        self.audit = AuditLog(data / "audit.log", clock)

    def who(self, request: Request, role: str) -> Principal:
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            user = self.users.by_token(header[7:].strip())
            if user is None:
                raise Refused(401, "令牌无效或已被吊销")
            principal = Principal(user, None)
        else:
            found = self.sessions.read(request.cookies.get(SESSION_COOKIE), self.users)
            if found is None:
                raise Refused(401, "请先登录")
            principal = found
        principal.need(role)
        if _is_api(request) and request.method not in ("GET", "HEAD"):
            principal.check_csrf(request.headers.get("x-csrf-token"))
        return principal

    def login(self, name: str, password: str, address: str) -> User:
        """The user, or Refused with the same words whether the name or the password was wrong."""
        now = self.clock()
        wait = self.throttle.wait(name, address, now)
        if wait:
            self.audit.record("login_throttled", name, address)
            raise Refused(429, f"登录失败次数过多，请 {_duration(wait)}后再试")
        user = self.users.check_password(name, password)
        if user is None:
            self.throttle.failed(name, address, now)
            self.audit.record("login_failed", name, address)
            raise Refused(401, "用户名或密码不正确")
        self.throttle.succeeded(name)
        self.audit.record("login", name, address)
        return user

    def place(self, principal: Principal, incoming: list[IncomingFile], address: str) -> dict[str, Any]:
        """Complete temporary files renamed into place, each previous version kept first."""
        change = self.history.begin(principal.user.name, "upload")
        try:
            for file in incoming:
                assert file.temporary is not None
                if file.target.path.is_dir():
                    raise Refused(409, f"{file.target.name} 是一个文件夹，不能用文件替换")
                change.keep(file.target)
                put_in_place(file.temporary, file.target)
        finally:
            for file in incoming:
                file.abandon()  # those not yet in place
            record = change.commit()
        names = [file.target.name for file in incoming]
        self.audit.record("upload", principal.user.name, address, files=names, change=record and record["id"])
        return {"files": names, "change": record and record["id"]}

    def delete(self, principal: Principal, targets: list[Target], address: str) -> dict[str, Any]:
        for target in targets:
            if not target.path.exists():
                raise Refused(404, f"没有这个文件：{target.name}")
            if len(target.relative.parts) < (2 if target.root == "content" else 1):
                raise Refused(403, f"{target.name} 是整个展区或根文件夹，不能在这里删除")
        change = self.history.begin(principal.user.name, "delete")
        try:
            for target in targets:
                change.keep(target)
                remove(target)
        finally:
            record = change.commit()
        names = [target.name for target in targets]
        self.audit.record("delete", principal.user.name, address, files=names, change=record and record["id"])
        return {"files": names, "change": record and record["id"]}

    def restore(self, principal: Principal, change_id: str, address: str) -> dict[str, Any]:
        record = self.history.restore(change_id, principal.user.name)
        self.audit.record("restore", principal.user.name, address, restores=change_id, change=record["id"],
                          files=[entry["path"] for entry in record["files"]])
        return {"restored": change_id, "change": record["id"], "files": [e["path"] for e in record["files"]]}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _duration(seconds: float) -> str:
    return f"{int(seconds) + 1} 秒钟" if seconds < 120 else f"{int(seconds // 60) + 1} 分钟"


def _console(request: Request) -> Console:
    return request.app.state.console


templates = Jinja2Templates(directory=HERE / "templates")


def page(request: Request, name: str, context: dict[str, Any], me: Principal | None,
         status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, {**context, "me": me, "roles": ROLE_WORDS},
                                      status_code=status)


async def small_form(request: Request) -> dict[str, str]:
    """A login, delete or restore form: read whole, but never more than 64 KB."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        raise Refused(400, "表单的格式不对")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > SMALL_FORM:
            raise Refused(413, "表单太大")
    return {key: values[0] for key, values in parse_qs(body.decode("utf-8", "replace"),
                                                       keep_blank_values=True).items()}


def _declared(request: Request) -> int | None:
    try:
        return int(request.headers["content-length"])
    except (KeyError, ValueError):
        return None


# --- login -----------------------------------------------------------------------------------

def login_page(request: Request, message: str = "", status: int = 200, name: str = "") -> Response:
    token, cookie = _console(request).sessions.login_form()
    response = page(request, "login.html", {"csrf": token, "message": message, "name": name}, None, status)
    response.set_cookie(LOGIN_COOKIE, cookie, **_console(request).sessions.cookie_options(3600))
    return response


async def show_login(request: Request) -> Response:
    console = _console(request)
    if console.sessions.read(request.cookies.get(SESSION_COOKIE), console.users):
        return RedirectResponse("/", 303)
    return login_page(request)


async def submit_login(request: Request) -> Response:
    console = _console(request)
    form = await small_form(request)
    if not console.sessions.login_form_matches(request.cookies.get(LOGIN_COOKIE), form.get("csrf")):
        return login_page(request, "登录表单已过期或来源不明（缺少有效的 CSRF 令牌），请重新输入", 403)
    name = form.get("name", "").strip()
    try:
        user = await run_in_threadpool(console.login, name, form.get("password", ""), _address(request))
    except Refused as refused:
        return login_page(request, refused.message, refused.status, name)
    response = RedirectResponse("/", 303)
    response.set_cookie(SESSION_COOKIE, console.sessions.issue(user),
                        **console.sessions.cookie_options(console.sessions.max_age))
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


async def logout(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    me.check_csrf((await small_form(request)).get("csrf"))
    console.audit.record("logout", me.user.name, _address(request))
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


# --- overview, status, problems ----------------------------------------------------------------

async def overview(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    status = await run_in_threadpool(readings.status, console.config)
    found = await run_in_threadpool(readings.problems, console.config)
    errors = sum(1 for p in found if p["severity"] == "error")
    return page(request, "overview.html", {"status": status, "errors": errors, "warnings": len(found) - errors,
                                           "problems": found[:20]}, me)


async def api_status(request: Request) -> Response:
    console = _console(request)
    console.who(request, "curator")
    return JSONResponse(await run_in_threadpool(readings.status, console.config))


async def api_problems(request: Request) -> Response:
    console = _console(request)
    console.who(request, "curator")
    return JSONResponse(await run_in_threadpool(readings.problems, console.config))


# --- content -----------------------------------------------------------------------------------

async def content_page(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    found = await run_in_threadpool(readings.content, console.config)
    return page(request, "content.html", found, me)


async def zone_page(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    found = await run_in_threadpool(readings.content, console.config)
    zone = next((z for z in found["zones"] if z["id"] == request.path_params["zone"]), None)
    if zone is None:
        raise Refused(404, f"没有这个展区：{request.path_params['zone']}")
    saved = request.query_params.get("saved", "")
    return page(request, "zone.html", {"zone": zone, "saved": saved, "deleted": request.query_params.get("deleted"),
                                       "limits": console.config.console.upload}, me)


async def api_content(request: Request) -> Response:
    console = _console(request)
    console.who(request, "curator")
    return JSONResponse(await run_in_threadpool(readings.content, console.config))


async def upload_to_zone(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    zone = request.path_params["zone"]
    if console.config.zone(zone) is None:
        raise Refused(404, f"没有这个展区：{zone}")
    declared = _declared(request)
    if declared is not None:
        check_room(console.hall.content, declared)

    def open_file(fields: dict[str, str], filename: str) -> IncomingFile:
        me.check_csrf(fields.get("csrf"))  # a form's fields come before its files
        folder = fields.get("panel", "").strip().strip("/")
        target = resolve(console.hall, "/".join(p for p in ("content", zone, folder, filename) if p))
        return IncomingFile(target, console.config.console.upload)

    form = UploadForm(request.headers.get("content-type", ""), open_file)
    await _receive(request, form.feed, form.finish, form.abandon)
    me.check_csrf(form.fields.get("csrf"))
    if not form.files:
        raise Refused(400, "没有选择文件")
    done = await run_in_threadpool(console.place, me, form.files, _address(request))
    return RedirectResponse(f"/content/{quote(zone)}?saved={len(done['files'])}", 303)


async def _receive(request: Request, feed: Callable[[bytes], None], finish: Callable[[], Any],
                   abandon: Callable[[], None]) -> None:
    """The body into feed(); on any failure or a dropped connection, nothing stays on disk."""
    try:
        async for chunk in request.stream():
            feed(chunk)
        finish()
    except ClientDisconnect:
        abandon()
        raise Refused(400, "上传没有完成（连接中断），什么都没有保存。请重新上传") from None
    except BaseException:
        abandon()
        raise


async def delete_from_page(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    form = await small_form(request)
    me.check_csrf(form.get("csrf"))
    paths = form.get("paths", "").split("|")  # | is refused in names, so it can separate them
    targets = [resolve(console.hall, path) for path in paths if path.strip()]
    if not targets:
        raise Refused(400, "没有指定要删除的文件")
    await run_in_threadpool(console.delete, me, targets, _address(request))
    zone = targets[0].relative.parts[0] if targets[0].root == "content" else ""
    return RedirectResponse(f"/content/{quote(zone)}?deleted=1" if zone else "/content", 303)


async def api_files(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    target = resolve(console.hall, request.path_params["path"])
    if request.method == "GET":
        if target.path.is_file():
            console.audit.record("download", me.user.name, _address(request), files=[target.name])
            return FileResponse(target.path)
        return JSONResponse(await run_in_threadpool(listing, target))
    if request.method == "DELETE":
        return JSONResponse(await run_in_threadpool(console.delete, me, [target], _address(request)))
    declared = _declared(request)
    incoming = IncomingFile(target, console.config.console.upload, declared)

    def finish() -> None:
        if declared is not None and incoming.size != declared:
            raise Refused(400, f"上传不完整：收到 {incoming.size} 字节，应为 {declared} 字节")
        incoming.finish()

    await _receive(request, incoming.feed, finish, incoming.abandon)
    done = await run_in_threadpool(console.place, me, [incoming], _address(request))
    return JSONResponse(done, status_code=201)


# --- history -----------------------------------------------------------------------------------

async def history_page(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    changes = await run_in_threadpool(console.history.changes)
    return page(request, "history.html", {"changes": changes, "restored": request.query_params.get("restored")}, me)


async def api_history(request: Request) -> Response:
    console = _console(request)
    console.who(request, "curator")
    return JSONResponse(await run_in_threadpool(console.history.changes))


async def restore_from_page(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    me.check_csrf((await small_form(request)).get("csrf"))
    change_id = request.path_params["change"]
    await run_in_threadpool(console.restore, me, change_id, _address(request))
    return RedirectResponse(f"/history?restored={quote(change_id)}", 303)


async def api_restore(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "curator")
    return JSONResponse(await run_in_threadpool(console.restore, me, request.path_params["change"],
                                                _address(request)))


# --- the visitors' report (administrators) -----------------------------------------------------

async def report_page(request: Request) -> Response:
    me = _console(request).who(request, "admin")
    return page(request, "report.html", {}, me)


async def api_report(request: Request) -> Response:
    console = _console(request)
    me = console.who(request, "admin")
    kind = "html" if request.url.path.endswith(".html") else "csv"
    chosen = readings.selection(request.query_params.get("from"), request.query_params.get("to"))
    folder = readings.scratch_folder(console.config)
    try:
        written = await run_in_threadpool(readings.report_file, console.config, chosen, kind, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    name = readings.report_name(chosen, kind)
    console.audit.record("download", me.user.name, _address(request), files=[name])
    media = "text/html; charset=utf-8" if kind == "html" else "text/csv; charset=utf-8"
    return FileResponse(written, media_type=media, filename=name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


# --- refusals and headers ----------------------------------------------------------------------

NOT_FOUND = {404: "没有这个页面或接口", 405: "不支持这种请求方式"}


async def refused(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        exc = Refused(exc.status_code, NOT_FOUND.get(exc.status_code, "请求无法处理"))
    assert isinstance(exc, Refused)
    if _is_api(request):
        return JSONResponse({"error": exc.message}, status_code=exc.status)
    if exc.status == 401:
        return RedirectResponse("/login", 303)
    console = _console(request)
    me = console.sessions.read(request.cookies.get(SESSION_COOKIE), console.users)
    return page(request, "refused.html", {"message": exc.message}, me, exc.status)


async def failed(request: Request, exc: Exception) -> Response:
    """A bug: the person gets a sentence, the journal gets the traceback."""
    traceback.print_exception(exc, file=sys.stderr)
    message = "内部错误，操作没有完成；详情已记入日志（journalctl -u kiosk-console）"
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=500)
    return Response(f"<!DOCTYPE html><meta charset=utf-8><p>{message}</p>", 500, media_type="text/html")


class SecurityHeaders:
    """The same headers on every answer; no-store on all but the stylesheet."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(config: Config, clock: Callable[[], float] = time.time) -> Starlette:
    routes = [
        Route("/login", show_login, methods=["GET"]),
        Route("/login", submit_login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/", overview, methods=["GET"]),
        Route("/content", content_page, methods=["GET"]),
        Route("/content/delete", delete_from_page, methods=["POST"]),
        Route("/content/{zone}", zone_page, methods=["GET"]),
        Route("/content/{zone}/upload", upload_to_zone, methods=["POST"]),
        Route("/history", history_page, methods=["GET"]),
        Route("/history/{change}/restore", restore_from_page, methods=["POST"]),
        Route("/report", report_page, methods=["GET"]),
        Route("/api/v1/status", api_status, methods=["GET"]),
        Route("/api/v1/problems", api_problems, methods=["GET"]),
        Route("/api/v1/content", api_content, methods=["GET"]),
        Route("/api/v1/files/{path:path}", api_files, methods=["GET", "PUT", "DELETE"]),
        Route("/api/v1/history", api_history, methods=["GET"]),
        Route("/api/v1/history/{change}/restore", api_restore, methods=["POST"]),
        Route("/api/v1/report.csv", api_report, methods=["GET"]),
        Route("/api/v1/report.html", api_report, methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={Refused: refused, HTTPException: refused, Exception: failed})
    app.state.console = Console(config, clock)
    app.add_middleware(SecurityHeaders)
    return app
