"""/manage/accounts/: the system administrator creates, deactivates, resets and unlocks accounts.

Each action writes one audit row (actor, role, IP, object, outcome); each refusal (own account, an
administrator's account, another role) changes nothing.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone
from personas import make_user

from luoshi.accounts.models import AccountProfile, LoginThrottle
from luoshi.audit.models import AuditEvent

PASSWORD = "Luoshi-Test-2018!"
User = get_user_model()


@pytest.fixture
def sysadmin(db):
    return make_user("sysadmin", "system_admin")


@pytest.fixture
def admin_client(client, sysadmin):
    client.force_login(sysadmin)
    return client


@pytest.fixture
def clerk(jinhua):
    """An ordinary account the system administrator may manage."""
    return make_user("clerk", "office_reviewer", jurisdiction=jinhua)


def one_time_password(response) -> str:
    match = re.search(r'<code id="one-time-password">([^<]+)</code>', response.content.decode())
    assert match, "页面上没有一次性密码"
    return match.group(1).replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", '"')


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def only_event(action: str) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, [e.message for e in events]
    return events[0]


def assert_audited(event: AuditEvent, actor, obj, outcome="success"):
    assert event.actor_id == actor.pk and event.actor_name == actor.username
    assert event.actor_role == "system_admin"
    assert event.ip == "127.0.0.1"
    assert event.object_type == "user" and event.object_id == str(obj.pk)
    assert event.outcome == outcome


# ---- the list ------------------------------------------------------------------------------------


def test_list_shows_each_account_with_its_state(admin_client, clerk, jinhua):
    locked = make_user("locked-one")
    LoginThrottle.objects.create(username="locked-one", locked_until=timezone.now() + timedelta(minutes=20))
    AccountProfile.objects.create(user=clerk, totp_secret="JBSWY3DPEHPK3PXP", totp_confirmed_at=timezone.now(), must_change_password=True)
    html = admin_client.get("/manage/accounts/").content.decode()
    clerk_row = html[html.index('id="account-%d"' % clerk.pk):]
    clerk_row = clerk_row[:clerk_row.index("</tr>")]
    assert "clerk" in clerk_row and "督考办审核员" in clerk_row and "金华市" in clerk_row
    assert "已启用" in clerk_row and "重置动态口令" in clerk_row  # TOTP on
    assert ">是<" in clerk_row  # must change password
    locked_row = html[html.index('id="account-%d"' % locked.pk):]
    locked_row = locked_row[:locked_row.index("</tr>")]
    assert "已锁定" in locked_row and "解除锁定" in locked_row
    assert "manage.py resetpassword" in html


def test_search_finds_by_user_name_or_full_name(admin_client, clerk):
    make_user("other-person")
    html = admin_client.get("/manage/accounts/", {"q": "cle"}).content.decode()
    assert f'id="account-{clerk.pk}"' in html and "other-person" not in html


def test_admin_accounts_and_own_account_offer_no_actions(admin_client, sysadmin):
    auditor = make_user("auditor", "audit_admin")
    html = admin_client.get("/manage/accounts/").content.decode()
    for user, note in ((auditor, "管理员账号"), (sysadmin, "本人")):
        row = html[html.index(f'id="account-{user.pk}"'):]
        row = row[:row.index("</tr>")]
        assert note in row and "<form" not in row


# ---- creating ------------------------------------------------------------------------------------


def test_create_shows_the_one_time_password_once_and_forces_a_change(admin_client, sysadmin, client_factory):
    response = admin_client.post("/manage/accounts/new/", {"username": "chen", "full_name": "市建设局 陈科员"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = one_time_password(response)
    user = User.objects.get(username="chen")
    assert user.first_name == "市建设局 陈科员" and not user.is_superuser and not user.is_staff
    assert AccountProfile.objects.get(user=user).must_change_password
    assert not user.role_grants.exists()
    assert_audited(only_event("account.create"), sysadmin, user)
    # Shown once: the list does not show it again.
    assert password not in admin_client.get("/manage/accounts/").content.decode()

    person = client_factory()
    response = sign_in(person, "chen", password)
    assert response.status_code == 302
    assert person.get("/").url == "/accounts/password/"  # the forced change comes first
    new = "Chen-Jianshe-2018!"
    response = person.post("/accounts/password/", {"old_password": password, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    person.post("/accounts/logout/")
    assert not signed_in(sign_in_client(client_factory, "chen", password))  # the one-time password works once
    assert signed_in(sign_in_client(client_factory, "chen", new))


def sign_in_client(client_factory, username, password):
    client = client_factory()
    sign_in(client, username, password)
    return client


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


@pytest.mark.parametrize(
    "username, full_name, message",
    [
        ("", "陈科员", "用户名：请填写用户名"),
        ("chen li", "陈科员", "用户名：只能包含字母、数字"),
        ("chen", "", "姓名：请填写姓名"),
        ("chen", "长" * 151, "姓名：不能超过 150 个字符"),
        ("CLERK", "重名", "用户名：CLERK 已存在"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(admin_client, clerk, username, full_name, message):
    before = User.objects.count()
    response = admin_client.post("/manage/accounts/new/", {"username": username, "full_name": full_name})
    assert response.status_code == 400 and message in response.content.decode()
    assert User.objects.count() == before
    assert not AuditEvent.objects.filter(action="account.create").exists()


# ---- deactivating and reactivating ---------------------------------------------------------------


def test_deactivation_ends_the_open_session_and_refuses_sign_in(admin_client, sysadmin, clerk, client_factory):
    person = client_factory()
    sign_in(person, "clerk", PASSWORD)
    assert person.get("/").status_code == 200
    sessions_before = Session.objects.count()

    response = admin_client.post(f"/manage/accounts/{clerk.pk}/deactivate/")
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active
    assert Session.objects.count() == sessions_before - 1  # the clerk's session row is gone
    assert_audited(only_event("account.deactivate"), sysadmin, clerk)
    assert person.get("/").status_code == 302  # sent to the login page
    assert not signed_in(sign_in_client(client_factory, "clerk", PASSWORD))
    assert "已停用" in admin_client.get("/manage/accounts/").content.decode()

    response = admin_client.post(f"/manage/accounts/{clerk.pk}/activate/")
    clerk.refresh_from_db()
    assert clerk.is_active
    assert_audited(only_event("account.activate"), sysadmin, clerk)
    assert signed_in(sign_in_client(client_factory, "clerk", PASSWORD))


def test_deactivating_twice_says_so_and_writes_nothing(admin_client, clerk):
    admin_client.post(f"/manage/accounts/{clerk.pk}/deactivate/")
    response = admin_client.post(f"/manage/accounts/{clerk.pk}/deactivate/", follow=True)
    assert "已是停用状态" in response.content.decode()
    assert AuditEvent.objects.filter(action="account.deactivate").count() == 1


# ---- resets and unlocking ------------------------------------------------------------------------


def test_password_reset_shows_a_one_time_password_and_ends_sessions(admin_client, sysadmin, clerk, client_factory):
    person = client_factory()
    sign_in(person, "clerk", PASSWORD)
    response = admin_client.post(f"/manage/accounts/{clerk.pk}/password/")
    password = one_time_password(response)
    assert "no-store" in response["Cache-Control"]
    assert_audited(only_event("auth.password_reset"), sysadmin, clerk)
    assert person.get("/").status_code == 302  # the old session no longer holds
    assert not signed_in(sign_in_client(client_factory, "clerk", PASSWORD))
    fresh = sign_in_client(client_factory, "clerk", password)
    assert signed_in(fresh) and fresh.get("/").url == "/accounts/password/"


def test_second_factor_reset_forgets_the_authenticator(admin_client, sysadmin, clerk):
    AccountProfile.objects.create(user=clerk, totp_secret="JBSWY3DPEHPK3PXP", totp_confirmed_at=timezone.now(), totp_last_step=99)
    admin_client.post(f"/manage/accounts/{clerk.pk}/totp/")
    profile = AccountProfile.objects.get(user=clerk)
    assert not profile.totp_enabled and profile.totp_secret == "" and profile.totp_last_step == 0
    assert_audited(only_event("auth.totp_reset"), sysadmin, clerk)


def test_unlock_lets_the_user_sign_in_again(admin_client, sysadmin, clerk, client_factory):
    for _ in range(5):
        sign_in(client_factory(), "clerk", "wrong-password")
    assert not signed_in(sign_in_client(client_factory, "clerk", PASSWORD))
    admin_client.post(f"/manage/accounts/{clerk.pk}/unlock/")
    assert not LoginThrottle.objects.filter(username="clerk").exists()
    assert_audited(only_event("auth.unlock"), sysadmin, clerk)
    assert signed_in(sign_in_client(client_factory, "clerk", PASSWORD))


def test_unlocking_an_account_that_is_not_locked_changes_nothing(admin_client, clerk):
    response = admin_client.post(f"/manage/accounts/{clerk.pk}/unlock/", follow=True)
    assert "没有被锁定" in response.content.decode()
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()


# ---- refusals ------------------------------------------------------------------------------------


ACTIONS = [("deactivate", "account.deactivate"), ("password", "auth.password_reset"), ("totp", "auth.totp_reset"),
           ("unlock", "auth.unlock")]


def snapshot(user):
    user.refresh_from_db()
    profile = AccountProfile.objects.filter(user=user).values("must_change_password", "totp_secret").first()
    return user.is_active, user.password, profile, list(LoginThrottle.objects.filter(username=user.username).values())


@pytest.mark.parametrize("path, action", ACTIONS)
def test_the_administrator_cannot_act_on_their_own_account(admin_client, sysadmin, path, action):
    before = snapshot(sysadmin)
    response = admin_client.post(f"/manage/accounts/{sysadmin.pk}/{path}/", follow=True)
    assert "不能对自己的账号执行此操作" in response.content.decode()
    assert snapshot(sysadmin) == before
    event = only_event(action)
    assert event.outcome == "denied" and event.object_id == str(sysadmin.pk)


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "audit_admin"])
@pytest.mark.parametrize("path, action", ACTIONS)
def test_administrator_accounts_are_left_to_the_console(admin_client, jinhua, role, path, action):
    scope = {"jurisdiction": jinhua} if role == "security_admin" else {}
    other = make_user(f"other-{role}", role, **scope)
    LoginThrottle.objects.create(username=other.username, locked_until=timezone.now() + timedelta(minutes=5))
    before = snapshot(other)
    response = admin_client.post(f"/manage/accounts/{other.pk}/{path}/", follow=True)
    assert "manage.py resetpassword" in response.content.decode()
    assert snapshot(other) == before
    assert only_event(action).outcome == "denied"


@pytest.mark.parametrize("role", ["office_admin", "security_admin", "audit_admin"])
def test_other_roles_are_refused_with_403(client, jinhua, clerk, role):
    scope = {"jurisdiction": jinhua} if role != "audit_admin" else {}
    client.force_login(make_user(f"someone-{role}", role, **scope))
    before = snapshot(clerk)
    count = User.objects.count()
    assert client.get("/manage/accounts/").status_code == 403
    assert client.post("/manage/accounts/new/", {"username": "x1", "full_name": "某人"}).status_code == 403
    for path, _ in ACTIONS + [("activate", "")]:
        assert client.post(f"/manage/accounts/{clerk.pk}/{path}/").status_code == 403
    assert snapshot(clerk) == before and User.objects.count() == count


def test_anonymous_visitors_are_sent_to_login(client, clerk):
    response = client.get("/manage/accounts/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_unknown_account_and_unknown_action_answer_404(admin_client, clerk):
    assert admin_client.post("/manage/accounts/999999/deactivate/").status_code == 404
    assert admin_client.post(f"/manage/accounts/{clerk.pk}/explode/").status_code == 404
    assert admin_client.get(f"/manage/accounts/{clerk.pk}/deactivate/").status_code == 405
