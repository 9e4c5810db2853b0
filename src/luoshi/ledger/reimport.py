"""A corrected notice against the ledger it was first imported into: the diff, and applying it.

Tasks are matched by code (`<section>-<number>`). A task has changed when what the notice says about
it differs from the ledger: text, group, leaders, lead or cooperating units (compared after aliases
and merges, so a merged spelling is no change), deadline or targets (by their written text, so the
office's corrections of a target's figures survive). `compute_diff` only reads; `apply_diff` writes
inside the caller's transaction (services.apply_reimport owns it and the audit of the ledger).

Between the diff page and "应用这些修改" the uploaded file waits in DATA_DIR/pending-imports under
its SHA-256 (`stash_upload`), so the user need not upload it twice.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import F, Prefetch
from django.utils import timezone

from luoshi.audit.services import record
from luoshi.notice.model import ParsedNotice
from luoshi.notice.model import Task as ParsedTask
from luoshi.units.models import Jurisdiction, Unit, UnitAlias

from .importing import (
    GroupResolver,
    LeaderResolver,
    UnitResolver,
    link_collective_members,
    save_targets,
    assignments_for,
    iso_date,
    targets_for,
    task_from_parsed,
)
from .models import Assignment, ImportWarning, Ledger, Role, Rule, Section, Target, Task, TaskGroup

FIELD_LABELS = {
    "text": "任务内容",
    "group": "分组",
    "leaders": "牵头领导",
    "lead_units": "牵头单位",
    "cooperating_units": "配合单位",
    "deadline": "完成时限",
    "targets": "量化目标",
}
LIST_FIELDS = {"leaders", "lead_units", "cooperating_units", "targets"}
SET_FIELDS = {"leaders", "lead_units", "cooperating_units"}  # order carries no meaning for these
LEDGER_LABELS = {"title": "标题", "doc_number": "文号", "issuer": "发文机关", "signed_on": "成文日期", "published_on": "发布日期"}


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]

    @property
    def is_list(self) -> bool:
        return self.field in LIST_FIELDS

    @property
    def added(self) -> list[str]:
        return [x for x in self.new if x not in self.old] if self.is_list else []

    @property
    def removed(self) -> list[str]:
        return [x for x in self.old if x not in self.new] if self.is_list else []


@dataclass
class LedgerChange:
    field: str
    old: str
    new: str
    value: Any

    @property
    def label(self) -> str:
        return LEDGER_LABELS[self.field]


@dataclass
class TaskDiff:
    code: str
    kind: str  # added | removed | changed
    excerpt: str
    changes: list[FieldChange] = field(default_factory=list)
    task_id: int | None = None
    version: int | None = None
    state: dict = field(default_factory=dict)  # the whole task as it is (removed) or will be (added)

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.changes}


@dataclass
class ReimportDiff:
    sha256: str
    same_source: bool = False
    added: list[TaskDiff] = field(default_factory=list)
    removed: list[TaskDiff] = field(default_factory=list)
    changed: list[TaskDiff] = field(default_factory=list)
    ledger_changes: list[LedgerChange] = field(default_factory=list)
    unchanged: int = 0
    new_units: list[str] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.ledger_changes)


class NameMap:
    """Written unit name → the canonical unit's name, like UnitResolver but creating nothing."""

    def __init__(self, jurisdiction: Jurisdiction) -> None:
        self.units = {u.pk: u for u in Unit.objects.filter(jurisdiction=jurisdiction).only("id", "name", "merged_into_id")}
        self.by_name = {u.name: u for u in self.units.values()}
        for alias in UnitAlias.objects.filter(jurisdiction=jurisdiction).only("name", "unit_id"):
            if alias.unit_id in self.units:
                self.by_name.setdefault(alias.name, self.units[alias.unit_id])
        self.new: list[str] = []

    def canonical(self, name: str) -> str:
        unit = self.by_name.get(name)
        if unit is None:
            if name not in self.new:
                self.new.append(name)
            return name
        hops = 0
        while unit.merged_into_id and unit.merged_into_id in self.units and hops < 20:
            unit = self.units[unit.merged_into_id]
            hops += 1
        return unit.name


def deadline_display(text: str | None, day) -> str:
    text = (text or "")[:100]
    iso = day.isoformat() if hasattr(day, "isoformat") else (day or "")
    if text and iso:
        return f"{text}（{iso}）"
    return text or iso


