"""Excel (.xlsx) task tables: every sheet a Table, merged category cells repeated, huge sheets cut short.

Cells are read with openpyxl's streaming sheet parser (the engine of its read-only mode) so that dates,
booleans, inline and shared strings convert exactly as openpyxl converts them. Two parts are ours:
openpyxl's read-only worksheet scans a whole sheet when it lacks a <dimension> and loads every shared
string, which breaks the time and memory caps on million-row files; and read-only mode hides merged
ranges, which are found by scanning the sheet XML for <mergeCell ref=…>.
"""

from __future__ import annotations

import io
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
_MAX_SHARED_STRINGS = 400_000
_MAX_SHARED_CHARS = 20_000_000
_CHUNK = 1 << 20

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


def read_xlsx(data: bytes, source: str, limits: Limits) -> Document:
    """Read every visible, non-empty sheet of a workbook as a Table, within the row budget."""
    archive = open_zip(data, source, limits)
    workbook = _Workbook(data)
    document = Document(blocks=[], source=source, format="xlsx")
    strings = SharedStrings(archive, workbook.shared_strings_path())
    if strings.truncated:
        document.warnings.append(
            Diagnostic(0, f"共享字符串过多：只读取了前 {len(strings)} 个，其余单元格文字显示为空")
        )
    tables: list[tuple[str, Table]] = []
    rows_read = 0
    truncated = False
    for name, state, path in workbook.sheets():
        if state != "visible":
            document.warnings.append(Diagnostic(0, f"已跳过隐藏的工作表“{name}”"))
            continue
        if rows_read >= limits.max_rows:
            truncated = True
            break
        with archive.open(path) as stream:
            cells = workbook.sheet_rows(stream, strings)
            merges = merged_ranges(archive, path)
            table, count, cut = _sheet_table(cells, workbook, merges, limits.max_rows - rows_read)
        rows_read += count
        truncated = truncated or cut
        if table is not None:
            tables.append((name, table))
    return finish_workbook(document, tables, truncated, limits.max_rows, rows_read)


def finish_workbook(document: Document, tables: list[tuple[str, Table]], truncated: bool, max_rows: int, rows_read: int) -> Document:
    """Add the sheets' tables (each named when there are several) and the row-cap warning."""
    for name, table in tables:
        if len(tables) > 1:
            document.blocks.append(Paragraph(name, table.line))
        document.blocks.append(table)
    if truncated:
        document.warnings.append(row_cap_warning(max_rows, rows_read))
    return document


def row_cap_warning(max_rows: int, rows_read: int) -> Diagnostic:
    """The warning every spreadsheet reader gives when it stops at the row cap."""
    return Diagnostic(0, f"工作簿超过 {max_rows} 行的上限：只读取了前 {rows_read} 行，其余行已忽略")


class _Workbook:
    """openpyxl's view of the package: sheet list, styles (which cells are dates or percentages)."""

    def __init__(self, data: bytes) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            self.reader.read_manifest()
            self.reader.read_workbook()
            apply_stylesheet(self.reader.archive, self.reader.wb)
        self.wb = self.reader.wb
        self.formats: dict[int, str] = {}

    def shared_strings_path(self) -> str | None:
        """Where the manifest says the shared-string table is, if the workbook has one."""
        from openpyxl.xml.constants import SHARED_STRINGS

        part = self.reader.package.find(SHARED_STRINGS)
        return part.PartName[1:] if part is not None else None

    def sheets(self) -> list[tuple[str, str, str]]:
        """(name, state, part path) of each worksheet, chart sheets left out."""
        found = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for sheet, relation in self.reader.parser.find_sheets():
                if "chartsheet" in relation.Type or relation.target not in self.reader.valid_files:
                    continue
                found.append((sheet.name, sheet.state or "visible", relation.target))
        return found

    def sheet_rows(self, stream, strings: SharedStrings):
        """(row number, [cell dicts]) for each <row> in the sheet, streamed."""
        from openpyxl.worksheet._reader import WorkSheetParser

        parser = WorkSheetParser(
            stream,
            strings,
            data_only=True,
            epoch=self.wb.epoch,
            date_formats=self.wb._date_formats,
            timedelta_formats=self.wb._timedelta_formats,
        )
        return parser.parse()

    def number_format(self, style_id: int) -> str:
        """The number format of a cell style (to show 0.07 formatted as 0% as 7%)."""
        if style_id not in self.formats:
            from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

            try:
                format_id = self.wb._cell_styles[style_id].numFmtId
                if format_id < BUILTIN_FORMATS_MAX_SIZE:
                    self.formats[style_id] = BUILTIN_FORMATS.get(format_id, "General")
                else:
                    self.formats[style_id] = self.wb._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
            except (IndexError, AttributeError, TypeError):
                self.formats[style_id] = "General"
        return self.formats[style_id]


