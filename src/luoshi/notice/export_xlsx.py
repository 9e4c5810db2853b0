"""Write the parsed ledger as a 责任分解表 workbook, the form offices print, check and hand on.

One sheet per section (attachment), a title row, a bold header repeated on every printed page, a
row for each group before its tasks, A4 landscape. Cells are written as text the spreadsheet will
not evaluate: a value starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.

The sheet layout (`fill_table_sheet`) and the cell helpers are shared with the ledger's exports
(`luoshi.ledger.exports`), so a table printed from a parsed notice and from a corrected ledger look alike.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from luoshi.notice.errors import NoticeError
from luoshi.notice.model import ParsedNotice, Target, Task


@dataclass(frozen=True)
class Column:
    """A column of a printed table: its header, width in characters and how its cells sit."""

    header: str
    width: float
    align: str = "wrap"  # wrap | top (long text, read from the top) | centre


@dataclass(frozen=True)
class Heading:
    """A group heading row (`一、尹学群市长牵头的重点工作`), merged across the table."""

    title: str
    depth: int = 0


# One row of a table sheet: a group heading, or the cells of a task in column order.
TableRow = Heading | Sequence[object]

COLUMNS = [
    Column("序号", 7, "centre"),
    Column("工作任务", 60, "top"),
    Column("牵头领导", 12),
    Column("牵头单位", 20),
    Column("配合单位", 32),
    Column("完成时限", 14, "centre"),
    Column("量化目标", 30),
]
HEADERS = [column.header for column in COLUMNS]
COLUMN_WIDTHS = [column.width for column in COLUMNS]
RULE_NOTE = "依通知规则"
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


def cooperating_text(written: Sequence[str], implied: Sequence[str]) -> str:
    """Written cooperating units, then the ones a notice rule adds, marked so readers see where they came from."""
    text = "、".join(written)
    added = [unit for unit in implied if unit not in written]
    if added:
        text += f"({RULE_NOTE}:" + "、".join(added) + ")"
    return text


def cooperating_cell(task: Task) -> str:
    return cooperating_text(task.cooperating_units, task.implied_cooperating_units)


def target_text(text: str, is_part: bool) -> str:
    """A target as one line as written (`地区生产总值增长7%左右`); a `其中` part says so (`其中超50亿元6个`)."""
    text = text.strip()
    if is_part and not text.startswith("其中"):
        text = "其中" + text
    return text


def target_line(target: Target) -> str:
    return target_text(target.text, target.parent is not None)


def number_cell(number: str, fallback: str = "") -> object:
    """The task's number as written; a plain number is stored as a number so the sheet sorts it."""
    if number.isdigit():
        return int(number)
    return number or fallback


def task_row(task: Task) -> list[object]:
    """The seven cells of a task's row, in the order of `HEADERS`."""
    return [
        number_cell(task.number),
        task.text,
        "、".join(leader.name for leader in task.leaders),
        "、".join(task.lead_units),
        cooperating_cell(task),
        task.deadline or "",
        "\n".join(target_line(target) for target in task.targets),
    ]


def heading_rows(path: Sequence[str], current: Sequence[str]) -> list[Heading]:
    """The heading rows to write before a task in group `path` when the rows above were in `current`."""
    out: list[Heading] = []
    for depth, name in enumerate(path):
        if depth < len(current) and current[depth] == name and list(current[:depth]) == list(path[:depth]):
            continue
        out.append(Heading(name, depth))
    return out


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


def _notice_rows(tasks: list[Task]) -> list[TableRow]:
    rows: list[TableRow] = []
    current: list[str] = []
    for task in tasks:
        path = [name for name in (task.group_path or [task.group]) if name]
        rows.extend(heading_rows(path, current))
        current = path
        rows.append(task_row(task))
    return rows


