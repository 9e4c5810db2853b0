"""Every sign-in event type writes one audit row with time, user, role, IP, event, object and outcome."""

import pytest

from luoshi.audit.models import AuditEvent
from test_signin_lockout import PASSWORD, clock, sign_in  # noqa: F401

IP = "203.0.113.7"


def only_row(action):
    rows = list(AuditEvent.objects.filter(action=action))
    assert len(rows) == 1, (action, rows)
    row = rows[0]
    for field in ("created_at", "actor_name", "actor_role", "ip", "action", "object_type", "object_id", "object_repr", "outcome"):
        assert getattr(row, field) not in (None, ""), (action, field)
    assert row.ip == IP
    return row


@pytest.fixture
def client_from_ip(client):
    client.defaults["REMOTE_ADDR"] = IP
    return client


@pytest.mark.django_db
def test_sign_in_sign_out_and_failures(client_from_ip, office, clock):
    client = client_from_ip
    sign_in(client, "duban", PASSWORD)
    login = only_row("auth.login")
    assert (login.actor, login.outcome, login.actor_role, login.object_repr) == (office, "success", "office_admin", "duban")
    client.post("/accounts/logout/")
    logout = only_row("auth.logout")
    assert (logout.actor, logout.outcome, logout.actor_role) == (office, "success", "office_admin")

    sign_in(client, "duban", "wrong-password")
    failed = only_row("auth.login_failed")
    assert (failed.actor_name, failed.outcome, failed.actor_role) == ("duban", "failure", "anonymous")
    for _ in range(4):
        sign_in(client, "duban", "wrong-password")
    lockout = only_row("auth.lockout")
    assert (lockout.actor_name, lockout.outcome) == ("duban", "failure")
    assert "锁定 30 分钟" in lockout.message


@pytest.mark.django_db
def test_failures_for_unknown_names_name_the_attempt(client_from_ip, clock):
    sign_in(client_from_ip, "ghost", "whatever-1A!")
    row = only_row("auth.login_failed")
    assert row.actor is None and row.actor_name == "ghost" and row.object_repr == "ghost"


@pytest.mark.django_db
def test_idle_timeout_sign_out_is_audited_with_its_reason(client_from_ip, office, clock):
    sign_in(client_from_ip, "duban", PASSWORD)
    clock.advance(minutes=31)
    client_from_ip.get("/units/")
    row = only_row("auth.logout")
    assert "空闲超过 30 分钟" in row.message


@pytest.mark.django_db
def test_password_change_reset_and_totp(client_from_ip, office, django_user_model, clock):
    from luoshi.accounts import totp
    from luoshi.accounts.services import ENROL_SECRET, reset_password
    from luoshi.audit.context import RequestInfo, reset_request_info, set_request_info

    client = client_from_ip
    sign_in(client, "duban", PASSWORD)
    client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Wucheng-Road-88", "new_password2": "Wucheng-Road-88"})
    change = only_row("auth.password_change")
    assert change.actor == office and change.outcome == "success"

    client.get("/accounts/totp/")
    secret = client.session[ENROL_SECRET]
    client.post("/accounts/totp/", {"code": totp.hotp(secret, totp.step_at(clock.now.timestamp()))})
    assert only_row("auth.totp_enable").actor == office

    admin = django_user_model.objects.create_user("sysadmin", is_staff=True)
    token = set_request_info(RequestInfo(ip=IP, role="staff"))  # as the (later) administration page will
    try:
        reset_password(admin, office)
    finally:
        reset_request_info(token)
    reset = only_row("auth.password_reset")
    assert (reset.actor, reset.object_repr, reset.actor_role) == (admin, "duban", "staff")