class SharedStrings:
    """The shared-string table, streamed and capped so a million unique strings cannot exhaust memory."""

    def __init__(self, archive: zipfile.ZipFile, path: str | None) -> None:
        self.strings: list[str] = []
        self.truncated = False
        if path is None or path not in archive.namelist():
            return
        chars = 0
        with archive.open(path) as stream:
            root = None
            for event, element in SafeTree.iterparse(stream, events=("start", "end"), forbid_dtd=True):
                if root is None:
                    root = element
                if event != "end" or not element.tag.endswith("}si"):
                    continue
                text = _string_item(element).replace("_x005F_", "_")
                chars += len(text)
                root.remove(element) if element in root else element.clear()
                if len(self.strings) >= _MAX_SHARED_STRINGS or chars > _MAX_SHARED_CHARS:
                    self.truncated = True
                    break
                self.strings.append(text)

    def __getitem__(self, index: int) -> str:
        return self.strings[index] if 0 <= index < len(self.strings) else ""

    def __len__(self) -> int:
        return len(self.strings)


def _string_item(element) -> str:
    """Text of an <si>: plain <t> or rich-text runs, leaving out phonetic guides (<rPh>)."""
    parts = []
    for item in element:
        name = item.tag.rpartition("}")[2]
        if name == "t":
            parts.append(item.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in item if t.tag.rpartition("}")[2] == "t")
    return "".join(parts)


def _sheet_table(rows, workbook: _Workbook, merges: list[Merge], budget: int) -> tuple[Table | None, int, bool]:
    """Read up to `budget` rows of a sheet; returns the table, rows consumed and whether rows remained."""
    pending = sorted(merges, reverse=True)  # popped from the end, first rows first
    active: list[Merge] = []
    anchors: dict[Merge, str] = {}
    kept: list[list[str]] = []
    lines: list[int] = []
    last = 0
    try:
        for number, cells in rows:
            if number > budget:
                return build_table(kept, lines), budget, True
            last = number
            values = _row_values(cells, workbook)
            if active:
                active = [merge for merge in active if merge[2] >= number]
            while pending and pending[-1][0] <= number:
                merge = pending.pop()
                # Excel never overlaps merges; refusing overlaps keeps at most MAX_COLUMNS active.
                if merge[2] >= number and merge[1] <= MAX_COLUMNS and not any(
                    other[1] <= merge[3] and merge[1] <= other[3] for other in active
                ):
                    active.append(merge)
            for merge in active:
                _fill_merge(values, merge, number, anchors)
            if any(values):
                kept.append(values)
                lines.append(number)
    finally:
        rows.close()
    return build_table(kept, lines), last, False


def _row_values(cells: list[dict], workbook: _Workbook) -> list[str]:
    values: list[str] = []
    for cell in cells:
        column, value = cell["column"], cell["value"]
        if value is None or column > MAX_COLUMNS or column < 1:
            continue
        fmt = None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and cell["style_id"]:
            fmt = workbook.number_format(cell["style_id"])
        if len(values) < column:
            values.extend([""] * (column - len(values)))
        values[column - 1] = cell_text(value, fmt)
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
            closed = _MERGES_END.search(collected, max(len(collected) - len(chunk) - 32, 0))
            if closed or len(collected) > 32 * _CHUNK:
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
