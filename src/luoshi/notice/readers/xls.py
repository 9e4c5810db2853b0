"""Old Excel (.xls) task tables, through xlrd, converted by the same rules as .xlsx."""

from __future__ import annotations

import datetime as dt
import io

from ..model import Diagnostic, Document, Table
from .cells import cell_text
from .limits import Limits
from .tables import MAX_COLUMNS, build_table
from .xlsx import finish_workbook


def read_xls(data: bytes, source: str, limits: Limits) -> Document:
    """Read every visible sheet; merged ranges come from formatting info when xlrd can read it."""
    import xlrd

    log = io.StringIO()  # xlrd writes its warnings to a log file; keep them off the user's terminal
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=log)
    except Exception:  # noqa: BLE001 - formatting records are the fragile part; retry without them
        book = xlrd.open_workbook(file_contents=data, formatting_info=False, on_demand=True, logfile=log)
    document = Document(blocks=[], source=source, format="xls")
    tables: list[tuple[str, Table]] = []
    rows_read = 0
    truncated = False
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility != 0:
                document.warnings.append(Diagnostic(0, f"已跳过隐藏的工作表“{sheet.name}”"))
                continue
            budget = limits.max_rows - rows_read
            if budget <= 0:
                truncated = truncated or sheet.nrows > 0
                break
            count = min(sheet.nrows, budget)
            truncated = truncated or sheet.nrows > budget
            rows_read += count
            table = _sheet_table(book, sheet, count)
            if table is not None:
                tables.append((sheet.name, table))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return finish_workbook(document, tables, truncated, limits.max_rows, rows_read)


def _sheet_table(book, sheet, count: int) -> Table | None:
    width = min(sheet.ncols, MAX_COLUMNS)
    rows = [
        [_text(book, sheet, row, column) for column in range(min(sheet.row_len(row), width))]
        for row in range(count)
    ]
    for first_row, end_row, first_col, end_col in sheet.merged_cells:
        if first_row >= count or first_col >= width:
            continue
        anchor = rows[first_row][first_col] if first_col < len(rows[first_row]) else ""
        for row in range(first_row, min(end_row, count)):
            cells = rows[row]
            if len(cells) < min(end_col, width):
                cells.extend([""] * (min(end_col, width) - len(cells)))
            for column in range(first_col, min(end_col, width)):
                cells[column] = anchor
    return build_table(rows, list(range(1, count + 1)))


def _text(book, sheet, row: int, column: int) -> str:
    import xlrd

    cell = sheet.cell(row, column)
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell_text(value)
        return cell_text(moment.date() if moment.time() == dt.time() else moment)
    return cell_text(value, _number_format(book, cell.xf_index))


def _number_format(book, xf_index: int | None) -> str | None:
    """The format string of a cell's XF (only known when formatting info was read)."""
    if xf_index is None or not book.formatting_info or xf_index >= len(book.xf_list):
        return None
    fmt = book.format_map.get(book.xf_list[xf_index].format_key)
    return fmt.format_str if fmt is not None else None
