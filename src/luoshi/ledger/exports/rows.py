"""The rows of the 责任分解表, read from the database in a fixed number of queries.

One `TaskLine` per task in ledger order, grouped by section, with its group path so writers can put
heading rows between tasks. Unit names are the registry's canonical names (merges and the office's
corrections included); cooperating units a notice rule added are kept apart from the written ones so
each format can show where they came from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from luoshi.notice.export_xlsx import Heading, TableRow, cooperating_text, heading_rows, number_cell, target_text

from ..models import Assignment, AssignmentSource, Ledger, Role, Section, Target, Task, TaskGroup

ROLE_SHORT = {Role.LEAD: "牵", Role.COOPERATING: "配"}


@dataclass
class AssignmentLine:
    unit_id: int
    unit_name: str
    role: str
    source: str
    rule_code: str = ""

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def basis(self) -> str:
        """Why the unit has the role, in words (`通知原文`, `通知规则 R1`, `督考办修改`)."""
        label = AssignmentSource(self.source).label
        return f"{label} {self.rule_code}" if self.rule_code else label


@dataclass
class TaskLine:
    id: int
    code: str
    number: str
    section_index: int
    section_title: str
    group_path: list[str]
    text: str
    deadline: str
    leaders: list[str] = field(default_factory=list)
    assignments: list[AssignmentLine] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)

    @property
    def lead_units(self) -> list[str]:
        return [a.unit_name for a in self.assignments if a.role == Role.LEAD]

    @property
    def cooperating_written(self) -> list[str]:
        """Cooperating units as the notice wrote them or the office set them."""
        return [a.unit_name for a in self.assignments if a.role == Role.COOPERATING and a.source != AssignmentSource.RULE]

    @property
    def cooperating_by_rule(self) -> list[str]:
        """Cooperating units a cover-notice rule added (默认配合单位)."""
        return [a.unit_name for a in self.assignments if a.role == Role.COOPERATING and a.source == AssignmentSource.RULE]

    @property
    def label(self) -> str:
        """序号 as written; the code when the notice gave none."""
        return self.number or self.code

    @property
    def group(self) -> str:
        return " / ".join(self.group_path)

    def cells(self) -> list[object]:
        """The seven cells of the 责任分解表: 序号 工作任务 牵头领导 牵头单位 配合单位 完成时限 量化目标."""
        return [
            number_cell(self.number, self.code),
            self.text,
            "、".join(self.leaders),
            "、".join(self.lead_units),
            self.cooperating_cell(),
            self.deadline,
            "\n".join(self.targets),
        ]

    def cooperating_cell(self) -> str:
        return cooperating_text(self.cooperating_written, self.cooperating_by_rule)

    def role_of(self, unit_id: int) -> AssignmentLine | None:
        return next((a for a in self.assignments if a.unit_id == unit_id), None)


@dataclass
class SectionTable:
    index: int
    title: str
    tasks: list[TaskLine] = field(default_factory=list)

    def rows(self) -> list[TableRow]:
        """Heading rows and task cells in order, ready for `fill_table_sheet`."""
        return table_rows(self.tasks, TaskLine.cells)


@dataclass
class LedgerTable:
    ledger: Ledger
    sections: list[SectionTable]

    @property
    def tasks(self) -> list[TaskLine]:
        return [task for section in self.sections for task in section.tasks]


def table_rows(tasks: list[TaskLine], cells) -> list[TableRow]:
    """Tasks as rows with a heading row wherever the group changes (nested groups each get one)."""
    rows: list[TableRow] = []
    current: list[str] = []
    for task in tasks:
        rows.extend(heading_rows(task.group_path, current))
        current = task.group_path
        rows.append(cells(task))
    return rows


def deadline_text(task: Task) -> str:
    if task.deadline_text:
        return task.deadline_text
    if task.deadline:
        return f"{task.deadline.year}年{task.deadline.month}月{task.deadline.day}日"
    return ""


def load_table(ledger: Ledger, tasks=None) -> LedgerTable:
    """The ledger as rows, six queries whatever the number of tasks.

    `tasks` (a Task queryset, normally `Task.objects.visible_to(user)`) limits the rows to the tasks the
    reader may see; None is the whole ledger (the console's `luoshi export`).
    """
    sections = {s.id: SectionTable(s.index, s.title) for s in Section.objects.filter(ledger=ledger).order_by("index", "id")}
    groups = {g.id: g for g in TaskGroup.objects.filter(section__ledger=ledger).only("id", "parent_id", "title")}
    leaders: dict[int, list[str]] = defaultdict(list)
    for link in Task.leaders.through.objects.filter(task__ledger=ledger).select_related("leader").order_by("id"):
        leaders[link.task_id].append(link.leader.name)
    assignments: dict[int, list[AssignmentLine]] = defaultdict(list)
    for row in (
        Assignment.objects.filter(task__ledger=ledger)
        .order_by("task_id", "order", "id")
        .values_list("task_id", "unit_id", "unit__name", "role", "source", "rule__code")
    ):
        task_id, unit_id, unit_name, role, source, rule_code = row
        assignments[task_id].append(AssignmentLine(unit_id, unit_name, role, source, rule_code or ""))
    targets: dict[int, list[str]] = defaultdict(list)
    for task_id, text, parent_id in Target.objects.filter(task__ledger=ledger).order_by("task_id", "order", "id").values_list(
        "task_id", "text", "parent_id"
    ):
        targets[task_id].append(target_text(text, parent_id is not None))
    paths: dict[int | None, list[str]] = {None: []}
    for task in (Task.objects if tasks is None else tasks).filter(ledger=ledger).order_by("order", "id").only(
        "id", "code", "number", "section_id", "group_id", "text", "deadline_text", "deadline"
    ):
        section = sections[task.section_id]
        section.tasks.append(
            TaskLine(
                id=task.id,
                code=task.code,
                number=task.number,
                section_index=section.index,
                section_title=section.title,
                group_path=_group_path(task.group_id, groups, paths),
                text=task.text,
                deadline=deadline_text(task),
                leaders=leaders.get(task.id, []),
                assignments=_lead_first(assignments.get(task.id, [])),
                targets=targets.get(task.id, []),
            )
        )
    return LedgerTable(ledger, list(sections.values()))


def _lead_first(lines: list[AssignmentLine]) -> list[AssignmentLine]:
    """Lead units before cooperating ones, each in the order the notice wrote them."""
    return [a for a in lines if a.role == Role.LEAD] + [a for a in lines if a.role != Role.LEAD]


def _group_path(group_id: int | None, groups: dict[int, TaskGroup], paths: dict[int | None, list[str]]) -> list[str]:
    if group_id in paths:
        return paths[group_id]
    chain: list[str] = []
    seen: set[int] = set()
    current = group_id
    while current is not None and current in groups and current not in seen:
        seen.add(current)
        chain.append(groups[current].title)
        current = groups[current].parent_id
    paths[group_id] = list(reversed(chain))
    return paths[group_id]


__all__ = ["AssignmentLine", "Heading", "LedgerTable", "ROLE_SHORT", "SectionTable", "TaskLine", "load_table", "table_rows"]
