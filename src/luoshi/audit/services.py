"""Writing audit events. Called by other apps' services inside their transaction, never by views."""

from __future__ import annotations

from typing import Any

from .context import current_request_info
from .models import AuditEvent

ACTIONS = {
    "ledger.import": "导入通知",
    "ledger.reimport": "导入修订后的通知",
    "ledger.publish": "发布台账",
    "ledger.update": "修改台账信息",
    "task.update": "修改任务",
    "task.create": "新增任务",
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
    "export": "导出",
}


def record(actor, action: str, obj: Any = None, *, before: Any = None, after: Any = None, message: str = "",
           ledger_id: int | None = None, task_id: int | None = None, unit_id: int | None = None,
           outcome: str = "success") -> AuditEvent:
    """Write one audit event; `before`/`after` are JSON-able dicts of the changed fields.

    The client's IP address and the actor's role come from the current request (see middleware).
    """
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    request_info = current_request_info()
    return AuditEvent.objects.create(
        ip=request_info.ip,
        actor_role=request_info.role,
        outcome=outcome,
        actor=actor_user,
        actor_name=(actor_user.get_username() if actor_user else (str(actor) if actor else "系统")),
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or ""),
        object_repr=str(obj)[:300] if obj is not None else "",
        ledger_id=ledger_id,
        task_id=task_id,
        unit_id=unit_id,
        before=before,
        after=after,
        message=message[:500],
    )
