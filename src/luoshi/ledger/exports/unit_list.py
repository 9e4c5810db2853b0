"""本单位任务清单: the tasks one unit leads and cooperates on in one ledger, with its role on each.

A unit that is a member of a collective unit (婺城区政府 in 各县(市、区)政府) also finds the tasks
the collective was given, marked with the collective's name, since those are its tasks too.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.notice.export_xlsx import Column, Heading, TableRow, number_cell

from ..models import AssignmentSource, Role
from .docx import DocColumn
from .rows import LedgerTable, TaskLine

XLSX_COLUMNS = [
    Column("序号", 6, "centre"),
    Column("任务编号", 9, "centre"),
    Column("工作任务", 50, "top"),
    Column("本单位角色", 12, "centre"),
    Column("牵头领导", 10),
    Column("牵头单位", 18),
    Column("配合单位", 28),
    Column("完成时限", 12, "centre"),
    Column("量化目标", 26),
]
DOCX_COLUMNS = [
    DocColumn("序号", 14, True),
    DocColumn("任务编号", 17, True),
    DocColumn("工作任务", 58),
    DocColumn("本单位角色", 22, True),
    DocColumn("牵头领导", 19, True),
    DocColumn("牵头单位", 22),
    DocColumn("配合单位", 33),
    DocColumn("完成时限", 18, True),
    DocColumn("量化目标", 22),
]
CSV_HEADERS = [column.header for column in XLSX_COLUMNS]


@dataclass
class UnitTask:
    task: TaskLine
    role: str
    source: str
    via: str = ""  # the collective unit the task was given to, when not the unit itself

    @property
    def role_cell(self) -> str:
        """`牵头`, `配合`, `配合(依通知规则)` or `配合(经“各县(市、区)政府”)`."""
        text = "牵头" if self.role == Role.LEAD else "配合"
        if self.via:
            return f"{text}(经“{self.via}”)"
        if self.source == AssignmentSource.RULE:
            return f"{text}(依通知规则)"
        return text


def unit_tasks(table: LedgerTable, unit_id: int, collectives: dict[int, str]) -> list[UnitTask]:
    """The unit's tasks, lead tasks first, each part in ledger order; `collectives` maps id → name."""
    out: list[UnitTask] = []
    for task in table.tasks:
        own = task.role_of(unit_id)
        if own is not None:
            out.append(UnitTask(task, own.role, own.source))
            continue
        via = [a for a in task.assignments if a.unit_id in collectives]
        if via:
            best = min(via, key=lambda a: a.role != Role.LEAD)  # a lead via a collective outranks cooperating
            out.append(UnitTask(task, best.role, best.source, via=collectives[best.unit_id]))
    return [t for t in out if t.role == Role.LEAD] + [t for t in out if t.role != Role.LEAD]


def unit_rows(tasks: list[UnitTask]) -> list[TableRow]:
    """Two parts, 一、牵头任务 and 二、配合任务, numbered through."""
    lead = [t for t in tasks if t.role == Role.LEAD]
    cooperating = [t for t in tasks if t.role != Role.LEAD]
    rows: list[TableRow] = []
    number = 0
    for heading, part in ((f"一、牵头任务({len(lead)}项)", lead), (f"二、配合任务({len(cooperating)}项)", cooperating)):
        rows.append(Heading(heading))
        for item in part:
            number += 1
            rows.append(unit_cells(number, item))
    return rows


def unit_cells(number: int, item: UnitTask) -> list[object]:
    task = item.task
    return [
        number,
        task.code,
        task.text,
        item.role_cell,
        "、".join(task.leaders),
        "、".join(task.lead_units),
        task.cooperating_cell(),
        task.deadline,
        "\n".join(task.targets),
    ]


__all__ = ["CSV_HEADERS", "DOCX_COLUMNS", "UnitTask", "XLSX_COLUMNS", "number_cell", "unit_rows", "unit_tasks"]
