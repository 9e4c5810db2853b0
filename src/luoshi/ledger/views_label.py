"""Security labels (密级标识) from the internal pages: one task's label, or a whole section's at once.

Only 公开 tasks of published ledgers reach the public pages; who may decide that is the role model's
`task.label` capability in the ledger's jurisdiction (office administrator, county office, security
administrator). A ledger the user cannot see answers 404, one they see without the capability 403.
Both views are POST-only and answer with a redirect and a Chinese message; the services change the data.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from luoshi.accounts.roles import Capability, can

from .models import Ledger, SecurityLabel, Section
from .scoping import access_ledger, access_task
from .services import ServiceError, set_section_label, set_security_label

LABEL_FIELD = "密级标识"


def label_context(user, ledger: Ledger | None) -> dict:
    """What the overview and the task detail need to show the label forms: `can_label` and the choices."""
    allowed = bool(ledger) and can(user, Capability.TASK_LABEL, ledger.jurisdiction_id)
    return {"can_label": allowed, "label_choices": SecurityLabel.choices if allowed else []}


def _label_value(request) -> str | None:
    """The posted label, or None after putting a Chinese message naming the field."""
    label = (request.POST.get("label") or "").strip()
    if label in SecurityLabel.values:
        return label
    if not label:
        messages.error(request, f"请选择{LABEL_FIELD}（公开或内部），未做修改")
    else:
        messages.error(request, f"{LABEL_FIELD}只能是“公开”或“内部”，收到“{label[:20]}”，未做修改")
    return None


@login_required
@require_POST
def task_label(request, pk: int, code: str):
    ledger = access_ledger(request.user, pk, Capability.TASK_LABEL)
    task = access_task(request.user, ledger, code)
    back = redirect("ledger:task_detail", pk=ledger.pk, code=task.code)
    label = _label_value(request)
    if label is None:
        return back
    try:
        version = int(request.POST.get("version", ""))
    except (TypeError, ValueError):
        messages.error(request, "表单缺少任务的版本号，请刷新页面后重新设置（未做修改）")
        return back
    if task.security_label == label:
        messages.info(request, f"任务 {task.code} 已是“{SecurityLabel(label).label}”，未做修改")
        return back
    try:
        set_security_label(actor=request.user, task=task, label=label, expected_version=version)
    except ServiceError as err:
        messages.error(request, str(err))
        return back
    messages.success(request, f"任务 {task.code} 的{LABEL_FIELD}已改为“{SecurityLabel(label).label}”")
    return back


@login_required
@require_POST
def section_label(request, pk: int, index: int):
    ledger = access_ledger(request.user, pk, Capability.TASK_LABEL)
    section = Section.objects.filter(ledger=ledger, index=index).first()
    if section is None:
        raise Http404("附件不存在")
    back = redirect("ledger:ledger_overview", pk=ledger.pk)
    label = _label_value(request)
    if label is None:
        return back
    try:
        changed = set_section_label(request.user, section, label)
    except ServiceError as err:
        messages.error(request, str(err))
        return back
    name = SecurityLabel(label).label
    if changed:
        messages.success(request, f"附件{section.index}“{section.title}”已有 {changed} 项任务改为“{name}”，全部任务现均为“{name}”")
    else:
        messages.info(request, f"附件{section.index}“{section.title}”的任务已全部是“{name}”，未做修改")
    return back
