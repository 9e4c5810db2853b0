"""Unit strings of the development corpus, split and compared with the hand-made gold `all_units`.

Each layout is read with a small regex of its own (the structure parser's job, not this test's);
the point here is that the unit text of every complete task splits into exactly the gold's units.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from luoshi.notice.normalize import normalize_line
from luoshi.notice.units import classify_unit, compound_groups, split_units

CORPUS = Path("/work/shared/corpus")


def _lines(stem: str) -> list[str]:
    [path] = CORPUS.glob(f"raw/{stem}_*.txt")
    return [normalize_line(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _gold(stem: str) -> dict[str, list[str]]:
    [path] = CORPUS.glob(f"gold/{stem}_*.json")
    return {task["number"]: task["all_units"] for task in json.loads(path.read_text(encoding="utf-8"))}


def _table_cells(stem: str, columns: list[int]) -> dict[str, list[str]]:
    """Rows `N | … | … |`: the unit text of the given cell columns."""
    found = {}
    for line in _lines(stem):
        cells = [c.strip() for c in line.split("|")]
        if cells and cells[0].isdigit() and len(cells) > max(columns) + 1:
            found[cells[0]] = [cells[i] for i in columns]
    return found


def _labelled_lines(stem: str, number: str, labels: str) -> dict[str, list[str]]:
    """Numbered tasks followed by `label:units` lines (04, 10)."""
    found: dict[str, list[str]] = {}
    current = None
    for line in _lines(stem):
        task = re.match(number, line)
        if task:
            current = task.group(1)
        label = re.match(rf"^(?:{labels}):(.*)$", line)
        if label and current:
            found.setdefault(current, []).append(label.group(1))
    return found


def _inline(stem: str, number: str, labels: str, stop: str) -> dict[str, list[str]]:
    """Tasks whose roles follow the text on the same line (06, 13, 19); `stop` ends a unit list."""
    found = {}
    for line in _lines(stem):
        task = re.match(number, line)
        if task:
            found[task.group(1)] = [m.group(1) for m in re.finditer(rf"(?:{labels}):([^;{stop}]*)", line)]
    return found


def _nantong() -> dict[str, list[str]]:
    """21: one cell per line, `N |`, text, leader, lead units, cooperating units."""
    lines = [line.rstrip("|").strip() for line in _lines("21")]
    found = {}
    for index, line in enumerate(lines):
        if line.isdigit() and index + 4 < len(lines):
            found[line] = [lines[index + 3], lines[index + 4]]
    return found


SOURCES = {
    "01": lambda: _table_cells("01", [2]),
    "04": lambda: _labelled_lines("04", r"^(\d+)\.", "牵头单位|责任单位"),
    "06": lambda: _inline("06", r"^(\d+)\.", "牵头单位|责任单位", r")"),
    "10": lambda: _labelled_lines("10", r"^(\d+)\.\s", "牵头责任单位|协同责任单位"),
    "13": lambda: _inline("13", r"^(\d+)、", "牵头单位|责任单位", r"\]"),
    "17": lambda: _table_cells("17", [3, 4]),
    "19": lambda: _inline("19", r"^(\d+)、", "牽頭單位|責任單位", ""),
    "21": _nantong,
}


@pytest.mark.parametrize("stem", sorted(SOURCES))
def test_corpus_unit_strings_split_like_the_gold(stem):
    gold = _gold(stem)
    written = SOURCES[stem]()
    assert set(gold) <= set(written), "every gold task has unit text in the excerpt"
    for number, expected in gold.items():
        got = [name for text in written[number] for name in split_units(text)]
        assert got == expected, f"{stem} task {number}: {written[number]}"


def test_chuzhou_compound_group_is_reported_whole():
    [text] = _labelled_lines("10", r"^(\d+)\.\s", "协同责任单位")["1"]
    assert compound_groups(text) == ["各县、市、区政府"]


def test_corpus_units_have_a_known_kind_except_literal_group_pieces():
    pieces = {"市", "区政府"}  # what remains of 各县、市、区政府 after the literal split
    unknown = set()
    for stem in SOURCES:
        for units in _gold(stem).values():
            unknown.update(u for u in units if classify_unit(u) == "unknown")
    assert unknown == pieces
