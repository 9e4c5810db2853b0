"""Editing the unit registry (kind and parent, rename, merge) and the jurisdictions' profiles.

Each page posts to one service call in units.services; errors come back on the same page with the
input kept, and a stale version is refused rather than overwriting someone else's change.
"""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from luoshi.accounts.roles import Capability, jurisdictions_where, require
from luoshi.ledger.models import Assignment, Role
from luoshi.notice import NoticeError
from luoshi.notice.units import profile_from_data
from luoshi.ledger.services import ServiceError

from .forms import MergeForm, ProfileForm, RenameForm, UnitEditForm, first_error
from .models import Jurisdiction, JurisdictionLevel, Unit, UnitAlias
from .services import (
    create_jurisdiction, find_unit, merge_units, parse_profile_text, rename_unit, set_head_signoff, update_jurisdiction_profile, update_unit,
)


def _unit(request, pk) -> Unit:
    """A unit the user sees (404 otherwise) and may edit in its jurisdiction (403 otherwise)."""
    unit = Unit.objects.visible_to(request.user).select_related("jurisdiction", "parent", "merged_into").filter(pk=pk).first()
    if unit is None:
        raise Http404("单位不存在或无权查看")
    require(request.user, Capability.UNIT_EDIT, unit.jurisdiction_id)
    return unit


def _configurable(user):
    """The jurisdictions the user may configure (system administrator: all; office administrators: theirs)."""
    require(user, Capability.JURISDICTION_EDIT)
    where = jurisdictions_where(user, Capability.JURISDICTION_EDIT)
    visible = Jurisdiction.objects.visible_to(user)
    return visible if where is None else visible.filter(id__in=where)


def _unit_names(request, unit: Unit) -> list[str]:
    return list(
        Unit.objects.visible_to(request.user)
        .canonical()
        .filter(jurisdiction_id=unit.jurisdiction_id)
        .exclude(pk=unit.pk)
        .order_by("name")
        .values_list("name", flat=True)
    )


def editable_unit(view):
    """Loads the unit for an editing view (404 unseen, 403 without unit.edit); a merged unit is no longer
    edited: its editor is sent back to its page with the reason."""

    @wraps(view)
    def wrapper(request, pk):
        unit = _unit(request, pk)
        if unit.merged_into_id:
            messages.error(request, f"“{unit.name}”已合并到“{unit.merged_into.name}”，不能再修改")
            return redirect("units:unit_detail", pk=unit.pk)
        return view(request, unit)

    return wrapper


