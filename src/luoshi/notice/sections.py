"""Reading one section (an attachment): which numbering holds the tasks, headings, task drafts.

Every line inside the task list ends up in a task, a heading, or a warning: nothing is dropped
silently. Tasks without numbers (a paragraph followed by unit labels) are read too.
"""

from __future__ import annotations

import re

from .drafts import Draft, Entry, Heading, excerpt, heading_leaders, leaders_from_fields
from .labels import LABEL_ROLES, LINE_LABEL_RE, RoleFields, label_view, parse_labelled, split_trailing_roles
from .markers import AR_DOT, AR_PAREN, CN_DUN, CN_PAREN, DEPTH, find_marker
from .model import Diagnostic, Table
from .tables import TableRow, read_table

_SUBHEADING_MAX = 40


_EMPTY_LABEL = re.compile(rf"^\s*(?P<label>{'|'.join(re.escape(k) for k in sorted(LABEL_ROLES, key=len, reverse=True))})\s*[::]\s*$")


def task_kind(entries: list[Entry]) -> str | None:
    """The marker kind whose items carry units; ties go to the deeper common list kinds.

    None when the units belong to unnumbered paragraphs: several label blocks under one marker
    mean the markers are headings and each paragraph before a label block is a task.
    """
    evidence: dict[str, int] = {}
    counts: dict[str, int] = {}
    unnumbered = 0
    for i, entry in enumerate(entries):
        if entry.table is not None:
            continue
        marker = find_marker(entry.text)
        if marker is None:
            continue
        counts[marker.kind] = counts.get(marker.kind, 0) + 1
        blocks = _label_blocks_after(entries, i)
        if blocks >= 2:
            unnumbered += blocks
        elif has_roles_near(entries, i):
            evidence[marker.kind] = evidence.get(marker.kind, 0) + 1
    if unnumbered > sum(evidence.values()):
        return None
    if evidence:
        return max(evidence, key=lambda k: (evidence[k], DEPTH[k]))
    for kind in (AR_DOT, AR_PAREN, CN_PAREN, CN_DUN):
        if counts.get(kind, 0) >= 2:
            return kind
    return None


def _label_blocks_after(entries: list[Entry], i: int) -> int:
    """How many separate runs of label lines follow marker line i before the next marker."""
    blocks, in_block = 0, False
    for entry in entries[i + 1 :]:
        if entry.table is not None or find_marker(entry.text):
            break
        is_label = bool(LINE_LABEL_RE.match(label_view(entry.text)))
        if is_label and not in_block:
            blocks += 1
        in_block = is_label
    return blocks


def has_roles_near(entries: list[Entry], i: int) -> bool:
    text = entries[i].text
    _, roles = split_trailing_roles(text)
    if roles is not None and roles.has_units:
        return True
    for entry in entries[i + 1 : i + 4]:
        if entry.table is not None:
            return False
        if LINE_LABEL_RE.match(label_view(entry.text)):
            return True
        if find_marker(entry.text):
            return False
    return False


