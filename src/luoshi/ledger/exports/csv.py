"""The 责任分解表 as CSV: UTF-8 with a BOM so Excel opens the Chinese correctly; formula-like cells neutralised."""

from __future__ import annotations

import csv
import io

from luoshi.notice.export_xlsx import HEADERS, neutralize

from . import unit_list
from .rows import LedgerTable
from .unit_list import UnitTask

BOM = "\ufeff"
LEDGER_HEADERS = ["附件", "分组", *HEADERS]


def ledger_csv(table: LedgerTable) -> bytes:
    """One row per task (no heading rows): its attachment and group in the first two columns."""
    rows = []
    for task in table.tasks:
        cells = task.cells()
        cells[0] = task.label
        rows.append([task.section_title, task.group, *cells])
    return _encode(LEDGER_HEADERS, rows)


def unit_csv(tasks: list[UnitTask]) -> bytes:
    return _encode(unit_list.CSV_HEADERS, [unit_list.unit_cells(n, item) for n, item in enumerate(tasks, start=1)])


def _encode(headers: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralize(value) if isinstance(value, str) else value for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
