"""`luoshi createadmin USERNAME`: the console form of `manage.py createadmin` (wired in luoshi.cli)."""

from __future__ import annotations

import argparse
import sys


def add_parser(commands) -> None:
    parser = commands.add_parser("createadmin", help="新建系统管理员账号（非超级用户），打印一次性密码；首次登录须修改（需要数据库）")
    parser.add_argument("username", help="管理员用户名")
    parser.add_argument("--role", default="system", choices=["system", "security", "audit"],
                        help="system 系统管理员（默认）、security 安全管理员、audit 审计管理员（三员分立，互斥）")
    parser.add_argument("--jurisdiction", default="", help="安全管理员负责的辖区名称，如 金华市")


def run(args: argparse.Namespace) -> int:
    from .services import AccountError, create_admin

    try:
        user, password = create_admin(args.username, role=args.role, jurisdiction_name=args.jurisdiction)
    except AccountError as err:
        print(f"luoshi: {err}", file=sys.stderr)
        return 1
    print(f"已新建管理员账号：{user.get_username()}")
    print(f"一次性密码：{password}")
    print("此密码只显示这一次；首次登录后系统会要求立即修改密码。")
    return 0
