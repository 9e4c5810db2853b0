"""The unit registry's reading pages: the list of units and each unit's page with its tasks.

Read-only. Editing (rename, merge, aliases) lives in views_edit; the unit page includes its
actions from `units/edit/_actions.html` when that template exists.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse

from luoshi.ledger import queries
from luoshi.ledger.models import Assignment, AssignmentSource, Role, Task

from .models import Unit, UnitAlias, UnitKind
from .scoping import linkable_unit_ids

UNITS_PER_PAGE = 100
ACTIONS_TEMPLATE = "units/edit/_actions.html"


class UnitFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100, error_messages={"max_length": "搜索内容不能超过 %(limit_value)d 个字"})
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *UnitKind.choices],
                             error_messages={"invalid_choice": "单位类型“%(value)s”不存在，请从列表中选择"})
    merged = forms.BooleanField(label="显示已合并的单位", required=False)

    def clean_q(self) -> str:
        return queries.search_text(self.cleaned_data.get("q", ""))

    def error_list(self) -> list[str]:
        return [f"{self.fields[name].label}：{e}（该条件未生效）" for name, errors in self.errors.items() for e in errors]


@login_required
def unit_list(request):
    """The registry: name, kind, lead and cooperating counts in a ledger, aliases; merged units hidden."""
    errors: list[str] = []
    ledgers = list(queries.visible_ledgers(request.user))
    ledger = _chosen_ledger(request, ledgers, errors)
    form = UnitFilterForm(request.GET)
    form.is_valid()
    errors += form.error_list()
    data = getattr(form, "cleaned_data", {})
    units = Unit.objects.visible_to(request.user)
    if not data.get("merged"):
        units = units.canonical()
    kind_counts = dict(units.order_by().values_list("kind").annotate(n=Count("id")))
    if data.get("kind"):
        units = units.filter(kind=data["kind"])
    if data.get("q"):
        alias_hit = UnitAlias.objects.filter(unit=OuterRef("pk"), name__icontains=data["q"])
        units = units.filter(Q(name__icontains=data["q"]) | Q(Exists(alias_hit)))
    in_ledger = Q(assignments__task__ledger=ledger, assignments__task__in=Task.objects.visible_to(request.user))
    units = (
        units.select_related("parent", "merged_into")
        .prefetch_related(Prefetch("aliases", queryset=UnitAlias.objects.order_by("name")))
        .annotate(
            lead_count=Count("assignments", filter=in_ledger & Q(assignments__role=Role.LEAD)),
            cooperating_count=Count("assignments", filter=in_ledger & Q(assignments__role=Role.COOPERATING)),
        )
        .order_by("name", "id")
    )
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    kinds = [(key, label, kind_counts.get(key, 0)) for key, label in UnitKind.choices if kind_counts.get(key)]
    context = {
        "page": page,
        "form": form,
        "errors": errors,
        "ledger": ledger,
        "ledgers": ledgers,
        "kinds": kinds,
        "task_list_url": reverse("ledger:task_list", args=[ledger.pk]) if ledger else "",
        **queries.link_prefixes(),
    }
    return render(request, "units/browse/unit_list.html", context)


def _chosen_ledger(request, ledgers, errors):
    raw = request.GET.get("ledger", "").strip()
    by_id = {str(l.pk): l for l in ledgers}
    if raw:
        if raw in by_id:
            return by_id[raw]
        errors.append(f"台账“{raw[:20]}”不存在或无权查看，已按当前台账统计")
    current = queries.current_ledger(request.user)
    return by_id.get(str(current.pk)) if current else None


@login_required
def unit_detail(request, pk: int):
    """A unit's tasks (lead and cooperating, per ledger, current ledger first), aliases, parent,
    members of a collective and the collectives a unit belongs to."""
    unit = Unit.objects.visible_to(request.user).select_related("parent", "merged_into", "jurisdiction").filter(pk=pk).first()
    if unit is None:
        raise Http404("单位不存在或无权查看")
    current = queries.current_ledger(request.user)
    assignments = (
        Assignment.objects.filter(unit=unit, task__in=Task.objects.visible_to(request.user))
        .select_related("task", "task__ledger", "task__section", "rule")
        .annotate(other_ledger=Case(When(task__ledger=current, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("other_ledger", "-task__ledger__year", "-task__ledger__created_at", "-task__ledger_id", "task__order")
        .prefetch_related(
            Prefetch(
                "task__assignments",
                queryset=Assignment.objects.filter(role=Role.LEAD).select_related("unit").order_by("order"),
                to_attr="lead_assignments",
            )
        )
    )
    blocks: list[dict] = []
    linkable = linkable_unit_ids(request.user)
    for assignment in assignments:
        ledger = assignment.task.ledger
        if not blocks or blocks[-1]["ledger"].pk != ledger.pk:
            blocks.append(
                {
                    "ledger": ledger,
                    "task_url": queries.url_prefix("ledger:task_detail", ledger.pk),
                    "lead": [],
                    "cooperating": [],
                    "by_rule": 0,
                    "is_current": current and ledger.pk == current.pk,
                }
            )
        block = blocks[-1]
        assignment.other_leads = [a.unit for a in assignment.task.lead_assignments if a.unit_id != unit.pk]
        for other in assignment.other_leads:
            other.linked = linkable is None or other.pk in linkable
        if assignment.role == Role.LEAD:
            block["lead"].append(assignment)
        else:
            block["cooperating"].append(assignment)
            if assignment.source == AssignmentSource.RULE:
                block["by_rule"] += 1
    context = {
        "unit": unit,
        "aliases": list(unit.aliases.order_by("name")),
        "members": list(unit.members.order_by("name")),
        "collectives": list(unit.collectives.order_by("name")),
        "children": list(unit.children.filter(merged_into__isnull=True).order_by("name")),
        "merged_units": list(unit.merged_units.order_by("name")),
        "blocks": blocks,
        "lead_total": sum(len(b["lead"]) for b in blocks),
        "cooperating_total": sum(len(b["cooperating"]) for b in blocks),
        "actions_template": _actions_template(),
        **queries.link_prefixes(),
    }
    return render(request, "units/browse/unit_detail.html", context)


def _actions_template() -> str | None:
    """The editing actions' template (merge, rename), once another module provides it."""
    try:
        get_template(ACTIONS_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return ACTIONS_TEMPLATE