@login_required
@require_http_methods(["GET", "POST"])
@editable_unit
def unit_edit(request, unit: Unit):
    error = ""
    if request.method == "POST":
        form = UnitEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                parent = None
                if data["parent_name"].strip():
                    parent = find_unit(unit.jurisdiction, data["parent_name"])
                    if parent is None:
                        raise ServiceError(f"单位库中没有“{data['parent_name'].strip()}”，请从列表中选择上级单位")
                before = unit.version
                unit = update_unit(request.user, unit, kind=data["kind"], parent=parent, expected_version=data["version"])
                messages.success(request, "已保存" if unit.version != before else "没有修改任何内容")
                return redirect("units:unit_detail", pk=unit.pk)
            except ServiceError as err:
                error = str(err)
        else:
            error = first_error(form)
    else:
        form = UnitEditForm(initial={"kind": unit.kind, "parent_name": unit.parent.name if unit.parent_id else "", "version": unit.version})
    return render(
        request,
        "units/edit/edit.html",
        {"unit": unit, "form": form, "error": error, "unit_names": _unit_names(request, unit), "nav_active": "units"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@editable_unit
def unit_rename(request, unit: Unit):
    error = ""
    if request.method == "POST":
        form = RenameForm(request.POST)
        if form.is_valid():
            old_name = unit.name
            try:
                unit = rename_unit(request.user, unit, form.cleaned_data["new_name"], form.cleaned_data["version"])
            except ServiceError as err:
                error = str(err)
            else:
                messages.success(request, f"“{old_name}”已改名为“{unit.name}”，原名称保留为别名")
                return redirect("units:unit_detail", pk=unit.pk)
        else:
            error = first_error(form)
    else:
        form = RenameForm(initial={"new_name": unit.name, "version": unit.version})
    aliases = UnitAlias.objects.filter(unit=unit).order_by("name")
    return render(request, "units/edit/rename.html", {"unit": unit, "form": form, "error": error, "aliases": aliases, "nav_active": "units"})


def _merge_counts(source: Unit, target: Unit | None) -> dict:
    mine = Assignment.objects.filter(unit=source)
    counts = mine.aggregate(
        total=Count("id"), lead=Count("id", filter=Q(role=Role.LEAD)), cooperating=Count("id", filter=Q(role=Role.COOPERATING))
    )
    counts["aliases"] = UnitAlias.objects.filter(unit=source).count()
    if target is not None:
        shared = mine.filter(task__assignments__unit=target)
        counts["shared"] = shared.count()
        counts["upgraded"] = shared.filter(role=Role.LEAD, task__assignments__unit=target, task__assignments__role=Role.COOPERATING).count()
        counts["moving"] = counts["total"] - counts["shared"]
    return counts


@login_required
@require_http_methods(["GET", "POST"])
@editable_unit
def unit_merge(request, source: Unit):
    """Choose the unit to merge into, see what will move, confirm."""
    error = ""
    target = None
    if request.method == "POST":
        form = MergeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            target = find_unit(source.jurisdiction, data["target_name"])
            if target is None or not Unit.objects.visible_to(request.user).filter(pk=target.pk).exists():
                error = f"单位库中没有“{data['target_name'].strip()}”，请从列表中选择要合并到的单位"
                target = None
            elif target.pk == source.pk:
                error = f"“{data['target_name'].strip()}”就是“{source.name}”本身（或其别名），不能合并到自己"
                target = None
            elif data["confirm"]:
                try:
                    counts = merge_units(request.user, source, target, expected_version=data["version"])
                except ServiceError as err:
                    error = str(err)
                else:
                    note = f"，{counts['duplicates_dropped']} 项任务两者都有、保留一条" if counts["duplicates_dropped"] else ""
                    messages.success(
                        request,
                        f"已将“{source.name}”合并到“{target.name}”：移动 {counts['assignments_moved']} 条分工{note}；原名称保留为别名",
                    )
                    return redirect("units:unit_detail", pk=target.pk)
        else:
            error = first_error(form)
    else:
        form = MergeForm(initial={"version": source.version})
    context = {
        "unit": source,
        "form": form,
        "error": error,
        "target": target,
        "counts": _merge_counts(source, target),
        "unit_names": _unit_names(request, source),
        "nav_active": "units",
    }
    return render(request, "units/edit/merge.html", context)


# --- jurisdictions --------------------------------------------------------------------------------


@login_required
def jurisdiction_list(request):
    jurisdictions = (
        _configurable(request.user)
        .select_related("parent")
        .annotate(unit_count=Count("units", filter=Q(units__merged_into__isnull=True), distinct=True), ledger_count=Count("ledgers", distinct=True))
        .order_by("name")
    )
    rows = [{"j": j, "divisions": len(j.profile.get("divisions", []) or []) if isinstance(j.profile, dict) else 0,
             "zones": len(j.profile.get("zones", []) or []) if isinstance(j.profile, dict) else 0} for j in jurisdictions]
    return render(request, "units/edit/jurisdiction_list.html", {"rows": rows, "nav_active": "jurisdictions"})


DIVISION_KINDS = {"district": "区", "county_city": "县级市", "county": "县", "banner": "旗", "prefecture": "州", "township": "乡镇", "street": "街道"}


def _profile_summary(jurisdiction: Jurisdiction, data) -> dict | None:
    """Divisions, zones and aliases in words, for reading the profile without reading JSON."""
    if not data:
        return None
    try:
        profile = profile_from_data(data, jurisdiction.name)
    except NoticeError:
        return None  # a stored profile that no longer parses is shown as JSON only
    return {
        "divisions": [{"name": d.name, "kind": DIVISION_KINDS.get(d.kind, d.kind or "—"), "government": d.government} for d in profile.divisions],
        "zones": [{"name": z.name, "committee": z.committee} for z in profile.zones],
        "aliases": sorted((data.get("aliases") or {}).items()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def jurisdiction_edit(request, pk):
    jurisdiction = Jurisdiction.objects.visible_to(request.user).filter(pk=pk).first()
    if jurisdiction is None:
        raise Http404("辖区不存在或无权查看")
    require(request.user, Capability.JURISDICTION_EDIT, jurisdiction.pk)
    error = ""
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                before = jurisdiction.version
                jurisdiction = update_jurisdiction_profile(
                    request.user, jurisdiction, form.cleaned_data["profile"], form.cleaned_data["version"]
                )
            except ServiceError as err:
                error = str(err)
            else:
                messages.success(request, "辖区配置已保存，此后导入的通知按新配置展开集合单位" if jurisdiction.version != before else "辖区配置没有变化")
                return redirect("units:jurisdiction_edit", pk=jurisdiction.pk)
        else:
            error = first_error(form)
        text = request.POST.get("profile", "")
        try:
            preview = parse_profile_text(jurisdiction, text) if not error else None
        except ServiceError:
            preview = None
        summary = _profile_summary(jurisdiction, preview) if preview else _profile_summary(jurisdiction, jurisdiction.profile)
    else:
        text = json.dumps(jurisdiction.profile, ensure_ascii=False, indent=2) if jurisdiction.profile else ""
        form = ProfileForm(initial={"profile": text, "version": jurisdiction.version})
        summary = _profile_summary(jurisdiction, jurisdiction.profile)
    context = {
        "jurisdiction": jurisdiction,
        "form": form,
        "text": text,
        "error": error,
        "summary": summary,
        "nav_active": "jurisdictions",
    }
    return render(request, "units/edit/jurisdiction_edit.html", context)


@login_required
@require_http_methods(["POST"])
def jurisdiction_settings(request, pk):
    """The working settings of a jurisdiction: whether unit heads sign reports off before the office sees them."""
    jurisdiction = Jurisdiction.objects.visible_to(request.user).filter(pk=pk).first()
    if jurisdiction is None:
        raise Http404("辖区不存在或无权查看")
    require(request.user, Capability.JURISDICTION_EDIT, jurisdiction.pk)
    version = request.POST.get("version", "").strip()
    if not version.isdigit():
        messages.error(request, "版本号无效：请刷新页面后重试（您的修改未保存）")
        return redirect("units:jurisdiction_edit", pk=jurisdiction.pk)
    required = request.POST.get("require_head_signoff") == "on"
    try:
        updated = set_head_signoff(request.user, jurisdiction, required, int(version))
    except ServiceError as err:
        messages.error(request, str(err))
    else:
        if updated.version == jurisdiction.version:
            messages.success(request, "辖区设置没有变化")
        else:
            messages.success(request, "已保存：进展报送" + ("须经单位负责人审核后才报送督考办" if required else "由单位直接报送督考办，无需负责人审核"))
    return redirect("units:jurisdiction_edit", pk=jurisdiction.pk)


@login_required
@require_http_methods(["GET", "POST"])
def jurisdiction_create(request):
    """A new jurisdiction, e.g. a county whose ledger will take up its city's."""
    parents = _configurable(request.user).order_by("name")
    error = ""
    values = {"name": "", "level": JurisdictionLevel.COUNTY, "parent": "", "profile": ""}
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in values}
        parent = parents.filter(pk=values["parent"]).first() if values["parent"].isdigit() else None
        if values["parent"] and parent is None:
            error = "所选上级辖区不存在"
        else:
            try:
                jurisdiction = create_jurisdiction(request.user, values["name"], values["level"], parent, values["profile"])
                messages.success(request, f"已新建辖区“{jurisdiction.name}”")
                return redirect("units:jurisdiction_edit", pk=jurisdiction.pk)
            except ServiceError as err:
                error = str(err)
    return render(
        request,
        "units/edit/jurisdiction_new.html",
        {"parents": parents, "levels": JurisdictionLevel.choices, "values": values, "error": error, "nav_active": "jurisdictions"},
    )
