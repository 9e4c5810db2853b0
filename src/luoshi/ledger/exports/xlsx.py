"""The 责任分解表 and a unit's task list as workbooks, with the layout the parser's export uses."""

from __future__ import annotations

import io

from luoshi.notice.export_xlsx import COLUMNS, DEFAULT_SHEET, fill_table_sheet, new_workbook, sheet_title

from . import unit_list
from .rows import LedgerTable
from .unit_list import UnitTask


def ledger_workbook(table: LedgerTable) -> bytes:
    """One sheet per section (attachment), titled with it; an empty ledger still gets its header."""
    ledger = table.ledger
    workbook = new_workbook(ledger.title or DEFAULT_SHEET)
    taken: set[str] = set()
    for section in table.sections or []:
        sheet = workbook.create_sheet(sheet_title(section.title or ledger.title, taken))
        fill_table_sheet(sheet, section.title or ledger.title or DEFAULT_SHEET, COLUMNS, section.rows())
    if not table.sections:
        fill_table_sheet(workbook.create_sheet(DEFAULT_SHEET), ledger.title or DEFAULT_SHEET, COLUMNS, [])
    return _bytes(workbook)


def unit_workbook(title: str, tasks: list[UnitTask]) -> bytes:
    workbook = new_workbook(title)
    sheet = workbook.create_sheet(sheet_title(title, set()))
    fill_table_sheet(sheet, title, unit_list.XLSX_COLUMNS, unit_list.unit_rows(tasks))
    return _bytes(workbook)


def _bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
