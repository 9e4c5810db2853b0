"""Write the parsed ledger as a 责任分解表 workbook, the form offices print, check and hand on.

One sheet per section (attachment), a title row, a bold header repeated on every printed page, a
row for each group before its tasks, A4 landscape. Cells are written as text the spreadsheet will
not evaluate: a value starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
"""

from __future__ import annotations

import os
import re
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from luoshi.notice.errors import NoticeError
from luoshi.notice.model import ParsedNotice, Target, Task

HEADERS = ["序号", "工作任务", "牵头领导", "牵头单位", "配合单位", "完成时限", "量化目标"]
COLUMN_WIDTHS = [7, 60, 12, 20, 32, 14, 30]
DEFAULT_SHEET = "责任分解表"
TITLE_ROW, HEADER_ROW = 1, 2

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, horizontal="center", vertical="center")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")


def neutralize(value: str) -> str:
    """Text a spreadsheet shows as written: no formula (`=1+1` → `'=1+1`), no characters XLSX forbids."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique sheet name for a section title (≤31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub("", ILLEGAL_CHARACTERS_RE.sub("", name)).strip().strip("'").strip()
    if not base or base.lower() == "history":
        base = DEFAULT_SHEET
    candidate = base[:_SHEET_MAX]
    counter = 2
    while candidate.lower() in {title.lower() for title in taken}:
        suffix = f"({counter})"
        candidate = base[: _SHEET_MAX - len(suffix)] + suffix
        counter += 1
    taken.add(candidate)
    return candidate


def cooperating_cell(task: Task) -> str:
    """Written cooperating units, then the ones a notice rule adds, marked so readers see where they came from."""
    text = "、".join(task.cooperating_units)
    implied = [unit for unit in task.implied_cooperating_units if unit not in task.cooperating_units]
    if implied:
        text += "(依通知规则:" + "、".join(implied) + ")"
    return text


def target_line(target: Target) -> str:
    """A target as one line as written (`地区生产总值增长7%左右`); a `其中` part says so (`其中超50亿元6个`)."""
    text = target.text.strip()
    if target.parent is not None and not text.startswith("其中"):
        text = "其中" + text
    return text


def task_row(task: Task) -> list[object]:
    """The seven cells of a task's row, in the order of `HEADERS`."""
    number: object = int(task.number) if task.number.isdigit() else task.number
    return [
        number,
        task.text,
        "、".join(leader.name for leader in task.leaders),
        "、".join(task.lead_units),
        cooperating_cell(task),
        task.deadline or "",
        "\n".join(target_line(target) for target in task.targets),
    ]


def _sheets(notice: ParsedNotice) -> list[tuple[str, list[Task]]]:
    """(section title, its tasks) in document order; tasks of no known section get sheets of their own."""
    keys: dict[str, int] = {}
    sheets: list[tuple[str, list[Task]]] = []
    for section in notice.sections:
        keys.setdefault(section.title, len(sheets))
        keys.setdefault(str(section.index), len(sheets))
        sheets.append((section.title, []))
    for task in notice.tasks:
        if task.section not in keys:
            keys[task.section] = len(sheets)
            sheets.append((task.section, []))
        sheets[keys[task.section]][1].append(task)
    return sheets or [("", [])]


def write_responsibility_table(notice: ParsedNotice, path_or_file: str | os.PathLike | IO[bytes]) -> None:
    """Write the 责任分解表 workbook to a path or binary file, so the office can print and hand it on."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = notice.title or DEFAULT_SHEET
    taken: set[str] = set()
    for title, tasks in _sheets(notice):
        sheet = workbook.create_sheet(sheet_title(title or notice.title, taken))
        _fill_sheet(sheet, title or notice.title or DEFAULT_SHEET, tasks)
    try:
        workbook.save(os.fspath(path_or_file) if isinstance(path_or_file, os.PathLike) else path_or_file)
    except OSError as err:
        if isinstance(path_or_file, (str, os.PathLike)):
            name = os.fspath(path_or_file)
        else:
            name = getattr(path_or_file, "name", "<输出>")
        raise NoticeError(f"{name}: 无法写入责任分解表({err.strerror or err})") from err


def _fill_sheet(sheet: Worksheet, title: str, tasks: list[Task]) -> None:
    last_column = get_column_letter(len(HEADERS))
    title_cell = sheet.cell(TITLE_ROW, 1, neutralize(title))
    title_cell.font = Font(bold=True, size=16)
    title_cell.alignment = _CENTRE
    sheet.merge_cells(f"A{TITLE_ROW}:{last_column}{TITLE_ROW}")
    sheet.row_dimensions[TITLE_ROW].height = 32

    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _CENTRE

    row = HEADER_ROW + 1
    current_path: list[str] = []
    for task in tasks:
        path = [name for name in (task.group_path or [task.group]) if name]
        for depth, name in enumerate(path):
            if depth < len(current_path) and current_path[depth] == name and current_path[:depth] == path[:depth]:
                continue
            _group_row(sheet, row, name)
            row += 1
        current_path = path
        for column, value in enumerate(task_row(task), start=1):
            cell = sheet.cell(row, column, neutralize(value) if isinstance(value, str) else value)
            cell.border = _BORDER
            cell.alignment = _CENTRE if column in (1, 6) else _WRAP_TOP if column == 2 else _WRAP
        row += 1

    for column, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页,共 &N 页"


def _group_row(sheet: Worksheet, row: int, name: str) -> None:
    cell = sheet.cell(row, 1, neutralize(name))
    cell.font = Font(bold=True)
    cell.fill = _GROUP_FILL
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    for column in range(1, len(HEADERS) + 1):
        sheet.cell(row, column).border = _BORDER
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADERS))
