"""Walk the audit chain and report the first broken link (`luoshi audit verify`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import chain
from .models import AuditEvent

HASH_MISMATCH = "哈希不符（该条内容被修改）"
LINK_MISMATCH = "与前一条的链接不符（前一条被删除、插入或修改）"


@dataclass(frozen=True)
class Broken:
    id: int
    created_at: datetime
    action: str
    reason: str

    def describe(self) -> str:
        from django.utils import timezone

        when = timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M:%S.%f")
        return f"审计日志第 {self.id} 条（{when}，{self.action}）校验失败：{self.reason}"


@dataclass(frozen=True)
class Verification:
    count: int
    broken: Broken | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def describe(self) -> str:
        return f"审计日志完整：共 {self.count} 条" if self.ok else self.broken.describe()


def verify_chain() -> Verification:
    """Recompute every hash in id order; the first row may start at genesis or at a purge's anchor."""
    anchors = {
        after.get("anchor_hash")
        for after in AuditEvent.objects.filter(action="audit.purge", outcome="success").values_list("after", flat=True)
        if isinstance(after, dict) and after.get("anchor_hash")
    }
    previous = None
    count = 0
    rows = AuditEvent.objects.order_by("id").values("id", "prev_hash", "hash", *chain.HASHED_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        count += 1
        if previous is None:
            linked = row["prev_hash"] == chain.GENESIS or row["prev_hash"] in anchors
        else:
            linked = row["prev_hash"] == previous
        if not linked:
            return Verification(count, Broken(row["id"], row["created_at"], row["action"], LINK_MISMATCH))
        if chain.compute_hash(row["prev_hash"], row) != row["hash"]:
            return Verification(count, Broken(row["id"], row["created_at"], row["action"], HASH_MISMATCH))
        previous = row["hash"]
    return Verification(count, None)
