"""PDF notices: a Chinese text layer, page furniture, scans without text, broken files."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from luoshi.notice.errors import UnreadableInput
from luoshi.notice.readers import Limits, read_bytes, read_path
from luoshi.notice.readers.pdf import is_page_number, page_rows

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def make_pdf(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """Pages of (x, y, text) drawn in STSong-Light, so the PDF has a real Chinese text layer."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for page in pages:
        drawing.setFont("STSong-Light", 14)
        for x, y, text in page:
            drawing.drawString(x, y, text)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def notice_page(number: int, footer: str) -> list[tuple[float, float, str]]:
    return [
        (72, 780, f"{number}.全面完成2018年全市经济社会发展预期目标。"),
        (72, 750, "牵头单位：市发改委"),
        (72, 720, "12"),  # a lone number inside the page is content, not a page number
        (72, 690, "配合单位：市统计局"),
        (280, 40, footer),
    ]


def test_chinese_text_layer_reads_line_by_line_without_page_numbers(tmp_path):
    path = tmp_path / "notice.pdf"
    path.write_bytes(make_pdf([notice_page(1, "— 1 —"), notice_page(2, "第 2 页"), notice_page(3, "3/10")]))
    document = read_path(path)
    assert document.format == "pdf"
    texts = [block.text for block in document.blocks]
    assert texts[:4] == ["1.全面完成2018年全市经济社会发展预期目标。", "牵头单位:市发改委", "12", "配合单位:市统计局"]
    assert len(texts) == 12
    assert not any(text in ("— 1 —", "第 2 页", "3/10") for text in texts)
    lines = [block.line for block in document.blocks]
    assert lines == sorted(lines) and lines[4] == 6, "page-number rows still count as lines"


def test_fragments_on_one_baseline_become_one_row():
    page = [(72, 700, "1"), (120, 700, "推进数字化转型"), (400, 700, "市发改委"), (72, 670, "2"), (120, 670, "扩大开放")]
    document = read_bytes(make_pdf([page]), "table.pdf")
    assert [block.text for block in document.blocks] == ["1 推进数字化转型 市发改委", "2 扩大开放"]


def test_page_cap_stops_reading_with_a_warning():
    document = read_bytes(make_pdf([notice_page(n, "") for n in range(1, 5)]), "long.pdf", limits=Limits(max_pdf_pages=2))
    assert document.blocks[-1].text == "配合单位:市统计局"
    assert sum(block.text.startswith(("1.", "2.", "3.")) for block in document.blocks) == 2
    assert [warning.message for warning in document.warnings] == ["PDF 超过 2 页的上限：只读取了前 2 页，其余已忽略"]


def test_pdf_without_a_text_layer_is_refused_as_a_scan():
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    drawing.rect(100, 100, 300, 400, fill=1)  # an image-like page: marks but no text
    drawing.showPage()
    drawing.showPage()  # and an empty page
    drawing.save()
    with pytest.raises(UnreadableInput) as caught:
        read_bytes(buffer.getvalue(), "scan.pdf")
    assert "没有可提取的文字层" in str(caught.value) and "scan.pdf" in str(caught.value)


@pytest.mark.parametrize("cut", [200, 600, -40])
def test_corrupt_pdf_is_unreadable_not_a_traceback(cut):
    data = make_pdf([notice_page(1, "— 1 —")])
    with pytest.raises(UnreadableInput, match="broken.pdf"):
        read_bytes(data[:cut] + b"garbage" * 3, "broken.pdf")


def test_page_number_patterns():
    for text in ("— 1 —", "- 2 -", "—12—", "~3~"):
        assert is_page_number(text, at_edge=False)
    for text in ("3", "3/10", "第 3 页", "第3页 共10页", "共10页 第3页", "Page 4 of 9"):
        assert is_page_number(text, at_edge=True) and not is_page_number(text, at_edge=False)
    for text in ("2018年", "1.推进改革", "第三章"):
        assert not is_page_number(text, at_edge=True)


def test_page_rows_keeps_separate_baselines_apart():
    lines = [(300, 700, 400, 712, "市发改委"), (72, 701, 200, 713, "推进改革"), (72, 680, 200, 692, "下一行")]
    assert page_rows(lines) == ["推进改革 市发改委", "下一行"]
