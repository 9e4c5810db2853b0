"""Downloads: the 责任分解表 (xlsx, docx, csv), the responsibility matrix and a unit's own task list.

Each view finds the ledger through `access_ledger` (404 alike for missing and forbidden), renders
the file, records the export in the audit trail and sends the file under a Chinese name.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from luoshi.accounts.roles import Capability, require
from luoshi.units.models import Unit

from .exports import record_export
from .exports.documents import Export, ledger_export, matrix_export, unit_export
from .models import Ledger, Task
from .scoping import access_ledger


def attachment(export: Export, fallback: str) -> HttpResponse:
    """The file as a download; the Chinese name in `filename*` (RFC 5987), an ASCII one for old clients."""
    response = HttpResponse(export.content, content_type=export.content_type)
    ext = export.filename.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}.{ext}\"; filename*=UTF-8''{quote(export.filename)}"
    response["Content-Length"] = str(len(export.content))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ledger_download(request, pk, build, suffix: str = "") -> HttpResponse:
    """`build(ledger, tasks)` makes the file from the tasks the user sees; the download is audited."""
    try:
        ledger = access_ledger(request.user, pk, Capability.LEDGER_EXPORT)
    except Http404 as err:
        return _error(request, str(err))
    export = build(ledger, Task.objects.visible_to(request.user))
    record_export(request.user, ledger, export.fmt, filename=export.filename, tasks=export.tasks)
    return attachment(export, f"ledger-{ledger.pk}{suffix}")


@login_required
@require_GET
def export_xlsx(request, pk):
    return _ledger_download(request, pk, lambda ledger, tasks: ledger_export(ledger, "xlsx", tasks))


@login_required
@require_GET
def export_docx(request, pk):
    return _ledger_download(request, pk, lambda ledger, tasks: ledger_export(ledger, "docx", tasks))


@login_required
@require_GET
def export_csv(request, pk):
    return _ledger_download(request, pk, lambda ledger, tasks: ledger_export(ledger, "csv", tasks))


@login_required
@require_GET
def matrix_xlsx(request, pk):
    sort = request.GET.get("sort", "lead")
    return _ledger_download(request, pk, lambda ledger, tasks: matrix_export(ledger, sort, tasks), "-matrix")


def _unit_download(request, pk, fmt: str) -> HttpResponse:
    unit = Unit.objects.visible_to(request.user).filter(pk=pk).select_related("jurisdiction").first()
    if unit is None:
        return _error(request, "单位不存在或无权查看")
    if unit.merged_into_id:
        # A merged unit's assignments moved to the unit it was merged into: send the reader there.
        target = reverse(f"ledger:unit_tasks_{fmt}", args=[unit.merged_into_id])
        query = request.GET.urlencode()
        return redirect(f"{target}?{query}" if query else target)
    collectives = dict(unit.collectives.values_list("id", "name"))
    ledger_param = request.GET.get("ledger", "").strip()
    if ledger_param:
        try:
            ledger = access_ledger(request.user, ledger_param, Capability.LEDGER_EXPORT)
        except Http404 as err:
            return _error(request, f"{err}（ledger={ledger_param}）")
        if ledger.jurisdiction_id != unit.jurisdiction_id:
            return _error(request, f"单位“{unit.name}”属于{unit.jurisdiction.name}，不在台账“{ledger.title}”的辖区内", status=400)
    else:
        ledger = (
            Ledger.objects.visible_to(request.user)
            .filter(tasks__assignments__unit_id__in=[unit.pk, *collectives])
            .distinct()
            .order_by("-year", "-created_at", "-id")
            .first()
        )
        if ledger is None:
            return _error(request, f"单位“{unit.name}”在任何台账中都没有任务，没有可导出的任务清单")
    require(request.user, Capability.LEDGER_EXPORT, ledger.jurisdiction_id)
    export = unit_export(ledger, unit, fmt, collectives, Task.objects.visible_to(request.user))
    record_export(request.user, ledger, fmt, unit=unit, filename=export.filename, tasks=export.tasks)
    return attachment(export, f"unit-{unit.pk}-tasks")


@login_required
@require_GET
def unit_tasks_xlsx(request, pk):
    return _unit_download(request, pk, "xlsx")


@login_required
@require_GET
def unit_tasks_docx(request, pk):
    return _unit_download(request, pk, "docx")


@login_required
@require_GET
def unit_tasks_csv(request, pk):
    return _unit_download(request, pk, "csv")


def _error(request, message: str, status: int = 404) -> HttpResponse:
    return render(request, "ledger/export_error.html", {"message": message}, status=status)
