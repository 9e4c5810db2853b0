"""Make full-width and half-width forms read the same, without touching Chinese punctuation.

Full-width ASCII (digits, letters, `(),:;%` …) becomes ASCII, every kind of space becomes a plain
space, zero-width characters go. `、。“”《》〔〕` stay: they carry meaning the parser uses.
"""

import re

_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20})
_TABLE.update({0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None, 0x00AD: None})
_TABLE.update({0x2236: ord(":"), 0xFE55: ord(":"), 0xFE50: ord(","), 0xFE51: ord("、")})
_TABLE.update({0x2212: ord("-"), 0xFF0D: ord("-")})

_SPACES = re.compile(r"[ \t\f\v]+")
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "\r]")
_NEEDS_LINE_WORK = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "\r\n\t\f\v]|  ")


def normalize_text(text: str) -> str:
    """Normalise a whole text; line breaks are kept (CR/LF folded to LF)."""
    if not _SPECIAL.search(text):
        return text  # most lines are already plain: skip the per-character translation
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_TABLE)


def normalize_line(text: str) -> str:
    """Normalise one line or cell and collapse runs of spaces."""
    if not _NEEDS_LINE_WORK.search(text):
        return text.strip()
    return _SPACES.sub(" ", normalize_text(text).replace("\n", " ")).strip()


_HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def squeeze_han_spaces(text: str) -> str:
    """Drop spaces between Chinese characters (`主 要 工 作 任 务` → `主要工作任务`)."""
    return _HAN_SPACE.sub("", text)
