"""`manage.py cleanthrottles`: forget the failed sign-in counts of names that stopped failing.

The sign-in path does the same at most once an hour; a scheduled job (cron) may run this as well.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from luoshi.accounts.services import clean_throttles


class Command(BaseCommand):
    help = "清理过期的登录失败计数：锁定已结束、且首次失败已超出计数时间窗口的记录"

    def handle(self, *args, **options):
        deleted = clean_throttles()
        self.stdout.write(f"已清理 {deleted} 条过期的登录失败计数")
