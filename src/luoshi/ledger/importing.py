"""Turning a parsed notice into ledger rows (used by services.import_notice and the re-import diff).

Pure construction: no transaction handling and no audit here; services own both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from luoshi.notice.model import Document, Paragraph, ParsedNotice
from luoshi.notice.model import Task as ParsedTask
from luoshi.units.models import Jurisdiction, Unit, UnitAlias

from .models import Assignment, AssignmentSource, ImportWarning, Leader, Ledger, Role, Rule, Section, Target, Task, TaskGroup


def document_lines(document: Document) -> list[list]:
    """[line, text] pairs of what the parser read, for showing the source beside the draft."""
    out: list[list] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            out.append([block.line, block.text])
        else:
            lines = block.row_lines or [block.line] * len(block.rows)
            for i, row in enumerate(block.rows):
                out.append([lines[i] if i < len(lines) else block.line, " | ".join(row)])
    return out


def iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class UnitResolver:
    """Finds or creates the canonical unit for each written name, following aliases and merges."""

    jurisdiction: Jurisdiction
    kinds: dict[str, str] = field(default_factory=dict)
    collective: dict[str, bool] = field(default_factory=dict)
    _cache: dict[str, Unit] = field(default_factory=dict)
    created: list[Unit] = field(default_factory=list)

    def __post_init__(self) -> None:
        for unit in Unit.objects.filter(jurisdiction=self.jurisdiction).select_related("merged_into"):
            self._cache[unit.name] = unit
        for alias in UnitAlias.objects.filter(jurisdiction=self.jurisdiction).select_related("unit"):
            self._cache.setdefault(alias.name, alias.unit)

    def get(self, name: str) -> Unit:
        unit = self._cache.get(name)
        if unit is None:
            unit = Unit.objects.create(
                jurisdiction=self.jurisdiction,
                name=name,
                kind=self.kinds.get(name, "unknown"),
                is_collective=self.collective.get(name, False),
            )
            self._cache[name] = unit
            self.created.append(unit)
        seen = 0
        while unit.merged_into_id and seen < 10:  # a merged unit's work goes to where it was merged
            unit = unit.merged_into
            seen += 1
        return unit


def build_ledger(ledger: Ledger, notice: ParsedNotice) -> dict[str, int]:
    """Create sections, groups, leaders, units, rules, tasks, assignments, targets and warnings."""
    jurisdiction = ledger.jurisdiction
    resolver = UnitResolver(
        jurisdiction,
        kinds={u.name: u.kind for u in notice.units},
        collective={u.name: u.collective for u in notice.units},
    )
    link_collective_members(notice, resolver)
    rules = {
        parsed.id: Rule.objects.create(
            ledger=ledger, code=parsed.id, kind=parsed.kind, text=parsed.text, source_line=parsed.line, exception=parsed.exception
        )
        for parsed in notice.rules
    }
    leaders = LeaderResolver(jurisdiction)
    sections: dict[str, Section] = {}
    for parsed in notice.sections:
        sections[parsed.title] = Section.objects.create(ledger=ledger, index=parsed.index, title=parsed.title, source_line=parsed.line)
    groups = GroupResolver(leaders)
    tasks: list[Task] = []
    for order, parsed in enumerate(notice.tasks, start=1):
        section = sections[parsed.section]
        tasks.append(task_from_parsed(ledger, section, groups.get(section, parsed), parsed, order))
    Task.objects.bulk_create(tasks)
    assignments: list[Assignment] = []
    target_pairs: list[tuple[list[Target], list[int | None]]] = []
    task_leaders = []
    for task, parsed in zip(tasks, notice.tasks, strict=True):
        assignments.extend(assignments_for(task, parsed, resolver, rules))
        target_pairs.append(targets_for(task, parsed))
        for leader in parsed.leaders:
            task_leaders.append(Task.leaders.through(task_id=task.id, leader_id=leaders.get(leader.name, leader.title).id))
    Assignment.objects.bulk_create(assignments)
    target_count = save_targets(target_pairs)
    Task.leaders.through.objects.bulk_create(task_leaders, ignore_conflicts=True)
    ImportWarning.objects.bulk_create(
        [ImportWarning(ledger=ledger, line=w.line, code=w.code, message=w.message, data=w.data) for w in notice.warnings]
    )
    return {"tasks": len(tasks), "assignments": len(assignments), "targets": target_count, "units_created": len(resolver.created)}


def task_from_parsed(ledger: Ledger, section: Section, group: TaskGroup | None, parsed: ParsedTask, order: int) -> Task:
    """An unsaved Task with the parsed task's fields (used by import and re-import)."""
    return Task(
        ledger=ledger,
        section=section,
        group=group,
        code=parsed.id,
        number=parsed.number,
        order=order,
        text=parsed.text,
        deadline_text=(parsed.deadline or "")[:100],
        deadline=iso_date(parsed.deadline_date),
        role_source=parsed.role_source[:200],
        source_line=parsed.line,
        source_end_line=parsed.end_line or parsed.line,
    )


