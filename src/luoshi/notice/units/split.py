"""Split a unit list as a notice writes it after 牵头单位: / 配合单位: / 责任单位: into unit names.

Separators count only outside brackets (`各县(市、区)政府` is one unit). A body suffix written once
for a run of places is given to each of them (`金华开发区、金义都市新区管委会` is two committees),
but compound level groups such as `各县、市、区政府` are split literally, as the corpus gold does;
`compound_groups` reports them so that the caller can record them whole.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from luoshi.notice.units._places import LEVEL_WORDS, body_suffix, place_kind, suffix_fits
from luoshi.notice.units._text import LIST_SEPARATORS, SEPARATORS, bracket_depth, fold, has_bracket

_TRAILING = " \t\r\n\f\v。."
_SEPARATOR_RE = re.compile("[" + re.escape("".join(sorted(SEPARATORS))) + "]")
_ETC = "等"
_GROUP_HEAD = re.compile(r"^(各|所涉|相关|有关|涉及)(.+)$")
_GROUP_TAIL = re.compile(r"^(.+?)(人民政府|政府|管委会|党委)?(等)?$")


@dataclass
class _Item:
    text: str  # as written, trimmed
    start: int
    end: int
    run: int  # items of one run were joined by 、 only
    group: int | None = None  # index of the compound group the item belongs to


def _items(text: str) -> list[_Item]:
    """Cut the text at top-level separators and trim each piece; runs are numbered as they go."""
    depth = bracket_depth(text)
    items: list[_Item] = []
    run = 0
    start = 0
    # Visit only the separators (found by one regex scan) and the end, not every character.
    cuts = [m.start() for m in _SEPARATOR_RE.finditer(text)] + [len(text)]
    for index in cuts:
        at_end = index == len(text)
        if not at_end and depth[index]:
            continue
        piece_start, piece_end = start, index
        while piece_start < piece_end and text[piece_start].isspace():
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1] in _TRAILING:
            piece_end -= 1
        if piece_end > piece_start:
            items.append(_Item(text[piece_start:piece_end], piece_start, piece_end, run))
        if not at_end and text[index] in LIST_SEPARATORS:
            run += 1
        start = index + 1
    return items


def _mark_groups(items: list[_Item]) -> list[tuple[int, int]]:
    """Find compound level groups (`各县、市、区政府`) inside runs; returns [first, last] item indexes."""
    groups: list[tuple[int, int]] = []
    index = 0
    while index < len(items):
        head = _GROUP_HEAD.match(fold(items[index].text))
        if not head or not head.group(2) in LEVEL_WORDS:
            index += 1
            continue
        last = index
        cursor = index + 1
        while cursor < len(items) and items[cursor].run == items[index].run:
            tail = _GROUP_TAIL.match(fold(items[cursor].text))
            if not tail or not tail.group(1) in LEVEL_WORDS:
                break
            last = cursor
            cursor += 1
            if tail.group(2) or tail.group(3):
                break  # a suffix or 等 closes the group
        if last > index:
            for member in range(index, last + 1):
                items[member].group = len(groups)
            groups.append((index, last))
        index = last + 1
    return groups


def _bare_place(item: _Item) -> tuple[str, str] | None:
    """(folded name, place kind) when the item is a bare place that may take a suffix."""
    if item.group is not None or has_bracket(item.text):
        return None
    name = fold(item.text)
    if body_suffix(name) or name.endswith(_ETC):
        return None
    kind = place_kind(name)
    return (name, kind) if kind else None


def _distributed(items: list[_Item]) -> list[str]:
    """Each item's final name: a bare place before `…X政府` in the same run gets the suffix."""
    names = [item.text for item in items]
    # A run that opens with a collective (`各市、州、直管市、林区人民政府`) lists levels, not places.
    collective_runs = {
        item.run
        for i, item in enumerate(items)
        if (i == 0 or items[i - 1].run != item.run)
        and _GROUP_HEAD.match(fold(item.text))
        and not has_bracket(item.text)
        and not body_suffix(fold(item.text))
    }
    for index, item in enumerate(items):
        if item.group is not None or has_bracket(item.text) or item.run in collective_runs:
            continue
        folded = fold(item.text)
        stem_end = len(folded) - 1 if folded.endswith(_ETC) else len(folded)
        suffix = body_suffix(folded[:stem_end])
        if not suffix:
            continue
        stem = folded[: stem_end - len(suffix)]
        stem_kind = place_kind(stem)
        if not stem_kind or not suffix_fits(stem, stem_kind, suffix):
            continue  # `各县政府`, `市政府`, `兰溪市管委会`: not a place's body to hand on
        written_suffix = item.text[stem_end - len(suffix) : stem_end]  # keeps traditional characters
        back = index - 1
        while back >= 0 and items[back].run == item.run:
            bare = _bare_place(items[back])
            if not bare or not suffix_fits(bare[0], bare[1], suffix):
                break
            names[back] = items[back].text + written_suffix
            back -= 1
    return names


def split_units_with_spans(text: str) -> list[tuple[str, int, int]]:
    """Split a unit list and say where each unit was written, so a reviewer can be shown the source.

    For a name that received a distributed suffix the span covers the name as written
    (`金华开发区` in `金华开发区、金义都市新区管委会`).
    """
    return list(_split_cached(text))


@lru_cache(maxsize=4096)
def _split_cached(text: str) -> tuple[tuple[str, int, int], ...]:
    """Unit lists repeat across a notice (`市政府各部门(单位)`), so splits are cached."""
    items = _items(text)
    _mark_groups(items)
    names = _distributed(items)
    return tuple((name, item.start, item.end) for name, item in zip(names, items))


def split_units(text: str) -> list[str]:
    """Split a unit list into unit names, distributing shared suffixes, in linear time."""
    return [name for name, _, _ in split_units_with_spans(text)]


def compound_groups(text: str) -> list[str]:
    """The compound level groups of a unit list, whole (`各县、市、区政府`), which `split_units` splits literally."""
    items = _items(text)
    return [text[items[first].start : items[last].end] for first, last in _mark_groups(items)]
