"""The reading pages: ledger overview, task list and detail, leaders and the responsibility matrix.

Read-only: nothing here changes data. Every query starts from `visible_to(request.user)` or from a
ledger/task returned by `access_ledger`/`access_task` (404 alike for missing and forbidden), and
each page issues the same number of queries for a 100-task and a 2,000-task ledger.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from luoshi.accounts.roles import Capability, can
from luoshi.audit.models import AuditEvent
from luoshi.audit.services import ACTIONS
from luoshi.units.scoping import linkable_unit_ids

from . import queries
from .models import AssignmentSource, Direction, Leader, Ledger, Role, SourceFile, Task, TaskGroup
from .scoping import access_ledger, access_task
from .views_label import label_context


def _int_param(request, name: str, label: str) -> tuple[int | None, str]:
    """An optional positive integer GET parameter, and a Chinese error naming it when it is not one."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None, ""
    if raw.isdigit() and int(raw) > 0:
        return int(raw), ""
    return None, f"{label}编号“{raw[:20]}”无效（应为数字），该条件未生效"


def _no_ledger(request, what: str):
    return render(request, "ledger/no_ledger.html", {"what": what}, status=200)


# ---------------------------------------------------------------------------------------------
# Overview


# Where the administrators who see no ledger (三员分立) start instead of the overview.
WORKSPACES = [("account.manage", "/manage/accounts/"), ("role.assign", "/manage/roles/"), ("audit.read", "/audit/")]


@login_required
def overview(request):
    """The current ledger summarised, and every ledger the user may see."""
    if not can(request.user, Capability.LEDGER_VIEW):
        workspace = next((url for capability, url in WORKSPACES if can(request.user, capability)), None)
        if workspace:
            return redirect(workspace)
        return render(request, "ledger/no_role.html")
    ledger = queries.current_ledger(request.user)
    return _overview(request, ledger, is_current=True)


@login_required
def ledger_overview(request, pk: int):
    ledger = access_ledger(request.user, pk)
    return _overview(request, ledger, is_current=False)


def _overview(request, ledger: Ledger | None, *, is_current: bool):
    summary = queries.ledger_summary(ledger, request.user) if ledger else None
    visible = Ledger.objects.visible_to(request.user).select_related("jurisdiction")
    return render(
        request,
        "ledger/overview.html",
        {
            "ledger": ledger,
            "summary": summary,
            "ledgers": list(queries.visible_ledgers(request.user)),
            "is_current": is_current,
            # County ↔ city ledgers
            "parent_ledger": visible.filter(pk=ledger.parent_ledger_id).first() if ledger and ledger.parent_ledger_id else None,
            "child_ledgers": list(visible.filter(parent_ledger=ledger).order_by("jurisdiction__name")) if ledger else [],
            "can_link": bool(ledger and ledger.jurisdiction.parent_id and can(request.user, Capability.LEDGER_LINK, ledger.jurisdiction_id)),
            **label_context(request.user, ledger),
        },
    )


# ---------------------------------------------------------------------------------------------
# Task list


def _to_current(request, url_name: str, what: str):
    """Redirect a navigation link (/tasks/, /matrix/) to the current ledger's page, keeping the query string."""
    ledger = queries.current_ledger(request.user)
    if ledger is None:
        return _no_ledger(request, what)
    url = reverse(url_name, args=[ledger.pk])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


@login_required
def tasks_current(request):
    """/tasks/ → the current ledger's task list, keeping any filters in the query string."""
    return _to_current(request, "ledger:task_list", "任务清单")


