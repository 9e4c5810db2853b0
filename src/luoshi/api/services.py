"""Creating, revoking and checking personal API tokens. One transaction and one audit row per change."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import record

from .models import ApiToken, TokenStatus

TOKEN_MARK = "ls_"  # makes a leaked token recognisable (secret scanners, logs)
PREFIX_LENGTH = 8
MAX_TOKEN_LENGTH = 100
LAST_USED_RESOLUTION = timedelta(minutes=1)  # a busy script must not write a row on every request
DEFAULT_TOKEN_DAYS = 90


class TokenError(Exception):
    """A refused token action; `str(err)` is a Chinese message for the user. Nothing was changed."""


def token_days() -> int:
    """LUOSHI_API_TOKEN_DAYS, at least one day."""
    try:
        return max(1, int(getattr(settings, "LUOSHI_API_TOKEN_DAYS", DEFAULT_TOKEN_DAYS)))
    except (TypeError, ValueError):
        return DEFAULT_TOKEN_DAYS


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(actor, name: str) -> tuple[ApiToken, str]:
    """A new token for `actor`: returns the row and the token text, which is never stored or shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise TokenError("请填写令牌名称，例如用途或调用它的系统")
    if len(name) > 100:
        raise TokenError("令牌名称最多 100 个字")
    if not (getattr(actor, "is_authenticated", False) and actor.is_active):
        raise TokenError("只有已登录的有效账号可以创建令牌")
    raw = TOKEN_MARK + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=token_days())
    with transaction.atomic():
        token = ApiToken.objects.create(user=actor, name=name, prefix=raw[:PREFIX_LENGTH], digest=digest_of(raw), expires_at=expires_at)
        record(
            actor,
            "api_token.create",
            token,
            after={"name": name, "prefix": token.prefix, "expires_at": expires_at.isoformat()},
            message=f"创建接口令牌“{name}”（{token.prefix}…），{timezone.localtime(expires_at):%Y-%m-%d} 到期",
        )
    return token, raw


def revoke_token(actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens; it is refused from the next request on."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().filter(pk=token.pk).first()
        if locked is None or locked.user_id != getattr(actor, "pk", None):
            raise TokenError("令牌不存在或不属于您")
        if locked.revoked_at is not None:
            raise TokenError(f"令牌“{locked.name}”已于 {timezone.localtime(locked.revoked_at):%Y-%m-%d %H:%M} 撤销")
        before = locked.status.value
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(
            actor,
            "api_token.revoke",
            locked,
            before={"status": before},
            after={"status": TokenStatus.REVOKED.value},
            message=f"撤销接口令牌“{locked.name}”（{locked.prefix}…）",
        )
    return locked


def authenticate_token(raw: str) -> ApiToken | None:
    """The valid token with this text (its `user` loaded), or None: unknown, revoked, expired, or owned by
    an inactive user. Records the use at most once a minute."""
    if not raw or not raw.startswith(TOKEN_MARK) or len(raw) > MAX_TOKEN_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(raw)).first()
    now = timezone.now()
    if token is None or token.status_at(now) != TokenStatus.ACTIVE or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
