"""An account with a one-time password can do nothing but change it; the change runs the policy."""

import io

import pytest

from luoshi.accounts.models import AccountProfile
from luoshi.audit.models import AuditEvent
from test_signin_lockout import PASSWORD, sign_in, signed_in

NEW_PASSWORD = "Zhejiang-Jinhua-77"


@pytest.fixture
def forced(office):
    AccountProfile.objects.create(user=office, must_change_password=True)
    return office


@pytest.mark.django_db
def test_every_page_redirects_to_the_password_change_until_done(client, forced):
    sign_in(client, "duban", PASSWORD)
    assert signed_in(client)
    for url in ("/", "/units/", "/import/", "/accounts/totp/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/accounts/password/", url
    assert client.get("/units/", HTTP_HX_REQUEST="true")["HX-Redirect"] == "/accounts/password/"
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "请先设置您自己的新密码" in page.content.decode()


@pytest.mark.django_db
def test_weak_or_mistyped_new_passwords_are_refused_in_chinese(client, forced):
    sign_in(client, "duban", PASSWORD)
    cases = [
        ({"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, "当前密码不正确"),
        ({"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}, "两次输入的新密码不一致"),
        ({"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"}, "至少 3 类"),
        ({"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}, "不能与当前密码相同"),
    ]
    for data, message in cases:
        response = client.post("/accounts/password/", data)
        assert response.status_code == 200 and message in response.content.decode(), message
    assert client.get("/units/")["Location"] == "/accounts/password/"
    assert not AuditEvent.objects.filter(action="auth.password_change").exists()


@pytest.mark.django_db
def test_changing_the_password_lifts_the_redirect_and_keeps_the_session(client, forced):
    sign_in(client, "duban", PASSWORD)
    old_key = client.session.session_key
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/units/").status_code == 200
    assert client.session.session_key != old_key
    forced.refresh_from_db()
    assert forced.check_password(NEW_PASSWORD)
    profile = AccountProfile.objects.get(user=forced)
    assert profile.must_change_password is False and profile.password_changed_at is not None
    client.post("/accounts/logout/")
    sign_in(client, "duban", NEW_PASSWORD)
    assert client.get("/units/").status_code == 200  # no second forced change


@pytest.mark.django_db
def test_administrator_reset_forces_a_change_and_ends_open_sessions(client, office, django_user_model):
    from luoshi.accounts.services import reset_password

    sign_in(client, "duban", PASSWORD)
    admin = django_user_model.objects.create_user("sysadmin", is_staff=True)
    one_time = reset_password(admin, office)
    assert client.get("/units/").status_code == 302  # the old session no longer holds
    sign_in(client, "duban", one_time)
    assert signed_in(client)
    assert client.get("/units/")["Location"] == "/accounts/password/"


@pytest.mark.django_db
def test_demo_accounts_need_no_change(client):
    from django.core.management import call_command

    from luoshi.core.management.commands.demo import DEMO_ACCOUNTS

    call_command("demo", stdout=io.StringIO())
    AccountProfile.objects.filter(user__username="duban").update(must_change_password=True)  # e.g. reset earlier
    call_command("demo", stdout=io.StringIO())
    account = DEMO_ACCOUNTS[0]
    sign_in(client, account.username, account.password)
    assert client.get("/units/").status_code == 200
