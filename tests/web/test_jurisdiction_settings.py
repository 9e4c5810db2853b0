"""The jurisdiction page's working setting: whether reports need the unit head's sign-off."""

from __future__ import annotations

import pytest
from personas import make_user

from luoshi.audit.models import AuditEvent
from luoshi.units.models import Jurisdiction

LABEL = "进展报送须经单位负责人审核"


def settings_url(jurisdiction) -> str:
    return f"/jurisdictions/{jurisdiction.pk}/settings/"


def test_the_office_administrator_turns_sign_off_on_and_off(office_client, office, jinhua):
    html = office_client.get(f"/jurisdictions/{jinhua.pk}/").content.decode()
    assert LABEL in html and f'action="{settings_url(jinhua)}"' in html
    response = office_client.post(settings_url(jinhua), {"require_head_signoff": "on", "version": jinhua.version}, follow=True)
    assert "须经单位负责人审核后才报送督考办" in response.content.decode()
    jinhua.refresh_from_db()
    assert jinhua.require_head_signoff and jinhua.version == 2
    event = AuditEvent.objects.get(action="jurisdiction.settings")
    assert (event.actor, event.actor_role, event.ip, event.outcome) == (office, "office_admin", "127.0.0.1", "success")
    assert event.before == {"require_head_signoff": False} and event.after == {"require_head_signoff": True}

    office_client.post(settings_url(jinhua), {"version": jinhua.version})  # unchecked box: off again
    jinhua.refresh_from_db()
    assert not jinhua.require_head_signoff and AuditEvent.objects.filter(action="jurisdiction.settings").count() == 2


def test_the_system_administrator_may_change_it_too(client, jinhua):
    client.force_login(make_user("sysadmin", "system_admin"))
    client.post(settings_url(jinhua), {"require_head_signoff": "on", "version": jinhua.version})
    jinhua.refresh_from_db()
    assert jinhua.require_head_signoff


@pytest.mark.parametrize("version, message", [("1", "辖区设置已被他人修改"), ("abc", "版本号无效")])
def test_stale_or_bad_version_changes_nothing(office_client, jinhua, version, message):
    Jurisdiction.objects.filter(pk=jinhua.pk).update(version=5)
    response = office_client.post(settings_url(jinhua), {"require_head_signoff": "on", "version": version}, follow=True)
    assert message in response.content.decode()
    jinhua.refresh_from_db()
    assert not jinhua.require_head_signoff and jinhua.version == 5
    assert not AuditEvent.objects.filter(action="jurisdiction.settings").exists()


def test_unchanged_setting_writes_nothing(office_client, jinhua):
    response = office_client.post(settings_url(jinhua), {"version": jinhua.version}, follow=True)
    assert "辖区设置没有变化" in response.content.decode()
    assert not AuditEvent.objects.filter(action="jurisdiction.settings").exists()


@pytest.mark.parametrize("role", ["office_reviewer", "security_admin"])
def test_roles_without_jurisdiction_edit_are_refused(client, jinhua, role):
    client.force_login(make_user("someone", role, jurisdiction=jinhua))
    assert client.post(settings_url(jinhua), {"require_head_signoff": "on", "version": jinhua.version}).status_code == 403
    jinhua.refresh_from_db()
    assert not jinhua.require_head_signoff


def test_another_jurisdiction_answers_404(client, jinhua):
    other = Jurisdiction.objects.create(name="杭州市")
    client.force_login(make_user("someone", "office_admin", jurisdiction=jinhua))
    assert client.post(settings_url(other), {"require_head_signoff": "on", "version": other.version}).status_code == 404
    other.refresh_from_db()
    assert not other.require_head_signoff
