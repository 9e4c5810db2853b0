"""Import a notice, review the draft beside its source, correct it, publish; re-import a corrected notice.

Every change goes through a service (one transaction, one audit event, version-checked). htmx
requests get the re-rendered fragment; plain form posts get a redirect with a message, so every
correction also works without JavaScript.
"""

from __future__ import annotations

import difflib
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from luoshi.accounts.roles import Capability, jurisdictions_where, require
from luoshi.units.models import Jurisdiction, Unit

from .forms import AddAssignmentForm, ImportForm, ReimportForm, RoleForm, TargetForm, TaskEditForm, first_error
from .models import Assignment, ImportWarning, Ledger, Role, SourceFile, Target, Task
from .queries import marked_html
from .reimport import compute_diff, drop_stash, load_stash, stash_upload
from .scoping import access_ledger, access_task
from .services import (
    PASTED_UNDECODABLE,
    ImportRejected,
    ServiceError,
    add_assignment,
    apply_reimport,
    import_notice,
    import_text,
    parse_upload,
    publish_ledger,
    remove_assignment,
    resolve_warning,
    set_assignment_role,
    update_target,
    update_task,
)

PASTED_NAME = "粘贴的通知.txt"


# --- uploads ----------------------------------------------------------------------------------------


class UploadRefused(Exception):
    """The request body could not be taken; the message says why, in Chinese."""


def _too_big_message(size: int) -> str:
    return f"上传的内容约 {size / 2**20:.1f} MB，超过了 {settings.UPLOAD_MAX_BYTES / 2**20:.0f} MB 的上限，未导入"


def _read_body(request) -> None:
    """Parse POST/FILES, turning Django's refusals (body too large, broken multipart) into UploadRefused."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise UploadRefused(_too_big_message(length))  # refused before a byte of it is read
    try:
        request.POST  # noqa: B018 - parsing is the point
        request.FILES  # noqa: B018
    except RequestDataTooBig:
        raise UploadRefused(_too_big_message(length)) from None
    except (TooManyFieldsSent, TooManyFilesSent):
        raise UploadRefused("提交的字段或文件过多，未导入") from None
    except (MultiPartParserError, UnreadablePostError, SuspiciousOperation):
        raise UploadRefused("上传没有完成或内容已损坏，请重新上传") from None


def _csrf_refusal(request) -> HttpResponse | None:
    """The CSRF check the middleware skipped for this view (so that a too-large body could be answered first)."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})


def _uploaded(form) -> tuple[bytes, str]:
    """The bytes and file name of a valid import/reimport form; pasted text becomes a UTF-8 .txt."""
    upload = form.cleaned_data.get("file")
    if upload:
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ImportRejected(
                f"文件“{upload.name}”大小为 {upload.size / 2**20:.1f} MB，超过了 {settings.UPLOAD_MAX_BYTES / 2**20:.0f} MB 的上限，未导入"
            )
        return b"".join(upload.chunks()), upload.name
    text = form.cleaned_data["text"]
    _check_pasted(text)
    return text.encode("utf-8"), PASTED_NAME


def _check_pasted(text: str) -> None:
    if "\ufffd" in text:
        raise ImportRejected(PASTED_UNDECODABLE)


# --- import -----------------------------------------------------------------------------------------


@csrf_exempt  # checked in the view, after a too-large body has had its Chinese answer
@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    require(request.user, Capability.LEDGER_IMPORT)
    jurisdictions = Jurisdiction.objects.visible_to(request.user).filter(id__in=jurisdictions_where(request.user, Capability.LEDGER_IMPORT))
    context = {"nav_active": "import"}
    if request.method == "GET":
        context["form"] = ImportForm(jurisdictions=jurisdictions)
        return _import_page(request, context)
    try:
        _read_body(request)
    except UploadRefused as refused:
        context.update(form=ImportForm(jurisdictions=jurisdictions), error=str(refused))
        return _import_page(request, context)
    refusal = _csrf_refusal(request)
    if refusal is not None:
        return refusal
    form = ImportForm(request.POST, request.FILES, jurisdictions=jurisdictions)
    context["form"] = form
    if not form.is_valid():
        context["error"] = first_error(form)
        return _import_page(request, context)
    jurisdiction, year = form.cleaned_data["jurisdiction"], form.cleaned_data.get("year")
    try:
        if form.cleaned_data.get("file"):
            data, filename = _uploaded(form)
            result = import_notice(actor=request.user, jurisdiction=jurisdiction, data=data, filename=filename, year=year)
        else:
            result = import_text(actor=request.user, jurisdiction=jurisdiction, text=form.cleaned_data["text"], year=year)
    except ServiceError as err:
        context["error"] = str(err)
        return _import_page(request, context)
    if not result.created:
        context.update(form=ImportForm(jurisdictions=jurisdictions), existing=result.ledger, info=result.message)
        return _import_page(request, context)
    messages.success(request, result.message)
    return redirect("ledger:review", pk=result.ledger.pk)


