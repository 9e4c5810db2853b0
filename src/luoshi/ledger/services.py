"""Everything that changes a ledger. One transaction per user action, with its audit event.

Views, the CLI and (later) the API call these; they never save models themselves.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from luoshi.audit.services import record
from luoshi.notice import Limits, NoticeError
from luoshi.notice.model import ParsedNotice
from luoshi.notice.numbers import apply_multiplier
from luoshi.notice.readers import read_bytes
from luoshi.notice.structure import parse_document
from luoshi.units.models import Jurisdiction

from .importing import build_ledger, document_lines, iso_date
from .models import (
    Assignment, AssignmentSource, ImportWarning, Ledger, LedgerStatus, Role, Section, SecurityLabel, SourceFile, Target, Task,
)

if TYPE_CHECKING:
    from .reimport import ReimportDiff


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
    existing = _ledger_that_read(jurisdiction, sha256)
    if existing is not None:
        return ImportResult(existing, False, f"该文件已导入过（台账“{existing.title}”），未做任何修改")
    notice, lines = parse_upload(data, filename, jurisdiction)
    year = notice.year or year
    if not year:
        raise ImportRejected("无法从通知中确定年度，请填写年度后重新导入")
    with transaction.atomic():
        source = _keep_source(actor, jurisdiction, data, filename, sha256, notice.format, lines)
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


PASTED_UNDECODABLE = "粘贴的内容中有无法识别的字符（�），可能是以 GBK 等编码提交而未声明字符集；请改为上传文件，未导入"


def import_text(*, actor, jurisdiction: Jurisdiction, text: str, year: int | None = None) -> ImportResult:
    """Import pasted text (kept as a UTF-8 .txt source file)."""
    if not text.strip():
        raise ImportRejected("粘贴的内容为空，未导入")
    if "\ufffd" in text:
        raise ImportRejected(PASTED_UNDECODABLE)
    return import_notice(actor=actor, jurisdiction=jurisdiction, data=text.encode("utf-8"), filename="粘贴的通知.txt", year=year)


def publish_ledger(*, actor, ledger: Ledger, expected_version: int | None = None) -> Ledger:
    """Publish a draft ledger; units and leaders then see it as the year's work.

    Refused while any task lacks a lead unit: the tasks themselves are checked, not the import
    warnings, so a lead unit added during review counts at once.
    """
    with transaction.atomic():
        locked = _lock_ledger(ledger, expected_version)
        if locked.status == LedgerStatus.PUBLISHED:
            raise ServiceError("台账已经发布")
        missing = list(Task.objects.filter(ledger=locked).exclude(assignments__role=Role.LEAD).values_list("code", flat=True)[:6])
        if missing:
            count = Task.objects.filter(ledger=locked).exclude(assignments__role=Role.LEAD).count()
            listed = "、".join(missing[:5]) + ("等" if count > 5 else "")
            raise ServiceError(f"还有 {count} 项任务没有牵头单位（{listed}），请先补齐再发布")
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
    if "text" in changes:
        changes["text"] = (changes["text"] or "").strip()
        if not changes["text"]:
            raise ServiceError("任务内容不能为空")
    if len(changes.get("deadline_text") or "") > 100:
        raise ServiceError("完成时限最多 100 字")
    with transaction.atomic():
        before = {k: _json(getattr(task, k)) for k in changes}
        updated = Task.objects.filter(pk=task.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        if not updated:
            raise StaleEdit(STALE_TASK)
        task.refresh_from_db()
        after = {k: _json(getattr(task, k)) for k in changes}
        if before.get("text") != after.get("text") and "text" in changes:
            _reanchor_targets(task)
        record(actor, "task.update", task, before=before, after=after, ledger_id=task.ledger_id, task_id=task.id)
    return task


def set_security_label(*, actor, task: Task, label: str, expected_version: int) -> Task:
    """Label a task 公开 or 内部; only 公开 tasks of published ledgers reach public pages and the public API."""
    if label not in SecurityLabel.values:
        raise ServiceError(f"密级标识只能是“公开”或“内部”，收到“{str(label)[:20]}”")
    with transaction.atomic():
        before = task.security_label
        if before == label:
            return task
        updated = Task.objects.filter(pk=task.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), security_label=label
        )
        if not updated:
            raise StaleEdit(STALE_TASK)
        task.refresh_from_db()
        record(actor, "task.label", task, before={"security_label": before}, after={"security_label": label},
               message=f"任务 {task.code} 密级标识：{SecurityLabel(before).label} → {SecurityLabel(label).label}",
               ledger_id=task.ledger_id, task_id=task.id)
    return task


def set_section_label(actor, section: Section, label: str) -> int:
    """Label every task of a section (附件) 公开 or 内部 at once; returns how many tasks changed.

    One transaction for the whole section, and one `task.label` audit row per task whose label
    changed, so each task's history says who opened or closed it to the public. Tasks already
    carrying the label are left alone (no version bump, no audit row).
    """
    if label not in SecurityLabel.values:
        raise ServiceError(f"密级标识只能是“公开”或“内部”，收到“{str(label)[:20]}”")
    with transaction.atomic():
        changing = list(
            Task.objects.select_for_update().filter(section=section).exclude(security_label=label)
            .order_by("order", "id").only("id", "code", "text", "ledger_id", "security_label")
        )
        if not changing:
            return 0
        Task.objects.filter(pk__in=[task.pk for task in changing]).update(
            version=F("version") + 1, updated_at=timezone.now(), security_label=label
        )
        for task in changing:
            before = task.security_label
            record(actor, "task.label", task, before={"security_label": before}, after={"security_label": label},
                   message=f"任务 {task.code} 密级标识：{SecurityLabel(before).label} → {SecurityLabel(label).label}"
                           f"（附件{section.index}全部设为{SecurityLabel(label).label}）",
                   ledger_id=task.ledger_id, task_id=task.id)
    return len(changing)


def add_assignment(actor, task: Task, unit_name: str, role: str, expected_version: int) -> Assignment:
    """Put a unit on a task with a role; a name not yet in the registry creates the unit."""
    from luoshi.units.services import clean_unit_name, create_unit, find_unit

    _check_role(role)
    name = clean_unit_name(unit_name)
    if not name:
        raise ServiceError("请填写单位名称")
    with transaction.atomic():
        _bump_task(task, expected_version)
        jurisdiction = task.ledger.jurisdiction
        unit = find_unit(jurisdiction, name)
        if unit is None:
            unit = create_unit(actor, jurisdiction, name, message=f"在任务 {task.code} 中添加")
        existing = Assignment.objects.filter(task=task, unit=unit).first()
        if existing is not None:
            same = f"（“{name}”即“{unit.name}”）" if name != unit.name else ""
            raise ServiceError(f"“{unit.name}”已是该任务的{existing.get_role_display()}{same}，未重复添加")
        last = Assignment.objects.filter(task=task).order_by("-order").values_list("order", flat=True).first()
        assignment = Assignment.objects.create(
            task=task, unit=unit, role=role, source=AssignmentSource.MANUAL, written_as=name[:100], order=(last or 0) + 1
        )
        record(
            actor,
            "assignment.add",
            task,
            after={"unit": unit.name, "role": role},
            message=f"添加{Role(role).label}“{unit.name}”",
            ledger_id=task.ledger_id,
            task_id=task.id,
            unit_id=unit.id,
        )
    task.refresh_from_db()
    return assignment


def remove_assignment(actor, assignment: Assignment, expected_version: int) -> None:
    """Take a unit off a task."""
    task = assignment.task
    with transaction.atomic():
        _bump_task(task, expected_version)
        current = Assignment.objects.select_related("unit").filter(pk=assignment.pk, task=task).first()
        if current is None:
            raise StaleEdit("该单位已不在此任务中，请刷新页面")
        before = {"unit": current.unit.name, "role": current.role, "source": current.source}
        current.delete()
        record(
            actor,
            "assignment.remove",
            task,
            before=before,
            message=f"移除{Role(before['role']).label}“{before['unit']}”",
            ledger_id=task.ledger_id,
            task_id=task.id,
            unit_id=current.unit_id,
        )
    task.refresh_from_db()


def set_assignment_role(actor, assignment: Assignment, role: str, expected_version: int) -> Assignment:
    """Switch a unit between lead and cooperating on a task."""
    _check_role(role)
    task = assignment.task
    with transaction.atomic():
        current = Assignment.objects.select_related("unit").filter(pk=assignment.pk, task=task).first()
        if current is None:
            raise StaleEdit("该单位已不在此任务中，请刷新页面")
        if current.role == role:
            raise ServiceError(f"“{current.unit.name}”已是{Role(role).label}")
        _bump_task(task, expected_version)
        before = {"unit": current.unit.name, "role": current.role}
        Assignment.objects.filter(pk=current.pk).update(role=role, source=AssignmentSource.MANUAL)
        current.refresh_from_db()
        record(
            actor,
            "assignment.role",
            task,
            before=before,
            after={"unit": current.unit.name, "role": role},
            message=f"“{current.unit.name}”改为{Role(role).label}",
            ledger_id=task.ledger_id,
            task_id=task.id,
            unit_id=current.unit_id,
        )
    task.refresh_from_db()
    return current


TARGET_COMPARATORS = {">=": "以上（≥）", "<=": "以内（≤）", "~": "左右（约）", "=": "等于（=）"}


def update_target(actor, target: Target, expected_version: int, *, indicator: str, comparator: str, value, unit: str) -> Target:
    """Correct a quantified target's indicator, comparator, value or unit (the written text stays)."""
    indicator = (indicator or "").strip()
    unit = (unit or "").strip()
    if not indicator:
        raise ServiceError("指标名称不能为空")
    if len(indicator) > 200:
        raise ServiceError("指标名称最多 200 字")
    if comparator not in TARGET_COMPARATORS:
        raise ServiceError(f"比较方式“{comparator}”不存在，应为：{'、'.join(TARGET_COMPARATORS.values())}")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ServiceError(f"目标值“{value}”不是数字") from None
    if not math.isfinite(value):
        raise ServiceError("目标值必须是有限的数字")
    if len(unit) > 30:
        raise ServiceError("计量单位最多 30 字")
    task = target.task
    with transaction.atomic():
        current = Target.objects.filter(pk=target.pk, task=task).first()
        if current is None:
            raise StaleEdit("该量化目标已不存在，请刷新页面")
        fields = ("indicator", "comparator", "value", "unit")
        before = {k: getattr(current, k) for k in fields}
        after = {"indicator": indicator, "comparator": comparator, "value": value, "unit": unit}
        if before == after:
            raise ServiceError("量化目标没有变化")
        _bump_task(task, expected_version)
        base_value, base_unit = apply_multiplier(value, unit)
        Target.objects.filter(pk=current.pk).update(base_value=base_value, base_unit=base_unit[:30], **after)
        current.refresh_from_db()
        record(
            actor,
            "target.update",
            current,
            before=before,
            after=after,
            message=f"修改量化目标“{current.text}”",
            ledger_id=task.ledger_id,
            task_id=task.id,
        )
    task.refresh_from_db()
    return current


