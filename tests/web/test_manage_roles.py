"""/manage/roles/: the security administrator grants and revokes roles within their jurisdictions.

Each grant or revocation writes one audit row (actor, role, IP, object, outcome); a refusal (another
jurisdiction, an administrator role, their own account, another role) changes nothing.
"""

from __future__ import annotations

import pytest
from personas import make_user

from luoshi.accounts.models import RoleGrant
from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Leader
from luoshi.units.models import Jurisdiction, JurisdictionLevel, Unit


@pytest.fixture
def county(jinhua):
    return Jurisdiction.objects.create(name="婺城区", level=JurisdictionLevel.COUNTY, parent=jinhua)


@pytest.fixture
def hangzhou(db):
    return Jurisdiction.objects.create(name="杭州市", level=JurisdictionLevel.CITY)


@pytest.fixture
def jianshe(jinhua):
    return Unit.objects.create(jurisdiction=jinhua, name="市建设局", kind="department")


@pytest.fixture
def secadmin(jinhua):
    return make_user("secadmin", "security_admin", jurisdiction=jinhua)


@pytest.fixture
def sec_client(client, secadmin):
    client.force_login(secadmin)
    return client


@pytest.fixture
def newcomer(db):
    return make_user("chen")


def grant_form(client, **fields):
    data = {"username": "", "role": "", "jurisdiction": "", "unit": "", "leader": ""}
    data.update({key: str(value) for key, value in fields.items()})
    return client.post("/manage/roles/grant/", data)


def only_event(action: str) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, [e.message for e in events]
    return events[0]


def assert_audited(event, actor, obj, outcome="success"):
    assert event.actor_id == actor.pk and event.actor_role == "security_admin" and event.ip == "127.0.0.1"
    assert event.object_type == "user" and event.object_id == str(obj.pk) and event.outcome == outcome


# ---- the list ------------------------------------------------------------------------------------


def test_list_shows_grants_in_the_admins_jurisdictions_only(sec_client, jinhua, county, hangzhou, jianshe, newcomer):
    make_user("wucheng", "county_office", jurisdiction=county)
    make_user("jianshe-user", "unit_reporter", unit=jianshe)
    make_user("hz-office", "office_admin", jurisdiction=hangzhou)
    make_user("auditor", "audit_admin")
    html = sec_client.get("/manage/roles/").content.decode()
    assert "wucheng" in html and "县级督考办" in html and "婺城区" in html  # the county below the city
    assert "jianshe-user" in html and "单位填报员" in html
    assert 'id="account-%d"' % newcomer.pk in html and "尚无角色" in html  # no grant yet: can be given one
    assert "hz-office" not in html and "杭州市" not in html  # another city's
    assert "auditor" not in html  # console-only administrators
    # System and audit administrator roles are not offered.
    assert 'value="system_admin"' not in html and 'value="audit_admin"' not in html
    assert 'value="security_admin"' in html and 'value="unit_reporter"' in html


