"""Everything that changes a ledger. One transaction per user action, with its audit event.

Views, the CLI and (later) the API call these; they never save models themselves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from luoshi.audit.services import record
from luoshi.notice import Limits, NoticeError
from luoshi.notice.model import ParsedNotice
from luoshi.notice.readers import read_bytes
from luoshi.notice.structure import parse_document
from luoshi.units.models import Jurisdiction

from .importing import build_ledger, document_lines, iso_date
from .models import ImportWarning, Ledger, LedgerStatus, SourceFile, Task


class ServiceError(Exception):
    """A refused action; `str(err)` is a Chinese message for the user. Nothing was changed."""


class ImportRejected(ServiceError):
    pass


class StaleEdit(ServiceError):
    """Someone else changed the object since it was loaded: the edit is refused, not merged."""


@dataclass
class ImportResult:
    ledger: Ledger
    created: bool
    message: str
    counts: dict[str, int] = field(default_factory=dict)


def parse_upload(data: bytes, filename: str, jurisdiction: Jurisdiction) -> tuple[ParsedNotice, list[list]]:
    """Read and parse an upload; ImportRejected with the reader's message when it cannot be read."""
    limit = settings.UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise ImportRejected(f"文件“{filename}”大小为 {len(data) / 2**20:.1f} MB，超过了 {limit / 2**20:.0f} MB 的上限，未导入")
    try:
        document = read_bytes(data, filename, limits=Limits(max_bytes=limit))
        notice = parse_document(document, profile=jurisdiction.notice_profile())
    except NoticeError as err:
        raise ImportRejected(str(err)) from None
    if not notice.tasks:
        raise ImportRejected(f"未在“{filename}”中找到任何任务（编号任务后跟“牵头单位:”，或含“序号/工作任务/牵头单位”表头的表格），未导入")
    return notice, document_lines(document)


def import_notice(*, actor, jurisdiction: Jurisdiction, data: bytes, filename: str, year: int | None = None) -> ImportResult:
    """Import a notice file as a draft ledger. The same file again changes nothing."""
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Ledger.objects.filter(jurisdiction=jurisdiction, source__sha256=sha256).order_by("id").first()
    if existing is not None:
        return ImportResult(existing, False, f"该文件已导入过（台账“{existing.title}”），未做任何修改")
    notice, lines = parse_upload(data, filename, jurisdiction)
    year = notice.year or year
    if not year:
        raise ImportRejected("无法从通知中确定年度，请填写年度后重新导入")
    with transaction.atomic():
        source = SourceFile.objects.create(
            jurisdiction=jurisdiction,
            sha256=sha256,
            filename=filename[:255],
            format=notice.format,
            size=len(data),
            content=data,
            lines=lines,
            uploaded_by=_user(actor),
        )
        ledger = Ledger.objects.create(
            jurisdiction=jurisdiction,
            year=year,
            title=(notice.title or filename)[:300],
            doc_number=notice.doc_number[:100],
            issuer=notice.issuer[:100],
            signed_on=iso_date(notice.date),
            published_on=iso_date(notice.published),
            source=source,
            default_cooperating=notice.default_cooperating_units,
            created_by=_user(actor),
        )
        counts = build_ledger(ledger, notice)
        record(
            actor,
            "ledger.import",
            ledger,
            after={"file": filename, "sha256": sha256, **counts},
            message=f"导入“{filename}”：{counts['tasks']} 项任务，{counts['assignments']} 条分工，{counts['targets']} 个量化目标",
            ledger_id=ledger.id,
        )
    return ImportResult(ledger, True, f"已导入 {counts['tasks']} 项任务，请核对后发布", counts)


def import_text(*, actor, jurisdiction: Jurisdiction, text: str, year: int | None = None) -> ImportResult:
    """Import pasted text (kept as a UTF-8 .txt source file)."""
    if not text.strip():
        raise ImportRejected("粘贴的内容为空，未导入")
    return import_notice(actor=actor, jurisdiction=jurisdiction, data=text.encode("utf-8"), filename="粘贴的通知.txt", year=year)


def publish_ledger(*, actor, ledger: Ledger, expected_version: int | None = None) -> Ledger:
    """Publish a draft ledger; units and leaders then see it as the year's work."""
    with transaction.atomic():
        locked = _lock_ledger(ledger, expected_version)
        if locked.status == LedgerStatus.PUBLISHED:
            raise ServiceError("台账已经发布")
        open_warnings = locked.import_warnings.filter(resolved=False, code="no_lead_unit").count()
        if open_warnings:
            raise ServiceError(f"还有 {open_warnings} 项任务没有牵头单位，请先补齐再发布")
        locked.status = LedgerStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.version = F("version") + 1
        locked.save(update_fields=["status", "published_at", "version"])
        locked.refresh_from_db()
        record(actor, "ledger.publish", locked, before={"status": "draft"}, after={"status": "published"}, ledger_id=locked.id)
    return locked


def update_task(*, actor, task: Task, expected_version: int, **changes) -> Task:
    """Change a task's text or deadline; refused when someone else saved it first."""
    allowed = {"text", "deadline_text", "deadline", "number"}
    unknown = set(changes) - allowed
    if unknown:
        raise ServiceError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        before = {k: _json(getattr(task, k)) for k in changes}
        updated = Task.objects.filter(pk=task.pk, version=expected_version).update(version=F("version") + 1, **changes)
        if not updated:
            raise StaleEdit("该任务已被他人修改，请刷新页面后重新修改（您的修改未保存）")
        task.refresh_from_db()
        after = {k: _json(getattr(task, k)) for k in changes}
        record(actor, "task.update", task, before=before, after=after, ledger_id=task.ledger_id, task_id=task.id)
    return task


def resolve_warning(*, actor, warning: ImportWarning, note: str = "") -> ImportWarning:
    with transaction.atomic():
        updated = ImportWarning.objects.filter(pk=warning.pk, resolved=False).update(
            resolved=True, resolved_by=_user(actor), resolved_at=timezone.now(), resolution=note[:300]
        )
        if not updated:
            raise StaleEdit("该警告已被处理")
        warning.refresh_from_db()
        record(actor, "warning.resolve", warning, after={"resolution": note}, message=warning.message[:200], ledger_id=warning.ledger_id)
    return warning


def _lock_ledger(ledger: Ledger, expected_version: int | None) -> Ledger:
    locked = Ledger.objects.select_for_update().get(pk=ledger.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit("台账已被他人修改，请刷新页面后重试（您的操作未执行）")
    return locked


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _json(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
