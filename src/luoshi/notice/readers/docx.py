"""Word (.docx) notices read straight from the package XML, with automatic numbering rendered as text.

python-docx is not used: reading the zip ourselves lets the zip-bomb guard run first and lets the body
be streamed, so a huge document.xml never sits in memory as one tree.
"""

from __future__ import annotations

import posixpath
import zipfile
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeTree

from ..errors import UnreadableInput
from ..model import Diagnostic, Document, Paragraph, Table
from ..normalize import normalize_line
from .guard import file_label, open_zip
from .limits import Limits
from .numbering import Numbering, attr, child, local
from .tables import build_table

_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STRICT_REL_TYPES = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
_MC_NAMESPACE = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SIDE_PART_CAP = 20 * 1024 * 1024  # styles.xml / numbering.xml past this are ignored, not parsed
# Run-level content that is not visible text, or is a deleted revision.
_SKIPPED = frozenset(
    "del moveFrom delText delInstrText instrText pPr rPr tblPr trPr tcPr sectPr fldData bookmarkStart "
    "bookmarkEnd proofErr commentRangeStart commentRangeEnd commentReference footnoteReference "
    "endnoteReference lastRenderedPageBreak".split()
)
_CONTAINERS = frozenset(("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo", "hyperlink", "fldSimple"))


def read_docx(data: bytes, source: str, limits: Limits) -> Document:
    """Read a .docx body in order: paragraphs (with their list numbers) and tables."""
    archive = open_zip(data, source, limits)
    main = _main_part(archive)
    if main not in archive.namelist():
        raise UnreadableInput(f"{file_label(source)}不是有效的 Word (.docx) 文档（缺少正文 document.xml）")
    numbering = Numbering(
        _side_part(archive, main, "numbering", "word/numbering.xml"),
        _side_part(archive, main, "styles", "word/styles.xml"),
    )
    body = _BodyReader(numbering)
    with archive.open(main) as stream:
        body.read(stream)
    document = Document(blocks=body.blocks, source=source, format="docx")
    if body.alt_chunks:
        document.warnings.append(
            Diagnostic(0, f"文档中有 {body.alt_chunks} 处嵌入的外部内容（altChunk）未读取，请在 Word 中另存后再导入")
        )
    return document


def _relationships(archive: zipfile.ZipFile, part: str) -> list[Element]:
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.namelist():
        return []
    return [item for item in SafeTree.fromstring(archive.read(rels), forbid_dtd=True) if item.get("Type")]


