"""How much a reader may take in, and the check that enforces the byte cap before any parsing."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputTooLarge

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps that keep one hostile or oversized file from taking the server down."""

    max_bytes: int = 20 * MB
    max_unzipped_bytes: int = 100 * MB
    max_zip_ratio: float = 100.0
    max_rows: int = 20_000
    max_pdf_pages: int = 200  # ~20 ms a page: keeps a hostile PDF within the 5 s budget


DEFAULT_LIMITS = Limits()


def format_size(size: int) -> str:
    """Render a byte count the way a user reads it (`512 B`, `3.2 KB`, `20 MB`)."""
    if size < 1024:
        return f"{size} B"
    for unit, scale in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            text = f"{value:.1f}".removesuffix(".0")
            return f"{text} {unit}"
    return f"{size} B"  # pragma: no cover - unreachable


def check_size(size: int, label: str, limits: Limits) -> None:
    """Refuse input over `max_bytes` before a single byte of it is parsed."""
    if size > limits.max_bytes:
        raise InputTooLarge(
            f"{label}大小为 {format_size(size)}，超过了 {format_size(limits.max_bytes)} 的上限，未读取"
        )
