"""The responsibility matrix: units × tasks, 牵 for lead and 配 for cooperating, with totals.

`build_matrix` is shared by the matrix page and its XLSX export; it works on `LedgerTable`, so it
costs no queries of its own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from luoshi.notice.export_xlsx import neutralize, new_workbook, row_height, sheet_title

from ..models import Role
from .rows import ROLE_SHORT, LedgerTable, TaskLine


@dataclass
class MatrixUnit:
    id: int
    name: str
    roles: dict[int, str] = field(default_factory=dict)  # task id → role

    @property
    def lead(self) -> int:
        return sum(1 for role in self.roles.values() if role == Role.LEAD)

    @property
    def cooperating(self) -> int:
        return sum(1 for role in self.roles.values() if role == Role.COOPERATING)

    @property
    def total(self) -> int:
        return len(self.roles)


@dataclass
class Matrix:
    tasks: list[TaskLine]
    units: list[MatrixUnit]

    def lead_count(self, task: TaskLine) -> int:
        return sum(1 for a in task.assignments if a.role == Role.LEAD)

    def cooperating_count(self, task: TaskLine) -> int:
        return sum(1 for a in task.assignments if a.role == Role.COOPERATING)


SORTS = {
    "lead": lambda u: (-u.lead, -u.total, u.name),
    "total": lambda u: (-u.total, -u.lead, u.name),
    "cooperating": lambda u: (-u.cooperating, -u.lead, u.name),
    "name": lambda u: (u.name,),
}


def build_matrix(table: LedgerTable, sort: str = "lead") -> Matrix:
    """Every unit with a role in the ledger, sorted by lead tasks (default), total, cooperating or name."""
    units: dict[int, MatrixUnit] = {}
    for task in table.tasks:
        for a in task.assignments:
            unit = units.setdefault(a.unit_id, MatrixUnit(a.unit_id, a.unit_name))
            unit.roles[task.id] = a.role
    ordered = sorted(units.values(), key=SORTS.get(sort, SORTS["lead"]))
    return Matrix(table.tasks, ordered)


_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_LEAD_FILL = PatternFill("solid", fgColor="F8CBAD")
_COOP_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
FIXED = ["单位", "牵头", "配合", "合计"]
UNIT_WIDTH = 28


def matrix_workbook(matrix: Matrix, title: str) -> bytes:
    """One sheet of units × tasks (frozen at the first task column), one sheet listing the tasks."""
    workbook = new_workbook(title)
    sheet = workbook.create_sheet("责任矩阵")
    first_task_column = len(FIXED) + 1
    last_column = len(FIXED) + max(len(matrix.tasks), 1)
    sheet.cell(1, 1, neutralize(title)).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=min(last_column, len(FIXED) + 12))
    sheet.row_dimensions[1].height = 28
    for column, header in enumerate(FIXED, start=1):
        _header(sheet.cell(2, column, header))
    for offset, task in enumerate(matrix.tasks):
        _header(sheet.cell(2, first_task_column + offset, neutralize(task.code)))
    row = 3
    for unit in matrix.units:
        sheet.cell(row, 1, neutralize(unit.name)).border = _BORDER
        sheet.cell(row, 1).alignment = Alignment(vertical="center", wrap_text=True)
        sheet.row_dimensions[row].height = row_height([unit.name], [UNIT_WIDTH])
        for column, value in ((2, unit.lead), (3, unit.cooperating), (4, unit.total)):
            cell = sheet.cell(row, column, value)
            cell.border, cell.alignment = _BORDER, _CENTRE
        for offset, task in enumerate(matrix.tasks):
            role = unit.roles.get(task.id)
            cell = sheet.cell(row, first_task_column + offset, ROLE_SHORT[Role(role)] if role else None)
            cell.border, cell.alignment = _BORDER, _CENTRE
            if role:
                cell.fill = _LEAD_FILL if role == Role.LEAD else _COOP_FILL
        row += 1
    for label, count in (("牵头单位数", matrix.lead_count), ("配合单位数", matrix.cooperating_count)):
        cell = sheet.cell(row, 1, label)
        cell.font, cell.fill, cell.border = Font(bold=True), _TOTAL_FILL, _BORDER
        for column in range(2, len(FIXED) + 1):
            sheet.cell(row, column).border = _BORDER
            sheet.cell(row, column).fill = _TOTAL_FILL
        for offset, task in enumerate(matrix.tasks):
            cell = sheet.cell(row, first_task_column + offset, count(task))
            cell.border, cell.alignment, cell.fill = _BORDER, _CENTRE, _TOTAL_FILL
        row += 1
    sheet.column_dimensions["A"].width = UNIT_WIDTH
    for column in range(2, len(FIXED) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 6
    for offset in range(len(matrix.tasks)):
        sheet.column_dimensions[get_column_letter(first_task_column + offset)].width = 5.5
    sheet.freeze_panes = sheet.cell(3, first_task_column).coordinate
    sheet.print_title_rows = "2:2"
    sheet.print_title_cols = "A:A"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToHeight = 0
    sheet.oddFooter.center.text = "第 &P 页,共 &N 页"
    sheet.auto_filter.ref = f"A2:{get_column_letter(last_column)}{max(row - 3, 2)}"

    tasks = workbook.create_sheet(sheet_title("任务", {"责任矩阵"}))
    for column, header in enumerate(("编号", "附件", "工作任务", "牵头单位"), start=1):
        _header(tasks.cell(1, column, header))
    for offset, task in enumerate(matrix.tasks, start=2):
        for column, value in enumerate((task.code, task.section_title, task.text, "、".join(task.lead_units)), start=1):
            cell = tasks.cell(offset, column, neutralize(value))
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for letter, width in zip("ABCD", (8, 24, 70, 24), strict=True):
        tasks.column_dimensions[letter].width = width
    tasks.freeze_panes = "A2"
    tasks.print_title_rows = "1:1"
    tasks.page_setup.orientation = "landscape"
    tasks.page_setup.paperSize = tasks.PAPERSIZE_A4
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(cell) -> None:
    cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), _HEADER_FILL, _BORDER, _CENTRE