def _resolve(part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _main_part(archive: zipfile.ZipFile) -> str:
    for relation in _relationships(archive, ""):
        if relation.get("Type", "").endswith("/officeDocument"):
            return _resolve("", relation.get("Target", ""))
    return "word/document.xml"


def _side_part(archive: zipfile.ZipFile, main: str, kind: str, fallback: str) -> Element | None:
    path = None
    for relation in _relationships(archive, main):
        if relation.get("Type", "") in (_REL_TYPES + kind, _STRICT_REL_TYPES + kind):
            path = _resolve(main, relation.get("Target", ""))
    path = path or fallback
    try:
        info = archive.getinfo(path)
    except KeyError:
        return None
    if info.file_size > _SIDE_PART_CAP:
        return None
    return SafeTree.fromstring(archive.read(path), forbid_dtd=True)


class _Lines:
    """Text of one paragraph, split where it has line breaks."""

    def __init__(self) -> None:
        self.lines: list[list[str]] = [[]]

    def add(self, text: str) -> None:
        self.lines[-1].append(text)

    def newline(self) -> None:
        self.lines.append([])

    def texts(self) -> list[str]:
        return [normalize_line("".join(parts)) for parts in self.lines]


class _BodyReader:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.blocks: list[Paragraph | Table] = []
        self.ordinal = 0
        self.alt_chunks = 0

    def read(self, stream) -> None:
        """Stream the body, handling each top-level block when it closes and then discarding it."""
        stack: list[Element] = []
        for event, element in SafeTree.iterparse(stream, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            if len(stack) == 2 and local(stack[1].tag) == "body":
                self._block(element)
                stack[1].remove(element)

    # -- blocks -------------------------------------------------------------------------------
    def _block(self, element: Element) -> None:
        name = local(element.tag)
        if name == "p":
            for text in self._paragraph(element):
                self._emit(text)
        elif name == "tbl":
            self._table(element)
        elif name in _CONTAINERS:
            for item in element:
                self._block(item)
        elif name == "altChunk":
            self.alt_chunks += 1

    def _emit(self, text: str) -> None:
        if text:
            self.ordinal += 1
            self.blocks.append(Paragraph(text, self.ordinal))

    def _paragraph(self, paragraph: Element) -> list[str]:
        """Lines of a paragraph (text boxes it anchors come first), its list number prefixed."""
        lines = _Lines()
        boxes: list[str] = []
        self._runs(paragraph, lines, boxes)
        texts = lines.texts()
        numbered = self.numbering.paragraph_numbering(child(paragraph, "pPr"))
        if numbered is not None:
            label = self.numbering.next_label(*numbered)
            first = next((index for index, text in enumerate(texts) if text), None)
            if label is not None and first is not None:
                texts[first] = _join_label(normalize_line(label[0]), label[1], texts[first])
        return boxes + texts

    def _runs(self, element: Element, lines: _Lines, boxes: list[str]) -> None:
        for item in element:
            tag = item.tag
            if tag == f"{{{_MC_NAMESPACE}}}Fallback":
                continue
            name = local(tag)
            if name in _SKIPPED:
                continue
            if name == "r" and _hidden(child(item, "rPr")):
                continue
            if name == "t":
                lines.add(item.text or "")
            elif name == "tab" or name == "ptab":
                lines.add("\t")
            elif name in ("br", "cr"):
                lines.newline()
            elif name == "noBreakHyphen":
                lines.add("-")
            elif name == "sym":
                lines.add(_symbol(item))
            elif name == "txbxContent":
                for block in item:
                    if local(block.tag) == "p":
                        boxes.extend(text for text in self._paragraph(block) if text)
                    elif local(block.tag) == "tbl":
                        boxes.extend(self._cell_lines_of_table(block))
            else:
                self._runs(item, lines, boxes)

    # -- tables -------------------------------------------------------------------------------
    def _table(self, table: Element) -> None:
        grid = self._grid(table)
        if all(len({id(cell) for cell in row}) <= 1 for row in grid):  # one column: a frame, not data
            for row in grid:
                for text in row[0] if row else []:
                    self._emit(text)
            return
        rows = [[" ".join(text for text in cell if text) for cell in row] for row in grid]
        lines = list(range(self.ordinal + 1, self.ordinal + 1 + len(rows)))
        built = build_table(rows, lines)
        if built is not None:
            self.ordinal = built.row_lines[-1]
            self.blocks.append(built)

    def _grid(self, table: Element) -> list[list[list[str]]]:
        """Rows of cells (each a list of lines), with gridSpan repeated across and vMerge repeated down."""
        grid: list[list[list[str]]] = []
        above: dict[int, list[str]] = {}
        for row in _children(table, "tr"):
            cells: list[list[str]] = []
            before = _int(attr(child(child(row, "trPr"), "gridBefore"), "val"), 0)
            cells.extend([] for _ in range(min(before, 64)))
            for cell in _children(row, "tc"):
                properties = child(cell, "tcPr")
                span = min(max(_int(attr(child(properties, "gridSpan"), "val"), 1), 1), 64)
                vertical = child(properties, "vMerge")
                horizontal = child(properties, "hMerge")
                column = len(cells)
                if vertical is not None and attr(vertical, "val", "continue") != "restart":
                    content = above.get(column, [])
                    self._cell_lines(cell)  # keep list counters moving through hidden merged cells
                elif horizontal is not None and attr(horizontal, "val", "continue") != "restart" and cells:
                    content = cells[-1]
                else:
                    content = self._cell_lines(cell)
                for offset in range(span):
                    if vertical is not None:
                        above[column + offset] = content
                    else:
                        above.pop(column + offset, None)
                cells.extend(content for _ in range(span))
            grid.append(cells)
        return grid

    def _cell_lines(self, cell: Element) -> list[str]:
        lines: list[str] = []
        for item in _blocks_in(cell):
            name = local(item.tag)
            if name == "p":
                lines.extend(text for text in self._paragraph(item) if text)
            elif name == "tbl":
                lines.extend(self._cell_lines_of_table(item))
        return lines

    def _cell_lines_of_table(self, table: Element) -> list[str]:
        """A table nested in a cell or text box: its rows flattened to lines of text."""
        lines = []
        for row in self._grid(table):
            text = " ".join(" ".join(cell) for cell in row if cell)
            text = normalize_line(text)
            if text:
                lines.append(text)
        return lines


def _children(element: Element, name: str) -> list[Element]:
    """Children with a given local name, looking through content controls and custom XML wrappers."""
    found = []
    for item in element:
        item_name = local(item.tag)
        if item_name == name:
            found.append(item)
        elif item_name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
            found.extend(_children(item, name))
    return found


def _blocks_in(cell: Element) -> list[Element]:
    found = []
    for item in cell:
        name = local(item.tag)
        if name in ("p", "tbl"):
            found.append(item)
        elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
            found.extend(_blocks_in(item))
    return found


def _hidden(run_properties: Element | None) -> bool:
    vanish = child(run_properties, "vanish")
    return vanish is not None and attr(vanish, "val", "1") not in ("0", "false", "off")


def _symbol(element: Element) -> str:
    """A w:sym character, unless it is a private-use glyph of a symbol font."""
    try:
        code = int(attr(element, "char", "") or "", 16)
    except ValueError:
        return ""
    if 0xE000 <= code <= 0xF8FF or code < 0x20:
        return ""
    return chr(code)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _join_label(label: str, suffix: str, text: str) -> str:
    """Put a list number before its text the way Chinese notices write it: "1.推进…", "一、…", "(一)…".

    A space is kept only where gluing would change the meaning, e.g. "1." before "5亿元".
    """
    if not label:
        return text
    if suffix != "nothing" and text[:1].isascii() and text[:1].isalnum():
        return f"{label} {text}"
    return f"{label}{text}"
