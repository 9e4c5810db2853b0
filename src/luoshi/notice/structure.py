"""From a Document to a ParsedNotice: cover, sections, groups, tasks, roles, rules, warnings.

The parser finds the attachments (附件), decides per section which numbering depth holds the tasks
(the one whose items carry units), and reads roles from label lines, trailing parentheses, inline
labels or table columns. Cover rules are read first and applied to every task they touch, with the
task recording which rule gave it which unit. Every line inside the task list ends up in a task, a
heading, or a warning: nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import deadlines, metadata, registry, targets, units
from .labels import LABEL_ROLES, LINE_LABEL_RE, RoleFields, label_view, parse_labelled, refine_unit_value, split_trailing_roles
from .markers import AR_DOT, AR_PAREN, CN_DUN, CN_PAREN, DEPTH, attachment_number, attachment_title, find_marker, is_colophon, is_furniture, number_value
from .model import Diagnostic, Document, Leader, Paragraph, ParsedNotice, Section, Table, Task
from .rules import apply_rules, find_rules
from .tables import TableRow, read_table, rebuild_text_tables

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
_SUBHEADING_MAX = 40
_EMPTY_LABEL = re.compile(rf"^\s*(?P<label>{'|'.join(re.escape(k) for k in sorted(LABEL_ROLES, key=len, reverse=True))})\s*[::]\s*$")


@dataclass
class _Entry:
    """A line or a table of the document, in order."""

    line: int
    text: str = ""
    table: Table | None = None


@dataclass
class _Heading:
    depth: float
    title: str
    line: int
    leaders: list[Leader] = field(default_factory=list)


@dataclass
class _Draft:
    """A task while its lines are being collected."""

    number: str
    line: int
    parts: list[str]
    headings: list[_Heading]
    roles: RoleFields = field(default_factory=RoleFields)
    closed: bool = False
    end_line: int = 0
    from_table: bool = False


def parse_document(doc: Document, *, profile: units.JurisdictionProfile | None = None, profile_name: str | None = None) -> ParsedNotice:
    """Read a Document into a ParsedNotice. `profile` expands collective units; None = auto-detect."""
    notice = ParsedNotice(source=doc.source, format=doc.format, encoding=doc.encoding)
    notice.warnings.extend(doc.warnings)
    entries = _entries(doc)
    cover, sections = _split_sections(entries)

    meta_lines = [(e.line, e.text) for e in cover if e.table is None]
    for entry in cover:
        if entry.table is not None:
            meta_lines.extend(_table_as_lines(entry.table))
    for section_entries in sections.values():
        for entry in section_entries[1]:
            if entry.table is not None:
                meta_lines.extend(_table_metadata_lines(entry.table))
    metadata.extract_metadata(meta_lines).apply_to(notice)

    if profile is None:
        profile = registry.detect_profile(" ".join([notice.title, notice.issuer, notice.doc_number]), profile_name)

    rule_lines = [(e.line, e.text) for e in cover if e.table is None]
    for _title, section_entries in sections.values():
        rule_lines.extend((e.line, e.text) for e in _preamble(section_entries))
    notice.rules = find_rules(rule_lines, profile)
    default_rule = next((r for r in notice.rules if r.kind == "default_cooperating"), None)
    if default_rule:
        notice.default_cooperating_units = list(default_rule.units)

    drafts_by_section: list[tuple[Section, list[_Draft]]] = []
    for index, (title_entry, section_entries) in enumerate(sections.values(), start=1):
        title = title_entry.text if title_entry else (notice.title or "任务清单")
        section = Section(index=index, title=title, line=title_entry.line if title_entry else 0)
        drafts = _read_section(section_entries, notice.warnings)
        drafts_by_section.append((section, drafts))
        notice.sections.append(section)

    if notice.year is None:
        notice.year = _year_from_titles([s.title for s in notice.sections])
    if not notice.title and notice.sections and notice.sections[0].line:
        notice.title = notice.sections[0].title  # a bare 责任分解表 with no cover: its own title

    for section, drafts in drafts_by_section:
        ids = _task_ids(section, drafts)
        for draft, task_id in zip(drafts, ids):
            notice.tasks.append(_finish_task(draft, section, notice.year, task_id))
        section.task_count = len(drafts)
        section.groups = _ordered_unique(t.group for t in notice.tasks if t.section == section.title and t.group)
        _check_numbering(section, drafts, notice.warnings)

    if not notice.tasks:
        notice.warnings.append(Diagnostic(0, "未在文件中找到任何编号任务（如“1.…”后跟“牵头单位:”，或含“序号/工作任务/牵头单位”表头的表格），请确认这是责任分解通知", "no_tasks"))
    apply_rules(notice, profile)
    _warn_missing_leads(notice)
    registry.build_registry(notice, profile)
    notice.warnings.sort(key=lambda w: w.line)
    return notice


# ---------------------------------------------------------------------------------------------
# Entries and sections
# ---------------------------------------------------------------------------------------------


def _entries(doc: Document) -> list[_Entry]:
    blocks = rebuild_text_tables(doc.blocks)
    entries: list[_Entry] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if text and not is_furniture(text) and not is_colophon(text):
                entries.append(_Entry(line=block.line, text=text))
        else:
            entries.append(_Entry(line=block.line, table=block))
    return entries


def _split_sections(entries: list[_Entry]) -> tuple[list[_Entry], dict[int, tuple[_Entry | None, list[_Entry]]]]:
    """Cover entries, and per section its title entry and its entries.

    Sections start at `附件N` lines that are followed by content; without them the task list starts
    at the first heading, task marker or table with a header.
    """
    starts = [i for i, e in enumerate(entries) if e.table is None and attachment_number(e.text) is not None]
    starts = [i for i in starts if i + 1 < len(entries)]
    sections: dict[int, tuple[_Entry | None, list[_Entry]]] = {}
    if starts:
        cover = entries[: starts[0]]
        bounds = starts + [len(entries)]
        for k, start in enumerate(starts):
            body = entries[start + 1 : bounds[k + 1]]
            title = None
            inline = attachment_title(entries[start].text)
            if inline:
                title = _Entry(line=entries[start].line, text=inline)
            elif body and body[0].table is None and find_marker(body[0].text) is None and not LINE_LABEL_RE.match(body[0].text):
                title, body = body[0], body[1:]
                # A title broken over two lines (`…重点工作` / `任务分解方案`).
                if body and body[0].table is None and _continues_title(title.text, body[0].text):
                    title = _Entry(line=title.line, text=title.text + body[0].text)
                    body = body[1:]
            sections[k] = (title, body)
        return cover, sections
    first = _body_start(entries)
    cover = entries[:first]
    title = _section_title_from_cover(cover)
    sections[0] = (title, entries[first:])
    return cover, sections


def _continues_title(first: str, second: str) -> bool:
    return (
        len(first) < 30
        and len(second) < 30
        and not first.endswith(("。", ":", "通知", "分解", "方案", "清单", "意见"))
        and bool(re.search(r"(分解|方案|清单|分工|意见|任务)$", second))
        and find_marker(second) is None
    )


def _body_start(entries: list[_Entry]) -> int:
    for i, entry in enumerate(entries):
        if entry.table is not None:
            if read_table(entry.table).header_line is not None:
                return i
            continue
        marker = find_marker(entry.text)
        if marker and marker.kind in (CN_DUN, "part"):
            return i
        if marker and _has_roles_near(entries, i):
            return i
    return len(entries)


def _label_blocks_after(entries: list[_Entry], i: int) -> int:
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


def _has_roles_near(entries: list[_Entry], i: int) -> bool:
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


def _section_title_from_cover(cover: list[_Entry]) -> _Entry | None:
    for entry in reversed(cover):
        if entry.table is None and len(entry.text) <= 60 and re.search(r"(分解|分工|方案|清单|任务)(方案|表)?$", entry.text):
            return entry
    return None


def _preamble(entries: list[_Entry]) -> list[_Entry]:
    out = []
    for entry in entries:
        if entry.table is not None or find_marker(entry.text):
            break
        out.append(entry)
    return out


def _table_as_lines(table: Table) -> list[tuple[int, str]]:
    lines = table.row_lines or [table.line] * len(table.rows)
    return [(lines[i] if i < len(lines) else table.line, " ".join(_distinct_cells(row))) for i, row in enumerate(table.rows)]


def _distinct_cells(row: list[str]) -> list[str]:
    """Non-empty cells with merged repeats (the same text in neighbouring cells) written once."""
    out: list[str] = []
    for cell in row:
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return out


def _table_metadata_lines(table: Table) -> list[tuple[int, str]]:
    """Rows above a table's header (`索引号 | … | 发布单位 | 区政府 |`) as `key: value` lines."""
    out: list[tuple[int, str]] = []
    reading = read_table(table)
    for line, row in reading.before_header:
        cells = _distinct_cells(row)
        if len(cells) >= 2 and len(cells) % 2 == 0 and all(len(c) <= 40 for c in cells):
            for k in range(0, len(cells), 2):
                out.append((line, f"{cells[k]}: {cells[k + 1]}"))
        else:
            out.append((line, " ".join(cells)))
    return out


