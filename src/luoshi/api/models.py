"""Personal API tokens: a user's key for scripts and other systems, stored only as a SHA-256 digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TokenStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    EXPIRED = "expired", "已过期"
    REVOKED = "revoked", "已撤销"

    @property
    def colour(self) -> str:
        return {"active": "green", "expired": "grey", "revoked": "red"}[self.value]


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own tokens: nobody else's are listed or revocable, administrators' included."""
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(user=user)


class ApiToken(models.Model):
    """A bearer token that acts as its owner: the API sees exactly what the owner may see.

    The token itself is shown once when created; only its first characters (`prefix`, to tell
    tokens apart in lists) and its digest are kept, so a copy of the database signs nobody in.
    """

    # PROTECT: a user with tokens (like one with audit history) is deactivated, not deleted.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="所有人", on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=8)
    digest = models.CharField("SHA-256 摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    expires_at = models.DateTimeField("到期时间")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    def status_at(self, now=None) -> TokenStatus:
        if self.revoked_at is not None:
            return TokenStatus.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return TokenStatus.EXPIRED
        return TokenStatus.ACTIVE

    @property
    def status(self) -> TokenStatus:
        return self.status_at()
