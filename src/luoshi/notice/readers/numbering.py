"""Word automatic numbering: numbering.xml definitions plus the counters, so "1." "(一)" prefixes are rendered.

Notices are often numbered by Word itself, and those numbers are the task numbers; the text of the
paragraph alone does not contain them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from xml.etree.ElementTree import Element

from .numfmt import format_number

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_PLACEHOLDER = re.compile(r"%([1-9])")


def local(tag: str) -> str:
    """The local name of a WordprocessingML element, or "" for elements of any other namespace."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return name if namespace in W_NAMESPACES else ""
    return tag


def attr(element: Element | None, name: str, default: str | None = None) -> str | None:
    """A w:-prefixed attribute, whichever WordprocessingML namespace the file uses."""
    if element is None:
        return default
    for namespace in W_NAMESPACES:
        value = element.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value
    return element.get(name, default)


def child(element: Element | None, name: str) -> Element | None:
    """The first child with a given WordprocessingML local name."""
    if element is None:
        return None
    for item in element:
        if local(item.tag) == name:
            return item
    return None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Level:
    """One w:lvl: how a list level counts and how its label is written."""

    start: int = 1
    num_fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: None = after any shallower level, 0 = never
    legal: bool = False  # w:isLgl: every placeholder in decimal
    suffix: str = "tab"
    style: str | None = None


def _parse_level(element: Element) -> tuple[int, Level]:
    ilvl = _int(attr(element, "ilvl"), 0)
    restart = child(element, "lvlRestart")
    legal = child(element, "isLgl")
    return ilvl, Level(
        start=_int(attr(child(element, "start"), "val"), 1),
        num_fmt=attr(child(element, "numFmt"), "val", "decimal") or "decimal",
        text=attr(child(element, "lvlText"), "val", "") or "",
        restart=_int(attr(restart, "val"), 0) if restart is not None else None,
        legal=legal is not None and attr(legal, "val", "1") not in ("0", "false", "off"),
        suffix=attr(child(element, "suff"), "val", "tab") or "tab",
        style=attr(child(element, "pStyle"), "val"),
    )


