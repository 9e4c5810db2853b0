"""Finishing task drafts: text, units by role, leaders, deadline, targets, ids and checks."""

from __future__ import annotations

import re

from . import deadlines, targets, units
from .drafts import Draft, excerpt, leaders_from_fields
from .labels import RoleFields, refine_unit_value, split_trailing_roles
from .markers import number_value
from .model import Diagnostic, ParsedNotice, Section, Task

def finish_task(draft: Draft, section: Section, year: int | None, task_id: str) -> Task:
    text = "".join(p for p in draft.parts if p).strip()
    roles = RoleFields()
    if not draft.from_table:
        stripped, trailing = split_trailing_roles(text)
        if trailing is not None:
            text = stripped if (trailing.has_units or trailing.leader) else text
            roles.merge(trailing)
    roles.merge(draft.roles)
    group_path = [h.title for h in draft.headings]
    task = Task(
        id=task_id,
        section=section.title,
        group=group_path[-1] if group_path else "",
        group_path=group_path,
        number=draft.number,
        text=text,
        line=draft.line,
        end_line=draft.end_line or draft.line,
    )
    buckets = {"lead": task.lead_units, "cooperating": task.cooperating_units, "responsible": task.responsible_units}
    for role, bucket in buckets.items():
        for value in getattr(roles, role):
            refined = refine_unit_value(role, value)
            for inner_role in buckets:
                for inner in getattr(refined, inner_role):
                    _add_units(buckets[inner_role], inner)
    _mark_star_leads(task)
    _mark_bracket_leads(task)
    task.unit_spans = [
        {"role": role, "text": value, "line": line or task.line, "offset": start, "units": units.split_units(value)}
        for role, value, start, line in roles.spans
        if role in ("lead", "cooperating", "responsible")
    ]
    task.leaders = leaders_from_fields(roles.leader, draft.headings)
    if roles.deadline:
        task.deadline = roles.deadline[-1].strip(" 。.")
    else:
        clause = deadlines.find_time_clause(text)
        if clause:
            task.deadline = clause[0]
    if task.deadline:
        task.deadline_date = deadlines.normalize_deadline(task.deadline, year)
    target_texts = [value for role, value, _, _ in roles.spans if role == "target_text"]
    task.targets = targets.extract_targets(text)
    for extra in target_texts:
        task.targets.extend(targets.extract_targets(extra))
    return task


def task_ids(section: Section, drafts: list[Draft]) -> list[str]:
    """`<section>-<number>`; where numbering restarts inside a section, the group's ordinal is added."""
    plain = [f"{section.index}-{d.number or i}" for i, d in enumerate(drafts, start=1)]
    if len(set(plain)) == len(plain):
        return plain
    ids: list[str] = []
    group_index: dict[str, int] = {}
    for draft in drafts:
        key = " / ".join(h.title for h in draft.headings)
        group_index.setdefault(key, len(group_index) + 1)
        ids.append(f"{section.index}-{group_index[key]}-{draft.number or len(ids) + 1}")
    seen: dict[str, int] = {}
    for i, task_id in enumerate(ids):
        if task_id in seen:
            seen[task_id] += 1
            ids[i] = f"{task_id}.{seen[task_id]}"
        else:
            seen[task_id] = 1
    return ids


def _add_units(into: list[str], value: str) -> None:
    for name in units.split_units(value):
        parts = name.split()
        if len(parts) > 1 and all(units.classify_unit(p.strip("*")) != "unknown" for p in parts):
            names = parts  # units separated by spaces (a line break inside a table cell)
        else:
            names = [name]
        for item in names:
            if item not in into:
                into.append(item)


_LEAD_MARK = re.compile(r"\((牵头|牵头单位|主责)\)$")


def _mark_bracket_leads(task: Task) -> None:
    """`市科技局(牵头)` in a unit list leads."""
    for bucket in (task.responsible_units, task.cooperating_units, task.lead_units):
        for name in list(bucket):
            match = _LEAD_MARK.search(name)
            if match:
                clean = name[: match.start()]
                bucket[bucket.index(name)] = clean
                if bucket is not task.lead_units:
                    bucket.remove(clean)
                    if clean not in task.lead_units:
                        task.lead_units.append(clean)
                task.role_source = "单位名后注明“(牵头)”的为牵头单位"


def _mark_star_leads(task: Task) -> None:
    """`*`-marked units lead (a convention of some tables)."""
    starred = [u for u in task.responsible_units + task.cooperating_units if u.endswith("*") or u.startswith("*")]
    if not starred:
        return
    for name in starred:
        clean = name.strip("*")
        for bucket in (task.responsible_units, task.cooperating_units):
            if name in bucket:
                bucket.remove(name)
        if clean not in task.lead_units:
            task.lead_units.append(clean)
    task.role_source = "标*的单位为牵头单位"


def check_numbering(section: Section, drafts: list[Draft], warnings: list[Diagnostic]) -> None:
    previous: int | None = None
    seen: set[tuple[str, int]] = set()
    for draft in drafts:
        value = number_value(draft.number)
        if value is None:
            continue
        group = draft.headings[-1].title if draft.headings else ""
        if (group, value) in seen or (previous is not None and value == previous):
            warnings.append(Diagnostic(draft.line, f"第{draft.line}行：{section.title} 中任务编号 {draft.number} 重复", "numbering_duplicate"))
        elif previous is not None and value not in (previous + 1, 1) and not draft.from_table:
            warnings.append(Diagnostic(draft.line, f"第{draft.line}行：{section.title} 中任务编号从 {previous} 跳到 {value}，中间可能缺了任务", "numbering_gap"))
        seen.add((group, value))
        previous = value


def warn_missing_leads(notice: ParsedNotice) -> None:
    for task in notice.tasks:
        if not task.lead_units:
            notice.warnings.append(Diagnostic(task.line, f"第{task.line}行：任务 {task.number}（{excerpt(task.text, 20)}）没有牵头单位", "no_lead_unit"))
