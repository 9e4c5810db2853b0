"""`luoshi audit verify` and `luoshi audit purge --before DATE --actor USER`.

Exit 0 on success; 1 with a Chinese line (verify: the first broken row; purge: the refusal).
A purge from the command line names the audit administrator it acts for; it is recorded like one
made on the web, without an IP address.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date


def add_parser(commands) -> None:
    audit = commands.add_parser("audit", help="审计日志：校验哈希链、清理超过保留期的记录（需要数据库）")
    actions = audit.add_subparsers(dest="audit_command", required=True)
    actions.add_parser("verify", help="按顺序重算每条审计日志的哈希，报告第一处断链")
    purge = actions.add_parser("purge", help="清理某日期之前、已超过保留期（至少 180 天）的审计日志（仅审计管理员）")
    purge.add_argument("--before", required=True, help="清理此日期（YYYY-MM-DD，不含）之前的记录")
    purge.add_argument("--actor", required=True, help="执行清理的审计管理员用户名")


def run(args: argparse.Namespace) -> int:
    if args.audit_command == "verify":
        from .verify import verify_chain

        result = verify_chain()
        stream = sys.stdout if result.ok else sys.stderr
        print(result.describe(), file=stream)
        return 0 if result.ok else 1
    return _purge(args)


def _purge(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model

    from luoshi.accounts.roles import role_label

    from .services import AuditError, purge_events

    try:
        before = date.fromisoformat(args.before.strip())
    except ValueError:
        print(f"luoshi: 日期“{args.before[:30]}”格式不对，应为 YYYY-MM-DD，如 2026-01-01", file=sys.stderr)
        return 1
    user = get_user_model().objects.filter(username=args.actor).first()
    if user is None or not user.is_active:
        print(f"luoshi: 没有启用的账号“{args.actor[:50]}”", file=sys.stderr)
        return 1
    try:
        result = purge_events(user, before, role=role_label(user))
    except AuditError as err:
        print(f"luoshi: {err}", file=sys.stderr)
        return 1
    print(f"已清理 {result.deleted} 条审计日志（第 {result.first_id}–{result.last_id} 条），清理记录为第 {result.event.id} 条")
    return 0