def test_unit_datalist_follows_the_jurisdiction(sec_client, jinhua, county, hangzhou, jianshe):
    Unit.objects.create(jurisdiction=county, name="婺城区住建局")
    Unit.objects.create(jurisdiction=hangzhou, name="杭州市建委")
    html = sec_client.get("/manage/roles/").content.decode()
    assert '<option value="市建设局">' in html and "婺城区住建局" not in html
    answer = sec_client.get("/manage/roles/units/", {"jurisdiction": county.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert '<datalist id="unit-options">' in answer and "婺城区住建局" in answer and "市建设局" not in answer
    assert "杭州市建委" not in sec_client.get("/manage/roles/units/", {"jurisdiction": hangzhou.pk}).content.decode()


# ---- granting ------------------------------------------------------------------------------------


def test_grant_a_unit_role(sec_client, secadmin, jinhua, jianshe, newcomer):
    response = grant_form(sec_client, username="chen", role="unit_reporter", jurisdiction=jinhua.pk, unit="市建设局")
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=newcomer)
    assert (grant.role, grant.unit, grant.granted_by) == ("unit_reporter", jianshe, secadmin)
    event = only_event("account.role_grant")
    assert_audited(event, secadmin, newcomer)
    assert event.after["unit_id"] == jianshe.pk
    assert "单位填报员" in sec_client.get("/manage/roles/").content.decode()


def test_grant_an_office_role_in_the_county_below(sec_client, secadmin, county, newcomer):
    grant_form(sec_client, username="chen", role="county_office", jurisdiction=county.pk)
    assert RoleGrant.objects.get(user=newcomer).jurisdiction == county
    assert_audited(only_event("account.role_grant"), secadmin, newcomer)


def test_grant_a_leader_role(sec_client, secadmin, jinhua, newcomer):
    leader = Leader.objects.create(jurisdiction=jinhua, name="尹学群", title="市长")
    grant_form(sec_client, username="chen", role="leader", jurisdiction=jinhua.pk, leader=leader.pk)
    assert RoleGrant.objects.get(user=newcomer).leader == leader


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"username": ""}, "账号：请填写要授权的用户名"),
        ({"username": "nobody"}, "账号：没有用户名为“nobody”的账号"),
        ({"role": ""}, "角色：请选择要授予的角色"),
        ({"role": "mayor"}, "角色：请选择要授予的角色"),
        ({"jurisdiction": ""}, "辖区：请选择辖区"),
        ({"unit": ""}, "单位：“单位填报员”须指定单位"),
        ({"unit": "市不存在局"}, "单位：金华市单位库中没有“市不存在局”"),
        ({"role": "leader", "leader": ""}, "领导：“分管领导”须指定领导"),
    ],
)
def test_bad_input_names_the_field_and_grants_nothing(sec_client, jinhua, jianshe, newcomer, fields, message):
    data = {"username": "chen", "role": "unit_reporter", "jurisdiction": jinhua.pk, "unit": "市建设局"}
    data.update(fields)
    response = grant_form(sec_client, **data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not RoleGrant.objects.filter(user=newcomer).exists()
    assert not AuditEvent.objects.filter(action="account.role_grant").exists()


def test_granting_the_same_role_twice_says_so(sec_client, jinhua, jianshe, newcomer):
    grant_form(sec_client, username="chen", role="unit_reporter", jurisdiction=jinhua.pk, unit="市建设局")
    response = grant_form(sec_client, username="chen", role="unit_reporter", jurisdiction=jinhua.pk, unit="市建设局")
    assert "已有“单位填报员（市建设局）”角色" in response.content.decode()
    assert RoleGrant.objects.filter(user=newcomer).count() == 1


# ---- refusals ------------------------------------------------------------------------------------


def test_another_jurisdiction_is_refused_and_audited(sec_client, secadmin, hangzhou, newcomer):
    Unit.objects.create(jurisdiction=hangzhou, name="杭州市建委")
    for fields in ({"role": "office_admin", "jurisdiction": hangzhou.pk},
                   {"role": "unit_reporter", "jurisdiction": hangzhou.pk, "unit": "杭州市建委"}):
        response = grant_form(sec_client, username="chen", **fields)
        assert response.status_code == 400 and "只能在您负责的辖区内授予或撤销角色" in response.content.decode()
    assert not RoleGrant.objects.filter(user=newcomer).exists()
    denied = AuditEvent.objects.filter(action="account.role_grant", outcome="denied")
    assert denied.count() == 2 and all(e.actor_role == "security_admin" and e.ip == "127.0.0.1" for e in denied)


def test_console_only_roles_and_own_account_are_refused(sec_client, secadmin, jinhua, newcomer):
    for role in ("system_admin", "audit_admin"):
        response = grant_form(sec_client, username="chen", role=role, jurisdiction=jinhua.pk)
        assert "只能在服务器上用 luoshi createadmin 命令设置" in response.content.decode()
    response = grant_form(sec_client, username="secadmin", role="office_admin", jurisdiction=jinhua.pk)
    assert "不能给自己授予或撤销角色" in response.content.decode()
    assert not RoleGrant.objects.filter(user=newcomer).exists()
    assert RoleGrant.objects.filter(user=secadmin).count() == 1


def test_three_administrators_exclude_other_roles(sec_client, jinhua):
    other_sec = make_user("secadmin2", "security_admin", jurisdiction=jinhua)
    response = grant_form(sec_client, username="secadmin2", role="office_admin", jurisdiction=jinhua.pk)
    assert "三员分立" in response.content.decode()
    assert RoleGrant.objects.filter(user=other_sec).count() == 1


@pytest.mark.parametrize("role", ["office_admin", "system_admin", "audit_admin"])
def test_other_roles_are_refused_with_403(client, jinhua, jianshe, newcomer, role):
    scope = {"jurisdiction": jinhua} if role == "office_admin" else {}
    client.force_login(make_user(f"someone-{role}", role, **scope))
    existing = RoleGrant.objects.create(user=newcomer, role="unit_reporter", unit=jianshe)
    assert client.get("/manage/roles/").status_code == 403
    assert client.get("/manage/roles/units/", {"jurisdiction": jinhua.pk}).status_code == 403
    assert grant_form(client, username="chen", role="unit_head", jurisdiction=jinhua.pk, unit="市建设局").status_code == 403
    assert client.post(f"/manage/roles/grants/{existing.pk}/revoke/").status_code == 403
    assert list(RoleGrant.objects.filter(user=newcomer)) == [existing]


# ---- revoking ------------------------------------------------------------------------------------


def test_revoke_a_grant(sec_client, secadmin, jianshe, newcomer):
    grant = RoleGrant.objects.create(user=newcomer, role="unit_reporter", unit=jianshe)
    html = sec_client.get("/manage/roles/").content.decode()
    assert f'action="/manage/roles/grants/{grant.pk}/revoke/"' in html and "确认撤销" in html
    response = sec_client.post(f"/manage/roles/grants/{grant.pk}/revoke/")
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    event = only_event("account.role_revoke")
    assert_audited(event, secadmin, newcomer)
    assert event.before["scope"] == "市建设局"


def test_grants_elsewhere_cannot_be_revoked(sec_client, hangzhou, newcomer):
    grant = RoleGrant.objects.create(user=newcomer, role="office_admin", jurisdiction=hangzhou)
    assert sec_client.post(f"/manage/roles/grants/{grant.pk}/revoke/").status_code == 404
    assert sec_client.get(f"/manage/roles/grants/{grant.pk}/revoke/").status_code == 405
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert not AuditEvent.objects.filter(action="account.role_revoke", outcome="success").exists()


def test_own_grant_cannot_be_revoked(sec_client, secadmin):
    grant = RoleGrant.objects.get(user=secadmin)
    html = sec_client.get("/manage/roles/").content.decode()
    assert f"/manage/roles/grants/{grant.pk}/revoke/" not in html
    response = sec_client.post(f"/manage/roles/grants/{grant.pk}/revoke/", follow=True)
    assert "不能给自己授予或撤销角色" in response.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert only_event("account.role_revoke").outcome == "denied"
