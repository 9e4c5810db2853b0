"""Read-only queries shared by the reading pages and the exports: which ledger is current, the task
list's filters and search, the responsibility matrix grid and a ledger's summary.

Everything here starts from `visible_to(user)` (or from a ledger already returned by
`access_ledger`), and every function issues a fixed number of SQL queries whatever the size of the
ledger, so that pages built on it keep the same query count for 100 and for 2,000 tasks.
Nothing here changes data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django import forms
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Replace, Substr
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from luoshi.accounts.roles import principal
from luoshi.notice.normalize import normalize_line
from luoshi.units.models import Unit, UnitAlias

from .models import (
    Assignment, AssignmentSource, ImportWarning, Leader, Ledger, LedgerStatus, Role, Section, SecurityLabel, Target, Task, TaskGroup,
)

TASKS_PER_PAGE = 50

COMPARATOR_LABELS = {"=": "达到", ">=": "以上（≥）", "<=": "以内（≤）", "~": "左右（≈）", ">": "超过（>）", "<": "低于（<）"}


# ---------------------------------------------------------------------------------------------
# Ledgers


def visible_ledgers(user) -> QuerySet[Ledger]:
    """The user's ledgers, newest first, with their jurisdiction and the count of tasks they see (one query)."""
    task_count = Task.objects.visible_to(user).filter(ledger=OuterRef("pk")).order_by().values("ledger").annotate(n=Count("id")).values("n")
    return (
        Ledger.objects.visible_to(user)
        .select_related("jurisdiction")
        .annotate(task_count=Coalesce(Subquery(task_count), 0))
        .order_by("-year", "-created_at", "-id")
    )


