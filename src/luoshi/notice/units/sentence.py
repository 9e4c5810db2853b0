"""Read the units named in a cover-notice sentence, where runs are also joined by 和/及/以及.

`除特别注明的外,各县(市、区)政府和金华开发区、金义都市新区、金华山旅游经济区管委会都是配合单位`
names one collective and three committees; the rule parser needs them as a list.
"""

from __future__ import annotations

import re

from luoshi.notice.units._text import bracket_depth, fold
from luoshi.notice.units.split import split_units

# `…都是配合单位` / `…为牵头单位` after the units, or `配合单位为…` / `配合单位:` before them.
_ROLE = r"(?:牵头|配合|协办|协同|参与|协助|责任)(?:责任)?单位"
_PREDICATE_AFTER = re.compile(r"(?:都|均|也|皆|亦|同时)?(?:是|为|作为|列为|系)(?:本[^,;。]*?的)?(?:共同)?" + _ROLE)
_PREDICATE_BEFORE = re.compile(_ROLE + r"(?:均|都)?(?:为|是|包括|:)")
_CONDITION = re.compile(r"^.*?(?:除[^;。]*?(?:外|以外|之外)|另有[^;。]*?外)[,:]?")
_OPENERS = re.compile(r"^(?:另外|此外|同时|其中|并且|且|请|由)[,]?")
# A conjunction joins two units only where the left side already ends like a unit does, so that
# `区自然资源和规划局` stays whole.
_CONJUNCTION = re.compile(r"以及|和|及")
_UNIT_END = frozenset("府会局委办部厅心院位所处室队站社司团行校学关台馆区市县镇乡道门组班联协署)）】〕")


def _unit_text(text: str) -> str:
    """The part of the sentence that lists units, without the predicate or a leading condition."""
    folded = fold(text)
    after = _PREDICATE_AFTER.search(folded)
    if after:
        text, folded = text[: after.start()], folded[: after.start()]
    else:
        before = _PREDICATE_BEFORE.search(folded)
        if before:
            text, folded = text[before.end() :], folded[before.end() :]
            end = re.search(r"[。;]", folded)
            if end:
                text, folded = text[: end.start()], folded[: end.start()]
    sentence_start = folded.rfind("。") + 1  # the clause closest to the predicate
    text, folded = text[sentence_start:], folded[sentence_start:]
    condition = _CONDITION.match(folded)
    if condition:
        text, folded = text[condition.end() :], folded[condition.end() :]
    opener = _OPENERS.match(folded.lstrip())
    if opener:
        offset = len(folded) - len(folded.lstrip()) + opener.end()
        text = text[offset:]
    return text


def parse_unit_sentence(text: str) -> list[str]:
    """The units a rule sentence names, runs joined by 、/和/及 split and shared suffixes distributed."""
    units_text = _unit_text(text)
    depth = bracket_depth(units_text)
    pieces: list[str] = []
    last = 0
    for match in _CONJUNCTION.finditer(units_text):
        left = units_text[last : match.start()].rstrip()
        if depth[match.start()] or not left or fold(left[-1]) not in _UNIT_END:
            continue
        pieces.append(units_text[last : match.start()])
        pieces.append("、")
        last = match.end()
    pieces.append(units_text[last:])
    return split_units("".join(pieces))
