"""The 责任分解表 as a Word file in the form the office's own documents take (公文, GB/T 9704-2012).

Layout: a portrait A4 first page like the notice's cover — document number, title in 2号
方正小标宋简体, the list of attachments, issuer and date — then each attachment (附件1, 附件2…) on
A4 landscape pages with its table.

Why landscape for the tables: the table has seven columns, and the task text, the cooperating
units (often a dozen names, with those a notice rule added) and the targets all need room. In the
portrait text block (156 mm) the task column would get about 10 characters a line and a single task
would run over a page; turned, the same text block is 225 mm wide. The landscape pages keep the
text block of GB/T 9704 turned by a quarter: the binding margin (28 mm) becomes the top.

Fonts: the East Asian font is written on every run (`w:rFonts w:eastAsia`) and on the Normal style,
since naming a font alone does not apply it to Chinese text. Table text is 小四 (12 pt) 仿宋 so that
rows stay readable on paper; the header row is 黑体 bold and repeats on every page (`w:tblHeader`).
Page numbers are `— 1 —` in 4号 宋体 at the outside edge: odd pages right, even pages left.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from luoshi.notice.export_xlsx import Heading, TableRow

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

SIZE_2 = 22  # 2号
SIZE_3 = 16  # 3号
SIZE_4 = 14  # 4号
SIZE_SMALL_4 = 12  # 小四

A4_SHORT, A4_LONG = 210, 297
# GB/T 9704 portrait text block 156 × 225 mm: top 37, left (binding) 28, so right 26 and bottom 35.
PORTRAIT_MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# The same text block turned a quarter for wide tables: the binding edge is at the top.
LANDSCAPE_MARGINS = {"top": 28, "bottom": 26, "left": 35, "right": 37}
LINES_PER_PAGE = 22


@dataclass(frozen=True)
class DocColumn:
    header: str
    width_mm: float
    centred: bool = False


# Widths sum to the 225 mm of the turned text block.
RESPONSIBILITY_COLUMNS = [
    DocColumn("序号", 14, True),
    DocColumn("工作任务", 72),
    DocColumn("牵头领导", 19, True),
    DocColumn("牵头单位", 27),
    DocColumn("配合单位", 41),
    DocColumn("完成时限", 20, True),
    DocColumn("量化目标", 32),
]


def clean(text: object) -> str:
    """Text XML can carry (control characters dropped)."""
    return ILLEGAL_CHARACTERS_RE.sub("", "" if text is None else str(text))


class OfficialDocument:
    """A python-docx document with the 公文 page set-up, fonts and page numbers."""

    def __init__(self, title: str = "") -> None:
        self.doc = Document()
        self.doc.core_properties.title = clean(title)[:255]
        self.doc.settings.odd_and_even_pages_header_footer = True
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(SIZE_3)
        set_fonts(normal.element.get_or_add_rPr(), FANGSONG)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        self._first_section = True

    # Page set-up ---------------------------------------------------------------------------

    def portrait(self) -> None:
        section = self._section()
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(A4_SHORT), Mm(A4_LONG)
        self._margins(section, PORTRAIT_MARGINS)
        # 22 lines a page: a line grid of 225 mm / 22.
        self._line_grid(section, (A4_LONG - PORTRAIT_MARGINS["top"] - PORTRAIT_MARGINS["bottom"]) / LINES_PER_PAGE)

    def landscape(self) -> None:
        section = self._section()
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(A4_LONG), Mm(A4_SHORT)
        self._margins(section, LANDSCAPE_MARGINS)
        self._line_grid(section, None)

    def _section(self):
        if self._first_section:
            self._first_section = False
            section = self.doc.sections[0]
            self._page_numbers(section)
            return section
        return self.doc.add_section(WD_SECTION.NEW_PAGE)

    @staticmethod
    def _margins(section, margins: dict[str, float]) -> None:
        section.top_margin = Mm(margins["top"])
        section.bottom_margin = Mm(margins["bottom"])
        section.left_margin = Mm(margins["left"])
        section.right_margin = Mm(margins["right"])
        section.gutter = Mm(0)
        section.header_distance = Mm(15)
        # The page number sits about 7 mm under the text block.
        section.footer_distance = Mm(max(margins["bottom"] - 7 - 6, 8))

    @staticmethod
    def _line_grid(section, pitch_mm: float | None) -> None:
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        for name in list(grid.attrib):
            del grid.attrib[name]
        if pitch_mm is None:
            grid.set(qn("w:linePitch"), "312")
        else:
            grid.set(qn("w:type"), "lines")
            grid.set(qn("w:linePitch"), str(round(pitch_mm / 25.4 * 1440)))

    def _page_numbers(self, section) -> None:
        """`— n —` in 4号 宋体, one full-width space from the outside edge: odd right, even left."""
        section.footer.is_linked_to_previous = False
        section.even_page_footer.is_linked_to_previous = False
        _page_number_paragraph(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number_paragraph(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    # Text ----------------------------------------------------------------------------------

    def paragraph(self, text: str = "", *, font: str = FANGSONG, size: float = SIZE_3, bold: bool = False,
                  align=None, first_line_chars: float = 0, space_after: float = 0):
        paragraph = self.doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if first_line_chars:
            paragraph.paragraph_format.first_line_indent = Pt(size * first_line_chars)
        if space_after:
            paragraph.paragraph_format.space_after = Pt(space_after)
        if text:
            add_run(paragraph, text, font, size, bold)
        return paragraph

    def title(self, text: str):
        """The document title: 2号 方正小标宋简体, centred."""
        return self.paragraph(text, font=XIAOBIAOSONG, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)

    def doc_number(self, text: str):
        """The document number line (`金政办发〔2018〕23号`), 3号 仿宋, centred."""
        return self.paragraph(text, font=FANGSONG, size=SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)

    def heading(self, text: str, level: int = 1):
        """`一、` headings in 黑体, `(一)` headings in 楷体, both 3号."""
        return self.paragraph(text, font=HEITI if level <= 1 else KAITI, size=SIZE_3)

    # Tables --------------------------------------------------------------------------------

    def table(self, columns: Sequence[DocColumn], rows: Sequence[TableRow], *, size: float = SIZE_SMALL_4) -> None:
        """A bordered fixed-width table; a bold header row repeated on every page; headings merged across."""
        table = self.doc.add_table(rows=0, cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        tbl = table._tbl
        tbl_pr = tbl.tblPr
        tbl_pr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
        width = tbl_pr.find(qn("w:tblW"))
        width.set(qn("w:w"), str(sum(_twips(c.width_mm) for c in columns)))
        width.set(qn("w:type"), "dxa")
        grid = tbl.tblGrid
        for col, spec in zip(grid.findall(qn("w:gridCol")), columns, strict=True):
            col.set(qn("w:w"), str(_twips(spec.width_mm)))
        widths = [_twips(c.width_mm) for c in columns]
        tbl.append(_row([(c.header, w, True) for c, w in zip(columns, widths, strict=True)], HEITI, size, bold=True, header=True))
        centred = [c.centred for c in columns]
        for entry in rows:
            if isinstance(entry, Heading):
                font = HEITI if entry.depth == 0 else KAITI
                tbl.append(_row([(entry.title, sum(widths), False)], font, size, bold=entry.depth == 0, span=len(columns)))
            else:
                cells = [(_cell_text(value), w, c) for value, w, c in zip(entry, widths, centred, strict=True)]
                tbl.append(_row(cells, FANGSONG, size))

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def set_fonts(r_pr, font: str) -> None:
    """Name the font for every script, East Asian included (`w:eastAsia`), on a run or style's rPr."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    fonts.set(qn("w:hint"), "eastAsia")


