"""Writing audit events. Called by other apps' services inside their transaction, never by views.

Every event extends the hash chain (chain.py); the table refuses UPDATE and DELETE (triggers.py).
The only way rows leave it is `purge_events`, by an audit administrator, for rows past retention.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import connection, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from . import chain
from .context import current_request_info
from .models import AuditEvent
from .triggers import purge_permit

MIN_RETENTION_DAYS = 180

ACTIONS = {
    "ledger.import": "导入通知",
    "ledger.reimport": "导入修订后的通知",
    "ledger.publish": "发布台账",
    "ledger.update": "修改台账信息",
    "task.update": "修改任务",
    "task.create": "新增任务",
    "task.label": "修改密级标识",
    "task.delete": "删除任务",
    "assignment.add": "添加单位",
    "assignment.remove": "移除单位",
    "assignment.role": "修改单位角色",
    "target.update": "修改量化目标",
    "warning.resolve": "处理导入警告",
    "unit.create": "新增单位",
    "unit.rename": "单位改名",
    "unit.merge": "合并单位",
    "unit.update": "修改单位",
    "jurisdiction.create": "新建辖区",
    "jurisdiction.update": "修改辖区配置",
    "jurisdiction.settings": "修改辖区工作设置",
    "export": "导出",
    "auth.login": "登录成功",
    "auth.login_failed": "登录失败",
    "auth.lockout": "账号锁定",
    "auth.logout": "退出登录",
    "auth.password_change": "修改密码",
    "auth.password_reset": "重置密码",
    "auth.totp_enable": "启用动态口令",
    "auth.totp_reset": "重置动态口令",
    "auth.unlock": "解除登录锁定",
    "account.create": "新建账号",
    "account.deactivate": "停用账号",
    "account.activate": "启用账号",
    "account.role_grant": "授予角色",
    "account.role_revoke": "撤销角色",
    "api_token.create": "创建接口令牌",
    "api_token.revoke": "撤销接口令牌",
    "audit.export": "导出审计日志",
    "audit.purge": "清理过期审计日志",
}


class AuditError(Exception):
    """A refused audit operation; the message is Chinese and shown to the user as is."""


@dataclass(frozen=True)
class AuditLog:
    """The log itself as the object of an event about it (an export, a purge): its rows `first_id`–`last_id`.

    No model row stands for a stretch of the log, so `record` reads this one's `pk` and `str()` instead
    (object type "auditlog"); without ids it is the log as a whole (e.g. a refused purge).
    """

    first_id: int | None = None
    last_id: int | None = None

    @property
    def pk(self) -> str:
        return f"{self.first_id}-{self.last_id}" if self.first_id else ""

    def __str__(self) -> str:
        return f"审计日志第 {self.first_id}–{self.last_id} 条" if self.first_id else "审计日志"


def record(actor, action: str, obj: Any = None, *, before: Any = None, after: Any = None, message: str = "",
           ledger_id: int | None = None, task_id: int | None = None, unit_id: int | None = None,
           outcome: str = "success", role: str | None = None) -> AuditEvent:
    """Write one audit event; `before`/`after` are JSON-able dicts of the changed fields.

    The client's IP address and the actor's role come from the current request (see middleware);
    `role` overrides the latter (the CLI has no request). Joins the caller's transaction, or opens
    one: the chain lock, the read of the last hash and the insert must commit together.
    """
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    request_info = current_request_info()
    event = AuditEvent(
        ip=_clean_ip(request_info.ip),
        actor_role=(request_info.role if role is None else role)[:40],
        outcome=outcome,
        actor=actor_user,
        actor_name=(actor_user.get_username() if actor_user else (str(actor) if actor else "系统"))[:150],
        action=action[:50],
        # __class__, not type(): request.user is a lazy proxy whose type is SimpleLazyObject
        object_type=obj.__class__.__name__.lower()[:30] if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "")[:40],
        object_repr=str(obj)[:300] if obj is not None else "",
        ledger_id=ledger_id,
        task_id=task_id,
        unit_id=unit_id,
        # Stored exactly as it will be read back, so the hash of what is stored is the hash computed here.
        before=_json_roundtrip(before),
        after=_json_roundtrip(after),
        message=message[:500],
    )
    with transaction.atomic(savepoint=False):
        chain.lock(connection)
        event.prev_hash = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or chain.GENESIS
        event.created_at = timezone.now()  # after the lock: chain order is time order
        event.hash = chain.compute_hash(event.prev_hash, {name: getattr(event, name) for name in chain.HASHED_FIELDS})
        event.save(force_insert=True)
    return event


def _json_roundtrip(value: Any) -> Any:
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False))


def _clean_ip(ip: str | None) -> str | None:
    """A valid, normalised address or None (a malformed proxy header must not fail the write)."""
    if not ip:
        return None
    try:
        validate_ipv46_address(ip)
    except ValidationError:
        return None
    return clean_ipv6_address(ip) if ":" in ip else ip


# ---------------------------------------------------------------------------------------------
# Who may read and purge the log: the audit administrator only (三员分立), through the role model


def can_read_log(user) -> bool:
    from luoshi.accounts.roles import Capability, can

    return can(user, Capability.AUDIT_READ)


def is_audit_admin(user) -> bool:
    from luoshi.accounts.roles import Capability, can

    return can(user, Capability.AUDIT_PURGE)


# ---------------------------------------------------------------------------------------------
# Retention and purge


def retention_days() -> int:
    """LUOSHI_AUDIT_RETENTION_DAYS (setting or environment), never below 180 days (等保 2.0)."""
    configured = getattr(settings, "LUOSHI_AUDIT_RETENTION_DAYS", None) or os.environ.get("LUOSHI_AUDIT_RETENTION_DAYS") or MIN_RETENTION_DAYS
    try:
        days = int(configured)
    except (TypeError, ValueError):
        days = MIN_RETENTION_DAYS
    return max(days, MIN_RETENTION_DAYS)


def latest_purge_date(now: datetime | None = None) -> date:
    """The latest `before` date a purge accepts today: events on or after it are within retention."""
    now = timezone.localtime(now or timezone.now())
    return (now - timedelta(days=retention_days())).date()


@dataclass(frozen=True)
class PurgeResult:
    deleted: int
    first_id: int
    last_id: int
    anchor_hash: str
    event: AuditEvent


def purge_events(actor, before: date, *, role: str | None = None) -> PurgeResult:
    """Delete the events written before `before` (local date), which must be past retention.

    Only an audit administrator may; a refusal is itself recorded (outcome "denied") and raised as
    AuditError. The deleted rows are always a prefix of the chain by id; the `audit.purge` event
    keeps the last deleted row's hash as `anchor_hash`, which `verify` accepts as the first
    remaining row's `prev_hash`.
    """
    if isinstance(before, datetime):
        before = timezone.localtime(before).date() if timezone.is_aware(before) else before.date()
    if not is_audit_admin(actor):
        _refuse(actor, before, "只有审计管理员可以清理审计日志", role)
    latest = latest_purge_date()
    if before > latest:
        _refuse(actor, before, f"审计日志至少保留 {retention_days()} 天：截止日期最晚为 {latest:%Y年%-m月%-d日}，"
                               f"{before:%Y年%-m月%-d日} 之前的部分记录仍在保留期内，不能清理", role)
    cutoff = timezone.make_aware(datetime.combine(before, time.min))
    with transaction.atomic():
        chain.lock(connection)
        kept = AuditEvent.objects.filter(created_at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
        doomed = AuditEvent.objects.all() if kept is None else AuditEvent.objects.filter(id__lt=kept)
        bounds = list(doomed.order_by("id").values_list("id", "hash"))
        if not bounds:
            raise AuditError(f"{before:%Y年%-m月%-d日} 之前没有审计日志，无需清理")
        (first_id, _), (last_id, anchor_hash) = bounds[0], bounds[-1]
        with purge_permit(connection):
            deleted, _ = AuditEvent.objects.filter(id__lte=last_id).delete()
        event = record(
            actor,
            "audit.purge",
            AuditLog(first_id, last_id),
            after={"before": before.isoformat(), "deleted": deleted, "first_id": first_id, "last_id": last_id,
                   "anchor_hash": anchor_hash, "retention_days": retention_days()},
            message=f"清理 {before:%Y年%-m月%-d日} 之前的审计日志 {deleted} 条（第 {first_id}–{last_id} 条）",
            role=role,
        )
    return PurgeResult(deleted, first_id, last_id, anchor_hash, event)


def _refuse(actor, before: date, reason: str, role: str | None):
    with transaction.atomic():
        record(actor, "audit.purge", AuditLog(), after={"before": before.isoformat()}, message=f"拒绝清理审计日志：{reason}",
               outcome="denied", role=role)
    raise AuditError(reason)
