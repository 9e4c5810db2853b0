"""`manage.py createadmin USERNAME [--role system|security|audit]`: an administrator, with a one-time password printed once.

Production never has a Django superuser; this account holds one of the three administrator roles only and must change its password at
first sign-in.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from luoshi.accounts.services import AccountError, create_admin


class Command(BaseCommand):
    help = "新建管理员账号（系统/安全/审计管理员之一，非超级用户），打印一次性密码；首次登录须修改密码"

    def add_arguments(self, parser):
        parser.add_argument("username", help="管理员用户名")
        parser.add_argument("--role", default="system", choices=["system", "security", "audit"],
                            help="system 系统管理员（默认）、security 安全管理员、audit 审计管理员（三员分立，互斥）")
        parser.add_argument("--jurisdiction", default="", help="安全管理员负责的辖区名称，如 金华市")

    def handle(self, *args, username: str, role: str, jurisdiction: str, **options):
        try:
            user, password = create_admin(username, role=role, jurisdiction_name=jurisdiction)
        except AccountError as err:
            raise CommandError(str(err)) from None
        self.stdout.write(f"已新建管理员账号：{user.get_username()}")
        self.stdout.write(f"一次性密码：{password}")
        self.stdout.write("此密码只显示这一次；首次登录后系统会要求立即修改密码。")
