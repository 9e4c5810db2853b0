"""`manage.py createadmin USERNAME`: the first administrator, with a one-time password printed once.

Production never has a Django superuser; this account is staff only and must change its password at
first sign-in.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from luoshi.accounts.services import AccountError, create_admin


class Command(BaseCommand):
    help = "新建系统管理员账号（非超级用户），打印一次性密码；首次登录须修改密码"

    def add_arguments(self, parser):
        parser.add_argument("username", help="管理员用户名")

    def handle(self, *args, username: str, **options):
        try:
            user, password = create_admin(username)
        except AccountError as err:
            raise CommandError(str(err)) from None
        self.stdout.write(f"已新建管理员账号：{user.get_username()}")
        self.stdout.write(f"一次性密码：{password}")
        self.stdout.write("此密码只显示这一次；首次登录后系统会要求立即修改密码。")