def current_ledger(user) -> Ledger | None:
    """The ledger the pages show by default: the most recent published one, else the most recent draft."""
    return (
        Ledger.objects.visible_to(user)
        .select_related("jurisdiction")
        .annotate(draft_last=Case(When(status=LedgerStatus.PUBLISHED, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("draft_last", "-year", "-published_at", "-created_at", "-id")
        .first()
    )


@dataclass
class LedgerSummary:
    """What the overview shows about one ledger; every list is already evaluated."""

    ledger: Ledger
    task_count: int
    with_deadline: int
    with_targets: int
    without_lead: int
    target_count: int
    assignment_count: int
    unit_count: int
    open_warnings: int
    warnings_by_code: list[tuple[str, int]]
    sections: list[Section]
    groups: list[TaskGroup]
    leaders: list[Leader]
    without_leader: int


WARNING_LABELS = {
    "suspected_alias": "疑似同一单位",
    "no_lead_unit": "缺少牵头单位",
    "unknown_unit": "无法识别的单位",
}


def ledger_summary(ledger: Ledger, user) -> LedgerSummary:
    """Counts of the tasks `user` sees in a ledger by section, group and leader, targets, open warnings (9 queries).

    A unit or leader sees the groups and leaders of their own tasks only; import warnings are shown
    to those who may correct the ledger.
    """
    from luoshi.accounts.roles import Capability, can

    tasks = Task.objects.visible_to(user).filter(ledger=ledger)
    whole = ledger.jurisdiction_id in principal(user).ledger_jurisdictions
    counts = tasks.aggregate(
        total=Count("id"),
        with_deadline=Count("id", filter=~Q(deadline_text="") | Q(deadline__isnull=False)),
        with_targets=Count("id", filter=Q(Exists(Target.objects.filter(task=OuterRef("pk"))))),
        without_lead=Count("id", filter=~Q(Exists(Assignment.objects.filter(task=OuterRef("pk"), role=Role.LEAD)))),
        without_leader=Count("id", filter=~Q(Exists(Task.leaders.through.objects.filter(task_id=OuterRef("pk"))))),
    )
    seen = Q(tasks__in=tasks.values("id"))
    assignments = Assignment.objects.filter(task__in=tasks.values("id")).aggregate(n=Count("id"), units=Count("unit", distinct=True))
    sections = Section.objects.filter(ledger=ledger).annotate(
        task_count=Count("tasks", filter=seen), public_count=Count("tasks", filter=seen & Q(tasks__security_label=SecurityLabel.PUBLIC))
    ).order_by("index")
    groups = TaskGroup.objects.filter(section__ledger=ledger).select_related("leader").annotate(task_count=Count("tasks", filter=seen))
    leaders = Leader.objects.filter(tasks__ledger=ledger).annotate(task_count=Count("tasks", filter=seen)).order_by("id")
    if not whole:
        sections, groups, leaders = sections.filter(task_count__gt=0), groups.filter(task_count__gt=0), leaders.filter(task_count__gt=0)
    sections, groups, leaders = list(sections), ordered_groups(groups), list(leaders)
    warnings = list(
        ImportWarning.objects.filter(ledger=ledger, resolved=False).values_list("code").annotate(n=Count("id")).order_by("code")
    ) if can(user, Capability.LEDGER_EDIT, ledger.jurisdiction_id) else []
    return LedgerSummary(
        ledger=ledger,
        task_count=counts["total"],
        with_deadline=counts["with_deadline"],
        with_targets=counts["with_targets"],
        without_lead=counts["without_lead"],
        without_leader=counts["without_leader"],
        target_count=Target.objects.filter(task__in=tasks.values("id")).count(),
        assignment_count=assignments["n"],
        unit_count=assignments["units"],
        open_warnings=sum(n for _, n in warnings),
        warnings_by_code=[(WARNING_LABELS.get(code, code), n) for code, n in warnings],
        sections=sections,
        groups=groups,
        leaders=leaders,
    )


def ordered_groups(groups) -> list[TaskGroup]:
    """Groups in reading order with `depth` set (children right after their parent) and, on each,
    `descendant_ids`: its own id and those of all groups below it."""
    groups = list(groups)
    children: dict[int | None, list[TaskGroup]] = {}
    for group in groups:
        children.setdefault(group.parent_id, []).append(group)
    out: list[TaskGroup] = []

    def walk(group: TaskGroup, depth: int) -> list[int]:
        group.depth = depth
        out.append(group)
        ids = [group.id]
        for child in sorted(children.get(group.id, []), key=lambda g: g.order):
            ids.extend(walk(child, depth + 1))
        group.descendant_ids = ids
        return ids

    known = {g.id for g in groups}
    roots = [g for g in groups if g.parent_id is None or g.parent_id not in known]
    for root in sorted(roots, key=lambda g: (g.section_id, g.order)):
        walk(root, 0)
    return out


# ---------------------------------------------------------------------------------------------
# The task list: filters and search

ROLE_CHOICES = [("", "任意"), (Role.LEAD.value, "牵头"), (Role.COOPERATING.value, "配合")]
YES_NO = [("", "不限"), ("yes", "有"), ("no", "无")]
NO_LEADER = "none"

_WHITESPACE = re.compile(r"\s+")


def search_text(q: str) -> str:
    """The search string as stored text reads: full-width forms folded, all whitespace removed."""
    return _WHITESPACE.sub("", normalize_line(q or ""))


def _squeezed(field_name: str):
    """A text column with spaces, tabs and line breaks removed, for whitespace-insensitive search."""
    expr = Replace(field_name, Value(" "), Value(""), output_field=TextField())
    for ch in ("\n", "\t", "\u3000"):
        expr = Replace(expr, Value(ch), Value(""), output_field=TextField())
    return expr


class TaskFilterForm(forms.Form):
    """The task list's GET filters. Choices come from lists the page already loaded (no extra queries).

    An invalid field is reported (Chinese message naming the field) and left out of the filtering;
    the other fields still apply.
    """

    q = forms.CharField(label="搜索", required=False, max_length=100,
                        error_messages={"max_length": "搜索内容不能超过 %(limit_value)d 个字"})
    section = forms.ChoiceField(label="附件", required=False)
    group = forms.ChoiceField(label="分组", required=False)
    leader = forms.ChoiceField(label="牵头领导", required=False)
    unit = forms.CharField(label="单位", required=False, max_length=100,
                           error_messages={"max_length": "单位名称不能超过 %(limit_value)d 个字"})
    role = forms.ChoiceField(label="角色", required=False, choices=ROLE_CHOICES)
    targets = forms.ChoiceField(label="量化目标", required=False, choices=YES_NO)
    deadline = forms.ChoiceField(label="完成时限", required=False, choices=YES_NO)
    due_after = forms.DateField(label="时限不早于", required=False, input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"],
                                error_messages={"invalid": "日期格式不正确，应写成 2018-06-30"})
    due_before = forms.DateField(label="时限不晚于", required=False, input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"],
                                 error_messages={"invalid": "日期格式不正确，应写成 2018-06-30"})

    def __init__(self, data, *, sections, groups, leaders, jurisdiction, **kwargs):
        super().__init__(data, **kwargs)
        self.jurisdiction = jurisdiction
        self.groups_by_id = {str(g.id): g for g in groups}
        self.fields["section"].choices = [("", "全部")] + [(str(s.id), s.title) for s in sections]
        self.fields["group"].choices = [("", "全部")] + [(str(g.id), ("　" * getattr(g, "depth", 0)) + g.title) for g in groups]
        self.fields["leader"].choices = [("", "全部")] + [(str(l.id), f"{l.name}{l.title}") for l in leaders] + [(NO_LEADER, "未列明领导")]
        for name in ("section", "group", "leader", "role", "targets", "deadline"):
            label = self.fields[name].label
            self.fields[name].error_messages["invalid_choice"] = f"所选的{label}“%(value)s”不存在，请从列表中选择"
        self.unit_obj: Unit | None = None

    def clean_q(self) -> str:
        return search_text(self.cleaned_data.get("q", ""))

    def clean_unit(self) -> str:
        name = normalize_line(self.cleaned_data.get("unit", ""))
        if name:
            self.unit_obj = resolve_unit(self.jurisdiction, name)  # raises ValidationError with the reason
        return name

    def clean(self):
        data = super().clean()
        after, before = data.get("due_after"), data.get("due_before")
        if after and before and after > before:
            self.add_error("due_before", f"“时限不晚于”（{before:%Y-%m-%d}）早于“时限不早于”（{after:%Y-%m-%d}）")
        return data

    @property
    def selects(self) -> dict[str, SafeString]:
        """Each choice field as a ready <select> (rendering Django widgets through templates costs
        more than the whole task table)."""
        out = {}
        for name, field_ in self.fields.items():
            if not isinstance(field_, forms.ChoiceField):
                continue
            current = str(self.data.get(name, "")) if self.data else ""
            options = "".join(
                f'<option value="{escape(str(value))}"{" selected" if str(value) == current else ""}>{escape(str(label))}</option>'
                for value, label in field_.choices
            )
            out[name] = mark_safe(f'<select name="{name}" id="id_{name}">{options}</select>')
        return out

    def error_list(self) -> list[str]:
        """Each error as one sentence naming its field, for the message box above the table."""
        out = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                out.append(f"{label}：{error}（该条件未生效）" if label else error)
        return out

    def active(self) -> dict[str, str]:
        """The valid, non-empty filters, as {label: shown value}, for the "当前条件" line."""
        if not hasattr(self, "cleaned_data"):
            return {}
        out = {}
        for name, value in self.cleaned_data.items():
            if value in ("", None):
                continue
            field_ = self.fields[name]
            if isinstance(field_, forms.ChoiceField):
                shown = dict(field_.choices).get(value, value).strip("　")
            elif hasattr(value, "strftime"):
                shown = value.strftime("%Y-%m-%d")
            else:
                shown = value
            out[field_.label] = shown
        return out


def resolve_unit(jurisdiction, name: str) -> Unit:
    """The canonical unit a typed name means: its own name, an alias, or a single partial match.

    Raises forms.ValidationError with a Chinese message when there is none or several (2 queries at most).
    """
    squeezed = search_text(name)
    units = Unit.objects.filter(jurisdiction=jurisdiction).select_related("merged_into")
    unit = units.filter(Q(name=squeezed) | Q(aliases__name=squeezed)).first()
    if unit is None:
        candidates = list(units.filter(merged_into__isnull=True, name__icontains=squeezed).order_by("name")[:6])
        if len(candidates) == 1:
            unit = candidates[0]
        elif candidates:
            shown = "、".join(u.name for u in candidates[:5]) + ("等" if len(candidates) > 5 else "")
            raise forms.ValidationError(f"“{name}”对应多个单位（{shown}），请从列表中选择一个")
        else:
            raise forms.ValidationError(f"单位库中没有“{name}”，请从列表中选择")
    seen = 0
    while unit.merged_into_id and seen < 10:
        unit = unit.merged_into
        seen += 1
    return unit


def filter_tasks(tasks: QuerySet[Task], form: TaskFilterForm) -> QuerySet[Task]:
    """Apply the valid filters of a bound (validated) TaskFilterForm to a task queryset.

    unit + role: tasks where that unit has that role (role alone, without a unit, does nothing);
    q: substring of the task text, of a unit's name (as registered or as written) or of a target's
    text, ignoring whitespace and full-width/half-width differences; a task code matches exactly.
    """
    data = getattr(form, "cleaned_data", {})
    if data.get("section"):
        tasks = tasks.filter(section_id=data["section"])
    if data.get("group"):
        group = form.groups_by_id.get(data["group"])
        tasks = tasks.filter(group_id__in=getattr(group, "descendant_ids", [data["group"]]))
    leader = data.get("leader")
    if leader == NO_LEADER:
        tasks = tasks.filter(~Exists(Task.leaders.through.objects.filter(task_id=OuterRef("pk"))))
    elif leader:
        tasks = tasks.filter(Exists(Task.leaders.through.objects.filter(task_id=OuterRef("pk"), leader_id=leader)))
    if form.unit_obj is not None and "unit" in data:
        assigned = Assignment.objects.filter(task=OuterRef("pk"), unit=form.unit_obj)
        if data.get("role"):
            assigned = assigned.filter(role=data["role"])
        tasks = tasks.filter(Exists(assigned))
    has_targets = Exists(Target.objects.filter(task=OuterRef("pk")))
    if data.get("targets") == "yes":
        tasks = tasks.filter(has_targets)
    elif data.get("targets") == "no":
        tasks = tasks.filter(~has_targets)
    has_deadline = ~Q(deadline_text="") | Q(deadline__isnull=False)
    if data.get("deadline") == "yes":
        tasks = tasks.filter(has_deadline)
    elif data.get("deadline") == "no":
        tasks = tasks.exclude(has_deadline)
    if data.get("due_after"):
        tasks = tasks.filter(deadline__gte=data["due_after"])
    if data.get("due_before"):
        tasks = tasks.filter(deadline__lte=data["due_before"])
    q = data.get("q")
    if q:
        tasks = tasks.filter(text_matches(q))
    return tasks


def text_matches(q: str) -> Q:
    """Q for a task whose text, units or targets contain `q` (already passed through search_text)."""
    unit_hit = Assignment.objects.filter(task=OuterRef("pk")).filter(Q(unit__name__icontains=q) | Q(written_as__icontains=q))
    target_hit = Target.objects.alias(squeezed=_squeezed("text")).filter(task=OuterRef("pk"), squeezed__icontains=q)
    return Q(code__iexact=q) | Q(Exists(Task.objects.alias(squeezed=_squeezed("text")).filter(pk=OuterRef("pk"), squeezed__icontains=q))) | Q(
        Exists(unit_hit)
    ) | Q(Exists(target_hit))


def task_rows(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """A task queryset ready for a table: section and group joined, leaders and the written units
    prefetched (lead first), `rule_count` (units a rule added) and `target_count` annotated.
    Three queries however many tasks are shown."""
    rule_count = (
        Assignment.objects.filter(task=OuterRef("pk"), source=AssignmentSource.RULE)
        .order_by()
        .values("task")
        .annotate(n=Count("id"))
        .values("n")
    )
    target_count = Target.objects.filter(task=OuterRef("pk")).order_by().values("task").annotate(n=Count("id")).values("n")
    return (
        tasks.select_related("section", "group")
        .annotate(rule_count=Coalesce(Subquery(rule_count), 0), target_count=Coalesce(Subquery(target_count), 0))
        .prefetch_related(
            Prefetch("leaders", queryset=Leader.objects.order_by("id")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.exclude(source=AssignmentSource.RULE)
                .select_related("unit")
                .only("id", "task_id", "unit_id", "role", "source", "order", "unit__id", "unit__name")
                .order_by("role", "order"),
                to_attr="written_assignments",
            ),
        )
        .order_by("order")
    )


def split_roles(task: Task) -> tuple[list[Assignment], list[Assignment]]:
    """(lead, cooperating) among a task's prefetched `written_assignments`."""
    written = getattr(task, "written_assignments", [])
    return [a for a in written if a.role == Role.LEAD], [a for a in written if a.role == Role.COOPERATING]


def unit_links(assignments, unit_url: str, css: str = "", linkable: set[int] | None = None) -> SafeString:
    """Units as links joined by 、, rendered at once: a 50-row table would otherwise spend most of
    its time in the template engine's inner loops. Units outside `linkable` (when given) are plain text."""
    cls = f' class="{css}"' if css else ""
    return mark_safe("、".join(
        f'<a{cls} href="{unit_url}{a.unit_id}/">{escape(a.unit.name)}</a>' if linkable is None or a.unit_id in linkable
        else f'<span{cls}>{escape(a.unit.name)}</span>'
        for a in assignments
    ))


def prepare_rows(tasks, unit_url: str, linkable: set[int] | None = None) -> None:
    """Set lead_units, cooperating_units and their pre-rendered links on tasks from task_rows()."""
    for task in tasks:
        task.lead_units, task.cooperating_units = split_roles(task)
        task.lead_html = unit_links(task.lead_units, unit_url, "lead", linkable)
        task.cooperating_html = unit_links(task.cooperating_units, unit_url, "", linkable)


def unit_choices(jurisdiction) -> list[str]:
    """Names for the unit <datalist>: canonical units and aliases of the jurisdiction (2 queries)."""
    names = list(Unit.objects.filter(jurisdiction=jurisdiction, merged_into__isnull=True).order_by("name").values_list("name", flat=True))
    aliases = UnitAlias.objects.filter(jurisdiction=jurisdiction).order_by("name").values_list("name", flat=True)
    return names + [a for a in aliases if a not in set(names)]


# ---------------------------------------------------------------------------------------------
# The responsibility matrix

MATRIX_SORTS = {"name": "单位名称", "lead": "牵头数", "total": "任务总数"}


@dataclass
class MatrixRow:
    unit_id: int
    name: str
    lead: int = 0
    cooperating: int = 0
    by_rule: int = 0
    cells: SafeString = field(default_factory=lambda: mark_safe(""))

    @property
    def total(self) -> int:
        return self.lead + self.cooperating


@dataclass
class MatrixGrid:
    """Units (rows) × tasks (columns); each row's cells are pre-rendered HTML so that a 2,000-column
    grid does not go through the template engine cell by cell."""

    columns: list[tuple[int, str, str]]  # (task id, code, start of the text)
    rows: list[MatrixRow]
    sort: str


def matrix_grid(ledger: Ledger, tasks: QuerySet[Task], *, section_id: int | None = None, sort: str = "name", unit_url=None) -> MatrixGrid:
    """The matrix of a ledger (optionally one section) in two queries: tasks, then assignments as values.

    `sort` is name (unit name), lead (lead count, most first) or total (tasks, most first).
    `unit_url(unit_id)` gives the link of a row header (omitted when None); `tasks` are those the reader sees.
    """
    tasks = tasks.filter(ledger=ledger)
    assignments = Assignment.objects.filter(task__in=tasks.values("id"))
    if section_id:
        tasks = tasks.filter(section_id=section_id)
        assignments = assignments.filter(task__section_id=section_id)
    columns = list(tasks.order_by("order").values_list("id", "code", Substr("text", 1, 40)))
    index = {task_id: i for i, (task_id, _, _) in enumerate(columns)}
    rows: dict[int, MatrixRow] = {}
    marks: dict[int, list[str]] = {}
    for unit_id, name, task_id, role, source in assignments.values_list("unit_id", "unit__name", "task_id", "role", "source").order_by():
        row = rows.get(unit_id)
        if row is None:
            row = rows[unit_id] = MatrixRow(unit_id, name)
            marks[unit_id] = ["<td></td>"] * len(columns)
        i = index.get(task_id)
        if i is None:
            continue
        if role == Role.LEAD:
            row.lead += 1
            marks[unit_id][i] = '<td class="m-lead" title="牵头">牵</td>'
        elif source == AssignmentSource.RULE:
            row.cooperating += 1
            row.by_rule += 1
            marks[unit_id][i] = '<td class="m-coop m-rule" title="配合（依通知规则）">配</td>'
        else:
            row.cooperating += 1
            marks[unit_id][i] = '<td class="m-coop" title="配合">配</td>'
    for unit_id, row in rows.items():
        row.cells = mark_safe("".join(marks[unit_id]))
    if sort not in MATRIX_SORTS:
        sort = "name"
    ordered = sorted(rows.values(), key=lambda r: r.name)
    if sort == "lead":
        ordered.sort(key=lambda r: (-r.lead, -r.total))
    elif sort == "total":
        ordered.sort(key=lambda r: (-r.total, -r.lead))
    return MatrixGrid(columns=columns, rows=ordered, sort=sort)


def matrix_header(columns, task_url) -> SafeString:
    """The matrix's task header cells, one link per task, rendered at once."""
    return mark_safe(
        "".join(
            f'<th class="m-task"><a href="{escape(task_url(code))}" title="{escape(code)} {escape(text)}">{escape(code)}</a></th>'
            for _, code, text in columns
        )
    )


# ---------------------------------------------------------------------------------------------
# Small display helpers


def url_prefix(viewname: str, *args) -> str:
    """The URL of `viewname` cut before its last argument ("/units/" for units:unit_detail), so that
    long tables append ids in the template instead of reversing a URL per row."""
    sentinel = 987654321
    url = reverse(viewname, args=[*args, sentinel])
    return url[: url.index(str(sentinel))]


def link_prefixes(ledger: Ledger | None = None) -> dict[str, str]:
    """unit_url, leader_url and (for a ledger) task_url prefixes for the templates."""
    out = {"unit_url": url_prefix("units:unit_detail"), "leader_url": url_prefix("ledger:leader_detail")}
    if ledger is not None:
        out["task_url"] = url_prefix("ledger:task_detail", ledger.pk)
    return out


def number_text(value: float | None) -> str:
    """400.0 → "400", 4.5 → "4.5", 5e10 → "50000000000"."""
    if value is None:
        return ""
    return "%.15g" % value


def highlighted_text(text: str, targets) -> SafeString:
    """The task text, escaped, with each target's span wrapped in <mark class="target">.

    A span that no longer holds the target's words (the text was edited) is looked up again by
    the words; spans that overlap an earlier one are skipped.
    """
    spans = []
    for target in targets:
        start, end = target.span_start, target.span_end
        if text[start:end] != target.text or end <= start:
            # The text was edited after import: find the target's words again, or leave it unmarked.
            found = text.find(target.text) if target.text else -1
            if found < 0:
                continue
            start, end = found, found + len(target.text)
        spans.append((start, end, "target", {"id": f"target-{target.pk}", "title": target.indicator}))
    return marked_html(text, spans)


def marked_html(text: str, spans) -> SafeString:
    """`text` escaped, each (start, end, css[, attrs]) span wrapped in <mark>; a span overlapping an earlier,
    longer one is skipped. The one place that builds highlighted HTML, so every piece is escaped the same way."""
    ordered = sorted((s for s in spans if 0 <= s[0] < s[1] <= len(text)), key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[str] = []
    pos = 0
    for span in ordered:
        start, end, css = span[0], span[1], span[2]
        if start < pos:
            continue
        attrs = "".join(f' {name}="{escape(value)}"' for name, value in (span[3] if len(span) > 3 else {}).items())
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{escape(css)}"{attrs}>{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped
