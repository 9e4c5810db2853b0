"""Choosing a reader: content over extension, size caps before reading, clear refusals for other formats."""

from __future__ import annotations

import io
import random
import time
import zipfile

import docx
import openpyxl
import pytest
from readers_support.xls_builder import Sheet, build_xls, compound_file

from luoshi.notice.errors import InputTooLarge, NoticeError, UnreadableInput, UnsupportedFormat
from luoshi.notice.model import Document, Table
from luoshi.notice.readers import Limits, read_bytes, read_path
from luoshi.notice.readers.limits import format_size

MB = 1024 * 1024


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("1.全面完成预期目标。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "牵头单位", "市发改委"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "牵头单位"])
    workbook.active.append([1, "市发改委"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    drawing.setFont("STSong-Light", 12)
    drawing.drawString(72, 700, "牵头单位：市发改委")
    drawing.save()
    return buffer.getvalue()


SAMPLES = {
    "docx": docx_bytes,
    "xlsx": xlsx_bytes,
    "pdf": pdf_bytes,
    "xls": lambda: build_xls([Sheet("任务", {(0, 0): "牵头单位", (0, 1): "市发改委"})]),
    "html": lambda: "<html><body><p>牵头单位：市发改委</p></body></html>".encode("gbk"),
    "txt": lambda: "牵头单位：市发改委\n".encode("gbk"),
}


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_format_is_sniffed_from_content_when_there_is_no_name(kind):
    document = read_bytes(SAMPLES[kind](), None)
    assert document.format == kind
    assert document.source == "<stdin>"
    assert "市发改委" in repr(document.blocks)


def test_content_wins_over_a_wrong_extension():
    assert read_bytes(xlsx_bytes(), "tasks.docx").format == "xlsx"
    assert read_bytes(pdf_bytes(), "notice.txt").format == "pdf"
    exported = "<table><tr><td>序号</td><td>牵头单位</td></tr><tr><td>1</td><td>市发改委</td></tr></table>"
    document = read_bytes(exported.encode("utf-8"), "export.xls")  # sites often serve HTML tables as .xls
    assert document.format == "html"
    assert isinstance(document.blocks[0], Table) and document.blocks[0].rows[1] == ["1", "市发改委"]
    assert read_bytes("<html><body><p>正文</p></body></html>".encode(), "saved-as-web-page.doc").format == "html"


def test_unknown_extension_with_text_is_read_as_text():
    assert read_bytes("牵头单位:市发改委".encode(), "notice.dat").format == "txt"


def test_unknown_extension_with_binary_content_is_unsupported():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    with pytest.raises(UnsupportedFormat) as caught:
        read_bytes(png, "scan.png")
    assert str(caught.value) == "不支持文件“scan.png”的文件类型（.png）；支持 .txt .html .docx .xlsx .xls .pdf"


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (compound_file(b"\0" * 600, name="WordDocument"), "old.doc", "另存为 .docx"),
        (compound_file(b"\0" * 600, name="EncryptedPackage"), "locked.docx", "取消密码"),
        (b"{\\rtf1\\ansi \\u29301?}", "notice.doc", "RTF"),
    ],
)
def test_formats_we_do_not_read_are_named_with_what_to_do(data, name, fragment):
    with pytest.raises(UnsupportedFormat) as caught:
        read_bytes(data, name)
    assert fragment in str(caught.value) and name in str(caught.value)


def test_odf_and_plain_zip_archives_are_unsupported():
    for members, fragment in (({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}, "OpenDocument"),
                              ({"notice.docx": "x"}, "解压")):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in members.items():
                archive.writestr(name, content)
        with pytest.raises(UnsupportedFormat, match=fragment):
            read_bytes(buffer.getvalue(), "upload.zip")


def test_known_binary_extension_with_junk_is_unreadable_not_unsupported():
    rng = random.Random(7)
    junk = bytes(rng.randrange(1, 256) for _ in range(4096))
    with pytest.raises(UnreadableInput, match="不是有效的PDF"):
        read_bytes(junk, "notice.pdf")


def test_oversized_upload_is_refused_at_once():
    data = b"x" * (50 * MB)
    started = time.perf_counter()
    with pytest.raises(InputTooLarge) as caught:
        read_bytes(data, "big.txt")
    assert time.perf_counter() - started < 0.5
    assert str(caught.value) == "文件“big.txt”大小为 50 MB，超过了 20 MB 的上限，未读取"


def test_oversized_file_on_disk_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.pdf"
    with open(path, "wb") as handle:
        handle.truncate(50 * MB)  # sparse: the size is real, the bytes are never read
    started = time.perf_counter()
    with pytest.raises(InputTooLarge, match="big.pdf"):
        read_path(path)
    assert time.perf_counter() - started < 0.5


def test_limits_can_be_tightened():
    with pytest.raises(InputTooLarge, match="1 KB"):
        read_bytes(b"a" * 2048, "a.txt", limits=Limits(max_bytes=1024))
    assert Limits().max_rows == 20_000 and Limits().max_pdf_pages == 200
    assert Limits().max_unzipped_bytes == 100 * MB and Limits().max_zip_ratio == 100


def test_format_size():
    assert [format_size(size) for size in (512, 1536, 20 * MB, 3 * 1024 * MB)] == ["512 B", "1.5 KB", "20 MB", "3 GB"]


def test_missing_file_and_directory_are_unreadable(tmp_path):
    with pytest.raises(UnreadableInput, match="找不到"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(UnreadableInput, match="是一个目录"):
        read_path(tmp_path)


def test_messages_stay_on_one_line_whatever_the_file_name():
    with pytest.raises(NoticeError) as caught:
        read_bytes(b"\0\1\2" * 100, "evil\nname.txt")
    assert "\n" not in str(caught.value) and "evil name.txt" in str(caught.value)


@pytest.mark.parametrize("kind", ["docx", "xlsx", "xls", "pdf", "html"])
def test_damaged_files_give_a_document_or_a_notice_error_never_a_traceback(kind):
    original = SAMPLES[kind]()
    rng = random.Random(kind)
    for _ in range(25):
        data = bytearray(original)
        for _ in range(rng.randrange(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(1, len(data))]
        try:
            result = read_bytes(bytes(data), f"damaged.{kind}")
        except NoticeError as error:
            assert "damaged" in str(error) and "\n" not in str(error)
        else:
            assert isinstance(result, Document)