def add_run(paragraph, text: str, font: str, size: float, bold: bool = False):
    """A run with its fonts set for every script; new lines become line breaks."""
    run = paragraph.add_run()
    run.font.size = Pt(size)
    run.font.bold = bold or None
    set_fonts(run._r.get_or_add_rPr(), font)
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            run.add_break()
        run.add_text(line)
    return run


def _page_number_paragraph(paragraph, align) -> None:
    paragraph.alignment = align
    space = "\u3000"  # one full-width space from the outside edge
    before = "— " if align == WD_ALIGN_PARAGRAPH.RIGHT else space + "— "
    after = " —" + space if align == WD_ALIGN_PARAGRAPH.RIGHT else " —"
    add_run(paragraph, before, SONGTI, SIZE_4)
    _field(paragraph, "PAGE", SONGTI, SIZE_4)
    add_run(paragraph, after, SONGTI, SIZE_4)


def _field(paragraph, instruction: str, font: str, size: float) -> None:
    """A Word field (PAGE) as begin / instruction / separate / placeholder / end runs."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("text", "1"), ("end", None)):
        run = add_run(paragraph, "", font, size)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.add_text(text)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _cell_text(value: object) -> str:
    return "" if value is None else str(value)


def _row(cells: list[tuple[str, int, bool]], font: str, size: float, *, bold: bool = False, header: bool = False,
         span: int = 1):
    """A `w:tr` built directly (python-docx's cell API is slow on long tables)."""
    tr = OxmlElement("w:tr")
    tr_pr = OxmlElement("w:trPr")
    if header:
        tr_pr.append(OxmlElement("w:cantSplit"))
        tr_pr.append(OxmlElement("w:tblHeader"))
    tr.append(tr_pr)
    for text, width, centred in cells:
        tc = OxmlElement("w:tc")
        tc_pr = OxmlElement("w:tcPr")
        tc_w = OxmlElement("w:tcW")
        tc_w.set(qn("w:w"), str(width))
        tc_w.set(qn("w:type"), "dxa")
        tc_pr.append(tc_w)
        if span > 1:
            grid_span = OxmlElement("w:gridSpan")
            grid_span.set(qn("w:val"), str(span))
            tc_pr.append(grid_span)
        if header:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), "D9D9D9")
            tc_pr.append(shading)
        v_align = OxmlElement("w:vAlign")
        v_align.set(qn("w:val"), "center")
        tc_pr.append(v_align)
        tc.append(tc_pr)
        p = OxmlElement("w:p")
        p_pr = OxmlElement("w:pPr")
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:before"), "0")
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")
        p_pr.append(spacing)
        if centred:
            jc = OxmlElement("w:jc")
            jc.set(qn("w:val"), "center")
            p_pr.append(jc)
        p.append(p_pr)
        lines = clean(text).split("\n")
        r = OxmlElement("w:r")
        r_pr = OxmlElement("w:rPr")
        set_fonts(r_pr, font)
        if bold:
            r_pr.append(OxmlElement("w:b"))
        for tag in ("w:sz", "w:szCs"):
            sz = OxmlElement(tag)
            sz.set(qn("w:val"), str(int(size * 2)))
            r_pr.append(sz)
        r.append(r_pr)
        for i, line in enumerate(lines):
            if i:
                r.append(OxmlElement("w:br"))
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = line
            r.append(t)
        p.append(r)
        tc.append(p)
        tr.append(tc)
    return tr