def current_state(task: Task) -> dict:
    """What the ledger says about a task, in the form the diff compares (assignments etc. prefetched)."""
    assignments = sorted(task.assignments.all(), key=lambda a: a.order)
    return {
        "text": task.text,
        "group": task.group.title if task.group_id else "",
        "leaders": sorted(leader.name for leader in task.leaders.all()),
        "lead_units": [a.unit.name for a in assignments if a.role == Role.LEAD],
        "cooperating_units": [a.unit.name for a in assignments if a.role == Role.COOPERATING],
        "deadline": deadline_display(task.deadline_text, task.deadline),
        "targets": [t.text for t in sorted(task.targets.all(), key=lambda t: t.order)],
    }


def parsed_state(parsed: ParsedTask, names: NameMap) -> dict:
    """What the notice says about a task; unit names resolved as the import would resolve them."""
    seen: set[str] = set()
    leads: list[str] = []
    cooperating: list[str] = []
    for name in parsed.lead_units:
        canonical = names.canonical(name)
        if canonical not in seen:
            seen.add(canonical)
            leads.append(canonical)
    for name in [*parsed.cooperating_units, *parsed.implied_cooperating_units]:
        canonical = names.canonical(name)
        if canonical not in seen:
            seen.add(canonical)
            cooperating.append(canonical)
    return {
        "text": parsed.text,
        "group": parsed.group_path[-1][:300] if parsed.group_path else "",
        "leaders": sorted(leader.name[:20] for leader in parsed.leaders),
        "lead_units": leads,
        "cooperating_units": cooperating,
        "deadline": deadline_display(parsed.deadline, parsed.deadline_date if iso_date(parsed.deadline_date) else None),
        "targets": [t.text[:300] for t in parsed.targets],
    }


def _same(field_name: str, old, new) -> bool:
    if field_name in SET_FIELDS:
        return sorted(old) == sorted(new)
    return old == new


def _excerpt(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size] + "…"


def ledger_tasks(ledger: Ledger):
    """The ledger's tasks with everything the comparison reads, in a fixed number of queries."""
    return (
        Task.objects.filter(ledger=ledger)
        .select_related("group")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit")),
            "leaders",
            Prefetch("targets", queryset=Target.objects.order_by("order")),
        )
        .order_by("order")
    )


def fingerprint(ledger: Ledger, sha256: str, versions: list[tuple[int, int]]) -> str:
    """Changes whenever the ledger or any of its tasks is saved: the diff shown is then stale."""
    text = f"{sha256}|{ledger.version}|{ledger.source_id}|" + ",".join(f"{pk}:{v}" for pk, v in sorted(versions))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def compute_diff(ledger: Ledger, notice: ParsedNotice | None, sha256: str) -> ReimportDiff:
    """Added, removed and changed tasks of `notice` against `ledger` (nothing is written)."""
    if ledger.source_id and ledger.source.sha256 == sha256:
        return ReimportDiff(sha256=sha256, same_source=True)
    assert notice is not None
    tasks = list(ledger_tasks(ledger))
    names = NameMap(ledger.jurisdiction)
    diff = ReimportDiff(sha256=sha256, fingerprint=fingerprint(ledger, sha256, [(t.pk, t.version) for t in tasks]))
    by_code = {t.code: t for t in tasks}
    parsed_codes = set()
    for parsed in notice.tasks:
        parsed_codes.add(parsed.id)
        new = parsed_state(parsed, names)
        task = by_code.get(parsed.id)
        if task is None:
            diff.added.append(TaskDiff(parsed.id, "added", _excerpt(parsed.text), state=new))
            continue
        old = current_state(task)
        changes = [FieldChange(name, old[name], new[name]) for name in FIELD_LABELS if not _same(name, old[name], new[name])]
        if changes:
            diff.changed.append(TaskDiff(task.code, "changed", _excerpt(task.text), changes, task.pk, task.version, state=new))
        else:
            diff.unchanged += 1
    for task in tasks:
        if task.code not in parsed_codes:
            diff.removed.append(TaskDiff(task.code, "removed", _excerpt(task.text), task_id=task.pk, version=task.version, state=current_state(task)))
    for name in LEDGER_LABELS:
        old_value = getattr(ledger, name)
        new_value = _ledger_value(notice, name)
        if new_value in (None, "") or new_value == old_value:
            continue  # a corrected notice that leaves out the cover page does not blank the ledger
        diff.ledger_changes.append(LedgerChange(name, _display(old_value), _display(new_value), new_value))
    diff.new_units = names.new
    return diff