def _import_page(request, context):
    context.setdefault("max_mb", settings.UPLOAD_MAX_BYTES // 2**20)
    context["ledgers"] = Ledger.objects.visible_to(request.user).select_related("jurisdiction", "source").defer("source__content")[:20]
    return render(request, "ledger/review/import.html", context)


# --- the review page --------------------------------------------------------------------------------


def _review_tasks(user, ledger, codes=None):
    """Tasks with units, rules, leaders and targets: the same handful of queries for 10 or 2,000 tasks."""
    tasks = (
        Task.objects.visible_to(user)
        .filter(ledger=ledger)
        .select_related("section", "group")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "rule").order_by("role", "order", "id")),
            "leaders",
            Prefetch("targets", queryset=Target.objects.order_by("order")),
        )
        .order_by("order")
    )
    if codes is not None:
        tasks = tasks.filter(code__in=codes)
    return tasks


def _source(ledger):
    """The source file without its (possibly large) content."""
    if not ledger.source_id:
        return None
    return SourceFile.objects.filter(pk=ledger.source_id).defer("content").first()


def mark_terms(text: str, terms: list[tuple[str, str]]) -> SafeString:
    """Escape `text` and wrap every occurrence of each term in <mark class=…>; earlier, longer terms win."""
    spans = []
    for term, css in terms:
        if not term:
            continue
        start = text.find(term)
        while start >= 0:
            spans.append((start, start + len(term), css))
            start = text.find(term, start + len(term))
    return marked_html(text, spans)


def mark_spans(text: str, spans: list[tuple[int, int, str]]) -> SafeString:
    return marked_html(text, spans)


CMP_SYMBOLS = {">=": "≥", "<=": "≤", "~": "约", "=": ""}