def write_responsibility_table(notice: ParsedNotice, path_or_file: str | os.PathLike | IO[bytes]) -> None:
    """Write the 责任分解表 workbook to a path or binary file, so the office can print and hand it on."""
    workbook = new_workbook(notice.title or DEFAULT_SHEET)
    taken: set[str] = set()
    for title, tasks in _sheets(notice):
        sheet = workbook.create_sheet(sheet_title(title or notice.title, taken))
        fill_table_sheet(sheet, title or notice.title or DEFAULT_SHEET, COLUMNS, _notice_rows(tasks))
    save_workbook(workbook, path_or_file)


def new_workbook(title: str) -> Workbook:
    """An empty workbook (no default sheet) carrying the document title in its properties."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = ILLEGAL_CHARACTERS_RE.sub("", title)[:255] or DEFAULT_SHEET
    return workbook


def save_workbook(workbook: Workbook, path_or_file: str | os.PathLike | IO[bytes]) -> None:
    """Save to a path or binary file; an unwritable path is a NoticeError naming it, in one line."""
    try:
        workbook.save(os.fspath(path_or_file) if isinstance(path_or_file, os.PathLike) else path_or_file)
    except OSError as err:
        if isinstance(path_or_file, (str, os.PathLike)):
            name = os.fspath(path_or_file)
        else:
            name = getattr(path_or_file, "name", "<输出>")
        raise NoticeError(f"{name}: 无法写入责任分解表({err.strerror or err})") from err


def fill_table_sheet(sheet: Worksheet, title: str, columns: Sequence[Column], rows: Iterable[TableRow]) -> None:
    """The printed-table layout shared by every 责任分解表-like export.

    A merged title row, a bold filled bordered header frozen above the rows and repeated on each
    printed page, group headings merged across, wrapped bordered cells, A4 landscape fit to width.
    Text cells are neutralised; numbers stay numbers.
    """
    last_column = get_column_letter(len(columns))
    title_cell = sheet.cell(TITLE_ROW, 1, neutralize(title))
    title_cell.font = Font(bold=True, size=16)
    title_cell.alignment = _CENTRE
    sheet.merge_cells(f"A{TITLE_ROW}:{last_column}{TITLE_ROW}")
    sheet.row_dimensions[TITLE_ROW].height = 32

    for column, spec in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, column, spec.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _CENTRE

    alignments = [{"centre": _CENTRE, "top": _WRAP_TOP}.get(spec.align, _WRAP) for spec in columns]
    row = HEADER_ROW + 1
    for entry in rows:
        if isinstance(entry, Heading):
            _group_row(sheet, row, entry.title, len(columns))
        else:
            for column, value in enumerate(entry, start=1):
                cell = sheet.cell(row, column, neutralize(value) if isinstance(value, str) else value)
                cell.border = _BORDER
                cell.alignment = alignments[column - 1]
            # Spreadsheets do not grow a row to fit wrapped text written by a program: say how tall it is.
            sheet.row_dimensions[row].height = row_height(entry, [spec.width for spec in columns])
        row += 1

    for column, spec in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = spec.width
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


LINE_HEIGHT = 15  # points, for 11 pt text


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (CJK characters count two)."""
    usable = max(width - 1, 1)
    lines = 0
    for part in text.split("\n"):
        columns = sum(2 if ord(ch) >= 0x2E80 else 1 for ch in part)
        lines += max(1, -(-columns // int(usable)))
    return lines


def row_height(values: Sequence[object], widths: Sequence[float]) -> float:
    """A row height in points that shows every wrapped cell whole."""
    lines = max((text_lines(str(v), w) for v, w in zip(values, widths) if v not in (None, "")), default=1)
    return min(LINE_HEIGHT * lines + 4, 409)  # 409 pt is the spreadsheet maximum


def _group_row(sheet: Worksheet, row: int, name: str, width: int) -> None:
    cell = sheet.cell(row, 1, neutralize(name))
    cell.font = Font(bold=True)
    cell.fill = _GROUP_FILL
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    for column in range(1, width + 1):
        sheet.cell(row, column).border = _BORDER
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