def assignments_for(task: Task, parsed: ParsedTask, resolver: UnitResolver, rules: dict[str, Rule]) -> list[Assignment]:
    """Lead units, cooperating units as written, then units a rule added; one role per unit."""
    out: list[Assignment] = []
    seen: set[int] = set()
    rule = next((rules[r] for r in parsed.rules_applied if r in rules and rules[r].kind == "default_cooperating"), None)
    rows = [(name, Role.LEAD, AssignmentSource.TEXT, None) for name in parsed.lead_units]
    rows += [(name, Role.COOPERATING, AssignmentSource.TEXT, None) for name in parsed.cooperating_units]
    rows += [(name, Role.COOPERATING, AssignmentSource.RULE, rule) for name in parsed.implied_cooperating_units]
    for order, (name, role, source, rule_row) in enumerate(rows):
        unit = resolver.get(name)
        if unit.id in seen:
            continue
        seen.add(unit.id)
        out.append(Assignment(task=task, unit=unit, role=role, source=source, rule=rule_row, written_as=name[:100], order=order))
    return out


def targets_for(task: Task, parsed: ParsedTask) -> tuple[list[Target], list[int | None]]:
    """The task's targets (unsaved) and, for each, the index of its 其中 parent."""
    return [
        Target(
            task=task,
            order=i,
            text=t.text[:300],
            indicator=t.indicator[:200],
            comparator=t.comparator,
            value=t.value,
            unit=t.unit[:30],
            base_value=t.base_value,
            base_unit=t.base_unit[:30],
            direction=t.direction,
            span_start=t.span[0],
            span_end=t.span[1],
        )
        for i, t in enumerate(parsed.targets)
    ], [t.parent for t in parsed.targets]


def save_targets(pairs: list[tuple[list[Target], list[int | None]]]) -> int:
    """Targets of all tasks, then each 其中 part linked to its parent."""
    flat: list[Target] = []
    parents: list[tuple[int, int | None]] = []
    for targets, parent_indexes in pairs:
        base = len(flat)
        flat.extend(targets)
        parents.extend((base + i, None if p is None else base + p) for i, p in enumerate(parent_indexes))
    Target.objects.bulk_create(flat)
    linked = []
    for index, parent in parents:
        if parent is not None:
            flat[index].parent = flat[parent]
            linked.append(flat[index])
    if linked:
        Target.objects.bulk_update(linked, ["parent"])
    return len(flat)


class LeaderResolver:
    def __init__(self, jurisdiction: Jurisdiction) -> None:
        self.jurisdiction = jurisdiction
        self.cache = {leader.name: leader for leader in Leader.objects.filter(jurisdiction=jurisdiction)}

    def get(self, name: str, title: str = "") -> Leader:
        leader = self.cache.get(name)
        if leader is None:
            leader = Leader.objects.create(jurisdiction=self.jurisdiction, name=name[:20], title=title[:30])
            self.cache[name] = leader
        elif title and not leader.title:
            leader.title = title[:30]
            leader.save(update_fields=["title"])
        return leader


class GroupResolver:
    """One TaskGroup per heading path within a section; a group's leader comes from its heading."""

    def __init__(self, leaders: LeaderResolver) -> None:
        self.leaders = leaders
        self.cache: dict[tuple[int, tuple[str, ...]], TaskGroup] = {}
        self.order = 0

    def get(self, section: Section, parsed: ParsedTask) -> TaskGroup | None:
        path = tuple(parsed.group_path)
        if not path:
            return None
        parent = None
        for depth in range(1, len(path) + 1):
            key = (section.id, path[:depth])
            group = self.cache.get(key)
            if group is None:
                self.order += 1
                leader = None
                if depth == len(path) or depth == 1:
                    leader = self._heading_leader(path[depth - 1], parsed)
                group = TaskGroup.objects.create(section=section, parent=parent, title=path[depth - 1][:300], order=self.order, leader=leader)
                self.cache[key] = group
            parent = group
        return parent

    def _heading_leader(self, title: str, parsed: ParsedTask) -> Leader | None:
        for leader in parsed.leaders:
            if leader.name and leader.name in title:
                return self.leaders.get(leader.name, leader.title)
        return None


def link_collective_members(notice: ParsedNotice, resolver: UnitResolver) -> None:
    """A collective unit (各县(市、区)政府) lists its member units when the profile could expand it."""
    for parsed in notice.units:
        if parsed.collective and parsed.members:
            collective = resolver.get(parsed.name)
            if not collective.members.exists():
                collective.members.set([resolver.get(name) for name in parsed.members])