def number_text(value: float) -> str:
    """7.0 → "7", 0.025 → "0.025": what a person would type back into the form."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def inline_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Old and new text with the removed and inserted characters marked."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left, right = [], []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(old[a1:a2]))
            right.append(escape(new[b1:b2]))
            continue
        if a2 > a1:
            left.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            right.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - pieces escaped above


def _decorate(task):
    """What the templates need beyond the model: highlighted text, units split by role and source."""
    assignments = sorted(task.assignments.all(), key=lambda a: (a.role != Role.LEAD, a.order, a.pk))
    task.assignment_rows = assignments
    task.lead_list = [a for a in assignments if a.role == Role.LEAD]
    task.written_cooperating = [a for a in assignments if a.role == Role.COOPERATING and a.source != "rule"]
    task.rule_cooperating = [a for a in assignments if a.role == Role.COOPERATING and a.source == "rule"]
    task.rule_codes = sorted({a.rule.code for a in task.rule_cooperating if a.rule_id})
    task.target_list = list(task.targets.all())
    for target in task.target_list:
        target.cmp_symbol = CMP_SYMBOLS.get(target.comparator, target.comparator)
        target.value_text = number_text(target.value)
    task.text_html = mark_spans(task.text, [(t.span_start, t.span_end, "target") for t in task.target_list])
    task.line_range = (
        f"第 {task.source_line} 行"
        if task.source_end_line <= task.source_line
        else f"第 {task.source_line}–{task.source_end_line} 行"
    )
    return task


def _source_rows(source, tasks) -> list[dict]:
    """Each source line with the task it belongs to and its units and targets highlighted."""
    if source is None:
        return []
    owner: dict[int, str] = {}
    terms: dict[int, list[tuple[str, str]]] = {}
    for task in tasks:
        words = [(a.written_as, "unit-lead" if a.role == Role.LEAD else "unit-coop") for a in task.assignments.all() if a.source == "text"]
        words += [(t.text, "target") for t in task.targets.all()]
        words.sort(key=lambda w: -len(w[0]))
        for line in range(task.source_line, max(task.source_line, task.source_end_line) + 1):
            owner.setdefault(line, task.code)
            terms.setdefault(line, []).extend(words)
    rows, seen = [], set()
    for number, text in source.lines:
        text = str(text)
        rows.append(
            {
                "n": number,
                "anchor": number not in seen,
                "task": owner.get(number, ""),
                "html": mark_terms(text, terms.get(number, [])) if number in terms else text,
            }
        )
        seen.add(number)
    return rows


def _unit_names(user, ledger) -> list[str]:
    return list(
        Unit.objects.visible_to(user).canonical().filter(jurisdiction_id=ledger.jurisdiction_id).order_by("name").values_list("name", flat=True)
    )


@login_required
def review(request, pk):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_EDIT)
    source = _source(ledger)
    tasks = [_decorate(t) for t in _review_tasks(request.user, ledger)]
    warnings = list(ImportWarning.objects.filter(ledger=ledger).order_by("resolved", "line", "id"))
    context = {
        "ledger": ledger,
        "source": source,
        "source_rows": _source_rows(source, tasks),
        "tasks": tasks,
        "warnings": warnings,
        "open_warnings": sum(1 for w in warnings if not w.resolved),
        "missing_lead": [t for t in tasks if not t.lead_list],
        "unit_names": _unit_names(request.user, ledger),
        "nav_active": "import",
    }
    return render(request, "ledger/review/review.html", context)


# --- corrections of one task ------------------------------------------------------------------------


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _task_context(request, ledger, code, **extra):
    task = _review_tasks(request.user, ledger, [code]).first()
    if task is None:
        raise Http404("任务不存在或无权查看")
    return {
        "ledger": ledger,
        "task": _decorate(task),
        "role_choices": Role.choices,
        "comparators": TargetForm.base_fields["comparator"].choices,
        **extra,
    }


@login_required
def review_task(request, pk, code):
    """One task in edit mode: as a fragment for htmx, as a page otherwise. `?mode=view` gives the read-only card."""
    ledger = access_ledger(request.user, pk, Capability.LEDGER_EDIT)
    context = _task_context(request, ledger, code)
    if _is_htmx(request):
        template = "ledger/review/_task.html" if request.GET.get("mode") == "view" else "ledger/review/_task_edit.html"
        return render(request, template, context)
    context["unit_names"] = _unit_names(request.user, ledger)
    context["nav_active"] = "import"
    return render(request, "ledger/review/task_edit.html", context)


def _after_correction(request, ledger, code, *, ok: str = "", error: str = ""):
    """htmx: the task's edit fragment again, with the outcome; plain post: back to the task's page."""
    if _is_htmx(request):
        return render(request, "ledger/review/_task_edit.html", _task_context(request, ledger, code, ok=ok, error=error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, ok)
    return redirect("ledger:review_task", pk=ledger.pk, code=code)


@login_required
@require_POST
def task_update(request, pk, code):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_EDIT)
    task = access_task(request.user, ledger, code)
    form = TaskEditForm(request.POST)
    if not form.is_valid():
        return _after_correction(request, ledger, code, error=first_error(form))
    data = form.cleaned_data
    changes = {
        name: data[name]
        for name in ("text", "deadline_text", "deadline")
        if (data[name] or None) != (getattr(task, name) or None)
    }
    if not changes:
        return _after_correction(request, ledger, code, error="没有修改任何内容")
    try:
        update_task(actor=request.user, task=task, expected_version=data["version"], **changes)
    except ServiceError as err:
        return _after_correction(request, ledger, code, error=str(err))
    return _after_correction(request, ledger, code, ok="已保存任务内容与完成时限")


@login_required
@require_POST
def assignment_add(request, pk, code):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_EDIT)
    task = access_task(request.user, ledger, code)
    form = AddAssignmentForm(request.POST)
    if not form.is_valid():
        return _after_correction(request, ledger, code, error=first_error(form))
    data = form.cleaned_data
    try:
        assignment = add_assignment(request.user, task, data["unit_name"], data["role"], data["version"])
    except ServiceError as err:
        return _after_correction(request, ledger, code, error=str(err))
    return _after_correction(request, ledger, code, ok=f"已添加{assignment.get_role_display()}“{assignment.unit.name}”")


def _assignment(request, ledger, code, assignment_pk):
    task = access_task(request.user, ledger, code)
    assignment = Assignment.objects.select_related("unit", "task").filter(pk=assignment_pk, task=task).first()
    return task, assignment


@login_required
@require_POST
def assignment_remove(request, pk, code, assignment_pk):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_EDIT)
    _task, assignment = _assignment(request, ledger, code, assignment_pk)
    if assignment is None:
        return _after_correction(request, ledger, code, error="该单位已不在此任务中，请刷新页面")
    try:
        remove_assignment(request.user, assignment, request.POST.get("version"))
    except ServiceError as err:
        return _after_correction(request, ledger, code, error=str(err))
    return _after_correction(request, ledger, code, ok=f"已移除“{assignment.unit.name}”")


@login_required
@require_POST
def assignment_role(request, pk, code, assignment_pk):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_EDIT)
    _task, assignment = _assignment(request, ledger, code, assignment_pk)
    if assignment is None:
        return _after_correction(request, ledger, code, error="该单位已不在此任务中，请刷新页面")
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _after_correction(request, ledger, code, error=first_error(form))
    try:
        changed = set_assignment_role(request.user, assignment, form.cleaned_data["role"], form.cleaned_data["version"])
    except ServiceError as err:
        return _after_correction(request, ledger, code, error=str(err))
    return _after_correction(request, ledger, code, ok=f"“{changed.unit.name}”已改为{changed.get_role_display()}")


@login_required
@require_POST
def target_update(request, pk, code, target_pk):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_EDIT)
    task = access_task(request.user, ledger, code)
    target = Target.objects.select_related("task").filter(pk=target_pk, task=task).first()
    if target is None:
        return _after_correction(request, ledger, code, error="该量化目标已不存在，请刷新页面")
    form = TargetForm(request.POST)
    if not form.is_valid():
        return _after_correction(request, ledger, code, error=first_error(form))
    data = form.cleaned_data
    try:
        update_target(
            request.user, target, data["version"],
            indicator=data["indicator"], comparator=data["comparator"], value=data["value"], unit=data["unit"],
        )
    except ServiceError as err:
        return _after_correction(request, ledger, code, error=str(err))
    return _after_correction(request, ledger, code, ok=f"已保存量化目标“{target.text}”")


# --- warnings and publishing ------------------------------------------------------------------------

WARNING_NOTES = {"resolve": "已处理", "ignore": "忽略", "not_same": "不是同一单位"}


@login_required
@require_POST
def warning_action(request, pk, warning_pk):
    from luoshi.units.services import find_unit, merge_units

    ledger = access_ledger(request.user, pk, Capability.LEDGER_EDIT)
    warning = ImportWarning.objects.filter(pk=warning_pk, ledger=ledger).first()
    if warning is None:
        raise Http404("警告不存在")
    action = request.POST.get("action", "")
    ok = error = ""
    try:
        if action == "merge":
            if warning.code != "suspected_alias":
                raise ServiceError("只有“疑似同一单位”的警告可以合并")
            alias_name, canonical_name = warning.data.get("alias", ""), warning.data.get("canonical", "")
            alias = find_unit(ledger.jurisdiction, alias_name)
            canonical = find_unit(ledger.jurisdiction, canonical_name)
            if alias is None or canonical is None:
                raise ServiceError(f"单位库中找不到“{alias_name if alias is None else canonical_name}”")
            if alias.pk == canonical.pk:
                resolve_warning(actor=request.user, warning=warning, note=f"已是同一单位“{canonical.name}”")
                ok = f"“{alias_name}”已是“{canonical.name}”的别名"
            else:
                counts = merge_units(request.user, alias, canonical)
                ok = (
                    f"已将“{alias.name}”合并到“{canonical.name}”：移动 {counts['assignments_moved']} 条分工"
                    + (f"，{counts['duplicates_dropped']} 项任务两者都有、保留一条" if counts["duplicates_dropped"] else "")
                )
        elif action in WARNING_NOTES:
            resolve_warning(actor=request.user, warning=warning, note=WARNING_NOTES[action])
            ok = f"第 {warning.line} 行的警告已标记为“{WARNING_NOTES[action]}”"
        else:
            raise ServiceError("未知的操作")
    except ServiceError as err:
        error = str(err)
    if _is_htmx(request) and action != "merge":
        warning.refresh_from_db()
        return render(request, "ledger/review/_warning.html", {"ledger": ledger, "warning": warning, "ok": ok, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, ok)
    return redirect(reverse("ledger:review", args=[ledger.pk]) + "#warnings")


@login_required
@require_POST
def publish(request, pk):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_PUBLISH)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        publish_ledger(actor=request.user, ledger=ledger, expected_version=version)
    except ServiceError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"台账“{ledger.title}”已发布")
    return redirect("ledger:review", pk=ledger.pk)


# --- re-import --------------------------------------------------------------------------------------


@csrf_exempt  # checked in the view, after a too-large body has had its Chinese answer
@login_required
@require_http_methods(["GET", "POST"])
def reimport(request, pk):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_IMPORT)
    context = {"ledger": ledger, "nav_active": "import", "max_mb": settings.UPLOAD_MAX_BYTES // 2**20}
    if request.method == "GET":
        context["form"] = ReimportForm()
        return render(request, "ledger/review/reimport.html", context)
    try:
        _read_body(request)
    except UploadRefused as refused:
        context.update(form=ReimportForm(), error=str(refused))
        return render(request, "ledger/review/reimport.html", context)
    refusal = _csrf_refusal(request)
    if refusal is not None:
        return refusal
    form = ReimportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        context["error"] = first_error(form)
        return render(request, "ledger/review/reimport.html", context)
    try:
        data, filename = _uploaded(form)
        sha256 = hashlib.sha256(data).hexdigest()
        source = _source(ledger)
        if source is not None and source.sha256 == sha256:
            context.update(form=ReimportForm(), info="这份文件与台账当前的通知原文相同，没有变化")
            return render(request, "ledger/review/reimport.html", context)
        notice, _lines = parse_upload(data, filename, ledger.jurisdiction)
    except ServiceError as err:
        context["error"] = str(err)
        return render(request, "ledger/review/reimport.html", context)
    diff = compute_diff(ledger, notice, sha256)
    if diff.empty:
        context.update(form=ReimportForm(), info=f"“{filename}”与当前台账相比没有变化")
        return render(request, "ledger/review/reimport.html", context)
    for change in diff.changed:
        for field_change in change.changes:
            if field_change.field == "text":
                field_change.old_html, field_change.new_html = inline_diff(field_change.old, field_change.new)
    stash_upload(data)
    context.update(diff=diff, filename=filename, new_title=notice.title)
    return render(request, "ledger/review/reimport_diff.html", context)


@login_required
@require_POST
def reimport_apply(request, pk):
    ledger = access_ledger(request.user, pk, Capability.LEDGER_IMPORT)
    sha256 = request.POST.get("sha256", "")
    filename = (request.POST.get("filename") or "修订后的通知")[:255]
    data = load_stash(sha256)
    context = {"ledger": ledger, "nav_active": "import", "form": ReimportForm(), "max_mb": settings.UPLOAD_MAX_BYTES // 2**20}
    if data is None:
        context["error"] = "待应用的文件已过期或已应用，请重新上传修订后的通知"
        return render(request, "ledger/review/reimport.html", context)
    try:
        diff = apply_reimport(
            actor=request.user, ledger=ledger, data=data, filename=filename, expected_fingerprint=request.POST.get("fingerprint", "")
        )
    except ServiceError as err:
        context["error"] = str(err)
        return render(request, "ledger/review/reimport.html", context)
    drop_stash(sha256)
    messages.success(
        request,
        f"已按“{filename}”更新台账：修改 {len(diff.changed)} 项，新增 {len(diff.added)} 项，删除 {len(diff.removed)} 项任务；修改已记入各任务的历史",
    )
    return redirect("ledger:review", pk=ledger.pk)

