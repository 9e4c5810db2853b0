"""Turning a reader's grid of cell strings into a `Table` every reader shapes the same way."""

from __future__ import annotations

from ..model import Table
from ..normalize import normalize_line

MAX_COLUMNS = 200  # no notice has more; past this a grid is a hostile file or a broken export


def build_table(rows: list[list[str]], lines: list[int]) -> Table | None:
    """Normalise every cell, drop empty rows, cut trailing empty columns and pad rows to one width."""
    kept: list[list[str]] = []
    kept_lines: list[int] = []
    for row, line in zip(rows, lines):
        cells = [normalize_line(cell) for cell in row[:MAX_COLUMNS]]
        if any(cells):
            kept.append(cells)
            kept_lines.append(line)
    if not kept:
        return None
    width = max(_used_width(row) for row in kept)
    shaped = [(row + [""] * width)[:width] for row in kept]
    return Table(rows=shaped, line=kept_lines[0], row_lines=kept_lines)


def _used_width(row: list[str]) -> int:
    for index in range(len(row), 0, -1):
        if row[index - 1]:
            return index
    return 0