def read_section(entries: list[Entry], warnings: list[Diagnostic]) -> list[Draft]:
    tasks_kind = task_kind(entries)
    task_depth = DEPTH[tasks_kind] if tasks_kind else 99
    headings: list[Heading] = []
    drafts: list[Draft] = []
    current: Draft | None = None
    pending_role: str | None = None  # a label whose value is on the next line

    def marker_free(text: str) -> bool:
        return find_marker(text) is None

    # Plain lines seen since the last task or label: a sub-heading or an orphan for now, but the
    # text of an unnumbered task if unit labels follow them.
    plain_run: list[tuple[Entry, object]] = []

    def push_heading(depth: float, title: str, line: int) -> Heading:
        nonlocal current
        while headings and headings[-1].depth >= depth:
            headings.pop()
        stripped, roles = split_trailing_roles(title)
        leaders = heading_leaders(title)
        if roles is not None and roles.leader and not roles.has_units:
            title, leaders = stripped, leaders_from_fields(roles.leader, [])  # `(一)推进产业升级(牵头领导:张三)`
        heading = Heading(depth=depth, title=title, line=line, leaders=leaders)
        headings.append(heading)
        current = None
        return heading

    def unnumbered_task() -> Draft:
        """Turn the plain lines just seen into a task without a number (labels follow them)."""
        for _entry, record in plain_run:
            if isinstance(record, Heading) and record in headings:
                headings.remove(record)
            elif isinstance(record, Diagnostic) and record in warnings:
                warnings.remove(record)
        draft = Draft(number="", line=plain_run[0][0].line, parts=[e.text for e, _ in plain_run], headings=list(headings), end_line=plain_run[-1][0].line)
        plain_run.clear()
        drafts.append(draft)
        return draft

    for entry in entries:
        if entry.table is not None:
            current = None
            drafts.extend(_table_drafts(entry.table, headings, warnings))
            continue
        text = entry.text
        view = label_view(text)
        if pending_role is not None and marker_free(text) and not LINE_LABEL_RE.match(view):
            owner = current if current is not None else (drafts[-1] if drafts else None)
            if owner is not None:
                owner.roles.add(pending_role, text, 0, entry.line)
                owner.end_line = entry.line
            pending_role = None
            continue
        pending_role = None
        if LINE_LABEL_RE.match(view):
            empty = _EMPTY_LABEL.match(view)
            if empty:
                pending_role = LABEL_ROLES[empty.group("label")]
            if plain_run and (current is None or current.closed):
                current = unnumbered_task()
            plain_run.clear()
            if current is not None:
                current.roles.merge(parse_labelled(text).at_line(entry.line))
                current.closed = True
                current.end_line = entry.line
            elif drafts and not drafts[-1].from_table:
                drafts[-1].roles.merge(parse_labelled(text).at_line(entry.line))
                drafts[-1].end_line = entry.line
            else:
                warnings.append(Diagnostic(entry.line, f"第{entry.line}行的单位字段不属于任何任务：{excerpt(text)}", "orphan_line"))
            continue
        marker = find_marker(text)
        if marker is not None:
            plain_run.clear()
        if marker is not None and marker.kind == tasks_kind:
            current = Draft(number=marker.number, line=entry.line, parts=[text[marker.end :]], headings=list(headings), end_line=entry.line)
            _, roles = split_trailing_roles(current.parts[0])
            current.closed = roles is not None and (roles.has_units or roles.leader)
            drafts.append(current)
            continue
        if marker is not None and marker.depth < task_depth:
            push_heading(marker.depth, text[marker.end :].strip(), entry.line)
            continue
        if current is not None and not current.closed:
            current.parts.append(text)
            current.end_line = entry.line
            _, roles = split_trailing_roles(" ".join(current.parts))
            current.closed = roles is not None and (roles.has_units or roles.leader)
            continue
        if marker is None and len(text) <= _SUBHEADING_MAX and not re.search(r"[;,:]", text[:-1]):
            # An unnumbered theme line between tasks (`加强基础设施建设`): a sub-group.
            plain_run.append((entry, push_heading(task_depth - 0.5, text.rstrip("。"), entry.line)))
            continue
        if current is not None and marker is not None:
            current.parts.append(text)  # a sub-item written after the task's units
            current.end_line = entry.line
            continue
        warning = Diagnostic(entry.line, f"第{entry.line}行不属于任何任务，已保留在警告中：{excerpt(text)}", "orphan_line")
        warnings.append(warning)
        if marker is None:
            plain_run.append((entry, warning))
    return drafts


def _table_drafts(table: Table, headings: list[Heading], warnings: list[Diagnostic]) -> list[Draft]:
    reading = read_table(table)
    if reading.header_line is None:
        if table.rows:
            warnings.append(Diagnostic(table.line, f"第{table.line}行的表格没有可识别的表头（序号/工作任务/牵头单位…），未读取", "table_without_header"))
        return []
    local = list(headings)
    drafts: list[Draft] = []
    for kind, line, item in reading.items:
        if kind == "group":
            title = str(item)
            marker = find_marker(title)
            while local and local[-1].depth >= 50:
                local.pop()
            local.append(Heading(depth=50, title=title[marker.end :] if marker else title, line=line, leaders=heading_leaders(title)))
            continue
        row: TableRow = item  # type: ignore[assignment]
        cells = row.cells
        category = cells.get("category")
        heads = list(local)
        if category:
            marker = find_marker(category)
            heads.append(Heading(depth=60, title=category[marker.end :] if marker else category, line=line))
        roles = RoleFields()
        for role in ("lead", "cooperating", "responsible", "leader", "deadline"):
            if cells.get(role):
                roles.add(role, cells[role], 0, line)
        number = cells.get("number", "")
        text = cells.get("task", "")
        marker = find_marker(text)
        if not number and marker:
            number, text = marker.number, text[marker.end :]
        draft = Draft(number=number or str(len(drafts) + 1), line=line, parts=[text], headings=heads, roles=roles, closed=True, end_line=line, from_table=True)
        if cells.get("target") and cells["target"] != cells.get("task"):
            # A 全年目标 column: its targets belong to the task, its text stays out of the task text.
            draft.roles.spans.append(("target_text", cells["target"], -1, line))
        drafts.append(draft)
    return drafts