# ---------------------------------------------------------------------------------------------
# Reading a section
# ---------------------------------------------------------------------------------------------


def _task_kind(entries: list[_Entry]) -> str | None:
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
        elif _has_roles_near(entries, i):
            evidence[marker.kind] = evidence.get(marker.kind, 0) + 1
    if unnumbered > sum(evidence.values()):
        return None
    if evidence:
        return max(evidence, key=lambda k: (evidence[k], DEPTH[k]))
    for kind in (AR_DOT, AR_PAREN, CN_PAREN, CN_DUN):
        if counts.get(kind, 0) >= 2:
            return kind
    return None


def _read_section(entries: list[_Entry], warnings: list[Diagnostic]) -> list[_Draft]:
    task_kind = _task_kind(entries)
    task_depth = DEPTH[task_kind] if task_kind else 99
    headings: list[_Heading] = []
    drafts: list[_Draft] = []
    current: _Draft | None = None
    pending_role: str | None = None  # a label whose value is on the next line

    def marker_free(text: str) -> bool:
        return find_marker(text) is None

    # Plain lines seen since the last task or label: a sub-heading or an orphan for now, but the
    # text of an unnumbered task if unit labels follow them.
    plain_run: list[tuple[_Entry, object]] = []

    def push_heading(depth: float, title: str, line: int) -> _Heading:
        nonlocal current
        while headings and headings[-1].depth >= depth:
            headings.pop()
        stripped, roles = split_trailing_roles(title)
        leaders = _heading_leaders(title)
        if roles is not None and roles.leader and not roles.has_units:
            title, leaders = stripped, _leaders(roles.leader, [])  # `(一)推进产业升级(牵头领导:张三)`
        heading = _Heading(depth=depth, title=title, line=line, leaders=leaders)
        headings.append(heading)
        current = None
        return heading

    def unnumbered_task() -> _Draft:
        """Turn the plain lines just seen into a task without a number (labels follow them)."""
        for _entry, record in plain_run:
            if isinstance(record, _Heading) and record in headings:
                headings.remove(record)
            elif isinstance(record, Diagnostic) and record in warnings:
                warnings.remove(record)
        draft = _Draft(number="", line=plain_run[0][0].line, parts=[e.text for e, _ in plain_run], headings=list(headings), end_line=plain_run[-1][0].line)
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
                warnings.append(Diagnostic(entry.line, f"第{entry.line}行的单位字段不属于任何任务：{_excerpt(text)}", "orphan_line"))
            continue
        marker = find_marker(text)
        if marker is not None:
            plain_run.clear()
        if marker is not None and marker.kind == task_kind:
            current = _Draft(number=marker.number, line=entry.line, parts=[text[marker.end :]], headings=list(headings), end_line=entry.line)
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
        warning = Diagnostic(entry.line, f"第{entry.line}行不属于任何任务，已保留在警告中：{_excerpt(text)}", "orphan_line")
        warnings.append(warning)
        if marker is None:
            plain_run.append((entry, warning))
    return drafts


def _table_drafts(table: Table, headings: list[_Heading], warnings: list[Diagnostic]) -> list[_Draft]:
    reading = read_table(table)
    if reading.header_line is None:
        if table.rows:
            warnings.append(Diagnostic(table.line, f"第{table.line}行的表格没有可识别的表头（序号/工作任务/牵头单位…），未读取", "table_without_header"))
        return []
    local = list(headings)
    drafts: list[_Draft] = []
    for kind, line, item in reading.items:
        if kind == "group":
            title = str(item)
            marker = find_marker(title)
            while local and local[-1].depth >= 50:
                local.pop()
            local.append(_Heading(depth=50, title=title[marker.end :] if marker else title, line=line, leaders=_heading_leaders(title)))
            continue
        row: TableRow = item  # type: ignore[assignment]
        cells = row.cells
        category = cells.get("category")
        heads = list(local)
        if category:
            marker = find_marker(category)
            heads.append(_Heading(depth=60, title=category[marker.end :] if marker else category, line=line))
        roles = RoleFields()
        for role in ("lead", "cooperating", "responsible", "leader", "deadline"):
            if cells.get(role):
                roles.add(role, cells[role], 0, line)
        number = cells.get("number", "")
        text = cells.get("task", "")
        marker = find_marker(text)
        if not number and marker:
            number, text = marker.number, text[marker.end :]
        draft = _Draft(number=number or str(len(drafts) + 1), line=line, parts=[text], headings=heads, roles=roles, closed=True, end_line=line, from_table=True)
        if cells.get("target") and cells["target"] != cells.get("task"):
            # A 全年目标 column: its targets belong to the task, its text stays out of the task text.
            draft.roles.spans.append(("target_text", cells["target"], -1, line))
        drafts.append(draft)
    return drafts


