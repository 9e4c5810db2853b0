"""`manage.py demo`: the published 金华市 ledger and the demo accounts, the same after any number of runs."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from luoshi.audit.models import AuditEvent
from luoshi.core.management.commands.demo import DEMO_ACCOUNTS, ensure_demo_accounts
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

    jinhua = Jurisdiction.objects.get()
    assert jinhua.name == "金华市" and len(jinhua.profile["divisions"]) == 9
    ledger = Ledger.objects.get()
    assert ledger.status == LedgerStatus.PUBLISHED and ledger.published_at is not None
    assert ledger.doc_number == "金政办发〔2018〕23号" and ledger.year == 2018
    assert Task.objects.filter(ledger=ledger).count() == 107 and SourceFile.objects.count() == 1
    task46 = Task.objects.get(ledger=ledger, code="1-46")
    assert list(task46.assignments.filter(role="lead").values_list("unit__name", flat=True)) == ["市商务局", "义乌市政府"]
    assert Unit.objects.count() == units and AuditEvent.objects.count() == events
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == ["jurisdiction.create", "ledger.import", "ledger.publish"]
    assert set(AuditEvent.objects.values_list("actor_name", flat=True)) == {"duban"}

    users = get_user_model().objects.order_by("username")
    assert [u.username for u in users] == ["admin", "duban"]
    for account in DEMO_ACCOUNTS:
        user = users.get(username=account.username)
        assert list(user.groups.values_list("name", flat=True)) == [account.role]
        assert client.login(username=account.username, password=account.password)
        client.logout()
        for output in (first, second):
            assert account.role in output and account.username in output and account.password in output
    assert "107 项任务" in first and "新导入" in first and "登录地址：http://127.0.0.1:8000/accounts/login/" in first
    assert "已存在，未做任何修改" in second


def test_demo_resets_a_changed_demo_password(client):
    ensure_demo_accounts()
    reviewer = get_user_model().objects.get(username="duban")
    reviewer.set_password("something-else-1")
    reviewer.save()
    assert not client.login(username="duban", password=DEMO_ACCOUNTS[0].password)
    ensure_demo_accounts()
    assert client.login(username="duban", password=DEMO_ACCOUNTS[0].password)
    assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)
