"""/api/ledgers: the ledgers the caller may see."""

from ninja import Router
from ninja.pagination import paginate

from luoshi.ledger.queries import visible_ledgers
from luoshi.ledger.scoping import access_ledger

from .pagination import Pages
from .schemas import ErrorOut, LedgerOut

router = Router(tags=["台账"])


@router.get("/ledgers", response={200: list[LedgerOut], 401: ErrorOut, 422: ErrorOut}, summary="台账列表",
            description="调用者可以查看的台账，按年度从新到旧排列，分页返回。")
@paginate(Pages)
def list_ledgers(request):
    return visible_ledgers(request.user)


@router.get("/ledgers/{int:ledger_id}", response={200: LedgerOut, 401: ErrorOut, 404: ErrorOut}, summary="台账详情",
            description="台账不存在与无权查看同样返回 404。")
def get_ledger(request, ledger_id: int):
    ledger = access_ledger(request.user, ledger_id)
    return visible_ledgers(request.user).get(pk=ledger.pk)