STALE_TASK = "该任务已被他人修改，请刷新页面后重新修改（您的修改未保存）"


def _bump_task(task: Task, expected_version) -> None:
    """The version check every task correction passes: 0 rows updated means someone else saved first."""
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise StaleEdit(STALE_TASK) from None
    updated = Task.objects.filter(pk=task.pk, version=expected).update(version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        raise StaleEdit(STALE_TASK)


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ServiceError("角色只能是“牵头单位”或“配合单位”")


def _reanchor_targets(task: Task) -> None:
    """After the text changed, each target's span points at where its words now are (0, 0 when gone)."""
    targets = list(task.targets.all())
    search_from = 0
    for target in targets:
        start = task.text.find(target.text, search_from)
        if start < 0:
            start = task.text.find(target.text)
        if start < 0:
            target.span_start = target.span_end = 0
        else:
            target.span_start, target.span_end = start, start + len(target.text)
            search_from = target.span_end
    if targets:
        Target.objects.bulk_update(targets, ["span_start", "span_end"])


def apply_reimport(*, actor, ledger: Ledger, data: bytes, filename: str, expected_fingerprint: str | None = None) -> ReimportDiff:
    """Bring a ledger in line with a corrected notice: only tasks that differ change, each with its audit event.

    `expected_fingerprint` is the one shown with the diff; if tasks changed since, the diff is stale.
    """
    from .reimport import apply_diff, compute_diff

    sha256 = hashlib.sha256(data).hexdigest()
    notice, lines = parse_upload(data, filename, ledger.jurisdiction)
    with transaction.atomic():
        locked = _lock_ledger(ledger, None)
        diff = compute_diff(locked, notice, sha256)
        if expected_fingerprint is not None and diff.fingerprint != expected_fingerprint:
            raise StaleEdit("预览差异之后台账已被修改，请重新上传核对差异（未应用任何修改）")
        if diff.empty:
            raise ServiceError("修订后的通知与当前台账相比没有变化，未做修改")
        source = _keep_source(actor, locked.jurisdiction, data, filename, sha256, notice.format, lines)
        counts = apply_diff(actor, locked, notice, diff)
        before = {"source": locked.source.sha256 if locked.source_id else None, **{c.field: c.old for c in diff.ledger_changes}}
        after = {"source": sha256, **{c.field: c.new for c in diff.ledger_changes}}
        ledger_fields = {c.field: c.value for c in diff.ledger_changes}
        Ledger.objects.filter(pk=locked.pk).update(source=source, version=F("version") + 1, **ledger_fields)
        locked.refresh_from_db()
        record(
            actor,
            "ledger.reimport",
            locked,
            before=before,
            after={**after, "file": filename, "sha256": sha256, **counts},
            message=f"导入修订后的通知“{filename}”：修改 {counts['changed']} 项，新增 {counts['added']} 项，删除 {counts['removed']} 项",
            ledger_id=locked.id,
        )
    return diff


def _ledger_that_read(jurisdiction: Jurisdiction, sha256: str) -> Ledger | None:
    """The ledger made from (or since updated with) this file, if any."""
    existing = Ledger.objects.filter(jurisdiction=jurisdiction, source__sha256=sha256).order_by("id").first()
    if existing is not None:
        return existing
    if not SourceFile.objects.filter(jurisdiction=jurisdiction, sha256=sha256).exists():
        return None
    from luoshi.audit.models import AuditEvent

    event = (
        AuditEvent.objects.filter(action__in=("ledger.import", "ledger.reimport"), after__sha256=sha256, ledger_id__isnull=False)
        .order_by("-created_at", "-id")
        .first()
    )
    if event is None:
        return None
    return Ledger.objects.filter(pk=event.ledger_id, jurisdiction=jurisdiction).first()


def _keep_source(actor, jurisdiction, data: bytes, filename: str, sha256: str, fmt: str, lines) -> SourceFile:
    """The uploaded file kept with its SHA-256; a file kept before is reused, never stored twice."""
    source = SourceFile.objects.filter(jurisdiction=jurisdiction, sha256=sha256).first()
    if source is not None:
        return source
    return SourceFile.objects.create(
        jurisdiction=jurisdiction,
        sha256=sha256,
        filename=filename[:255],
        format=fmt,
        size=len(data),
        content=data,
        lines=lines,
        uploaded_by=_user(actor),
    )


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


def link_ledger(*, actor, ledger: Ledger, parent_ledger: Ledger | None, expected_version: int) -> Ledger:
    """Make a county's ledger take up its city's ledger (or unlink it with None)."""
    if parent_ledger is not None:
        if parent_ledger.pk == ledger.pk:
            raise ServiceError("台账不能关联到它自己")
        if ledger.jurisdiction.parent_id != parent_ledger.jurisdiction_id:
            parent_name = ledger.jurisdiction.parent.name if ledger.jurisdiction.parent_id else "（未设置上级辖区）"
            raise ServiceError(f"只能关联上级辖区“{parent_name}”的台账，“{parent_ledger.title}”属于{parent_ledger.jurisdiction.name}")
    with transaction.atomic():
        locked = _lock_ledger(ledger, expected_version)
        before = {"parent_ledger": locked.parent_ledger_id}
        if locked.parent_ledger_id != (parent_ledger.pk if parent_ledger else None):
            Task.objects.filter(ledger=locked, linked_task__isnull=False).exclude(
                linked_task__ledger=parent_ledger
            ).update(linked_task=None, version=F("version") + 1)
        locked.parent_ledger = parent_ledger
        locked.version = F("version") + 1
        locked.save(update_fields=["parent_ledger", "version"])
        locked.refresh_from_db()
        record(
            actor,
            "ledger.update",
            locked,
            before=before,
            after={"parent_ledger": parent_ledger.pk if parent_ledger else None},
            message=f"关联上级台账：{parent_ledger.title}" if parent_ledger else "取消关联上级台账",
            ledger_id=locked.id,
        )
    return locked


def link_task(*, actor, task: Task, parent_task: Task | None, expected_version: int) -> Task:
    """Say which task of the city's ledger a county task takes up (None removes the link)."""
    parent_ledger_id = task.ledger.parent_ledger_id
    if parent_task is not None:
        if not parent_ledger_id:
            raise ServiceError("本台账还没有关联上级台账，请先在台账页关联上级台账")
        if parent_task.ledger_id != parent_ledger_id:
            raise ServiceError(f"任务 {parent_task.code} 不在关联的上级台账中")
    with transaction.atomic():
        before = {"linked_task": task.linked_task.code if task.linked_task_id else None}
        updated = Task.objects.filter(pk=task.pk, version=expected_version).update(
            linked_task=parent_task, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise StaleEdit("该任务已被他人修改，请刷新页面后重新修改（您的修改未保存）")
        task.refresh_from_db()
        record(
            actor,
            "task.update",
            task,
            before=before,
            after={"linked_task": parent_task.code if parent_task else None},
            message=f"对应上级任务 {parent_task.code}" if parent_task else "取消对应上级任务",
            ledger_id=task.ledger_id,
            task_id=task.id,
        )
    return task
