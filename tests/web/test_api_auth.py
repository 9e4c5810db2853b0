"""Who the API takes the caller for: a personal token (Bearer) or the browser session; anything else is a JSON 401."""

from datetime import timedelta

import pytest
from api_helpers import api_client, bearer, error, fresh_rate_limits, make_token, office_token, patch_json, read  # noqa: F401
from django.test import Client
from django.utils import timezone

from luoshi.accounts import services as account_services
from luoshi.api.models import ApiToken
from luoshi.api.services import digest_of, revoke_token

UNAUTHENTICATED = "未登录或令牌无效"


def endpoints(ledger_id: int) -> list[tuple[str, str]]:
    return [
        ("get", "/api/ledgers"),
        ("get", f"/api/ledgers/{ledger_id}"),
        ("get", f"/api/ledgers/{ledger_id}/tasks"),
        ("get", f"/api/ledgers/{ledger_id}/tasks/1-46"),
        ("patch", f"/api/ledgers/{ledger_id}/tasks/1-46"),
        ("get", f"/api/ledgers/{ledger_id}/targets"),
        ("get", "/api/units"),
        ("get", "/api/units/1"),
        ("get", "/api/me"),
    ]


def test_every_endpoint_refuses_an_anonymous_caller_in_json(client, seed_ledger):
    for method, url in endpoints(seed_ledger.pk):
        response = patch_json(client, url, {"version": 1}) if method == "patch" else client.get(url)
        assert error(response, 401).startswith(UNAUTHENTICATED), url
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_signs_its_owner_in(api_client, office_token):
    me = read(api_client.get("/api/me"))
    assert me == {"username": "duban", "full_name": "督考办 王科长", "roles": ["office_admin"], "token": office_token[:8] + "…"}


def test_the_browser_session_signs_the_user_in(office_client):
    assert read(office_client.get("/api/me"))["username"] == "duban"
    assert read(office_client.get("/api/me"))["token"] is None


@pytest.mark.parametrize(
    "header",
    ["Bearer ls_not-a-real-token", "Bearer ", "Bearer " + "x" * 500, "Token abc", "Basic ZHViYW46THVvc2hpLTIwMTgh"],
)
def test_unknown_or_malformed_credentials_are_refused(office, office_token, header):
    assert error(Client(headers={"Authorization": header}).get("/api/me"), 401).startswith(UNAUTHENTICATED)


def test_a_bad_token_is_refused_even_with_a_session(office, seed_ledger):
    browser = Client(headers=bearer("ls_wrong"))
    browser.force_login(office)
    assert error(browser.get("/api/me"), 401).startswith(UNAUTHENTICATED)


def test_an_expired_token_is_refused(office, office_token):
    ApiToken.objects.filter(digest=digest_of(office_token)).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert error(Client(headers=bearer(office_token)).get("/api/me"), 401).startswith(UNAUTHENTICATED)


def test_a_revoked_token_is_refused(office, office_token):
    script = Client(headers=bearer(office_token))
    read(script.get("/api/me"))
    revoke_token(office, ApiToken.objects.get(digest=digest_of(office_token)))
    assert error(script.get("/api/me"), 401).startswith(UNAUTHENTICATED)


def test_the_token_of_an_inactive_owner_is_refused(office, office_token):
    office.is_active = False
    office.save(update_fields=["is_active"])
    assert error(Client(headers=bearer(office_token)).get("/api/me"), 401).startswith(UNAUTHENTICATED)
    office.is_active = True
    office.save(update_fields=["is_active"])
    assert read(Client(headers=bearer(office_token)).get("/api/me"))["username"] == "duban"


def test_last_use_is_written_at_most_once_a_minute(office, office_token, django_assert_num_queries):
    script = Client(headers=bearer(office_token))
    token = ApiToken.objects.get(digest=digest_of(office_token))
    assert token.last_used_at is None
    read(script.get("/api/me"))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    with django_assert_num_queries(3):  # the token and its owner, the owner's role grants and jurisdictions; nothing written
        read(script.get("/api/me"))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    read(script.get("/api/me"))
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_the_token_itself_is_never_stored(office):
    raw = make_token(office, "导出脚本")
    token = ApiToken.objects.get(name="导出脚本")
    assert token.digest == digest_of(raw) and token.prefix == raw[:8] and raw.startswith("ls_")
    assert raw not in {str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()}


def test_an_expired_session_answers_the_api_in_json(office_client):
    session = office_client.session
    session[account_services.LAST_SEEN] = timezone.now().timestamp() - 24 * 3600
    session.save()
    assert "登录已失效" in error(office_client.get("/api/me"), 401)


def test_a_forced_password_change_blocks_the_session_api_in_json(office_client):
    session = office_client.session
    session[account_services.MUST_CHANGE] = True
    session.save()
    assert "修改密码" in error(office_client.get("/api/ledgers"), 401)
