"""A forgiving HTML tree for pages saved from government sites: unclosed tags, page furniture removed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split()
)
# Never content: dropped with everything inside.
ALWAYS_DROPPED = frozenset(
    "script style noscript head title select button iframe frameset template svg math object embed "
    "textarea option datalist map canvas audio video".split()
)
# Usually furniture, but ASP.NET pages wrap the whole page in <form> and HTML5 articles put their
# title in <header>: dropped only when, once closed, they turn out to hold little prose.
FURNITURE_TAGS = frozenset("nav header footer form aside menu".split())
FURNITURE_WORDS = ("menu", "breadcrumb", "crumb", "footer", "header", "share", "toolbar", "sidebar")

HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul li dd dt".split()
)
TABLE_SECTIONS = frozenset(("tbody", "thead", "tfoot"))
CELLS = frozenset(("td", "th"))
MAX_DEPTH = 200
MAX_ELEMENTS = 200_000  # a long notice has a few tens of thousands; past this the rest of the page is ignored
_FEED_CHUNK = 256 * 1024
_NO_ATTRS: dict[str, str] = {}
_PROSE_CHARS = 300  # non-link text that makes a furniture-looking element content after all
_TITLE_CHARS = 16  # a heading this long inside a <header> is the document title, not the site name
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[\s\-_:.]+|(?<=[a-z])(?=[A-Z])")


class Node:
    """An element: tag, attributes, children (nodes and strings), and whether it was dropped."""

    __slots__ = ("tag", "attrs", "children", "conditional", "dropped")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []
        self.conditional = False
        self.dropped = False

    def elements(self) -> list[Node]:
        """Child elements that survived furniture removal."""
        return [child for child in self.children if isinstance(child, Node) and not child.dropped]


def parse_html(markup: str) -> tuple[Node, bool]:
    """Parse markup into a tree rooted at a synthetic `#root` node, dropping page furniture.

    Returns the tree and whether parsing stopped early at MAX_ELEMENTS.
    """
    builder = _TreeBuilder()
    for start in range(0, len(markup), _FEED_CHUNK):
        builder.feed(markup[start : start + _FEED_CHUNK])
        if builder.elements > MAX_ELEMENTS:
            break
    builder.close()
    return builder.root, builder.elements > MAX_ELEMENTS


def furniture_by_attrs(attrs: dict[str, str]) -> bool:
    """An id or class naming navigation, menus, breadcrumbs, headers, footers, share or tool bars."""
    for name in ("id", "class"):
        for part in _WORD_SPLIT.split(attrs.get(name, "")):
            part = part.lower()
            if part.startswith("nav") or any(word in part for word in FURNITURE_WORDS):
                return True
    return False


def hidden(attrs: dict[str, str]) -> bool:
    """Elements a browser would not show."""
    return "hidden" in attrs or bool(_HIDDEN_STYLE.search(attrs.get("style", "")))


def text_stats(node: Node) -> tuple[int, int, int]:
    """(visible characters, characters inside links, longest heading) under a node, ignoring dropped parts."""
    total = linked = 0
    heading_sizes: dict[int, int] = {}
    start_heading = node if node.tag in HEADINGS else None
    stack: list[tuple[Node, bool, Node | None]] = [(node, node.tag == "a", start_heading)]
    while stack:
        current, in_link, heading = stack.pop()
        for child in current.children:
            if isinstance(child, str):
                size = len("".join(child.split()))
                total += size
                if in_link:
                    linked += size
                if heading is not None:
                    heading_sizes[id(heading)] = heading_sizes.get(id(heading), 0) + size
            elif not child.dropped:
                child_heading = child if child.tag in HEADINGS else heading
                stack.append((child, in_link or child.tag == "a", child_heading))
    return total, linked, max(heading_sizes.values(), default=0)


def holds_content(node: Node) -> bool:
    """Whether a furniture-looking element turned out to carry prose or (for a header) the document title."""
    total, linked, heading = text_stats(node)
    names = (node.attrs.get("id", "") + " " + node.attrs.get("class", "")).lower()
    if heading >= _TITLE_CHARS and (node.tag == "header" or "header" in names):
        return True
    return total - linked >= _PROSE_CHARS and linked * 2 < total


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", _NO_ATTRS)
        self.stack: list[Node] = [self.root]
        self.overflow = 0  # start tags ignored past MAX_DEPTH
        self.elements = 0

    # -- tags ---------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        attrs = {name: value or "" for name, value in attr_list} if attr_list else _NO_ATTRS
        if tag in VOID:
            self._attach(Node(tag, attrs), detached=tag == "input")
            return
        self._close_implied(tag)
        if len(self.stack) > MAX_DEPTH:
            self.overflow += 1
            return
        node = Node(tag, attrs)
        detached = tag in ALWAYS_DROPPED or hidden(attrs)
        if not detached and (tag in FURNITURE_TAGS or furniture_by_attrs(attrs)):
            node.conditional = True
        if tag in CELLS and self.stack[-1].tag in TABLE_SECTIONS | {"table"}:
            self._push(Node("tr", _NO_ATTRS), detached=False)
        self._push(node, detached)

    def handle_startendtag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        attrs = {name: value or "" for name, value in attr_list} if attr_list else _NO_ATTRS
        if tag not in VOID:
            self._close_implied(tag)
        self._attach(Node(tag, attrs), detached=tag in ALWAYS_DROPPED or hidden(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self._attach(Node("br", _NO_ATTRS), detached=False)
            return
        if self.overflow:
            self.overflow -= 1
            return
        table_part = tag in CELLS or tag in TABLE_SECTIONS or tag in ("tr", "caption")
        boundary = {"table"} if table_part else {"td", "th", "table", "caption"}
        for depth in range(len(self.stack) - 1, 0, -1):
            current = self.stack[depth].tag
            if current == tag:
                while len(self.stack) > depth:
                    self._pop()
                return
            if current in boundary and tag != "table":
                return
        if tag == "p":
            self._attach(Node("br", _NO_ATTRS), detached=False)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def close(self) -> None:
        super().close()
        while len(self.stack) > 1:
            self._pop()

    # -- helpers ------------------------------------------------------------------------------
    def _attach(self, node: Node, detached: bool) -> None:
        if not detached:
            self.stack[-1].children.append(node)

    def _push(self, node: Node, detached: bool) -> None:
        self._attach(node, detached)
        self.stack.append(node)

    def _pop(self) -> None:
        node = self.stack.pop()
        if node.conditional and not holds_content(node):
            node.dropped = True

    def _pop_to(self, tags: frozenset[str] | set[str], stop: frozenset[str] | set[str]) -> None:
        """Close the nearest open element among `tags`, unless an element in `stop` comes first."""
        for depth in range(len(self.stack) - 1, 0, -1):
            current = self.stack[depth].tag
            if current in tags:
                while len(self.stack) > depth:
                    self._pop()
                return
            if current in stop:
                return

    def _close_implied(self, tag: str) -> None:
        """Apply the HTML rules that close an open element when certain tags start."""
        if tag in CLOSES_P:
            self._pop_to({"p"}, {"td", "th", "table", "caption", "button"})
        if tag == "li":
            self._pop_to({"li"}, {"ul", "ol", "table", "td", "th"})
        elif tag in ("dd", "dt"):
            self._pop_to({"dd", "dt"}, {"dl", "table", "td", "th"})
        elif tag in CELLS:
            self._pop_to(CELLS, {"tr", "table"})
        elif tag == "tr":
            self._pop_to({"tr"}, {"table"})
        elif tag in TABLE_SECTIONS:
            self._pop_to(TABLE_SECTIONS | {"tr"}, {"table"})
        elif tag in HEADINGS and self.stack[-1].tag in HEADINGS:
            self._pop()
