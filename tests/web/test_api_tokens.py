"""The token page (/accounts/tokens/): create (shown once), list, revoke; each change one audit row."""

import re
from datetime import timedelta

import pytest
from api_helpers import bearer, error, fresh_rate_limits, read  # noqa: F401
from django.test import Client, override_settings
from django.utils import timezone

from luoshi.api.models import ApiToken
from luoshi.api.services import TokenError, create_token, digest_of, revoke_token
from luoshi.audit.models import AuditEvent

TOKEN = re.compile(r'value="(ls_[A-Za-z0-9_-]{40,})"')


def create(client, name="统计脚本"):
    response = client.post("/accounts/tokens/", {"name": name})
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_needs_a_signed_in_user(client, db):
    response = client.get("/accounts/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_is_linked_from_the_account_pages(office_client):
    html = office_client.get("/accounts/password/").content.decode()
    assert 'href="/accounts/tokens/"' in html
    assert 'href="/accounts/password/"' in office_client.get("/accounts/tokens/").content.decode()  # the name in the header


def test_creating_shows_the_token_once_and_keeps_only_its_digest(office_client, office):
    assert "您还没有创建接口令牌" in office_client.get("/accounts/tokens/").content.decode()
    html = create(office_client)
    raw = TOKEN.search(html).group(1)
    assert "只显示这一次" in html and "请立即复制" in html
    token = ApiToken.objects.get(user=office)
    assert (token.name, token.prefix, token.digest) == ("统计脚本", raw[:8], digest_of(raw))
    assert office_client.get("/accounts/tokens/")["Cache-Control"].startswith("max-age=0")

    listing = office_client.get("/accounts/tokens/").content.decode()
    assert raw not in listing and f"{raw[:8]}…" in listing and "统计脚本" in listing and "从未使用" in listing
    assert '<span class="badge green">有效</span>' in listing
    assert read(Client(headers=bearer(raw)).get("/api/me"))["username"] == "duban"


def test_create_and_revoke_each_write_one_complete_audit_row(office_client, office):
    raw = TOKEN.search(create(office_client, "督查通报脚本")).group(1)
    token = ApiToken.objects.get(user=office)
    created = AuditEvent.objects.get(action="api_token.create")
    assert created.actor == office and created.actor_name == "duban" and created.ip == "127.0.0.1"
    assert created.outcome == "success" and created.object_type == "apitoken" and created.object_id == str(token.pk)
    assert "督查通报脚本" in created.object_repr and raw[:8] in created.object_repr
    assert raw not in str(created.after) + created.message + created.object_repr

    response = office_client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    revoked = AuditEvent.objects.get(action="api_token.revoke")
    assert revoked.actor == office and revoked.ip == "127.0.0.1" and revoked.outcome == "success"
    assert revoked.object_id == str(token.pk) and revoked.after == {"status": "revoked"}
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    listing = office_client.get("/accounts/tokens/").content.decode()
    assert '<span class="badge red">已撤销</span>' in listing and "已撤销，使用它的请求将被拒绝" in listing
    assert error(Client(headers=bearer(raw)).get("/api/me"), 401)


def test_revoking_twice_says_so_and_writes_nothing(office_client, office):
    token, _ = create_token(office, "一次性")
    revoke_token(office, token)
    count = AuditEvent.objects.count()
    response = office_client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "已于" in response.content.decode() and "撤销" in response.content.decode()
    assert AuditEvent.objects.count() == count


def test_nobody_revokes_another_users_token(office_client, office, django_user_model):
    other = django_user_model.objects.create_user("county", password="Luoshi-2018!")
    token, raw = create_token(other, "县里的脚本")
    assert office_client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert "县里的脚本" not in office_client.get("/accounts/tokens/").content.decode()
    with pytest.raises(TokenError):
        revoke_token(office, token)


def test_revoke_needs_post(office_client, office):
    token, _ = create_token(office, "脚本")
    assert office_client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405


def test_a_name_is_required(office_client, office):
    response = office_client.post("/accounts/tokens/", {"name": "  "})
    assert "请填写令牌名称" in response.content.decode()
    assert not ApiToken.objects.filter(user=office).exists() and not AuditEvent.objects.filter(action="api_token.create").exists()


def test_tokens_expire_after_the_configured_days(office):
    token, _ = create_token(office, "默认")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    with override_settings(LUOSHI_API_TOKEN_DAYS=7):
        token, _ = create_token(office, "一周")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)


def test_an_expired_token_is_listed_as_expired(office_client, office):
    token, _ = create_token(office, "旧脚本")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert '<span class="badge grey">已过期</span>' in office_client.get("/accounts/tokens/").content.decode()
