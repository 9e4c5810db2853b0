"""Readers: any notice file (txt, html, docx, xlsx, xls, pdf) → a `Document` of paragraphs and tables.

Every string in the result has been through `normalize_line`; every failure is a `NoticeError` whose
message is one Chinese line naming the file.
"""

from __future__ import annotations

import os
import stat

from ..errors import UnreadableInput, UnsupportedFormat
from ..model import Diagnostic, Document
from .docx import read_docx
from .guard import file_label, reading
from .html import document_from_markup, read_html_bytes
from .limits import DEFAULT_LIMITS, Limits, check_size
from .sniff import EXTENSION_FORMATS, FORMAT_NAMES, SUPPORTED, UNSUPPORTED_KINDS, extension, sniff
from .pdf import read_pdf
from .text import EMPTY_WARNING, NotText, decode_bytes, document_from_text, looks_like_html
from .xls import read_xls
from .xlsx import read_xlsx

__all__ = ["Limits", "read_bytes", "read_path", "read_text"]


def read_path(path: str | os.PathLike, *, limits: Limits | None = None) -> Document:
    """Read a notice from disk, refusing oversized files before reading them."""
    limits = limits or DEFAULT_LIMITS
    source = os.fsdecode(os.fspath(path))
    label = file_label(source)
    try:
        info = os.stat(source)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableInput(f"{label}是一个目录，不是文件")
        check_size(info.st_size, label, limits)
        with open(source, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)  # bounded even when st_size lies (pipes, /dev/zero)
    except FileNotFoundError as exc:
        raise UnreadableInput(f"找不到{label}") from exc
    except PermissionError as exc:
        raise UnreadableInput(f"没有权限读取{label}") from exc
    except OSError as exc:
        raise UnreadableInput(f"无法打开{label}（{exc.strerror or type(exc).__name__}）") from exc
    return read_bytes(data, source, limits=limits)


def read_bytes(data: bytes, filename: str | None = None, *, limits: Limits | None = None) -> Document:
    """Read an upload or stdin: the content decides the container, the name's extension only breaks ties."""
    limits = limits or DEFAULT_LIMITS
    source = filename or "<stdin>"
    label = file_label(source)
    check_size(len(data), label, limits)
    if not data.strip():
        return _finish(Document(blocks=[], source=source, format=_empty_format(filename)))
    ext = extension(filename)
    kind = sniff(data, ext)
    if kind in UNSUPPORTED_KINDS:
        raise UnsupportedFormat(f"{label}是{UNSUPPORTED_KINDS[kind]}")
    if kind == "broken-zip":
        expected = FORMAT_NAMES.get(EXTENSION_FORMATS.get(ext, ""), "Word/Excel 文件")
        raise UnreadableInput(f"{label}不是完整的{expected}（zip 结构已损坏）")
    if kind is not None:
        return _finish(_read_container(kind, data, source, limits))
    return _finish(_read_textual(data, source, ext, limits))


def read_text(text: str, source: str = "<stdin>", *, limits: Limits | None = None) -> Document:
    """Read text that is already decoded (pasted or piped), still recognising HTML markup in it."""
    limits = limits or DEFAULT_LIMITS
    check_size(len(text.encode("utf-8", errors="replace")), file_label(source), limits)
    with reading(source, "文本"):
        if looks_like_html(text):
            return _finish(document_from_markup(text, source, None, limits))
        return _finish(document_from_text(text, source, None))


_CONTAINER_READERS = {"docx": read_docx, "xlsx": read_xlsx, "xls": read_xls, "pdf": read_pdf}


def _read_container(kind: str, data: bytes, source: str, limits: Limits) -> Document:
    with reading(source, FORMAT_NAMES[kind]):
        return _CONTAINER_READERS[kind](data, source, limits)


def _read_textual(data: bytes, source: str, ext: str, limits: Limits) -> Document:
    """Text or markup: HTML by extension or by content, else plain lines. Binary junk is refused."""
    expected = EXTENSION_FORMATS.get(ext)
    label = file_label(source)
    with reading(source, FORMAT_NAMES.get(expected or "txt", "文本文件")):
        try:
            if expected == "html" or _markup_ahead(data):
                return read_html_bytes(data, source, limits)
            text, encoding = decode_bytes(data, source)
        except NotText as exc:
            if ext and expected is None:
                raise UnsupportedFormat(f"不支持{label}的文件类型（{ext}）；{SUPPORTED}") from exc
            if expected in _CONTAINER_READERS:
                raise UnreadableInput(f"{label}不是有效的{FORMAT_NAMES[expected]}（文件可能已损坏）") from exc
            raise
        if looks_like_html(text):
            return read_html_bytes(data, source, limits)  # decoded again, honouring its own <meta charset>
        return document_from_text(text, source, encoding)


def _markup_ahead(data: bytes) -> bool:
    """Cheap byte-level check for a page, so its own <meta charset> is honoured before any guessing."""
    head = data[:4096].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:65536].lower()


def _empty_format(filename: str | None) -> str:
    return EXTENSION_FORMATS.get(extension(filename), "txt")


def _finish(document: Document) -> Document:
    """Every reader reports an empty result the same way: no blocks and a 文件为空 warning."""
    if not document.blocks and not any(w.message == EMPTY_WARNING for w in document.warnings):
        document.warnings.append(Diagnostic(0, EMPTY_WARNING))
    return document
