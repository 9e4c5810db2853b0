"""The audit log page and its CSV export: staff and audit administrators only (403 for everyone else).

Read-only apart from the export's own `audit.export` event. Each page costs the same number of
queries however long the log is: the actor's name, role and IP are columns of the row itself.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from luoshi.notice.export_xlsx import neutralize

from .models import AuditEvent, Outcome
from .services import ACTIONS, AuditLog, can_read_log, record

PAGE_SIZE = 50
CSV_HEADERS = ["编号", "时间", "操作人", "角色", "IP 地址", "操作", "操作代码", "对象类型", "对象编号", "对象名称", "结果",
               "修改前", "修改后", "说明", "哈希"]


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label="起始日期", required=False)
    date_to = forms.DateField(label="截止日期", required=False)
    user = forms.CharField(label="操作人", required=False, max_length=150)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部")] + sorted(ACTIONS.items(), key=lambda item: item[0]))
    outcome = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *Outcome.choices])
    object = forms.CharField(label="对象", required=False, max_length=100)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期")
        return cleaned


def _filtered(form: AuditFilterForm, user):
    """The events matching the valid filters; an invalid one is reported by the form and left out."""
    events = AuditEvent.objects.visible_to(user)
    data = {name: form.cleaned_data.get(name) for name in form.fields if name not in form.errors} if form.is_bound else {}
    if data.get("date_from"):
        events = events.filter(created_at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min)))
    if data.get("date_to"):
        events = events.filter(created_at__lt=timezone.make_aware(datetime.combine(data["date_to"] + timedelta(days=1), time.min)))
    if data.get("user"):
        events = events.filter(actor_name__icontains=data["user"].strip())
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("outcome"):
        events = events.filter(outcome=data["outcome"])
    if data.get("object"):
        term = data["object"].strip()
        events = events.filter(Q(object_repr__icontains=term) | Q(object_type=term) | Q(object_id=term))
    applied = {name: str(value) for name, value in data.items() if value}
    return events.order_by("-created_at", "-id"), applied


def _forbidden(request):
    return render(request, "audit/forbidden.html", status=403)


def _short(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 200 else text[:199] + "…"


def changes(before, after) -> list[tuple[str, str, str]]:
    """(field, before, after) for display; a non-dict value shows as one unnamed line."""
    if isinstance(before, dict) or isinstance(after, dict):
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        return [(key, _short(old[key]) if key in old else "", _short(new[key]) if key in new else "")
                for key in dict.fromkeys([*old, *new])]
    if before is None and after is None:
        return []
    return [("", "" if before is None else _short(before), "" if after is None else _short(after))]


@login_required
def event_list(request):
    if not can_read_log(request.user):
        return _forbidden(request)
    form = AuditFilterForm(request.GET or None)
    events, applied = _filtered(form, request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"event": event, "label": ACTIONS.get(event.action, event.action), "changes": changes(event.before, event.after),
         "outcome_colour": Outcome(event.outcome).colour if event.outcome in Outcome.values else "grey",
         "outcome_label": Outcome(event.outcome).label if event.outcome in Outcome.values else event.outcome}
        for event in page.object_list
    ]
    return render(request, "audit/event_list.html", {"form": form, "page": page, "rows": rows, "applied": applied})


@login_required
def export_csv(request):
    if not can_read_log(request.user):
        return _forbidden(request)
    form = AuditFilterForm(request.GET or None)
    events, applied = _filtered(form, request.user)
    with transaction.atomic():
        last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        events = events.filter(id__lte=last_id)
        span = events.aggregate(rows=Count("id"), first=Min("id"), last=Max("id"))
        rows = span["rows"]
        record(request.user, "audit.export", AuditLog(span["first"], span["last"]),
               after={"format": "csv", "filters": applied, "rows": rows}, message=f"导出审计日志 CSV，{rows} 条")
    filename = f"audit-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_lines(events):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> bytes:
        data = buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        return data

    buffer.write("\ufeff")
    writer.writerow(CSV_HEADERS)
    yield flush()
    for event in events.iterator(chunk_size=1000):
        cells = [
            event.id,
            timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_name, event.actor_role, event.ip or "",
            ACTIONS.get(event.action, event.action), event.action,
            event.object_type, event.object_id, event.object_repr,
            Outcome(event.outcome).label if event.outcome in Outcome.values else event.outcome,
            "" if event.before is None else json.dumps(event.before, ensure_ascii=False),
            "" if event.after is None else json.dumps(event.after, ensure_ascii=False),
            event.message, event.hash,
        ]
        writer.writerow([neutralize(cell) if isinstance(cell, str) else cell for cell in cells])
        yield flush()
