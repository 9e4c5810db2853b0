"""Write a minimal BIFF8 .xls (one OLE2 stream) so the xls reader is tested without xlwt or binary fixtures.

Enough of the format for xlrd: fonts, a few XF records (general, date, percent), one or more
worksheets with LABEL/NUMBER cells, MERGEDCELLS, and hidden sheets.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

XF_GENERAL, XF_DATE, XF_PERCENT = 15, 16, 17
_END, _FREE, _FAT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _short_string(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


def _long_string(text: str) -> bytes:
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _xf(format_index: int, style: bool) -> bytes:
    flags = 0xFFF5 if style else 0x0001
    return _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, format_index, flags, 0x20, 0, 0, 0, 0, 0, 0x20C0))


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], str | float | tuple[float, int]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # first/last row, first/last col (0-based)
    hidden: bool = False


def _sheet_stream(sheet: Sheet) -> bytes:
    rows = max((r for r, _ in sheet.cells), default=-1) + 1
    cols = max((c for _, c in sheet.cells), default=-1) + 1
    body = [_bof(0x0010), _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))]
    for (row, col), value in sorted(sheet.cells.items()):
        if isinstance(value, str):
            body.append(_record(0x0204, struct.pack("<HHH", row, col, XF_GENERAL) + _long_string(value)))
        else:
            number, xf = value if isinstance(value, tuple) else (value, XF_GENERAL)
            body.append(_record(0x0203, struct.pack("<HHHd", row, col, xf, number)))
    if sheet.merges:
        ranges = b"".join(struct.pack("<HHHH", *merge) for merge in sheet.merges)
        body.append(_record(0x00E5, struct.pack("<H", len(sheet.merges)) + ranges))
    body.append(_record(0x000A, b""))
    return b"".join(body)


def workbook_stream(sheets: list[Sheet]) -> bytes:
    """The BIFF8 'Workbook' stream: globals, then each sheet's substream."""
    fonts = b"".join(
        _record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _short_string("Arial"))
        for _ in range(5)
    )
    xfs = b"".join(_xf(0, True) for _ in range(15)) + _xf(0, False) + _xf(14, False) + _xf(9, False)
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + _record(0x0022, struct.pack("<H", 0))
    head += fonts + xfs
    sheet_streams = [_sheet_stream(sheet) for sheet in sheets]
    boundsheet_sizes = [4 + 6 + 2 + 2 * len(sheet.name) for sheet in sheets]
    offset = len(head) + sum(boundsheet_sizes) + 4  # + globals EOF
    bounds = b""
    for sheet, stream in zip(sheets, sheet_streams):
        bounds += _record(0x0085, struct.pack("<IBB", offset, 1 if sheet.hidden else 0, 0) + _short_string(sheet.name))
        offset += len(stream)
    return head + bounds + _record(0x000A, b"") + b"".join(sheet_streams)


def compound_file(stream: bytes, name: str = "Workbook") -> bytes:
    """Wrap one stream in an OLE2 compound file (512-byte sectors, one FAT sector)."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    sectors = len(stream) // 512
    if sectors > 126:
        raise ValueError("fixture too large for a one-sector FAT")
    fat = [_FAT, _END] + [2 + index + 1 for index in range(sectors - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    directory = _entry("Root Entry", 5, child=1, start=_END, size=0) + _entry(name, 2, child=_NOSTREAM, start=2, size=len(stream))
    directory += (b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM) + b"\0" * 48) * 2
    return header + struct.pack("<128I", *fat) + directory + stream


def _entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(encoded), kind, 1, _NOSTREAM, _NOSTREAM, child)
        + b"\0" * 16
        + struct.pack("<IQQ", 0, 0, 0)
        + struct.pack("<IQ", start, size)
    )


def build_xls(sheets: list[Sheet]) -> bytes:
    """A complete .xls file holding the given sheets."""
    return compound_file(workbook_stream(sheets))
