"""PDF notices: the text layer only, line by line, without the page furniture that page numbers are."""

from __future__ import annotations

import io
import logging
import re
from contextlib import contextmanager
from collections.abc import Iterator

from ..errors import UnreadableInput
from ..model import Diagnostic, Document, Paragraph
from ..normalize import normalize_line
from .guard import file_label
from .limits import Limits

_CID = re.compile(r"\(cid:\d+\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DASHED_PAGE_NUMBER = re.compile(r"^[—–―─\-~]+\s*\d{1,4}\s*[—–―─\-~]+$")
_EDGE_PAGE_NUMBER = re.compile(
    r"^(?:\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,/]?\s*第\s*\d{1,4}\s*页|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_EDGE_ROWS = 2  # lone numbers are only page numbers in the first or last rows of a page

Line = tuple[float, float, float, float, str]  # x0, y0, x1, y1, text


def read_pdf(data: bytes, source: str, limits: Limits) -> Document:
    """Read the text layer page by page, rows of text becoming Paragraphs; scans are refused clearly."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    label = file_label(source)
    blocks: list[Paragraph] = []
    warnings: list[Diagnostic] = []
    row_number = 0
    cid_glyphs = 0
    with _quiet_pdfminer():
        try:
            document = PDFDocument(PDFParser(io.BytesIO(data)))
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise UnreadableInput(f"{label}是加密的 PDF，请先取消密码再导入") from exc
        resources = PDFResourceManager(caching=True)
        device = PDFPageAggregator(resources, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(resources, device)
        for index, page in enumerate(PDFPage.create_pages(document)):
            if index >= limits.max_pdf_pages:
                warnings.append(
                    Diagnostic(0, f"PDF 超过 {limits.max_pdf_pages} 页的上限：只读取了前 {limits.max_pdf_pages} 页，其余已忽略")
                )
                break
            interpreter.process_page(page)
            rows = page_rows(list(_text_lines(device.get_result())))
            for position, raw in enumerate(rows):
                row_number += 1
                cid_glyphs += len(_CID.findall(raw))
                text = normalize_line(_CONTROL.sub("", _CID.sub("", raw)))
                at_edge = position < _EDGE_ROWS or position >= len(rows) - _EDGE_ROWS
                if text and not is_page_number(text, at_edge):
                    blocks.append(Paragraph(text, row_number))
    if not blocks:
        if cid_glyphs:
            raise UnreadableInput(f"{label}的文字无法解码（PDF 字体缺少 Unicode 映射），请改用 Word 或文本版本")
        raise UnreadableInput(f"{label}中的 PDF 没有可提取的文字层（可能是扫描件），请改用 Word、网页或文本版本")
    text_chars = sum(len(block.text) for block in blocks)
    if cid_glyphs > text_chars:
        warnings.append(Diagnostic(0, "PDF 中有大量文字无法解码（字体缺少 Unicode 映射），读出的内容可能不完整"))
    return Document(blocks=list(blocks), source=source, format="pdf", warnings=warnings)


def is_page_number(text: str, at_edge: bool) -> bool:
    """Page furniture: "— 1 —" anywhere; "3", "3/10", "第 3 页" only at the top or bottom of a page."""
    return bool(_DASHED_PAGE_NUMBER.match(text) or (at_edge and _EDGE_PAGE_NUMBER.match(text)))


def page_rows(lines: list[Line]) -> list[str]:
    """Join text lines that share a baseline band (table cells, split runs) into rows, top to bottom."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda item: (-item[3], item[0])):
        if rows and _same_row(rows[-1][0], line):
            rows[-1].append(line)
        else:
            rows.append([line])
    texts = []
    for row in rows:
        row.sort(key=lambda item: item[0])
        texts.append(" ".join(item[4] for item in row))
    return texts


def _same_row(first: Line, line: Line) -> bool:
    overlap = min(first[3], line[3]) - max(first[1], line[1])
    height = min(first[3] - first[1], line[3] - line[1])
    return height > 0 and overlap >= 0.5 * height


def _text_lines(layout) -> Iterator[Line]:
    from pdfminer.layout import LTTextLine

    stack = [layout]
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLine):
            text = item.get_text().strip()
            if text:
                yield (item.x0, item.y0, item.x1, item.y1, text)
        elif hasattr(item, "__iter__"):
            stack.extend(item)


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs warnings about malformed files to stderr; a user only needs our one-line message."""
    logger = logging.getLogger("pdfminer")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)
