"""`python -m kiosk console`: serve the console, or manage who may use it.

Users are managed only here, at a shell on the kiosk's computer, so the first administrator
never has to be created through a page anyone on the network could reach first.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.config import Config
from kiosk.console.users import ROLE_WORDS, UserError, UserStore, users_file

NO_ADMIN = """网页管理台还没有系统管理员，因此没有启动。请先在这台电脑上添加一位：
  python -m kiosk console add-user 名字 --role admin
（安装版：cd /opt/kiosk/hall && sudo -u kiosk /opt/kiosk/bin/kiosk console add-user 名字 --role admin）"""


def read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("新密码（至少 8 个字符）：")
    if getpass.getpass("再输入一次：") != first:
        print("两次输入的密码不一样，没有做任何修改。", file=sys.stderr)
        return None
    return first


def manage(args: argparse.Namespace, config: Config) -> int:
    store = UserStore(users_file(config))
    try:
        if args.action == "list-users":
            for user in store.users().values():
                tokens = "、".join(t["id"] for t in user.tokens) or "无"
                print(f"{user.name}\t{ROLE_WORDS[user.role]}（{user.role}）\t令牌：{tokens}")
            return 0
        if args.action in ("add-user", "passwd"):
            password = read_password(args.password_stdin)
            if password is None:
                return 1
            if args.action == "add-user":
                store.add(args.name, args.role, password)
                print(f"已添加{ROLE_WORDS[args.role]} {args.name}。")
            else:
                store.set_password(args.name, password)
                print(f"已修改 {args.name} 的密码；用旧密码打开的登录都已失效。")
        elif args.action == "remove-user":
            store.remove(args.name)
            print(f"已删除用户 {args.name}。")
        elif args.action == "token":
            print(store.new_token(args.name))
            print("这是新令牌，只显示这一次：请保存好。脚本这样使用：Authorization: Bearer 令牌", file=sys.stderr)
        elif args.action == "revoke-token":
            count = store.revoke_tokens(args.name, args.token_id)
            print(f"已吊销 {args.name} 的 {count} 个令牌。")
    except UserError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


def serve(args: argparse.Namespace, config: Config) -> int:
    if not UserStore(users_file(config)).has_admin():
        print(NO_ADMIN, file=sys.stderr)
        return 2
    settings = config.console
    for path in (settings.tls_cert, settings.tls_key):
        if path is not None and not path.is_file():
            print(f"找不到 HTTPS 文件 {path}（config.yaml 的 console.tls_cert / console.tls_key）", file=sys.stderr)
            return 2
    import uvicorn

    from kiosk.console.app import create_app

    uvicorn.run(create_app(config), host=args.bind or settings.bind, port=args.port or settings.port,
                ssl_certfile=settings.tls_cert, ssl_keyfile=settings.tls_key, server_header=False,
                proxy_headers=False)
    return 0


def console_command(args: argparse.Namespace, config: Config) -> int:
    return serve(args, config) if args.action is None else manage(args, config)
