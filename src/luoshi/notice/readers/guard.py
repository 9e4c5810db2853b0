"""Defences every reader shares: library failures become one Chinese line; zips are checked before inflating."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputTooLarge, NoticeError, UnreadableInput
from .limits import Limits, format_size

_LINE_BREAKS = re.compile(r"[\r\n\t\x0b\x0c\x85\u2028\u2029]+")
_SMALL_MEMBER = 1024 * 1024  # below this a high compression ratio cannot hurt


def file_label(source: str) -> str:
    """Name the input in a message on one line, whatever characters its name holds."""
    name = _LINE_BREAKS.sub(" ", str(source)).strip()
    if not name or name == "<stdin>":
        return "标准输入"
    return f"文件“{name}”"


@contextmanager
def reading(source: str, what: str) -> Iterator[None]:
    """Turn any library exception raised while reading into an `UnreadableInput` naming the file."""
    label = file_label(source)
    try:
        yield
    except NoticeError:
        raise
    except MemoryError as exc:
        raise InputTooLarge(f"{label}内容过大，读取时内存不足") from exc
    except RecursionError as exc:
        raise UnreadableInput(f"{label}结构嵌套过深，无法作为{what}读取") from exc
    except Exception as exc:  # noqa: BLE001 - the point is to catch what the libraries throw
        raise UnreadableInput(
            f"{label}无法作为{what}读取，文件可能已损坏或格式不符（{type(exc).__name__}）"
        ) from exc


def open_zip(data: bytes, source: str, limits: Limits) -> zipfile.ZipFile:
    """Open an OOXML package only after its declared sizes and ratios pass the zip-bomb limits."""
    label = file_label(source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as exc:  # noqa: BLE001 - zipfile raises many types on damaged archives
        raise UnreadableInput(f"{label}不是完整的 zip 压缩包（docx/xlsx 文件可能已损坏）") from exc
    total = sum(member.file_size for member in members)
    if total > limits.max_unzipped_bytes:
        raise InputTooLarge(
            f"{label}解压后共 {format_size(total)}，超过了 {format_size(limits.max_unzipped_bytes)} "
            "的上限（疑似压缩炸弹），未读取"
        )
    for member in members:
        if member.file_size <= _SMALL_MEMBER:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_zip_ratio:
            raise UnreadableInput(
                f"{label}中的“{member.filename}”压缩比约为 {ratio:.0f}:1，超过了 "
                f"{limits.max_zip_ratio:g}:1 的上限（疑似压缩炸弹），未读取"
            )
    return archive
