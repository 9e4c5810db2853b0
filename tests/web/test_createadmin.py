"""`manage.py createadmin`: one of the three administrators, never a superuser, with a one-time password shown once."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from luoshi.audit.models import AuditEvent
from test_signin_lockout import sign_in, signed_in


def create(username="sysadmin") -> tuple[str, str]:
    out = StringIO()
    call_command("createadmin", username, stdout=out)
    text = out.getvalue()
    return text, re.search(r"一次性密码：(\S+)", text).group(1)


@pytest.mark.django_db
def test_creates_a_system_administrator_that_must_change_its_password(client):
    text, password = create()
    assert text.count(password) == 1
    user = get_user_model().objects.get(username="sysadmin")
    assert not user.is_staff and not user.is_superuser and user.password.startswith("argon2")
    assert list(user.role_grants.values_list("role", "jurisdiction")) == [("system_admin", None)]
    event = AuditEvent.objects.get(action="account.create")
    assert event.object_repr == "sysadmin" and event.outcome == "success" and password not in str(event.after)
    assert (event.actor_name, event.actor_role) == ("系统", "console")
    grant = AuditEvent.objects.get(action="account.role_grant")
    assert grant.object_repr == "sysadmin" and grant.after["role"] == "system_admin" and grant.actor_role == "console"

    sign_in(client, "sysadmin", password)
    assert signed_in(client)
    assert client.get("/")["Location"] == "/accounts/password/"
    new = "Jinhua-Admin-2026"
    client.post("/accounts/password/", {"old_password": password, "new_password1": new, "new_password2": new})
    assert client.get("/jurisdictions/").status_code == 200
    assert client.get("/audit/").status_code == 403  # 三员分立: the system administrator does not read the log
    client.post("/accounts/logout/")

    sign_in(client, "sysadmin", password)  # the one-time password works exactly once
    assert not signed_in(client)
    sign_in(client, "sysadmin", new)
    assert signed_in(client)


@pytest.mark.django_db
def test_one_time_passwords_differ_and_pass_the_policy():
    from django.contrib.auth.password_validation import validate_password

    _, first = create("admin1")
    _, second = create("admin2")
    assert first != second and len(first) >= 16
    validate_password(first)


@pytest.mark.django_db
def test_refuses_an_existing_user_name(office):
    with pytest.raises(CommandError, match="用户名 duban 已存在"):
        call_command("createadmin", "duban", stdout=StringIO())
    assert not get_user_model().objects.get(username="duban").is_staff
    assert not AuditEvent.objects.filter(action="account.create").exists()


@pytest.mark.django_db
def test_refuses_an_invalid_user_name():
    with pytest.raises(CommandError, match="不合规"):
        call_command("createadmin", "两 个", stdout=StringIO())


@pytest.mark.django_db
def test_the_console_form_prints_the_password_or_refuses(capsys, office):
    import argparse

    from luoshi.accounts import cli

    parser = argparse.ArgumentParser(prog="luoshi")
    cli.add_parser(parser.add_subparsers(dest="command"))
    assert cli.run(parser.parse_args(["createadmin", "secadmin"])) == 0
    password = re.search(r"一次性密码：(\S+)", capsys.readouterr().out).group(1)
    assert get_user_model().objects.get(username="secadmin").check_password(password)
    assert cli.run(parser.parse_args(["createadmin", "duban"])) == 1
    assert "用户名 duban 已存在" in capsys.readouterr().err


@pytest.mark.django_db
def test_resetpassword_gives_a_one_time_password_and_refuses_unknown_names(client, office):
    out = StringIO()
    call_command("resetpassword", "duban", stdout=out)
    password = re.search(r"一次性密码：(\S+)", out.getvalue()).group(1)
    sign_in(client, "duban", password)
    assert client.get("/units/")["Location"] == "/accounts/password/"
    event = AuditEvent.objects.get(action="auth.password_reset")
    assert (event.actor_name, event.actor_role, event.object_repr) == ("命令行", "console", "duban")
    with pytest.raises(CommandError, match="没有用户名为 nobody 的账号"):
        call_command("resetpassword", "nobody", stdout=StringIO())


@pytest.mark.django_db
def test_the_security_administrator_needs_a_jurisdiction_and_the_audit_administrator_none(jinhua):
    with pytest.raises(CommandError, match="安全管理员须指定已有的辖区"):
        call_command("createadmin", "secadmin", "--role", "security", stdout=StringIO())
    assert not get_user_model().objects.filter(username="secadmin").exists()
    call_command("createadmin", "secadmin", "--role", "security", "--jurisdiction", "金华市", stdout=StringIO())
    call_command("createadmin", "auditor", "--role", "audit", stdout=StringIO())
    grants = {u: list(get_user_model().objects.get(username=u).role_grants.values_list("role", "jurisdiction__name"))
              for u in ("secadmin", "auditor")}
    assert grants == {"secadmin": [("security_admin", "金华市")], "auditor": [("audit_admin", None)]}
