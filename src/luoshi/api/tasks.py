"""/api/ledgers/{id}/tasks and /targets: a ledger's tasks (filtered as on the task list page), one task
read and corrected, and the quantified targets.

Filtering reuses the task list page's TaskFilterForm and filter_tasks, so the API and the page find
the same tasks; every list costs the same number of queries whatever its length.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from ninja import Query, Router
from ninja.errors import ValidationError
from ninja.pagination import paginate

from luoshi.ledger import queries
from luoshi.ledger.models import Assignment, Leader, Ledger, Target, Task
from luoshi.ledger.scoping import access_ledger, access_task
from luoshi.ledger.services import update_task
from luoshi.units.models import Unit

from . import permissions
from .errors import CUSTOM, invalid
from .pagination import Pages
from .schemas import ErrorOut, TargetOut, TaskFilters, TaskIn, TaskOut

router = Router(tags=["任务"])

EDIT_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def api_rows(tasks):
    """task_rows() plus what TaskOut shows beyond the task list page: every assignment (rule-added
    ones too, with their source) and the targets. Two more queries, whatever the number of tasks."""
    return queries.task_rows(tasks).prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("unit").only(
                "id", "task_id", "unit_id", "role", "source", "order", "unit__id", "unit__name"
            ).order_by("role", "order", "id"),
            to_attr="api_assignments",
        ),
        Prefetch("targets", queryset=Target.objects.order_by("order", "id")),
    )


def filter_form(user, ledger: Ledger, filters: TaskFilters) -> queries.TaskFilterForm:
    """The task list page's filter form, bound to the API's parameters; any invalid one is a 422."""
    if filters.role and not filters.unit:
        raise invalid("role", "需要同时指定单位（unit）")
    data = {}
    unit = (filters.unit or "").strip()
    if unit.isdigit():
        name = Unit.objects.visible_to(user).filter(pk=int(unit), jurisdiction_id=ledger.jurisdiction_id).values_list("name", flat=True).first()
        if name is None:
            raise invalid("unit", f"本台账所属辖区的单位库中没有编号为 {unit} 的单位")
        unit = name
    for key, value in (("unit", unit), ("leader", filters.leader), ("role", filters.role), ("q", filters.q)):
        if value not in (None, ""):
            data[key] = str(value)
    leaders = list(Leader.objects.filter(tasks__ledger=ledger).distinct().order_by("id")) if filters.leader is not None else []
    form = queries.TaskFilterForm(data, sections=[], groups=[], leaders=leaders, jurisdiction=ledger.jurisdiction_id)
    if not form.is_valid():
        raise ValidationError([{"loc": ("query", field), "type": CUSTOM, "msg": "；".join(errors)} for field, errors in form.errors.items()])
    return form


@router.get("/ledgers/{int:ledger_id}/tasks", response={200: list[TaskOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
            summary="任务清单",
            description="台账中的任务，按原文顺序分页返回。可按单位（名称、别名或编号）及其角色、牵头领导筛选，"
                        "并可搜索任务文字、单位和量化目标，与网页上的任务清单结果一致。")
@paginate(Pages)
def list_tasks(request, ledger_id: int, filters: Query[TaskFilters]):
    ledger = access_ledger(request.user, ledger_id)
    form = filter_form(request.user, ledger, filters)
    return api_rows(queries.filter_tasks(Task.objects.visible_to(request.user).filter(ledger=ledger), form))


@router.get("/ledgers/{int:ledger_id}/tasks/{code}", response={200: TaskOut, 401: ErrorOut, 404: ErrorOut}, summary="任务详情",
            description="任务不存在与无权查看同样返回 404。")
def get_task(request, ledger_id: int, code: str):
    ledger = access_ledger(request.user, ledger_id)
    task = access_task(request.user, ledger, code)
    return api_rows(Task.objects.visible_to(request.user).filter(pk=task.pk)).get()


@router.patch("/ledgers/{int:ledger_id}/tasks/{code}", response={200: TaskOut, **EDIT_ERRORS}, summary="修改任务",
              description="修改任务文字、完成时限或完成日期，只改请求中给出的字段。必须带回读取时的 version："
                          "他人已先修改则返回 409，请重新读取后再改。每次修改记入审计日志和任务历史。")
def patch_task(request, ledger_id: int, code: str, payload: TaskIn):
    ledger = access_ledger(request.user, ledger_id)
    task = access_task(request.user, ledger, code)
    if not permissions.may_edit_ledger(request.user, ledger):
        raise PermissionDenied("没有修改该台账任务的权限")
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise invalid("payload", "请至少给出一个要修改的字段：text、deadline_text 或 deadline", source="body")
    if "deadline_text" in changes and changes["deadline_text"] is None:
        changes["deadline_text"] = ""
    if "text" in changes and changes["text"] is None:
        changes["text"] = ""
    update_task(actor=request.user, task=task, expected_version=payload.version, **changes)
    return api_rows(Task.objects.visible_to(request.user).filter(pk=task.pk)).get()


@router.get("/ledgers/{int:ledger_id}/targets", response={200: list[TargetOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
            summary="量化目标", description="台账中各任务的量化目标，按任务顺序分页返回。")
@paginate(Pages)
def list_targets(request, ledger_id: int):
    ledger = access_ledger(request.user, ledger_id)
    tasks = Task.objects.visible_to(request.user).filter(ledger=ledger)
    return (
        Target.objects.filter(task__in=tasks)
        .select_related("task")
        .defer("task__text")
        .order_by("task__order", "order", "id")
    )