def _heading_leaders(title: str) -> list[Leader]:
    """`尹学群市长牵头的重点工作`, `由刘洋副市长牵头`, `市长张伟牵头的重点工作` → the leader."""
    view = label_view(title)
    match = _HEADING_LEADER.match(view) or _HEADING_LEADER_TITLE_FIRST.match(view)
    if match:
        return [Leader(name=title[match.start("name") : match.end("name")], title=title[match.start("title") : match.end("title")])]
    return []


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# ---------------------------------------------------------------------------------------------
# Finishing tasks
# ---------------------------------------------------------------------------------------------


def _finish_task(draft: _Draft, section: Section, year: int | None, task_id: str) -> Task:
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
    task.leaders = _leaders(roles.leader, draft.headings)
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


def _task_ids(section: Section, drafts: list[_Draft]) -> list[str]:
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


def _leaders(values: list[str], headings: list[_Heading]) -> list[Leader]:
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


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def _check_numbering(section: Section, drafts: list[_Draft], warnings: list[Diagnostic]) -> None:
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


def _warn_missing_leads(notice: ParsedNotice) -> None:
    for task in notice.tasks:
        if not task.lead_units:
            notice.warnings.append(Diagnostic(task.line, f"第{task.line}行：任务 {task.number}（{_excerpt(task.text, 20)}）没有牵头单位", "no_lead_unit"))


def _year_from_titles(titles: list[str]) -> int | None:
    for title in titles:
        match = re.search(r"(19|20)\d{2}(?=年)", title)
        if match:
            return int(match.group(0))
    return None


def _ordered_unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
