"""/api/units: the unit registry the caller may see (canonical units, with their other spellings)."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from luoshi.ledger.queries import search_text
from luoshi.units.models import Unit, UnitAlias

from .pagination import Pages
from .schemas import ErrorOut, UnitFilters, UnitOut

router = Router(tags=["单位"])


def unit_rows(user):
    return (
        Unit.objects.visible_to(user)
        .select_related("jurisdiction")
        .prefetch_related(Prefetch("aliases", queryset=UnitAlias.objects.order_by("name")))
    )


@router.get("/units", response={200: list[UnitOut], 401: ErrorOut, 422: ErrorOut}, summary="单位库",
            description="调用者可以查看的单位（已合并到其他单位的除外），按辖区和名称排列；可按辖区筛选、按名称或别名搜索。")
@paginate(Pages)
def list_units(request, filters: Query[UnitFilters]):
    units = unit_rows(request.user).canonical()
    if filters.jurisdiction is not None:
        units = units.filter(jurisdiction_id=filters.jurisdiction)
    q = search_text(filters.q or "")
    if q:
        alias_hit = UnitAlias.objects.filter(unit=OuterRef("pk"), name__icontains=q)
        units = units.filter(Q(name__icontains=q) | Q(Exists(alias_hit)))
    return units.order_by("jurisdiction__name", "name", "id")


@router.get("/units/{int:unit_id}", response={200: UnitOut, 401: ErrorOut, 404: ErrorOut}, summary="单位详情",
            description="单位不存在与无权查看同样返回 404；已合并的单位给出 merged_into。")
def get_unit(request, unit_id: int):
    unit = unit_rows(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404("单位不存在或无权查看")
    return unit
