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
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from luoshi.accounts.roles import UserRole

SEED = settings.REPO_DIR / "samples" / "jinhua-2018-notice.txt"
JURISDICTION = "金华市"
COUNTY = "婺城区"
PUBLIC_SECTION_INDEX = 2  # 附件2 十方面民生实事: the livelihood projects the public follows


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str  # a UserRole value
    password: str
    scope: str = ""  # the unit's or leader's name for unit and leader roles; the jurisdiction otherwise


# One account per persona, so that each role can be tried in the browser.
DEMO_ACCOUNTS = (
    DemoAccount("duban", "督考办 王科长", "office_admin", "Luoshi-2018!", JURISDICTION),
    DemoAccount("shenhe", "督考办 赵干事", "office_reviewer", "Luoshi-Review-2018!", JURISDICTION),
    DemoAccount("lingdao", "尹学群", "leader", "Luoshi-Leader-2018!", "尹学群"),
    DemoAccount("jianshe", "市建设局 陈科员", "unit_reporter", "Luoshi-Unit-2018!", "市建设局"),
    DemoAccount("jianshe-head", "市建设局 周局长", "unit_head", "Luoshi-Head-2018!", "市建设局"),
    DemoAccount("wucheng", "婺城区督考办 钱科长", "county_office", "Luoshi-County-2018!", COUNTY),
    DemoAccount("sysadmin", "系统管理员 孙工", "system_admin", "Luoshi-System-2018!"),
    DemoAccount("secadmin", "安全管理员 吴工", "security_admin", "Luoshi-Security-2018!", JURISDICTION),
    DemoAccount("auditor", "审计管理员 郑工", "audit_admin", "Luoshi-Audit-2018!"),
)


class Command(BaseCommand):
    help = "演示数据：金华市 2018 年责任分解台账（已发布）和演示账号；可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--notice", default=str(SEED), help="导入的通知文件（默认 samples/jinhua-2018-notice.txt）")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="打印的登录地址所在的服务（make run 传入）")

    def handle(self, *args, notice: str, url: str, **options):
        from luoshi.ledger.cli_import import JurisdictionUnknown, jurisdiction_for_import
        from luoshi.ledger.models import LedgerStatus
        from luoshi.accounts.grants import GrantError
        from luoshi.ledger.services import ServiceError, import_notice, publish_ledger

        path = Path(notice)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise CommandError(f"无法读取通知文件 {path}：{err.strerror or err}") from None
        try:
            jurisdiction, created = jurisdiction_for_import(JURISDICTION)
            county = ensure_county(jurisdiction)
            users = ensure_demo_accounts(jurisdiction, county, data_ready=False)
            office = users["duban"]
            result = import_notice(actor=office, jurisdiction=jurisdiction, data=data, filename=path.name)
            ledger = result.ledger
            if ledger.status != LedgerStatus.PUBLISHED:
                ledger = publish_ledger(actor=office, ledger=ledger)
            users = ensure_demo_accounts(jurisdiction, county, data_ready=True)
            label_public_section(users["secadmin"], ledger)
        except (JurisdictionUnknown, ServiceError, GrantError) as err:
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
            role = UserRole(account.role).label + (f"（{account.scope}）" if account.scope else "")
            out.write(f"  用户名 {account.username:<{width}}  密码 {account.password:<22}  {role}")
        out.write(f"登录地址：{url.rstrip('/')}/accounts/login/")


def ensure_county(city):
    """婺城区 under 金华市, so that the county office persona has its own jurisdiction."""
    from luoshi.units.models import Jurisdiction, JurisdictionLevel
    from luoshi.units.services import create_jurisdiction

    county = Jurisdiction.objects.filter(name=COUNTY).first()
    return county or create_jurisdiction(None, COUNTY, JurisdictionLevel.COUNTY, city)


def ensure_demo_accounts(city, county, *, data_ready: bool = True) -> dict:
    """Create or reset the demo accounts and their role grants; returns the users by username.

    Before the ledger exists (`data_ready=False`) only the grants that need no unit or leader are made.
    """
    from luoshi.accounts.grants import grant_role
    from luoshi.accounts.models import AccountProfile, RoleGrant
    from luoshi.ledger.models import Leader
    from luoshi.units.models import Unit

    User = get_user_model()
    jurisdictions = {city.name: city, county.name: county}
    users = {}
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            user = User.objects.filter(username=account.username).first() or User(username=account.username)
            user.first_name = account.full_name
            user.is_active = True
            user.is_staff = False
            user.set_password(account.password)
            user.save()
            # Demo passwords are printed for people to use: no forced change at first sign-in.
            AccountProfile.objects.update_or_create(user=user, defaults={"must_change_password": False})
            users[account.username] = user
            kind = UserRole(account.role).scope_kind
            scope = {}
            if kind == "jurisdiction":
                scope["jurisdiction"] = jurisdictions[account.scope]
            elif kind == "unit":
                scope["unit"] = Unit.objects.filter(jurisdiction=city, name=account.scope).first()
            elif kind == "leader":
                scope["leader"] = Leader.objects.filter(jurisdiction=city, name=account.scope).first()
            if kind and scope[kind] is None:
                if data_ready:
                    raise CommandError(f"演示账号 {account.username}：找不到“{account.scope}”")
                continue
            if not RoleGrant.objects.filter(user=user, role=account.role, **scope).exists():
                grant_role(None, user, account.role, console=True, **scope)
    return users


def label_public_section(actor, ledger) -> int:
    """Label the livelihood projects (附件2) 公开 so that the public page has something to show."""
    from luoshi.ledger.models import SecurityLabel
    from luoshi.ledger.services import set_section_label

    return set_section_label(actor, ledger.sections.get(index=PUBLIC_SECTION_INDEX), SecurityLabel.PUBLIC)
