"""Decide what a file is from its first bytes and its name, because extensions on government sites lie."""

from __future__ import annotations

import io
import os
import zipfile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Extensions we read, by the format their content is expected to have.
EXTENSION_FORMATS = {
    ".txt": "txt", ".text": "txt", ".csv": "txt", ".md": "txt",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".jsp": "html", ".asp": "html", ".aspx": "html", ".php": "html",
    ".docx": "docx", ".docm": "docx", ".dotx": "docx",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx",
    ".xls": "xls", ".et": "xls",
    ".pdf": "pdf",
}
FORMAT_NAMES = {
    "txt": "文本文件", "html": "网页", "docx": "Word (.docx) 文档", "xlsx": "Excel (.xlsx) 工作簿",
    "xls": "Excel (.xls) 工作簿", "pdf": "PDF 文件",
}
SUPPORTED = "支持 .txt .html .docx .xlsx .xls .pdf"
# Formats recognised only to say clearly what to do with them.
UNSUPPORTED_KINDS = {
    "doc": "旧版 Word (.doc) 文件，请用 Word 或 WPS 另存为 .docx 后再导入",
    "encrypted": "加密的 Office 文件，请先取消密码再导入",
    "rtf": "RTF 文件，请用 Word 或 WPS 另存为 .docx 后再导入",
    "odf": "OpenDocument 文件，请另存为 .docx 或 .xlsx 后再导入",
    "zip": "zip 压缩包而不是 Word/Excel 文件，请解压后导入其中的文件",
}


def extension(filename: str | None) -> str:
    """The lower-cased extension of a file name, or "" when there is none."""
    if not filename:
        return ""
    return os.path.splitext(os.path.basename(filename))[1].lower()


def sniff(data: bytes, ext: str = "") -> str | None:
    """Name the container a file's bytes hold (docx, xlsx, pdf, xls, or an unsupported kind); None for text.

    `ext` only breaks ties, e.g. an .xls workbook that embeds a Word object.
    """
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(OLE2_MAGIC):
        return _ole2_kind(data, ext)
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    return None


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except Exception:  # noqa: BLE001 - zipfile raises many types on damaged archives
        return "broken-zip"
    if "word/document.xml" in names or any(name.startswith("word/") for name in names):
        return "docx"
    if "xl/workbook.xml" in names or any(name.startswith("xl/") for name in names):
        return "xlsx"
    if "mimetype" in names or "content.xml" in names:
        return "odf"
    return "zip"


def _ole2_kind(data: bytes, ext: str) -> str:
    """Look for the stream names an OLE2 directory holds (they are stored in UTF-16)."""

    def holds(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if holds("EncryptedPackage"):
        return "encrypted"
    workbook = holds("Workbook") or holds("Book")
    if holds("WordDocument") and not (workbook and EXTENSION_FORMATS.get(ext) == "xls"):
        return "doc"
    return "xls"
