"""Sign-in state kept beside Django's user: the forced change, the second factor, and failed attempts."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccountProfile(models.Model):
    """Created on demand: a user without one has no forced change and no second factor."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_profile", verbose_name="用户")
    must_change_password = models.BooleanField("须修改密码", default=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    totp_secret = models.CharField("动态口令密钥", max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField("动态口令启用时间", null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)  # a code is accepted once (RFC 6238 §5.2)

    class Meta:
        verbose_name = "账号安全设置"

    def __str__(self) -> str:
        return self.user.get_username()

    @property
    def totp_enabled(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)


class LoginThrottle(models.Model):
    """Failed sign-ins per user name, also for names that are no account (nothing tells them apart)."""

    username = models.CharField("用户名", max_length=150, unique=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    first_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "登录失败计数"

    def __str__(self) -> str:
        return self.username
