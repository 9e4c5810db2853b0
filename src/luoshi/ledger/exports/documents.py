"""What the download views and `luoshi export` hand out: the file's bytes, its Chinese name and type.

Each function reads the ledger once (`load_table`, limited to the `tasks` the reader may see) and renders one format; recording the export in
the audit trail is the caller's second step (`record_export`), after the file exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from luoshi.units.models import Unit

from ..models import Ledger, LedgerStatus
from . import csv as csv_export
from . import unit_list, xlsx
from .docx import RESPONSIBILITY_COLUMNS, SIZE_3, OfficialDocument
from .matrix import build_matrix, matrix_workbook
from .rows import LedgerTable, load_table

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
}
LEDGER_FORMATS = ("xlsx", "docx", "csv")
UNIT_FORMATS = ("xlsx", "docx", "csv")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass
class Export:
    content: bytes
    filename: str
    fmt: str
    tasks: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.fmt.rsplit(".", 1)[-1]]


def ledger_export(ledger: Ledger, fmt: str, tasks=None) -> Export:
    """The 责任分解表 of a ledger as xlsx, docx (公文 form) or csv."""
    if fmt not in LEDGER_FORMATS:
        raise ValueError(f"不支持的导出格式：{fmt}（可选 xlsx、docx、csv）")
    table = load_table(ledger, tasks)
    if fmt == "xlsx":
        content = xlsx.ledger_workbook(table)
    elif fmt == "docx":
        content = ledger_document(table)
    else:
        content = csv_export.ledger_csv(table)
    return Export(content, filename(f"{_ledger_name(ledger)}责任分解表{_draft(ledger)}", fmt), fmt, len(table.tasks))


def matrix_export(ledger: Ledger, sort: str = "lead", tasks=None) -> Export:
    table = load_table(ledger, tasks)
    title = f"{_ledger_name(ledger)}责任矩阵"
    content = matrix_workbook(build_matrix(table, sort), title)
    return Export(content, filename(title + _draft(ledger), "xlsx"), "matrix.xlsx", len(table.tasks))


def unit_export(ledger: Ledger, unit: Unit, fmt: str, collectives: dict[int, str], tasks=None) -> Export:
    """本单位任务清单: `collectives` maps the ids of collective units the unit belongs to → their names."""
    if fmt not in UNIT_FORMATS:
        raise ValueError(f"不支持的导出格式：{fmt}（可选 xlsx、docx、csv）")
    table = load_table(ledger, tasks)
    tasks = unit_list.unit_tasks(table, unit.id, collectives)
    title = f"{unit.name}{ledger.year}年任务清单"
    if fmt == "xlsx":
        content = xlsx.unit_workbook(title, tasks)
    elif fmt == "docx":
        content = unit_document(ledger, title, tasks)
    else:
        content = csv_export.unit_csv(tasks)
    return Export(content, filename(title + _draft(ledger), fmt), fmt, len(tasks))


def filename(stem: str, fmt: str) -> str:
    """A file name safe on every system, Chinese kept."""
    stem = _UNSAFE_NAME.sub("", stem).strip().strip(".") or "台账"
    return f"{stem[:120]}.{fmt}"


def ledger_document(table: LedgerTable) -> bytes:
    """Cover page (document number, title, attachments, issuer, date), then each attachment's table."""
    ledger = table.ledger
    doc = OfficialDocument(ledger.title)
    doc.portrait()
    if ledger.doc_number:
        doc.doc_number(ledger.doc_number)
        doc.paragraph()
    doc.title(ledger.title)
    doc.paragraph()
    sections = [s for s in table.sections if s.title]
    for i, section in enumerate(sections, start=1):
        prefix = "附件：" if i == 1 else "\u3000" * 3
        number = f"{i}." if len(sections) > 1 else ""
        paragraph = doc.paragraph(f"{prefix}{number}{section.title}")
        # Two characters in; a wrapped line starts under the attachment's name (GB/T 9704 附件说明).
        hanging = SIZE_3 * (3 + len(number) / 2)
        paragraph.paragraph_format.left_indent = Pt(SIZE_3 * 2 + hanging)
        paragraph.paragraph_format.first_line_indent = Pt(-hanging)
    if ledger.issuer or ledger.signed_on:
        doc.paragraph()
        doc.paragraph()
    if ledger.issuer:
        doc.paragraph(ledger.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.right_indent = Pt(SIZE_3 * 2)
    if ledger.signed_on:
        date = f"{ledger.signed_on.year}年{ledger.signed_on.month}月{ledger.signed_on.day}日"
        doc.paragraph(date, align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.right_indent = Pt(SIZE_3 * 4)
    for i, section in enumerate(table.sections, start=1):
        doc.landscape()
        doc.heading(f"附件{i}" if len(table.sections) > 1 else "附件")
        doc.title(section.title or ledger.title)
        doc.paragraph()
        doc.table(RESPONSIBILITY_COLUMNS, section.rows())
    if not table.sections:
        doc.landscape()
        doc.table(RESPONSIBILITY_COLUMNS, [])
    return doc.save()


def unit_document(ledger: Ledger, title: str, tasks: list[unit_list.UnitTask]) -> bytes:
    doc = OfficialDocument(title)
    doc.landscape()
    doc.title(title)
    if ledger.doc_number:
        doc.doc_number(f"（依据{ledger.doc_number}）")
    lead = sum(1 for t in tasks if t.role == "lead")
    doc.paragraph(f"牵头任务{lead}项，配合任务{len(tasks) - lead}项。", first_line_chars=2)
    doc.paragraph()
    doc.table(unit_list.DOCX_COLUMNS, unit_list.unit_rows(tasks))
    return doc.save()


def _ledger_name(ledger: Ledger) -> str:
    return f"{ledger.jurisdiction.name}{ledger.year}年"


def _draft(ledger: Ledger) -> str:
    return "(草稿)" if ledger.status == LedgerStatus.DRAFT else ""
