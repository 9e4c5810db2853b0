"""Retention: only an audit administrator purges, only past 180 days, and the purge is itself audited and verifiable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from audit_helpers import write_events
from personas import make_user
from django.utils import timezone

from luoshi.audit.models import AuditEvent
from luoshi.audit.services import AuditError, purge_events
from luoshi.audit.verify import verify_chain
from luoshi.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(django_user_model):
    return make_user("shenji", "audit_admin", password="Shenji-2018!")


@pytest.fixture
def history(office):
    """Three events 250 days old, then two from today."""
    old = write_events(3, actor=office, at=timezone.now() - timedelta(days=250))
    new = write_events(2, actor=office)
    return old, new


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def test_an_audit_admin_purges_old_events_and_the_chain_still_verifies(auditor, history):
    old, new = history
    result = purge_events(auditor, days_ago(200))
    assert result.deleted == 3 and (result.first_id, result.last_id) == (old[0].pk, old[-1].pk)
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in new]).count() == 2
    purge = AuditEvent.objects.get(action="audit.purge")
    assert purge.actor == auditor and purge.outcome == "success" and purge.after["deleted"] == 3
    assert purge.after["anchor_hash"] == old[-1].hash == AuditEvent.objects.order_by("id").first().prev_hash
    verification = verify_chain()
    assert verification.ok and verification.count == 3  # two kept events and the purge event


def test_a_second_purge_anchors_on_its_own_range(auditor, office):
    write_events(2, actor=office, at=timezone.now() - timedelta(days=400))
    write_events(2, actor=office, at=timezone.now() - timedelta(days=300))
    write_events(1, actor=office)
    purge_events(auditor, days_ago(350))
    purge_events(auditor, days_ago(200))
    assert AuditEvent.objects.filter(action="task.update").count() == 1
    assert verify_chain().ok


def test_an_ordinary_user_may_not_purge_and_the_attempt_is_recorded(office, history):
    with pytest.raises(AuditError, match="只有审计管理员可以清理审计日志"):
        purge_events(office, days_ago(200))
    assert AuditEvent.objects.filter(action="task.update").count() == 5
    denied = AuditEvent.objects.get(action="audit.purge")
    assert denied.outcome == "denied" and denied.actor == office
    assert verify_chain().ok


def test_the_system_administrator_may_not_purge(django_user_model, history):
    staff = make_user("sysadmin", "system_admin")
    with pytest.raises(AuditError, match="只有审计管理员"):
        purge_events(staff, days_ago(200))
    assert AuditEvent.objects.filter(action="task.update").count() == 5


def test_events_within_retention_may_not_be_purged(auditor, history):
    with pytest.raises(AuditError, match="至少保留 180 天"):
        purge_events(auditor, days_ago(179))
    assert AuditEvent.objects.filter(action="task.update").count() == 5


def test_retention_cannot_be_configured_below_180_days(auditor, history, settings):
    settings.LUOSHI_AUDIT_RETENTION_DAYS = 30
    with pytest.raises(AuditError, match="至少保留 180 天"):
        purge_events(auditor, days_ago(100))
    settings.LUOSHI_AUDIT_RETENTION_DAYS = 365
    with pytest.raises(AuditError, match="至少保留 365 天"):
        purge_events(auditor, days_ago(200))
    assert AuditEvent.objects.filter(action="task.update").count() == 5


def test_nothing_to_purge_is_said_plainly(auditor, office):
    write_events(1, actor=office)
    with pytest.raises(AuditError, match="之前没有审计日志，无需清理"):
        purge_events(auditor, days_ago(200))


def test_cli_purge(auditor, office, history, capsys):
    assert main(["audit", "purge", "--before", days_ago(200).isoformat(), "--actor", "duban"]) == 1
    assert "只有审计管理员" in capsys.readouterr().err
    assert main(["audit", "purge", "--before", "去年", "--actor", "shenji"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["audit", "purge", "--before", days_ago(200).isoformat(), "--actor", "shenji"]) == 0
    assert "已清理 3 条审计日志" in capsys.readouterr().out
    purge = AuditEvent.objects.get(action="audit.purge", outcome="success")
    assert purge.actor_role == "audit_admin"
    assert main(["audit", "verify"]) == 0
