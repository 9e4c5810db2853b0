"""From a Document to a ParsedNotice: cover, sections, groups, tasks, roles, rules, warnings.

The parser finds the attachments (附件), decides per section which numbering depth holds the tasks
(the one whose items carry units), and reads roles from label lines, trailing parentheses, inline
labels or table columns. Cover rules are read first and applied to every task they touch, with the
task recording which rule gave it which unit. Every line inside the task list ends up in a task, a
heading, or a warning: nothing is dropped silently.
"""

from __future__ import annotations

import re

from . import metadata, registry, units
from .drafts import Draft, Entry
from .labels import LINE_LABEL_RE
from .markers import CN_DUN, attachment_number, attachment_title, find_marker, is_colophon, is_furniture
from .model import Diagnostic, Document, Paragraph, ParsedNotice, Section, Table
from .rules import apply_rules, find_rules
from .sections import has_roles_near, read_section
from .tables import read_table, rebuild_text_tables
from .tasks import check_numbering, finish_task, task_ids, warn_missing_leads


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

    drafts_by_section: list[tuple[Section, list[Draft]]] = []
    for index, (title_entry, section_entries) in enumerate(sections.values(), start=1):
        title = title_entry.text if title_entry else (notice.title or "任务清单")
        section = Section(index=index, title=title, line=title_entry.line if title_entry else 0)
        drafts = read_section(section_entries, notice.warnings)
        drafts_by_section.append((section, drafts))
        notice.sections.append(section)

    if notice.year is None:
        notice.year = _year_from_titles([s.title for s in notice.sections])
    if not notice.title and notice.sections and notice.sections[0].line:
        notice.title = notice.sections[0].title  # a bare 责任分解表 with no cover: its own title

    for section, drafts in drafts_by_section:
        ids = task_ids(section, drafts)
        for draft, task_id in zip(drafts, ids):
            notice.tasks.append(finish_task(draft, section, notice.year, task_id))
        section.task_count = len(drafts)
        section.groups = _ordered_unique(t.group for t in notice.tasks if t.section == section.title and t.group)
        check_numbering(section, drafts, notice.warnings)

    if not notice.tasks:
        notice.warnings.append(Diagnostic(0, "未在文件中找到任何编号任务（如“1.…”后跟“牵头单位:”，或含“序号/工作任务/牵头单位”表头的表格），请确认这是责任分解通知", "no_tasks"))
    apply_rules(notice, profile)
    warn_missing_leads(notice)
    registry.build_registry(notice, profile)
    notice.warnings.sort(key=lambda w: w.line)
    return notice


def _entries(doc: Document) -> list[Entry]:
    blocks = rebuild_text_tables(doc.blocks)
    entries: list[Entry] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if text and not is_furniture(text) and not is_colophon(text):
                entries.append(Entry(line=block.line, text=text))
        else:
            entries.append(Entry(line=block.line, table=block))
    return entries


def _split_sections(entries: list[Entry]) -> tuple[list[Entry], dict[int, tuple[Entry | None, list[Entry]]]]:
    """Cover entries, and per section its title entry and its entries.

    Sections start at `附件N` lines that are followed by content; without them the task list starts
    at the first heading, task marker or table with a header.
    """
    starts = [i for i, e in enumerate(entries) if e.table is None and attachment_number(e.text) is not None]
    starts = [i for i in starts if i + 1 < len(entries)]
    sections: dict[int, tuple[Entry | None, list[Entry]]] = {}
    if starts:
        cover = entries[: starts[0]]
        bounds = starts + [len(entries)]
        for k, start in enumerate(starts):
            body = entries[start + 1 : bounds[k + 1]]
            title = None
            inline = attachment_title(entries[start].text)
            if inline:
                title = Entry(line=entries[start].line, text=inline)
            elif body and body[0].table is None and find_marker(body[0].text) is None and not LINE_LABEL_RE.match(body[0].text):
                title, body = body[0], body[1:]
                # A title broken over two lines (`…重点工作` / `任务分解方案`).
                if body and body[0].table is None and _continues_title(title.text, body[0].text):
                    title = Entry(line=title.line, text=title.text + body[0].text)
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


def _body_start(entries: list[Entry]) -> int:
    for i, entry in enumerate(entries):
        if entry.table is not None:
            if read_table(entry.table).header_line is not None:
                return i
            continue
        marker = find_marker(entry.text)
        if marker and marker.kind in (CN_DUN, "part"):
            return i
        if marker and has_roles_near(entries, i):
            return i
    return len(entries)


def _section_title_from_cover(cover: list[Entry]) -> Entry | None:
    for entry in reversed(cover):
        if entry.table is None and len(entry.text) <= 60 and re.search(r"(分解|分工|方案|清单|任务)(方案|表)?$", entry.text):
            return entry
    return None


def _preamble(entries: list[Entry]) -> list[Entry]:
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

