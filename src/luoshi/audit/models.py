"""The audit trail: who changed what, when, before and after. Written only by services.

Append-only (database triggers, see triggers.py) and hash-chained (see chain.py); `luoshi audit verify`
walks the chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"

    @property
    def colour(self) -> str:
        return {"success": "green", "failure": "amber", "denied": "red"}[self.value]


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The whole log for the audit administrator, nothing for anyone else (三员分立)."""
        from luoshi.accounts.roles import Capability, can

        return self.all() if can(user, Capability.AUDIT_READ) else self.none()


class AuditEvent(models.Model):
    # Set by `services.record` (not auto_now_add) so the hash covers exactly the stored time, microseconds included.
    created_at = models.DateTimeField("时间", db_index=True)
    # PROTECT: an account with audit history is deactivated, never deleted (SET_NULL would rewrite audit rows,
    # which the append-only triggers refuse and the hash chain would report).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("操作人", max_length=150, blank=True)  # kept if the account goes
    action = models.CharField("操作", max_length=50, db_index=True)  # e.g. ledger.import, task.update
    object_type = models.CharField("对象类型", max_length=30)
    object_id = models.CharField("对象", max_length=40, blank=True)
    object_repr = models.CharField("对象名称", max_length=300, blank=True)
    ledger_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    task_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    unit_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    actor_role = models.CharField("角色", max_length=40, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    # Each row is chained to the previous one: hash = sha256(prev_hash + canonical JSON), see chain.py.
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
