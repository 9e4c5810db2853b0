"""What the structure parser works with while it reads: entries, headings, task drafts, leaders.

Kept apart so that the section reader and the task builder share them without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .labels import RoleFields, label_view
from .model import Leader, Table

_LEADER_TITLES = (
    "常务副市长|常务副区长|常务副县长|常务副省长|副市长|副区长|副县长|副省长|副州长|副旗长|市长|区长|县长|省长|州长|旗长|"
    "副书记|书记|副主任|主任|副秘书长|秘书长|副总理|总理|国务委员|部长|副部长|厅长|副厅长|局长|副局长|委员"
)


_HEADING_LEADER = re.compile(
    rf"^(?:由)?(?P<name>[\u4e00-\u9fff]{{2,4}}?)(?:同志)?(?P<title>{_LEADER_TITLES})(?:同志)?"
    r"(牵头|主抓|分管|负责|领衔|联系|抓总|主持)"
)


_HEADING_LEADER_TITLE_FIRST = re.compile(
    rf"^(?:由)?(?P<title>{_LEADER_TITLES})(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?:同志)?(牵头|主抓|分管|负责|领衔|联系|抓总|主持)"
)


_FIELD_LEADER = re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,4}}?)(?:同志)?(?P<title>{_LEADER_TITLES})?(?:同志)?$")


@dataclass
class Entry:
    """A line or a table of the document, in order."""

    line: int
    text: str = ""
    table: Table | None = None


@dataclass
class Heading:
    depth: float
    title: str
    line: int
    leaders: list[Leader] = field(default_factory=list)


@dataclass
class Draft:
    """A task while its lines are being collected."""

    number: str
    line: int
    parts: list[str]
    headings: list[Heading]
    roles: RoleFields = field(default_factory=RoleFields)
    closed: bool = False
    end_line: int = 0
    from_table: bool = False


def heading_leaders(title: str) -> list[Leader]:
    """`尹学群市长牵头的重点工作`, `由刘洋副市长牵头`, `市长张伟牵头的重点工作` → the leader."""
    view = label_view(title)
    match = _HEADING_LEADER.match(view) or _HEADING_LEADER_TITLE_FIRST.match(view)
    if match:
        return [Leader(name=title[match.start("name") : match.end("name")], title=title[match.start("title") : match.end("title")])]
    return []


def leaders_from_fields(values: list[str], headings: list[Heading]) -> list[Leader]:
    leaders: list[Leader] = []
    for value in values:
        for part in re.split(r"[、,;\s]+", value.strip(" 。.")):
            part = part.strip()
            if not part:
                continue
            bracketed = re.match(r"^(?P<name>[\u4e00-\u9fff]{2,4})\((?P<title>[^()]{2,12})\)$", part)
            match = _FIELD_LEADER.match(label_view(part))
            if bracketed:
                leaders.append(Leader(name=bracketed.group("name"), title=bracketed.group("title")))
            elif match:
                leaders.append(Leader(name=part[: match.end("name")], title=part[match.start("title") : match.end("title")] if match.group("title") else ""))
            else:
                leaders.append(Leader(name=part))
    if not leaders:
        for heading in reversed(headings):
            if heading.leaders:
                leaders = list(heading.leaders)
                break
    return leaders


def excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
