"""/api/public/…: the public pages as data — published ledgers and their tasks labelled 公开, no sign-in.

Read as `public_viewer()` whoever calls (a token or session changes nothing here), so 内部 tasks and
drafts never reach this API; rate-limited like every anonymous caller, by IP.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Router
from ninja.pagination import paginate

from luoshi.ledger.models import Task
from luoshi.ledger.queries import visible_ledgers
from luoshi.ledger.scoping import access_ledger, access_task
from luoshi.public.scoping import public_viewer

from .pagination import Pages
from .schemas import ErrorOut, PublicLedgerOut, PublicTaskOut
from .tasks import api_rows

router = Router(tags=["公开数据"], auth=None)


@router.get("/public/ledgers", response={200: list[PublicLedgerOut], 422: ErrorOut}, summary="公开的台账",
            description="已发布的台账，事项数只计标为“公开”的事项。无需登录。")
@paginate(Pages)
def list_public_ledgers(request):
    return visible_ledgers(public_viewer())


@router.get("/public/ledgers/{int:ledger_id}/tasks", response={200: list[PublicTaskOut], 404: ErrorOut, 422: ErrorOut},
            summary="公开的事项", description="台账中标为“公开”的事项，按原文顺序分页返回。无需登录。")
@paginate(Pages)
def list_public_tasks(request, ledger_id: int):
    ledger = _ledger(ledger_id)
    return api_rows(Task.objects.visible_to(public_viewer()).filter(ledger=ledger))


@router.get("/public/ledgers/{int:ledger_id}/tasks/{code}", response={200: PublicTaskOut, 404: ErrorOut}, summary="公开的事项详情",
            description="未公开的事项与不存在的事项同样返回 404。")
def get_public_task(request, ledger_id: int, code: str):
    ledger = _ledger(ledger_id)
    try:
        task = access_task(public_viewer(), ledger, code)
    except Http404:
        raise Http404("该事项不存在或未公开") from None
    return api_rows(Task.objects.visible_to(public_viewer()).filter(pk=task.pk)).get()


def _ledger(ledger_id: int):
    try:
        return access_ledger(public_viewer(), ledger_id)
    except Http404:
        raise Http404("该台账不存在或尚未公开发布") from None
