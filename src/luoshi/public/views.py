"""Public pages: published ledgers and their tasks labelled 公开, for anyone, without signing in.

Every query starts from `visible_to(public_viewer())` (an anonymous visitor, whoever asks), so a
signed-in member of staff sees exactly what a citizen sees. What the internal pages add is never
read here: import warnings, audit history, the notice's rules and source lines, drafts, 内部 tasks,
and no link leads into the internal pages. Units and leaders are plain text.

Nothing is written to the audit log: these are anonymous reads of public data (the pages and the
CSV alike), and logging them would only fill the log with the public's traffic.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from luoshi.ledger import queries
from luoshi.ledger.exports import csv as csv_export
from luoshi.ledger.exports.documents import Export, filename
from luoshi.ledger.exports.rows import load_table
from luoshi.ledger.models import Assignment, AssignmentSource, Leader, Ledger, Role, Target, Task, TaskGroup
from luoshi.ledger.views_export import attachment

from .scoping import public_viewer

LEDGER_NOT_FOUND = "该台账不存在或尚未公开发布。"
TASK_NOT_FOUND = "该事项不存在或未公开。"


def _not_found(request, message: str):
    """The public 404 page (the public header, no internal navigation), the same text for missing and internal."""
    return render(request, "public/not_found.html", {"message": message, "request_id": getattr(request, "request_id", "")}, status=404)


def _public_ledger(pk) -> Ledger | None:
    return Ledger.objects.visible_to(public_viewer()).select_related("jurisdiction").filter(pk=pk).first()


def _public_tasks(ledger: Ledger):
    return Task.objects.visible_to(public_viewer()).filter(ledger=ledger)


@require_GET
def index(request):
    """Every published ledger with its count of public tasks, by jurisdiction.

    A published ledger without public tasks is listed too, without a link: the notice itself is
    public (此件公开发布) and `visible_to` shows its ledger; hiding it would be a second filter.
    """
    ledgers = list(queries.visible_ledgers(public_viewer()).order_by("jurisdiction__name", "-year", "-published_at", "-id"))
    return render(request, "public/index.html", {"ledgers": ledgers, "public_total": sum(l.task_count for l in ledgers)})


@require_GET
def ledger_page(request, pk: int):
    """A ledger's public tasks by section and group, targets highlighted, units and leaders as text."""
    ledger = _public_ledger(pk)
    if ledger is None:
        return _not_found(request, LEDGER_NOT_FOUND)
    tasks = _public_tasks(ledger)
    table = load_table(ledger, tasks)
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(task__in=tasks.values("id")).only(
        "id", "task_id", "text", "indicator", "span_start", "span_end"
    ).order_by("task_id", "order", "id"):
        targets[target.task_id].append(target)
    sections = []
    for section in table.sections:
        if not section.tasks:
            continue
        items, current = [], []
        for line in section.tasks:
            path = line.group_path
            shared = 0
            while shared < min(len(path), len(current)) and path[shared] == current[shared]:
                shared += 1
            items.append({
                "headings": [(depth, title) for depth, title in enumerate(path) if depth >= shared],
                "task": line,
                "text_html": queries.highlighted_text(line.text, targets.get(line.id, [])),
            })
            current = path
        sections.append({"index": section.index, "title": section.title, "items": items, "count": len(section.tasks)})
    context = {"ledger": ledger, "sections": sections, "task_count": len(table.tasks)}
    return render(request, "public/ledger.html", context)


@require_GET
def task_page(request, pk: int, code: str):
    """One public task; an internal task answers exactly like a missing one."""
    ledger = _public_ledger(pk)
    if ledger is None:
        return _not_found(request, LEDGER_NOT_FOUND)
    tasks = _public_tasks(ledger)
    task = (
        tasks.select_related("section")
        .prefetch_related(
            Prefetch("leaders", queryset=Leader.objects.order_by("id")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit").order_by("order", "id"), to_attr="all_assignments"),
            Prefetch("targets", queryset=Target.objects.order_by("order", "id"), to_attr="target_list"),
        )
        .filter(code=code)
        .first()
    )
    if task is None:
        return _not_found(request, TASK_NOT_FOUND)
    assignments = task.all_assignments
    context = {
        "ledger": ledger,
        "task": task,
        "group_path": _group_path(task),
        "text_html": queries.highlighted_text(task.text, task.target_list),
        "targets": task.target_list,
        "leaders": list(task.leaders.all()),
        "lead": [a.unit.name for a in assignments if a.role == Role.LEAD],
        "cooperating": [a.unit.name for a in assignments if a.role == Role.COOPERATING and a.source != AssignmentSource.RULE],
        "by_rule": [a.unit.name for a in assignments if a.role == Role.COOPERATING and a.source == AssignmentSource.RULE],
        "previous": tasks.filter(order__lt=task.order).order_by("-order").values_list("code", flat=True).first(),
        "next": tasks.filter(order__gt=task.order).order_by("order").values_list("code", flat=True).first(),
    }
    return render(request, "public/task.html", context)


def _group_path(task: Task) -> list[str]:
    """The titles of the task's group and the groups above it, outermost first (one query)."""
    if not task.group_id:
        return []
    groups = {g.id: g for g in TaskGroup.objects.filter(section_id=task.section_id).only("id", "parent_id", "title")}
    path, seen, current = [], set(), task.group_id
    while current in groups and current not in seen:
        seen.add(current)
        path.append(groups[current].title)
        current = groups[current].parent_id
    return list(reversed(path))


@require_GET
def ledger_csv(request, pk: int):
    """The public tasks as CSV (UTF-8 with BOM; formula-like cells neutralised by the csv export).

    Not audited: the file holds public data only, the same as the page, whoever downloads it.
    """
    ledger = _public_ledger(pk)
    if ledger is None:
        return _not_found(request, LEDGER_NOT_FOUND)
    table = load_table(ledger, _public_tasks(ledger))
    content = csv_export.ledger_csv(table)
    name = filename(f"{ledger.jurisdiction.name}{ledger.year}年公开事项", "csv")
    return attachment(Export(content, name, "csv", len(table.tasks)), f"public-ledger-{ledger.pk}")
