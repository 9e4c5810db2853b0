"""`manage.py demo`: the published 金华市 ledger and the demo accounts, the same after any number of runs."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from luoshi.audit.models import AuditEvent
from collections import Counter

from luoshi.accounts.roles import UserRole
from luoshi.core.management.commands.demo import DEMO_ACCOUNTS
from luoshi.ledger.models import Ledger, LedgerStatus, SourceFile, Task
from luoshi.units.models import Jurisdiction, Unit

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_no_demo_accounts_unless_the_command_runs():
    assert get_user_model().objects.count() == 0


def test_demo_twice_leaves_one_published_ledger_and_the_accounts(client):
    first = run_demo()
    units = Unit.objects.count()
    events = AuditEvent.objects.count()
    second = run_demo()

    jinhua = Jurisdiction.objects.get(name="金华市")
    assert len(jinhua.profile["divisions"]) == 9
    assert Jurisdiction.objects.get(name="婺城区").parent == jinhua
    ledger = Ledger.objects.get()
    assert ledger.status == LedgerStatus.PUBLISHED and ledger.published_at is not None
    assert ledger.doc_number == "金政办发〔2018〕23号" and ledger.year == 2018
    assert Task.objects.filter(ledger=ledger).count() == 107 and SourceFile.objects.count() == 1
    task46 = Task.objects.get(ledger=ledger, code="1-46")
    assert list(task46.assignments.filter(role="lead").values_list("unit__name", flat=True)) == ["市商务局", "义乌市政府"]
    assert Unit.objects.count() == units and AuditEvent.objects.count() == events
    assert Counter(AuditEvent.objects.values_list("action", flat=True)) == {
        "jurisdiction.create": 2, "account.role_grant": len(DEMO_ACCOUNTS), "ledger.import": 1, "ledger.publish": 1, "task.label": 22,
    }
    assert set(AuditEvent.objects.filter(action__startswith="ledger.").values_list("actor_name", flat=True)) == {"duban"}
    assert set(AuditEvent.objects.filter(action="task.label").values_list("actor_name", flat=True)) == {"secadmin"}
    assert Task.objects.filter(ledger=ledger, security_label="public").count() == 22  # 附件2 民生实事

    users = get_user_model().objects.order_by("username")
    assert sorted(u.username for u in users) == sorted(a.username for a in DEMO_ACCOUNTS)
    for account in DEMO_ACCOUNTS:
        user = users.get(username=account.username)
        assert list(user.role_grants.values_list("role", flat=True)) == [account.role]
        assert not user.is_staff and not user.is_superuser
        assert client.login(username=account.username, password=account.password)
        client.logout()
        for output in (first, second):
            assert UserRole(account.role).label in output and account.username in output and account.password in output
    assert "107 项任务" in first and "新导入" in first and "登录地址：http://127.0.0.1:8000/accounts/login/" in first
    assert "已存在，未做任何修改" in second


def test_demo_resets_a_changed_demo_password(client):
    run_demo()
    reviewer = get_user_model().objects.get(username="duban")
    reviewer.set_password("something-else-1")
    reviewer.save()
    assert not client.login(username="duban", password=DEMO_ACCOUNTS[0].password)
    run_demo()
    assert client.login(username="duban", password=DEMO_ACCOUNTS[0].password)
    assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)
