"""Read a responsibility-decomposition notice (责任分解通知) into structured tasks. No Django here.

    >>> from luoshi.notice import parse_path
    >>> notice = parse_path("jinhua-2018-notice.txt")
    >>> len(notice.tasks)
    107
"""

from __future__ import annotations

import os

from .errors import InputTooLarge, NoticeError, UnreadableInput, UnsupportedFormat
from .model import ParsedNotice
from .readers import Limits, read_bytes, read_path, read_text
from .structure import parse_document

__all__ = [
    "InputTooLarge",
    "Limits",
    "NoticeError",
    "ParsedNotice",
    "UnreadableInput",
    "UnsupportedFormat",
    "parse_bytes",
    "parse_path",
    "parse_text",
]


def parse_path(path: str | os.PathLike, *, profile: str | None = None, limits: Limits | None = None) -> ParsedNotice:
    """Parse a notice file (txt, html, docx, xlsx, xls, pdf). Raises NoticeError when it cannot be read."""
    return parse_document(read_path(path, limits=limits), profile_name=profile)


def parse_bytes(data: bytes, filename: str | None = None, *, profile: str | None = None, limits: Limits | None = None) -> ParsedNotice:
    """Parse an uploaded or piped notice; the file name, when known, tells the format."""
    return parse_document(read_bytes(data, filename, limits=limits), profile_name=profile)


def parse_text(text: str, *, source: str = "<text>", profile: str | None = None) -> ParsedNotice:
    """Parse a notice already in a string (pasted text)."""
    return parse_document(read_text(text, source), profile_name=profile)