@dataclass
class _Instance:
    abstract_id: str
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride per level
    levels: dict[int, Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl per level


class Numbering:
    """The numbering definitions of one document and the running counters of its lists."""

    def __init__(self, numbering_root: Element | None = None, styles_root: Element | None = None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum id → numbering style it follows
        self.instances: dict[str, _Instance] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = _ParagraphStyles(styles_root)
        if numbering_root is not None:
            self._load(numbering_root)

    def _load(self, root: Element) -> None:
        for element in root:
            name = local(element.tag)
            if name == "abstractNum":
                abstract_id = attr(element, "abstractNumId") or ""
                levels = dict(_parse_level(lvl) for lvl in element if local(lvl.tag) == "lvl")
                self.abstracts[abstract_id] = levels
                link = child(element, "numStyleLink")
                if link is not None:
                    self.style_links[abstract_id] = attr(link, "val") or ""
            elif name == "num":
                instance = _Instance(attr(child(element, "abstractNumId"), "val") or "")
                for override in element:
                    if local(override.tag) != "lvlOverride":
                        continue
                    ilvl = _int(attr(override, "ilvl"), 0)
                    start = child(override, "startOverride")
                    if start is not None:
                        instance.starts[ilvl] = _int(attr(start, "val"), 1)
                    level = child(override, "lvl")
                    if level is not None:
                        instance.levels[ilvl] = _parse_level(level)[1]
                self.instances[attr(element, "numId") or ""] = instance

    # -- resolution ---------------------------------------------------------------------------
    def paragraph_numbering(self, p_pr: Element | None) -> tuple[str, int] | None:
        """(numId, ilvl) a paragraph is numbered with, from its own w:numPr or its style's."""
        num_pr = child(p_pr, "numPr")
        num_id = attr(child(num_pr, "numId"), "val")
        ilvl_text = attr(child(num_pr, "ilvl"), "val")
        style_id = attr(child(p_pr, "pStyle"), "val")
        if num_id is None and style_id:
            style_numbering = self.styles.numbering(style_id)
            if style_numbering is not None:
                num_id = style_numbering[0]
                if ilvl_text is None:
                    ilvl_text = style_numbering[1]
        if not num_id or num_id == "0" or num_id not in self.instances:
            return None
        if ilvl_text is None and style_id:
            ilvl_text = self._level_of_style(num_id, style_id)
        return num_id, min(max(_int(ilvl_text, 0), 0), 8)

    def _abstract_id(self, num_id: str) -> str:
        abstract_id = self.instances[num_id].abstract_id
        style = self.style_links.get(abstract_id)
        if style:  # the definition lives in the numbering style the abstractNum links to
            linked = self.styles.numbering(style)
            if linked and linked[0] in self.instances:
                return self.instances[linked[0]].abstract_id
        return abstract_id

    def _level(self, num_id: str, ilvl: int) -> Level:
        instance = self.instances[num_id]
        level = instance.levels.get(ilvl) or self.abstracts.get(self._abstract_id(num_id), {}).get(ilvl) or Level()
        if ilvl in instance.starts:
            level = replace(level, start=instance.starts[ilvl])
        return level

    def _level_of_style(self, num_id: str, style_id: str) -> str | None:
        for ilvl, level in self.abstracts.get(self._abstract_id(num_id), {}).items():
            if level.style == style_id:
                return str(ilvl)
        return None

    def _list_key(self, num_id: str) -> str:
        """Word continues one list across w:num instances of the same abstractNum unless one restarts it."""
        if self.instances[num_id].starts or self.instances[num_id].levels:
            return f"num:{num_id}"
        return f"abstract:{self._abstract_id(num_id)}"

    # -- counting -----------------------------------------------------------------------------
    def next_label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the list's counter for this paragraph and return (label, suffix), or None for bullets."""
        counters = self.counters.setdefault(self._list_key(num_id), {})
        level = self._level(num_id, ilvl)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [key for key in counters if key > ilvl]:
            restart = self._level(num_id, deeper).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if level.num_fmt == "bullet":
            return None

        def value(match: re.Match[str]) -> str:
            referenced = int(match.group(1)) - 1
            ref_level = self._level(num_id, referenced)
            number = counters.get(referenced, ref_level.start)
            return format_number(number, "decimal" if level.legal else ref_level.num_fmt)

        label = _PLACEHOLDER.sub(value, level.text)
        return (label, level.suffix) if label.strip() else None


class _ParagraphStyles:
    """The numbering that paragraph styles carry (headings numbered 一、 via their style), with basedOn."""

    def __init__(self, root: Element | None) -> None:
        self.based_on: dict[str, str] = {}
        self.own: dict[str, tuple[str | None, str | None]] = {}
        if root is None:
            return
        for style in root:
            if local(style.tag) != "style":
                continue
            style_id = attr(style, "styleId") or ""
            based = child(style, "basedOn")
            if based is not None:
                self.based_on[style_id] = attr(based, "val") or ""
            num_pr = child(child(style, "pPr"), "numPr")
            if num_pr is not None:
                self.own[style_id] = (attr(child(num_pr, "numId"), "val"), attr(child(num_pr, "ilvl"), "val"))

    def numbering(self, style_id: str) -> tuple[str, str | None] | None:
        """(numId, ilvl or None) a style gives its paragraphs, following basedOn a few steps."""
        num_id: str | None = None
        ilvl: str | None = None
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen and len(seen) < 20:
            seen.add(current)
            own_id, own_ilvl = self.own.get(current, (None, None))
            num_id = num_id or own_id
            ilvl = ilvl if ilvl is not None else own_ilvl
            if num_id:
                break
            current = self.based_on.get(current)
        return (num_id, ilvl) if num_id else None