@login_required
def task_list(request, pk: int):
    ledger = access_ledger(request.user, pk)
    sections = list(ledger.sections.order_by("index"))
    groups = queries.ordered_groups(TaskGroup.objects.filter(section__ledger=ledger))
    leaders = list(Leader.objects.filter(tasks__ledger=ledger).distinct().order_by("id"))
    form = queries.TaskFilterForm(request.GET, sections=sections, groups=groups, leaders=leaders, jurisdiction=ledger.jurisdiction_id)
    form.is_valid()
    tasks = queries.filter_tasks(Task.objects.visible_to(request.user).filter(ledger=ledger), form)
    page = Paginator(queries.task_rows(tasks), queries.TASKS_PER_PAGE).get_page(request.GET.get("page"))
    links = queries.link_prefixes(ledger)
    queries.prepare_rows(page, links["unit_url"], linkable_unit_ids(request.user))
    context = {
        "ledger": ledger,
        "form": form,
        "errors": form.error_list(),
        "active_filters": form.active(),
        "page": page,
        **links,
        "more_open": any(request.GET.get(name) for name in ("section", "group", "targets", "deadline", "due_after", "due_before")),
    }
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    if partial:
        response = render(request, "ledger/_task_results.html", context)
    else:
        context["unit_names"] = queries.unit_choices(ledger.jurisdiction_id)
        context["selects"] = form.selects
        context["other_ledgers"] = [l for l in queries.visible_ledgers(request.user) if l.pk != ledger.pk]
        response = render(request, "ledger/task_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# ---------------------------------------------------------------------------------------------
# Task detail

FIELD_LABELS = {
    "text": "工作任务",
    "deadline_text": "完成时限",
    "deadline": "完成日期",
    "number": "原文序号",
    "role": "角色",
    "unit": "单位",
    "source": "来源",
    "leaders": "牵头领导",
    "section": "附件",
    "group": "分组",
    "indicator": "指标",
    "value": "数值",
    "comparator": "比较",
    "status": "状态",
    "title": "标题",
    "name": "名称",
    "resolution": "处理说明",
}
VALUE_LABELS = {
    "lead": "牵头单位",
    "cooperating": "配合单位",
    "text": "通知原文",
    "rule": "通知规则",
    "manual": "督考办修改",
    "draft": "草稿",
    "published": "已发布",
}


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return VALUE_LABELS.get(value, value)
    if isinstance(value, list):
        return "、".join(_shown(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def history_entries(events) -> list[dict]:
    """Audit events as rows a person can read: who, when, what, and each field's before → after."""
    out = []
    for event in events:
        before = event.before if isinstance(event.before, dict) else ({} if event.before is None else {"": event.before})
        after = event.after if isinstance(event.after, dict) else ({} if event.after is None else {"": event.after})
        changes = []
        for key in list(dict.fromkeys([*before, *after])):
            changes.append(
                {
                    "field": FIELD_LABELS.get(key, key),
                    "before": _shown(before.get(key)) if key in before else None,
                    "after": _shown(after.get(key)) if key in after else None,
                }
            )
        out.append({"event": event, "action": ACTIONS.get(event.action, event.action), "changes": changes})
    return out


def source_excerpt(source_id: int | None, first: int, last: int) -> list[tuple[int, str]]:
    """The notice's lines `first`..`last` as the parser read them (one query, lines only)."""
    if not source_id or not first:
        return []
    lines = SourceFile.objects.filter(pk=source_id).values_list("lines", flat=True).first() or []
    last = max(last, first)
    return [(n, text) for n, text in lines if first <= n <= last][:60]


@login_required
def task_detail(request, pk: int, code: str):
    ledger = access_ledger(request.user, pk)
    task = access_task(request.user, ledger, code)
    tab = request.GET.get("tab", "detail")
    if tab not in ("detail", "history"):
        tab = "detail"
    assignments = list(task.assignments.select_related("unit", "rule").order_by("order", "id"))
    targets = list(task.targets.select_related("parent").order_by("order", "id"))
    for target in targets:
        target.comparator_label = queries.COMPARATOR_LABELS.get(target.comparator, target.comparator)
        target.value_text = queries.number_text(target.value)
        target.base_text = queries.number_text(target.base_value)
        target.direction_label = Direction(target.direction).label if target.direction in Direction.values else target.direction
    lead = [a for a in assignments if a.role == Role.LEAD]
    cooperating = [a for a in assignments if a.role == Role.COOPERATING and a.source != AssignmentSource.RULE]
    by_rule = [a for a in assignments if a.role == Role.COOPERATING and a.source == AssignmentSource.RULE]
    linkable = linkable_unit_ids(request.user)
    for assignment in assignments:
        assignment.linked = linkable is None or assignment.unit_id in linkable
    siblings = Task.objects.visible_to(request.user).filter(ledger=ledger)
    events = AuditEvent.objects.filter(task_id=task.id).order_by("-created_at", "-id")
    context = {
        "ledger": ledger,
        "task": task,
        "tab": tab,
        "leaders": list(task.leaders.order_by("id")),
        "lead": lead,
        "cooperating": cooperating,
        "by_rule": by_rule,
        "cooperating_total": len(cooperating) + len(by_rule),
        "rules": list({a.rule_id: a.rule for a in assignments if a.rule_id}.values()),
        "targets": targets,
        "text_html": queries.highlighted_text(task.text, targets),
        "milestones": list(task.milestones.order_by("order", "due_date", "id")),
        # County ↔ city: the city task this one takes up, and the county tasks that take up this one.
        "linked_task": Task.objects.visible_to(request.user).select_related("ledger").filter(pk=task.linked_task_id).first()
        if task.linked_task_id
        else None,
        "linked_from": list(
            Task.objects.visible_to(request.user).filter(linked_task=task).select_related("ledger__jurisdiction").order_by("ledger_id", "order")
        ),
        "previous": siblings.filter(order__lt=task.order).order_by("-order").values_list("code", flat=True).first(),
        "next": siblings.filter(order__gt=task.order).order_by("order").values_list("code", flat=True).first(),
        "history_count": events.count(),
        "history": history_entries(events) if tab == "history" else [],
        "excerpt": source_excerpt(ledger.source_id, task.source_line, task.source_end_line) if tab == "detail" else [],
        **label_context(request.user, ledger),
    }
    return render(request, "ledger/task_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Leaders


def _ledger_choice(request, ledgers: list[Ledger], errors: list[str]) -> Ledger | None:
    """The ledger named by ?ledger= among `ledgers`, else the current one, else the first."""
    wanted, error = _int_param(request, "ledger", "台账")
    if error:
        errors.append(error)
    by_id = {l.pk: l for l in ledgers}
    if wanted is not None:
        if wanted in by_id:
            return by_id[wanted]
        errors.append(f"编号为 {wanted} 的台账不存在、无权查看或没有相关任务，已显示默认台账")
    current = queries.current_ledger(request.user)
    if current is not None and current.pk in by_id:
        return by_id[current.pk]
    return ledgers[0] if ledgers else None


@login_required
def leader_list(request):
    errors: list[str] = []
    ledgers = list(queries.visible_ledgers(request.user))
    ledger = _ledger_choice(request, ledgers, errors)
    links = Task.leaders.through.objects.filter(leader_id=OuterRef("pk"), task__in=Task.objects.visible_to(request.user))

    def count(qs):
        return Coalesce(Subquery(qs.order_by().values("leader_id").annotate(n=Count("id")).values("n")), 0)

    leaders = (
        Leader.objects.visible_to(request.user)
        .select_related("jurisdiction")
        .annotate(task_count=count(links.filter(task__ledger=ledger)), all_count=count(links))
        .order_by("jurisdiction__name", "id")
    )
    return render(request, "ledger/leader_list.html", {"leaders": list(leaders), "ledger": ledger, "ledgers": ledgers, "errors": errors})


@login_required
def leader_detail(request, pk: int):
    leader = Leader.objects.visible_to(request.user).select_related("jurisdiction").filter(pk=pk).first()
    if leader is None:
        raise Http404("领导不存在或无权查看")
    errors: list[str] = []
    led = Task.leaders.through.objects.filter(leader_id=leader.pk, task__ledger=OuterRef("pk"))
    ledgers = list(queries.visible_ledgers(request.user).filter(Exists(led)))
    ledger = _ledger_choice(request, ledgers, errors)
    tasks = []
    if ledger is not None:
        tasks = list(queries.task_rows(Task.objects.visible_to(request.user).filter(ledger=ledger, leaders=leader)))
    lead_units: Counter = Counter()
    by_section: list[dict] = []
    links = queries.link_prefixes(ledger)
    queries.prepare_rows(tasks, links["unit_url"], linkable_unit_ids(request.user))
    for task in tasks:
        lead_units.update(a.unit.name for a in task.lead_units)
        if not by_section or by_section[-1]["section"].pk != task.section_id:
            by_section.append({"section": task.section, "tasks": []})
        by_section[-1]["tasks"].append(task)
    context = {
        "leader": leader,
        "ledger": ledger,
        "ledgers": ledgers,
        "errors": errors,
        "by_section": by_section,
        "task_count": len(tasks),
        "target_count": sum(t.target_count for t in tasks),
        "lead_units": lead_units.most_common(),
        **links,
        "list_url": reverse("ledger:task_list", args=[ledger.pk]) + "?" + urlencode({"leader": leader.pk}) if ledger else "",
    }
    return render(request, "ledger/leader_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Responsibility matrix


@login_required
def matrix_current(request):
    return _to_current(request, "ledger:matrix", "责任矩阵")


@login_required
def matrix(request, pk: int):
    ledger = access_ledger(request.user, pk)
    sections = list(ledger.sections.order_by("index"))
    errors: list[str] = []
    section_id, error = _int_param(request, "section", "附件")
    if error:
        errors.append(error)
    if section_id is not None and section_id not in {s.pk for s in sections}:
        errors.append(f"本台账没有编号为 {section_id} 的附件，已显示全部任务")
        section_id = None
    sort = request.GET.get("sort", "name")
    if sort not in queries.MATRIX_SORTS:
        errors.append(f"不支持按“{sort[:20]}”排序，已按单位名称排序（可选：单位名称、牵头数、任务总数）")
        sort = "name"
    task_base = reverse("ledger:task_detail", args=[ledger.pk, "__code__"])
    unit_base = reverse("units:unit_detail", args=[0])[: -len("0/")]
    grid = queries.matrix_grid(ledger, Task.objects.visible_to(request.user), section_id=section_id, sort=sort)
    context = {
        "ledger": ledger,
        "sections": sections,
        "section_id": section_id,
        "sort": sort,
        "sorts": queries.MATRIX_SORTS,
        "grid": grid,
        "header": queries.matrix_header(grid.columns, lambda code: task_base.replace("__code__", quote(code))),
        "unit_base": unit_base,
        "errors": errors,
    }
    return render(request, "ledger/matrix.html", context)