def _ledger_value(notice: ParsedNotice, name: str):
    if name == "title":
        return notice.title[:300]
    if name == "doc_number":
        return notice.doc_number[:100]
    if name == "issuer":
        return notice.issuer[:100]
    if name == "signed_on":
        return iso_date(notice.date)
    return iso_date(notice.published)


def _display(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def apply_diff(actor, ledger: Ledger, notice: ParsedNotice, diff: ReimportDiff) -> dict[str, int]:
    """Write the diff: changed tasks updated (version bumped, one audit event each), added created, removed deleted.

    Tasks that did not change keep their version and updated_at; only their position in the new
    source (order and line numbers) is brought up to date.
    """
    from .services import STALE_TASK, StaleEdit

    jurisdiction = ledger.jurisdiction
    parsed_by_code = {t.id: t for t in notice.tasks}
    order_of = {t.id: i for i, t in enumerate(notice.tasks, start=1)}
    resolver = UnitResolver(
        jurisdiction, kinds={u.name: u.kind for u in notice.units}, collective={u.name: u.collective for u in notice.units}
    )
    link_collective_members(notice, resolver)
    rules = {rule.code: rule for rule in ledger.rules.all()}
    for parsed_rule in notice.rules:
        if parsed_rule.id not in rules:
            rules[parsed_rule.id] = Rule.objects.create(
                ledger=ledger, code=parsed_rule.id, kind=parsed_rule.kind, text=parsed_rule.text,
                source_line=parsed_rule.line, exception=parsed_rule.exception,
            )
    sections = _sections(ledger, notice)
    leaders = LeaderResolver(jurisdiction)
    groups = _group_resolver(ledger, leaders)
    now = timezone.now()

    for change in diff.changed:
        parsed = parsed_by_code[change.code]
        fields = change.fields
        values: dict[str, Any] = {
            "order": order_of[change.code],
            "source_line": parsed.line,
            "source_end_line": parsed.end_line or parsed.line,
        }
        if "text" in fields:
            values["text"] = parsed.text
        if "deadline" in fields:
            values["deadline_text"] = (parsed.deadline or "")[:100]
            values["deadline"] = iso_date(parsed.deadline_date)
        if "group" in fields:
            values["group"] = groups.get(sections[parsed.section], parsed)
        updated = Task.objects.filter(pk=change.task_id, version=change.version).update(
            version=F("version") + 1, updated_at=now, **values
        )
        if not updated:
            raise StaleEdit(STALE_TASK)
        task = Task.objects.get(pk=change.task_id)
        if "leaders" in fields:
            task.leaders.set([leaders.get(leader.name, leader.title) for leader in parsed.leaders])
        if fields & {"lead_units", "cooperating_units"}:
            task.assignments.all().delete()
            Assignment.objects.bulk_create(assignments_for(task, parsed, resolver, rules))
        if "targets" in fields:
            task.targets.all().delete()
            save_targets([targets_for(task, parsed)])
        elif "text" in fields:
            _move_target_spans(task, parsed)
        record(
            actor,
            "task.update",
            task,
            before={c.field: c.old for c in change.changes},
            after={c.field: c.new for c in change.changes},
            message="按修订后的通知更新：" + "、".join(c.label for c in change.changes),
            ledger_id=ledger.id,
            task_id=task.id,
        )

    for change in diff.added:
        parsed = parsed_by_code[change.code]
        section = sections[parsed.section]
        task = task_from_parsed(ledger, section, groups.get(section, parsed), parsed, order_of[parsed.id])
        task.save()
        task.leaders.set([leaders.get(leader.name, leader.title) for leader in parsed.leaders])
        Assignment.objects.bulk_create(assignments_for(task, parsed, resolver, rules))
        save_targets([targets_for(task, parsed)])
        record(actor, "task.create", task, after=change.state, message="修订后的通知新增的任务", ledger_id=ledger.id, task_id=task.id)

    for change in diff.removed:
        task = Task.objects.get(pk=change.task_id)
        record(actor, "task.delete", task, before=change.state, message="修订后的通知中已没有这项任务", ledger_id=ledger.id, task_id=task.id)
        task.delete()

    touched = {c.task_id for c in diff.changed} | {c.task_id for c in diff.removed}
    moved = []
    for task in Task.objects.filter(ledger=ledger).exclude(pk__in=touched).only("id", "code", "order", "source_line", "source_end_line"):
        parsed = parsed_by_code.get(task.code)
        if parsed is None:
            continue
        position = (order_of[task.code], parsed.line, parsed.end_line or parsed.line)
        if (task.order, task.source_line, task.source_end_line) != position:
            task.order, task.source_line, task.source_end_line = position
            moved.append(task)
    if moved:
        Task.objects.bulk_update(moved, ["order", "source_line", "source_end_line"])  # no version bump: the task did not change

    for unit in resolver.created:
        record(actor, "unit.create", unit, after={"name": unit.name, "kind": unit.kind}, message="导入修订后的通知时新增", unit_id=unit.id)
    warnings = _replace_warnings(ledger, notice)
    return {
        "changed": len(diff.changed),
        "added": len(diff.added),
        "removed": len(diff.removed),
        "units_created": len(resolver.created),
        "warnings": warnings,
    }


def _sections(ledger: Ledger, notice: ParsedNotice) -> dict[str, Section]:
    """Sections by the notice's titles: matched by index (the code's prefix), created when new."""
    by_index = {s.index: s for s in ledger.sections.all()}
    out: dict[str, Section] = {}
    for parsed in notice.sections:
        section = by_index.get(parsed.index)
        if section is None:
            section = Section.objects.create(ledger=ledger, index=parsed.index, title=parsed.title[:300], source_line=parsed.line)
            by_index[parsed.index] = section
        elif (section.title, section.source_line) != (parsed.title[:300], parsed.line):
            Section.objects.filter(pk=section.pk).update(title=parsed.title[:300], source_line=parsed.line)
        out[parsed.title] = section
    return out


def _group_resolver(ledger: Ledger, leaders: LeaderResolver) -> GroupResolver:
    """A GroupResolver that knows the ledger's existing groups, so it only creates new headings."""
    resolver = GroupResolver(leaders)
    groups = {g.pk: g for g in TaskGroup.objects.filter(section__ledger=ledger)}
    for group in groups.values():
        path, node, hops = [], group, 0
        while node is not None and hops < 20:
            path.append(node.title)
            node = groups.get(node.parent_id) if node.parent_id else None
            hops += 1
        resolver.cache[(group.section_id, tuple(reversed(path)))] = group
        resolver.order = max(resolver.order, group.order)
    return resolver


def _move_target_spans(task: Task, parsed: ParsedTask) -> None:
    """Same targets, new wording around them: only their spans move (corrected figures stay)."""
    targets = list(task.targets.order_by("order"))
    for target, new in zip(targets, parsed.targets, strict=False):
        target.span_start, target.span_end = new.span
    if targets:
        Target.objects.bulk_update(targets, ["span_start", "span_end"])


def _replace_warnings(ledger: Ledger, notice: ParsedNotice) -> int:
    """The new notice's warnings replace the open ones; what the office already settled stays settled."""
    settled = set(ledger.import_warnings.filter(resolved=True).values_list("code", "message"))
    ledger.import_warnings.filter(resolved=False).delete()
    names = NameMap(ledger.jurisdiction)
    fresh = []
    for warning in notice.warnings:
        if (warning.code, warning.message) in settled:
            continue
        if warning.code == "suspected_alias":
            alias, canonical = warning.data.get("alias"), warning.data.get("canonical")
            if alias and canonical and names.canonical(alias) == names.canonical(canonical):
                continue  # already merged
        fresh.append(ImportWarning(ledger=ledger, line=warning.line, code=warning.code, message=warning.message, data=warning.data))
    ImportWarning.objects.bulk_create(fresh)
    return len(fresh)


# --- the upload waiting between the diff page and "应用这些修改" ------------------------------------

_SHA = re.compile(r"[0-9a-f]{64}")
STASH_HOURS = 24


def _stash_dir() -> Path:
    return Path(settings.DATA_DIR) / "pending-imports"


def stash_upload(data: bytes) -> str:
    """Keep an upload until it is applied (or a day has passed); returns its SHA-256."""
    folder = _stash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STASH_HOURS * 3600
    for old in folder.glob("*.bin"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
    sha256 = hashlib.sha256(data).hexdigest()
    path = folder / f"{sha256}.bin"
    if not path.exists():
        partial = folder / f"{sha256}.part"
        partial.write_bytes(data)
        partial.replace(path)
    return sha256


def load_stash(sha256: str) -> bytes | None:
    """The stashed upload, or None when it is gone (expired, applied) or the key is not a SHA-256."""
    if not _SHA.fullmatch(sha256 or ""):
        return None
    path = _stash_dir() / f"{sha256}.bin"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def drop_stash(sha256: str) -> None:
    if _SHA.fullmatch(sha256 or ""):
        (_stash_dir() / f"{sha256}.bin").unlink(missing_ok=True)
