"""Linking a county's ledger to its city's ledger, and a county task to the city task it takes up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from luoshi.accounts.roles import Capability

from .models import Ledger, Task
from .scoping import access_ledger, access_task
from .services import ServiceError, link_ledger, link_task


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_http_methods(["GET", "POST"])
def ledger_link(request, pk):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_LINK)
    parent_jurisdiction = ledger.jurisdiction.parent
    candidates = (
        Ledger.objects.visible_to(request.user).filter(jurisdiction=parent_jurisdiction).order_by("-year", "-id")
        if parent_jurisdiction
        else Ledger.objects.none()
    )
    error = ""
    if request.method == "POST":
        chosen = request.POST.get("parent_ledger", "")
        parent = None
        if chosen:
            parent = candidates.filter(pk=_int(chosen, -1)).first()
            if parent is None:
                error = "所选上级台账不存在或无权查看"
        if not error:
            try:
                link_ledger(actor=request.user, ledger=ledger, parent_ledger=parent, expected_version=_int(request.POST.get("version"), -1))
                messages.success(request, f"已关联上级台账“{parent.title}”" if parent else "已取消关联上级台账")
                return redirect("ledger:ledger_overview", pk=ledger.pk)
            except ServiceError as err:
                error = str(err)
    return render(
        request,
        "ledger/links/ledger_link.html",
        {"ledger": ledger, "candidates": candidates, "parent_jurisdiction": parent_jurisdiction, "error": error},
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_link(request, pk, code):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_LINK)
    task = access_task(request.user, ledger, code)
    parent_ledger = ledger.parent_ledger if ledger.parent_ledger_id else None
    parent_tasks = (
        Task.objects.visible_to(request.user).filter(ledger=parent_ledger).only("code", "text").order_by("order")
        if parent_ledger
        else Task.objects.none()
    )
    error = ""
    if request.method == "POST":
        chosen = (request.POST.get("parent_code") or "").strip()
        parent = None
        if chosen:
            parent = parent_tasks.filter(code=chosen.split(" ", 1)[0]).first()
            if parent is None:
                error = f"上级台账中没有编号为“{chosen}”的任务"
        if not error:
            try:
                link_task(actor=request.user, task=task, parent_task=parent, expected_version=_int(request.POST.get("version"), -1))
                messages.success(request, f"已对应上级任务 {parent.code}" if parent else "已取消对应上级任务")
                return redirect("ledger:task_detail", pk=ledger.pk, code=task.code)
            except ServiceError as err:
                error = str(err)
    return render(
        request,
        "ledger/links/task_link.html",
        {"ledger": ledger, "task": task, "parent_ledger": parent_ledger, "parent_tasks": parent_tasks, "error": error},
    )
