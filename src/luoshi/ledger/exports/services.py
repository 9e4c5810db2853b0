"""The one thing an export changes: the audit trail says who took which ledger away in which form."""

from __future__ import annotations

from django.db import transaction

from luoshi.audit.services import record

FORMAT_LABELS = {"xlsx": "Excel 责任分解表", "docx": "公文格式 Word", "csv": "CSV", "matrix.xlsx": "责任矩阵 Excel"}


def record_export(actor, ledger, fmt: str, *, unit=None, filename: str = "", tasks: int | None = None):
    """Write the "export" audit event for one download or CLI export, in its own transaction."""
    label = FORMAT_LABELS.get(fmt, fmt)
    what = f"“{unit.name}”任务清单（{fmt}）" if unit is not None else label
    after = {"format": fmt, "ledger": ledger.id}
    if unit is not None:
        after["unit"] = unit.id
    if filename:
        after["filename"] = filename
    if tasks is not None:
        after["tasks"] = tasks
    with transaction.atomic():
        return record(
            actor,
            "export",
            ledger,
            after=after,
            message=f"导出{what}" + (f"：{filename}" if filename else ""),
            ledger_id=ledger.id,
            unit_id=unit.id if unit is not None else None,
        )
