"""Plain-text notices: guess the encoding the way Chinese files are really saved, then one Paragraph per line."""

from __future__ import annotations

import codecs
import re

from ..errors import UnreadableInput
from ..model import Diagnostic, Document, Paragraph
from ..normalize import normalize_line
from .guard import file_label

EMPTY_WARNING = "文件为空"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_PLAUSIBILITY_SAMPLE = 256 * 1024

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|table|span|font|br|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(r"</?(?:p|br|table|tr|td|div|li|h[1-6])\b[^<>]{0,500}>", re.IGNORECASE)
_HTML_TAG_THRESHOLD = 5


class NotText(UnreadableInput):
    """Bytes that no text encoding explains: binary junk, or a format we do not know."""


def not_text_message(source: str) -> str:
    """Say why binary input was refused, naming the file."""
    return f"{file_label(source)}不是可识别的文本文件（含有二进制内容或无法判断编码）"


def decode_bytes(data: bytes, source: str = "<stdin>") -> tuple[str, str]:
    """Decode a text file as its author most likely saved it: BOM, UTF-8, GB18030, then a statistical guess."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise NotText(
                    f"{file_label(source)}以 {codec.upper()} 标记开头，但内容无法按该编码解码"
                ) from exc
    data = data.rstrip(b"\x00\x1a")
    if b"\x00" in data:
        raise NotText(not_text_message(source))
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _plausible_gb(text):
            return _checked(text, source), codec
    return _guess(data, source)


def _plausible_gb(text: str) -> bool:
    """GB18030 decodes Big5 and other double-byte text without error; real GB text stays inside GB2312."""
    sample = text[:_PLAUSIBILITY_SAMPLE]
    wide = len(sample) - len(sample.encode("ascii", errors="ignore"))
    if wide < 4:
        return True
    outside = sample.encode("gb2312", errors="replace").count(b"?") - sample.count("?")
    return outside / wide <= 0.15


def _guess(data: bytes, source: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise NotText(not_text_message(source))
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise NotText(not_text_message(source)) from exc
    return _checked(text, source), codecs.lookup(best.encoding).name


def _checked(text: str, source: str) -> str:
    """Refuse decodings that are mostly control characters: that is binary read as text."""
    controls = len(_CONTROL.findall(text[:_PLAUSIBILITY_SAMPLE]))
    if controls > max(2, min(len(text), _PLAUSIBILITY_SAMPLE) // 200):
        raise NotText(not_text_message(source))
    return text


def looks_like_html(text: str) -> bool:
    """Tell a page saved as .txt (or pasted markup) from prose, so the HTML reader gets it."""
    if _HTML_START.match(text[:4096]):
        return True
    return len(_HTML_TAG.findall(text[:65536])) >= _HTML_TAG_THRESHOLD


def document_from_text(text: str, source: str, encoding: str | None = None) -> Document:
    """One Paragraph per non-blank line, numbered as an editor numbers them."""
    blocks = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = normalize_line(_CONTROL.sub("", raw))
        if line:
            blocks.append(Paragraph(line, number))
    document = Document(blocks=blocks, source=source, format="txt", encoding=encoding)
    if not blocks:
        document.warnings.append(Diagnostic(0, EMPTY_WARNING))
    return document
