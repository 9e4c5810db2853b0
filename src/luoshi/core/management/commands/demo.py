"""`manage.py demo`: the 金华市 2018 ledger, published, and demo accounts to look at it with.

Idempotent: a second run finds the jurisdiction, the ledger (same file, same SHA-256) and the
accounts, and only resets the demo passwords to the ones it prints. Demo accounts exist only where
this command was run (`make run` runs it); a production installation never runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

SEED = settings.REPO_DIR / "samples" / "jinhua-2018-notice.txt"
JURISDICTION = "金华市"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str  # also the name of the account's group; issue 4's role model takes these over
    password: str
    is_staff: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("duban", "督考办 王科长", "督考办审核员", "Luoshi-2018!"),
    DemoAccount("admin", "督考办 李主任", "督考办管理员", "Luoshi-Admin-2018!", is_staff=True),
)


class Command(BaseCommand):
    help = "演示数据：金华市 2018 年责任分解台账（已发布）和演示账号；可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--notice", default=str(SEED), help="导入的通知文件（默认 samples/jinhua-2018-notice.txt）")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="打印的登录地址所在的服务（make run 传入）")

    def handle(self, *args, notice: str, url: str, **options):
        from luoshi.ledger.cli_import import JurisdictionUnknown, jurisdiction_for_import
        from luoshi.ledger.models import LedgerStatus
        from luoshi.ledger.services import ServiceError, import_notice, publish_ledger

        path = Path(notice)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise CommandError(f"无法读取通知文件 {path}：{err.strerror or err}") from None
        users = ensure_demo_accounts()
        reviewer = users["duban"]
        try:
            jurisdiction, created = jurisdiction_for_import(JURISDICTION, actor=reviewer)
            result = import_notice(actor=reviewer, jurisdiction=jurisdiction, data=data, filename=path.name)
            ledger = result.ledger
            if ledger.status != LedgerStatus.PUBLISHED:
                ledger = publish_ledger(actor=reviewer, ledger=ledger)
        except (JurisdictionUnknown, ServiceError) as err:
            raise CommandError(str(err)) from None
        out = self.stdout
        out.write("落实 演示数据")
        out.write(f"  辖区：{jurisdiction.name}（{'新建' if created else '已存在'}）")
        out.write(
            f"  台账 {ledger.id}：{ledger.title}（{ledger.doc_number}，{ledger.tasks.count()} 项任务，"
            f"{ledger.get_status_display()}；{'新导入' if result.created else '已存在，未做任何修改'}）"
        )
        out.write("演示账号（只在运行过 demo 的机器上存在，仅供演示，切勿用于生产）：")
        width = max(len(a.username) for a in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            out.write(f"  {account.role}  用户名 {account.username:<{width}}  密码 {account.password}")
        out.write(f"登录地址：{url.rstrip('/')}/accounts/login/")


def ensure_demo_accounts() -> dict:
    """Create or reset the demo accounts and their role groups; returns the users by username."""
    from luoshi.accounts.models import AccountProfile

    User = get_user_model()
    users = {}
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            group, _ = Group.objects.get_or_create(name=account.role)
            user = User.objects.filter(username=account.username).first() or User(username=account.username)
            user.first_name = account.full_name
            user.is_active = True
            user.is_staff = account.is_staff
            user.set_password(account.password)
            user.save()
            user.groups.add(group)
            # Demo passwords are printed for people to use: no forced change at first sign-in.
            AccountProfile.objects.update_or_create(user=user, defaults={"must_change_password": False})
            users[account.username] = user
    return users
