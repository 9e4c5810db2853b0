"""The data a notice is read into.

Readers turn a file into a `Document` (paragraphs and tables, in order); the structure parser turns
a `Document` into a `ParsedNotice`. Everything here is plain data so that the library stays usable
without Django and serialises to the JSON that `luoshi parse --format json` prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


# ---------------------------------------------------------------------------------------------
# What readers produce
# ---------------------------------------------------------------------------------------------


@dataclass
class Paragraph:
    """One line of text as the reader found it (already normalised), with its 1-based line."""

    text: str
    line: int


@dataclass
class Table:
    """A table as rows of cell strings. Merged cells are repeated into every cell they cover.

    `row_lines[i]` is the line (or row number, for spreadsheets) where row i starts.
    """

    rows: list[list[str]]
    line: int
    row_lines: list[int] = field(default_factory=list)


Block = Paragraph | Table


@dataclass
class Diagnostic:
    """A warning with the line it concerns (0 when it concerns the whole file)."""

    line: int
    message: str
    code: str = "warning"
    data: dict[str, Any] = field(default_factory=dict)  # structured detail, e.g. an alias pair


@dataclass
class Document:
    """What a reader returns: blocks in document order plus what it noticed while reading."""

    blocks: list[Block]
    source: str = "<stdin>"
    format: str = "txt"
    encoding: str | None = None
    warnings: list[Diagnostic] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# What the parser produces
# ---------------------------------------------------------------------------------------------


@dataclass
class Target:
    """A quantified target (量化目标) found in a task's text.

    `value` is the number as written (万/亿 not applied), `base_value` has them applied.
    `span` is [start, end) in the task text. `parent` is the index, in the task's target list,
    of the target this one is a `其中` part of.
    """

    text: str
    indicator: str
    comparator: str  # ">=", "<=", "~", "="
    value: float
    unit: str  # as written, e.g. "万家"
    base_value: float  # 万/亿 applied, e.g. 10000.0
    base_unit: str  # the unit without 万/亿, e.g. "家"
    direction: str  # "growth", "reduction" or "level"
    span: tuple[int, int]
    parent: int | None = None


@dataclass
class Leader:
    name: str
    title: str = ""


@dataclass
class Task:
    id: str
    section: str
    group: str
    number: str
    text: str
    line: int
    group_path: list[str] = field(default_factory=list)
    leaders: list[Leader] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    implied_cooperating_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)  # 责任单位 as written, before roles
    deadline: str | None = None  # as written
    deadline_date: str | None = None  # ISO date where the year makes it possible
    targets: list[Target] = field(default_factory=list)
    rules_applied: list[str] = field(default_factory=list)  # rule ids
    role_source: str = ""  # how lead/cooperating were decided, in words
    unit_spans: list[dict[str, Any]] = field(default_factory=list)  # where units were written
    end_line: int = 0


@dataclass
class Rule:
    """A sentence in the cover notice that changes how roles are read, applied to tasks."""

    id: str
    kind: str  # default_cooperating | first_listed_leads | responsible_lead_when_no_lead
    text: str
    line: int
    units: list[str] = field(default_factory=list)
    exception: str = ""  # what counts as "specially noted", in words
    applied_to: list[str] = field(default_factory=list)


@dataclass
class Unit:
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)  # suggested, with evidence in `alias_evidence`
    alias_evidence: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    collective: bool = False
    lead_count: int = 0
    cooperating_count: int = 0


@dataclass
class Section:
    """An attachment (附件) or the body of a notice with no attachments."""

    index: int
    title: str
    line: int
    groups: list[str] = field(default_factory=list)
    task_count: int = 0


@dataclass
class ParsedNotice:
    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    date: str | None = None  # signing date, ISO
    published: str | None = None  # publishing date, ISO
    year: int | None = None
    addressees: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    source: str = ""
    format: str = ""
    encoding: str | None = None
    rules: list[Rule] = field(default_factory=list)
    default_cooperating_units: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for task in data["tasks"]:
            task["leader_details"] = task["leaders"]
            task["leaders"] = [leader["name"] for leader in task["leaders"]]
            for target in task["targets"]:
                target["span"] = list(target["span"])
        return data
