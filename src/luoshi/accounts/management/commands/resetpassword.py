"""`manage.py resetpassword USERNAME`: a new one-time password for an account, changed at its next sign-in.

The web page /manage/accounts/ resets ordinary accounts; the three administrators (三员分立) are reset only here.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from luoshi.accounts.services import reset_password


class Command(BaseCommand):
    help = "重置账号密码：打印一次性密码，该账号已登录的会话全部失效，下次登录须修改密码"

    def add_arguments(self, parser):
        parser.add_argument("username", help="要重置密码的用户名")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username.strip()).first()
        if user is None:
            raise CommandError(f"没有用户名为 {username} 的账号")
        password = reset_password("命令行", user)
        self.stdout.write(f"已重置 {user.get_username()} 的密码。一次性密码：{password}")
        self.stdout.write("此密码只显示这一次；该账号下次登录后须立即修改密码。")
