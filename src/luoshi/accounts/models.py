"""Sign-in state kept beside Django's user: the forced change, the second factor, and failed attempts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .roles import UserRole


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


class RoleGrant(models.Model):
    """One role a user holds, and where: a jurisdiction (office, security), a unit, a leader, or nowhere.

    Changed only by `accounts.grants` (the security administrator), each change audited; the three
    administrator roles (三员分立) exclude every other grant of the same user.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants", verbose_name="用户")
    role = models.CharField("角色", max_length=20, choices=UserRole.choices)
    jurisdiction = models.ForeignKey("units.Jurisdiction", verbose_name="辖区", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("units.Unit", verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="role_grants")
    leader = models.ForeignKey("ledger.Leader", verbose_name="领导", null=True, blank=True, on_delete=models.PROTECT, related_name="role_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField("授权时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        ordering = ["user", "role", "id"]
        constraints = [
            models.CheckConstraint(
                name="role_grant_scope_matches_role",
                condition=(
                    models.Q(role__in=["office_reviewer", "office_admin", "county_office", "security_admin"],
                             jurisdiction__isnull=False, unit__isnull=True, leader__isnull=True)
                    | models.Q(role__in=["unit_reporter", "unit_head"], unit__isnull=False, jurisdiction__isnull=True, leader__isnull=True)
                    | models.Q(role="leader", leader__isnull=False, jurisdiction__isnull=True, unit__isnull=True)
                    | models.Q(role__in=["system_admin", "audit_admin"], jurisdiction__isnull=True, unit__isnull=True, leader__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()} {self.role_choice.label} {self.scope_name}".strip()

    @property
    def role_choice(self) -> UserRole:
        return UserRole(self.role)

    @property
    def scope_name(self) -> str:
        """Where the grant applies, in words (`金华市`, `市建设局`, `尹学群市长`, or "全系统")."""
        if self.unit_id:
            return self.unit.name
        if self.leader_id:
            return str(self.leader)
        if self.jurisdiction_id:
            return self.jurisdiction.name
        return "全系统"
