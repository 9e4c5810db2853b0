"""The optional authenticator code (RFC 6238): enrolment, sign-in with it, and LUOSHI_REQUIRE_TOTP."""

import pytest

from luoshi.accounts import totp
from luoshi.accounts.models import AccountProfile
from luoshi.accounts.services import ENROL_SECRET
from test_signin_lockout import PASSWORD, REFUSED, clock, sign_in, signed_in  # noqa: F401


def test_rfc_6238_sha1_test_vectors():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    for timestamp, code in [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"), (20000000000, "65353130")]:
        assert totp.hotp(secret, totp.step_at(timestamp), digits=8) == code


def test_codes_from_the_neighbouring_step_pass_and_older_ones_do_not():
    secret = totp.new_secret()
    now = 1_700_000_000
    assert totp.matching_step(secret, totp.hotp(secret, totp.step_at(now)), now) == totp.step_at(now)
    assert totp.matching_step(secret, totp.hotp(secret, totp.step_at(now) - 1), now) == totp.step_at(now) - 1
    assert totp.matching_step(secret, totp.hotp(secret, totp.step_at(now) - 3), now) is None
    assert totp.matching_step(secret, "12a456", now) is None


def current_code(secret, clock):
    return totp.hotp(secret, totp.step_at(clock.now.timestamp()))


def enrol(client, clock):
    page = client.get("/accounts/totp/")
    assert page.status_code == 200
    secret = client.session[ENROL_SECRET]
    assert "otpauth://totp/" in page.content.decode()
    assert client.post("/accounts/totp/", {"code": "000000" if current_code(secret, clock) != "000000" else "111111"}).status_code == 200
    assert not AccountProfile.objects.filter(totp_confirmed_at__isnull=False).exists()
    response = client.post("/accounts/totp/", {"code": current_code(secret, clock)})
    assert response.status_code == 302
    return secret


@pytest.mark.django_db
def test_enrol_then_sign_in_asks_for_the_code(client, office, clock):
    sign_in(client, "duban", PASSWORD)
    secret = enrol(client, clock)
    assert AccountProfile.objects.get(user=office).totp_enabled
    client.post("/accounts/logout/")

    clock.advance(seconds=60)
    response = sign_in(client, "duban", PASSWORD)
    assert response["Location"] == "/accounts/login/code/"
    assert not signed_in(client)  # the password alone is not enough
    assert client.get("/units/").status_code == 302

    wrong = client.post("/accounts/login/code/", {"code": "%06d" % ((int(current_code(secret, clock)) + 1) % 10**6)})
    assert wrong.status_code == 200 and "动态口令不正确" in wrong.content.decode()
    assert not signed_in(client)

    good = current_code(secret, clock)
    assert client.post("/accounts/login/code/", {"code": good})["Location"] == "/"
    assert signed_in(client)
    client.post("/accounts/logout/")
    sign_in(client, "duban", PASSWORD)
    replay = client.post("/accounts/login/code/", {"code": good})  # the same code, same 30 seconds
    assert replay.status_code == 200 and not signed_in(client)


@pytest.mark.django_db
def test_wrong_codes_count_towards_the_lockout(client, office, clock):
    sign_in(client, "duban", PASSWORD)
    secret = enrol(client, clock)
    client.post("/accounts/logout/")
    clock.advance(seconds=60)
    sign_in(client, "duban", PASSWORD)
    wrong = "%06d" % ((int(current_code(secret, clock)) + 1) % 10**6)
    for _ in range(4):
        client.post("/accounts/login/code/", {"code": wrong})
    response = client.post("/accounts/login/code/", {"code": wrong}, follow=True)
    assert REFUSED in response.content.decode()
    sign_in(client, "duban", PASSWORD)
    assert client.post("/accounts/login/code/", {"code": current_code(secret, clock)}).status_code == 302
    assert not signed_in(client)  # still locked: back to the start


@pytest.mark.django_db
def test_the_code_page_needs_the_password_first(client, office):
    response = client.get("/accounts/login/code/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


@pytest.mark.django_db
def test_required_for_office_accounts_when_the_deployment_says_so(client, office, django_user_model, settings, clock):
    from django.contrib.auth.models import Group

    settings.LUOSHI_REQUIRE_TOTP = True
    office.groups.add(Group.objects.create(name="督考办审核员"))
    sign_in(client, "duban", PASSWORD)
    assert client.get("/units/")["Location"] == "/accounts/totp/"
    page = client.get("/accounts/totp/").content.decode()
    assert "要求督考办和管理员账号启用动态口令" in page
    enrol(client, clock)
    assert client.get("/units/").status_code == 200

    django_user_model.objects.create_user("reporter", password=PASSWORD)  # a unit's account: not required
    other = client.__class__()
    sign_in(other, "reporter", PASSWORD)
    assert other.get("/units/").status_code == 200
