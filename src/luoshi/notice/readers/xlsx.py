"""Excel (.xlsx) task tables: every sheet a Table, merged category cells repeated, huge sheets cut short.

openpyxl's read-only mode streams cells but hides merged ranges, so those are found by scanning the
sheet XML's <mergeCell ref=…> entries ourselves.
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile

from defusedxml import ElementTree as SafeTree

from ..model import Diagnostic, Document, Paragraph, Table
from .cells import cell_text
from .guard import open_zip
from .limits import Limits
from .tables import MAX_COLUMNS, build_table

_MERGE = re.compile(
    rb"""<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']\$?([A-Za-z]{1,3})\$?(\d{1,7})"""
    rb"""(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?["']"""
)
_MERGES_END = re.compile(rb"</(?:[\w.-]+:)?mergeCells\s*>")
_MAX_MERGES = 100_000
_CHUNK = 1 << 20
_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


def read_xlsx(data: bytes, source: str, limits: Limits) -> Document:
    """Read every visible, non-empty sheet of a workbook as a Table, within the row budget."""
    archive = open_zip(data, source, limits)
    paths = sheet_paths(archive)
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    document = Document(blocks=[], source=source, format="xlsx")
    tables: list[tuple[str, Table]] = []
    rows_read = 0
    truncated = False
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                document.warnings.append(Diagnostic(0, f"已跳过隐藏的工作表“{sheet.title}”"))
                continue
            if rows_read >= limits.max_rows:
                truncated = True
                break
            path = paths.get(sheet.title)
            merges = merged_ranges(archive, path) if path else []
            table, count, cut = _sheet_table(sheet, merges, limits.max_rows - rows_read)
            rows_read += count
            truncated = truncated or cut
            if table is not None:
                tables.append((sheet.title, table))
    finally:
        workbook.close()
    for title, table in tables:
        if len(tables) > 1:
            document.blocks.append(Paragraph(title, table.line))
        document.blocks.append(table)
    if truncated:
        document.warnings.append(row_cap_warning(limits.max_rows, rows_read))
    return document


def row_cap_warning(max_rows: int, rows_read: int) -> Diagnostic:
    """The warning every spreadsheet reader gives when it stops at the row cap."""
    return Diagnostic(0, f"工作簿超过 {max_rows} 行的上限：只读取了前 {rows_read} 行，其余行已忽略")


def _sheet_table(sheet, merges: list[Merge], budget: int) -> tuple[Table | None, int, bool]:
    """Stream up to `budget` rows of a sheet; returns the table, rows consumed and whether rows remained."""
    from openpyxl.cell.read_only import EmptyCell

    starting: dict[int, list[Merge]] = {}
    for merge in merges:
        starting.setdefault(merge[0], []).append(merge)
    active: list[Merge] = []
    anchors: dict[Merge, str] = {}
    rows: list[list[str]] = []
    lines: list[int] = []
    count = 0
    for number, cells in enumerate(sheet.iter_rows(min_row=1, max_row=budget + 1, max_col=MAX_COLUMNS), start=1):
        if number > budget:
            return build_table(rows, lines), count, True
        count += 1
        values = _row_values(cells, EmptyCell)
        if number in starting:
            active.extend(starting.pop(number))
        if active:
            active = [merge for merge in active if merge[2] >= number]
            for merge in active:
                _fill_merge(values, merge, number, anchors)
        if any(values):
            rows.append(values)
            lines.append(number)
    return build_table(rows, lines), count, False


def _row_values(cells, empty_type) -> list[str]:
    last = len(cells)
    while last and (isinstance(cells[last - 1], empty_type) or cells[last - 1].value is None):
        last -= 1
    values = []
    for cell in cells[:last]:
        value = getattr(cell, "value", None)
        fmt = cell.number_format if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        values.append(cell_text(value, fmt))
    return values


def _fill_merge(values: list[str], merge: Merge, row: int, anchors: dict[Merge, str]) -> None:
    first_row, first_col, _, last_col = merge
    if first_col > MAX_COLUMNS:
        return
    last_col = min(last_col, MAX_COLUMNS)
    if row == first_row:
        anchors[merge] = values[first_col - 1] if first_col <= len(values) else ""
    text = anchors.get(merge, "")
    if len(values) < last_col:
        values.extend([""] * (last_col - len(values)))
    for column in range(first_col, last_col + 1):
        values[column - 1] = text


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part, from workbook.xml and its relationships."""
    try:
        workbook = SafeTree.fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
        rels = SafeTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    except KeyError:
        return {}
    targets = {item.get("Id"): item.get("Target", "") for item in rels}
    paths = {}
    for element in workbook.iter():
        if not element.tag.endswith("}sheet") or element.tag[1:].partition("}")[0] not in _MAIN_NS:
            continue
        rel_id = next((element.get(f"{{{ns}}}id") for ns in _REL_NS if element.get(f"{{{ns}}}id")), None)
        target = targets.get(rel_id)
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            paths[element.get("name", "")] = path
    return paths


def merged_ranges(archive: zipfile.ZipFile, path: str) -> list[Merge]:
    """Merged ranges of a sheet, found by streaming its XML for <mergeCell ref=…> without parsing the cells."""
    try:
        stream = archive.open(path)
    except KeyError:
        return []
    collected = bytearray()
    tail = b""
    found = False
    with stream:
        while chunk := stream.read(_CHUNK):
            if not found:
                window = tail + chunk
                start = window.find(b"mergeCells")
                if start < 0:
                    tail = window[-16:]
                    continue
                found = True
                chunk = window[max(start - 16, 0):]
            collected += chunk
            if _MERGES_END.search(collected, max(len(collected) - len(chunk) - 32, 0)) or len(collected) > 32 * _CHUNK:
                break
    merges = []
    for match in _MERGE.finditer(bytes(collected)):
        first_col, first_row = _column(match.group(1)), int(match.group(2))
        if match.group(3):
            last_col, last_row = _column(match.group(3)), int(match.group(4))
        else:
            last_col, last_row = first_col, first_row
        if first_row <= last_row and first_col <= last_col:
            merges.append((first_row, first_col, last_row, last_col))
        if len(merges) >= _MAX_MERGES:
            break
    return merges


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
