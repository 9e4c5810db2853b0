"""Web pages as saved from a government site: honour the declared charset, drop furniture, keep tables."""

from __future__ import annotations

import codecs
import re

from ..model import Diagnostic, Document, Paragraph, Table
from ..normalize import normalize_line
from . import html_tree
from .html_tree import CELLS, HEADINGS, TABLE_SECTIONS, Node, parse_html, text_stats
from .limits import Limits
from .tables import MAX_COLUMNS, build_table
from .text import EMPTY_WARNING, decode_bytes

BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul".split()
)
_LONG_CELL = 1500  # characters: a cell this long holds an article, so the table is only layout
_BLOCKY_CELL = 12  # block children: likewise
_MAX_SPAN = 1000
MAX_CELLS = 400_000  # per table, after spans are expanded

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_GB_LABELS = frozenset("gb2312 gbk x-gbk gb_2312-80 gb_2312 cp936 chinese csgb2312 iso-ir-58 euc-cn".split())
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n\s*(?=[{_CJK}])")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def declared_encoding(data: bytes) -> str | None:
    """The codec a page names in <meta charset>, http-equiv or an XML declaration (GB labels → GB18030)."""
    head = data[:16384]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="ignore").strip().lower()
    if label in _GB_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, source: str) -> tuple[str, str]:
    """Decode a page: BOM, then the declared charset (unless the bytes are plainly UTF-8), then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, source)
    declared = declared_encoding(data)
    if declared and declared != "utf-8" and not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"  # saved by a browser as UTF-8 with the old meta left in
        except UnicodeDecodeError:
            pass
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            text = data.decode(declared, errors="replace")
            if text.count("\ufffd") <= max(3, len(data) // 1000):
                return text, declared
    return decode_bytes(data, source)


def read_html_bytes(data: bytes, source: str, limits: Limits) -> Document:
    """Read a saved web page from its bytes."""
    text, encoding = decode_html(data, source)
    return document_from_markup(text, source, encoding, limits)


def document_from_markup(markup: str, source: str, encoding: str | None, limits: Limits) -> Document:
    """Turn markup into blocks: paragraphs at block boundaries, data tables as Tables, layout tables flattened."""
    renderer = _Renderer(limits)
    tree, cut = parse_html(markup)
    renderer.walk(tree)
    renderer.flush()
    document = Document(blocks=renderer.blocks, source=source, format="html", encoding=encoding)
    if cut:
        document.warnings.append(
            Diagnostic(0, f"网页元素超过 {html_tree.MAX_ELEMENTS} 个的上限：只读取了前面的部分，其余已忽略")
        )
    if renderer.truncated:
        document.warnings.append(
            Diagnostic(
                0,
                f"表格过大（上限 {limits.max_rows} 行）：只读取了 {renderer.rows_read} 行表格，其余已忽略",
            )
        )
    if not document.blocks:
        document.warnings.append(Diagnostic(0, EMPTY_WARNING))
    return document


def _inline_text(pieces: list[str]) -> str:
    raw = _CJK_LINE_BREAK.sub("", "".join(pieces))
    return normalize_line(_HTML_SPACE.sub(" ", raw))


class _Renderer:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.blocks: list[Paragraph | Table] = []
        self.ordinal = 0
        self.pieces: list[str] = []
        self.rows_read = 0
        self.truncated = False
        self.in_pre = 0

    def flush(self) -> None:
        if not self.pieces:
            return
        text = _inline_text(self.pieces)
        self.pieces = []
        if text:
            self.ordinal += 1
            self.blocks.append(Paragraph(text, self.ordinal))

    def walk(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self._text(child)
            elif child.dropped:
                continue
            elif child.tag in ("br", "hr"):
                self.flush()
            elif child.tag == "table":
                self.flush()
                self.table(child)
            elif child.tag in BLOCKS:
                self.flush()
                self.in_pre += child.tag == "pre"
                self.walk(child)
                self.in_pre -= child.tag == "pre"
                self.flush()
            else:
                self.walk(child)

    def _text(self, text: str) -> None:
        if not self.in_pre:
            self.pieces.append(text)
            return
        first, *rest = text.split("\n")
        self.pieces.append(first)
        for line in rest:
            self.flush()
            self.pieces.append(line)

    # -- tables -------------------------------------------------------------------------------
    def table(self, node: Node) -> None:
        rows = _rows(node)
        if _is_layout(node, rows):
            self.walk(node)
            return
        for child in node.children:  # captions, and stray content a browser shows above the table
            if isinstance(child, str):
                self.pieces.append(child)
            elif not child.dropped and child.tag not in TABLE_SECTIONS | {"tr", "colgroup", "col"}:
                self.flush()
                self.walk(child)
        self.flush()
        room = max(self.limits.max_rows - self.rows_read, 0)
        if len(rows) > room:
            rows = rows[:room]
            self.truncated = True
        spans = [[_cell(cell) for cell in row.elements() if cell.tag in CELLS] for row in rows]
        grid = expand_spans(spans)
        if len(grid) < len(spans):
            self.truncated = True
        self.rows_read += len(grid)
        lines = list(range(self.ordinal + 1, self.ordinal + 1 + len(grid)))
        table = build_table(grid, lines)
        if table is not None:
            self.ordinal = lines[-1]
            self.blocks.append(table)


def _rows(table: Node) -> list[Node]:
    rows = []
    for child in table.elements():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in TABLE_SECTIONS:
            rows.extend(row for row in child.elements() if row.tag == "tr")
    return rows


def _is_layout(table: Node, rows: list[Node]) -> bool:
    """A table used to position content: nested tables, one column, or cells holding whole articles."""
    per_row = [[cell for cell in row.elements() if cell.tag in CELLS] for row in rows]
    if max(map(len, per_row), default=0) <= 1 or _holds_table(table):
        return True
    cells = [cell for row in per_row for cell in row]
    for cell in cells:
        if text_stats(cell)[0] > _LONG_CELL or _block_count(cell) >= _BLOCKY_CELL:
            return True
    return False


def _holds_table(table: Node) -> bool:
    stack = list(table.elements())
    while stack:
        node = stack.pop()
        if node.tag == "table":
            return True
        stack.extend(node.elements())
    return False


def _block_count(cell: Node) -> int:
    count = 0
    stack = list(cell.elements())
    while stack:
        node = stack.pop()
        if node.tag in ("p", "div", "br", "li") or node.tag in HEADINGS:
            count += 1
        stack.extend(node.elements())
    return count


def _cell(cell: Node) -> tuple[str, int, int]:
    """A cell's text (its paragraphs joined by spaces) with its rowspan and colspan."""
    renderer = _Renderer(Limits())
    renderer.walk(cell)
    renderer.flush()
    text = " ".join(block.text for block in renderer.blocks if isinstance(block, Paragraph))
    return text, _span(cell.attrs.get("rowspan")), _span(cell.attrs.get("colspan"))


def _span(value: str | None) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    return min(int(match.group(1)), _MAX_SPAN) if match else 1


def expand_spans(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Lay cells on a grid, repeating a merged cell's text into every position its row/col span covers.

    Stops (returning fewer rows) once the expanded grid would pass MAX_CELLS.
    """
    grid: dict[tuple[int, int], str] = {}
    height = len(rows)
    for row_index, cells in enumerate(rows):
        if len(grid) > MAX_CELLS:
            height = row_index
            break
        column = 0
        for text, rowspan, colspan in cells:
            while (row_index, column) in grid:
                column += 1
            if column >= MAX_COLUMNS:
                break
            rowspan = height - row_index if rowspan == 0 else min(rowspan, height - row_index)
            colspan = min(max(colspan, 1), MAX_COLUMNS - column)
            for down in range(rowspan):
                for across in range(colspan):
                    grid[(row_index + down, column + across)] = text
            column += colspan
    width = 1 + max((column for row, column in grid if row < height), default=-1)
    return [[grid.get((row, column), "") for column in range(width)] for row in range(height)]
