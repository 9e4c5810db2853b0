"""What the API reads (…In) and writes (…Out). Output schemas read model instances prepared by the
routers (select_related / prefetch_related), so serialising a page issues no further query."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import ConfigDict

from luoshi.ledger.models import AssignmentSource, Direction, LedgerStatus, Role


class ErrorOut(Schema):
    message: str = Field(..., description="中文说明，可直接显示给用户", examples=["台账不存在或无权查看"])
    request_id: str = Field(..., description="请求编号（同响应头 X-Request-ID），报告问题时请提供")


def _page_url(context, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


# ---------------------------------------------------------------------------------------------
# Ledgers


class LedgerOut(Schema):
    id: int = Field(..., description="台账编号")
    title: str = Field(..., description="通知标题")
    year: int = Field(..., description="年度")
    jurisdiction: str = Field(..., description="辖区名称，如 金华市")
    doc_number: str = Field(..., description="文号，如 金政办发〔2018〕23号")
    status: Literal["draft", "published"] = Field(..., description="状态：draft 草稿，published 已发布")
    status_label: str = Field(..., description="状态的中文名称")
    task_count: int = Field(..., description="任务数")
    published_at: datetime | None = Field(None, description="发布时间")
    url: str = Field(..., description="网页上的台账总览")

    @staticmethod
    def resolve_jurisdiction(obj) -> str:
        return obj.jurisdiction.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return LedgerStatus(obj.status).label

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _page_url(context, reverse("ledger:ledger_overview", args=[obj.pk]))


# ---------------------------------------------------------------------------------------------
# Tasks


class LeaderOut(Schema):
    id: int
    name: str = Field(..., description="姓名")
    title: str = Field(..., description="职务，如 副市长")


class AssignmentOut(Schema):
    """A unit's part in a task."""

    id: int = Field(..., description="单位编号（见 /api/units/{id}）")
    name: str = Field(..., description="单位名称（单位库中的规范名称）")
    source: Literal["text", "rule", "manual"] = Field(..., description="依据：text 通知原文，rule 通知规则（如默认配合单位），manual 督考办修改")
    source_label: str

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.unit_id

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_source_label(obj) -> str:
        return AssignmentSource(obj.source).label


class TargetOut(Schema):
    id: int = Field(..., description="量化目标编号")
    task: str = Field(..., description="所属任务编号")
    text: str = Field(..., description="原文，如 地区生产总值增长7%左右")
    indicator: str = Field(..., description="指标")
    comparator: str = Field(..., description="比较：>= 以上，<= 以内，~ 左右，= 未限定")
    value: float = Field(..., description="数值（原文单位）")
    unit: str = Field(..., description="原文单位，如 亿元、%")
    base_value: float = Field(..., description="换算万、亿后的数值")
    base_unit: str = Field(..., description="换算后的单位")
    direction: Literal["growth", "reduction", "level"] = Field(..., description="方向：growth 增长，reduction 下降，level 保持")
    direction_label: str
    parent: int | None = Field(None, description="“其中”子目标所属的上级目标编号")

    @staticmethod
    def resolve_task(obj) -> str:
        return obj.task.code

    @staticmethod
    def resolve_direction_label(obj) -> str:
        return Direction(obj.direction).label

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id


class _TaskPlaces(Schema):
    """What TaskOut and PublicTaskOut read alike: the task's attachment and group, from the prepared rows."""

    @staticmethod
    def resolve_section(obj) -> str:
        return obj.section.title

    @staticmethod
    def resolve_group(obj) -> str | None:
        return obj.group.title if obj.group_id else None


class TaskOut(_TaskPlaces):
    code: str = Field(..., description="任务编号：附件序号-任务序号，如 1-46")
    number: str = Field(..., description="原文序号")
    text: str = Field(..., description="工作任务")
    section: str = Field(..., description="所属附件，如 重点工作")
    group: str | None = Field(None, description="所属分组，如 邵国强副市长牵头的重点工作")
    leaders: list[LeaderOut] = Field(..., description="牵头领导")
    lead_units: list[AssignmentOut] = Field(..., description="牵头单位")
    cooperating_units: list[AssignmentOut] = Field(..., description="配合单位（含按通知规则追加的）")
    deadline_text: str = Field(..., description="完成时限（原文）")
    deadline: date | None = Field(None, description="完成日期")
    targets: list[TargetOut] = Field(..., description="量化目标")
    version: int = Field(..., description="版本号：修改（PATCH）时原样带回，他人已修改则返回 409")
    url: str = Field(..., description="网页上的任务详情")

    @staticmethod
    def resolve_lead_units(obj) -> list:
        return [a for a in obj.api_assignments if a.role == Role.LEAD]

    @staticmethod
    def resolve_cooperating_units(obj) -> list:
        return [a for a in obj.api_assignments if a.role == Role.COOPERATING]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _page_url(context, reverse("ledger:task_detail", args=[obj.ledger_id, obj.code]))


class TaskIn(Schema):
    """The fields a PATCH may change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, min_length=1, max_length=5000, description="工作任务")
    deadline_text: str | None = Field(None, max_length=100, description="完成时限（原文写法），空字符串表示清除")
    deadline: date | None = Field(None, description="完成日期，如 2018-06-30；null 表示清除")
    version: int = Field(..., ge=1, description="读取任务时得到的 version（必填）")


class TaskFilters(Schema):
    unit: str | None = Field(None, max_length=100, description="单位名称、别名或单位编号")
    leader: int | None = Field(None, description="牵头领导编号")
    role: Literal["lead", "cooperating"] | None = Field(None, description="与 unit 同用：lead 只看牵头，cooperating 只看配合")
    q: str | None = Field(None, max_length=100, description="搜索任务文字、单位、量化目标或任务编号")


# ---------------------------------------------------------------------------------------------
# Units and the caller


class UnitOut(Schema):
    id: int = Field(..., description="单位编号")
    name: str = Field(..., description="单位名称")
    kind: str = Field(..., description="类型代码")
    kind_label: str = Field(..., description="类型，如 政府部门、县级政府、集合单位")
    jurisdiction: str = Field(..., description="辖区名称")
    aliases: list[str] = Field(..., description="别名（其他写法）")
    is_collective: bool = Field(..., description="是否集合单位（如 各县(市、区)政府）")
    merged_into: int | None = Field(None, description="已合并到的单位编号")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_jurisdiction(obj) -> str:
        return obj.jurisdiction.name

    @staticmethod
    def resolve_aliases(obj) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]

    @staticmethod
    def resolve_merged_into(obj) -> int | None:
        return obj.merged_into_id


class UnitFilters(Schema):
    jurisdiction: int | None = Field(None, description="辖区编号")
    q: str | None = Field(None, max_length=100, description="单位名称或别名中包含的文字")


class MeOut(Schema):
    username: str = Field(..., description="用户名")
    full_name: str = Field(..., description="姓名")
    roles: list[str] = Field(..., description="角色")
    token: str | None = Field(None, description="本次请求所用令牌的前缀（以网页登录状态调用时为空）")


# ---------------------------------------------------------------------------------------------
# The public API: what the public pages show, nothing more (no versions, no unit ids, no sources)


class PublicLedgerOut(Schema):
    id: int = Field(..., description="台账编号")
    title: str = Field(..., description="通知标题")
    year: int = Field(..., description="年度")
    jurisdiction: str = Field(..., description="辖区名称")
    doc_number: str = Field(..., description="文号")
    task_count: int = Field(..., description="公开的事项数")
    published_at: datetime | None = Field(None, description="发布时间")
    url: str = Field(..., description="公开页面")

    @staticmethod
    def resolve_jurisdiction(obj) -> str:
        return obj.jurisdiction.name

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _page_url(context, reverse("public:ledger", args=[obj.pk]))


class PublicTargetOut(Schema):
    text: str = Field(..., description="原文，如 新建幼儿园10所")
    indicator: str = Field(..., description="指标")
    value: float = Field(..., description="数值")
    unit: str = Field(..., description="单位")


class PublicTaskOut(_TaskPlaces):
    code: str = Field(..., description="事项编号")
    number: str = Field(..., description="原文序号")
    text: str = Field(..., description="事项内容")
    section: str = Field(..., description="所属附件")
    group: str | None = Field(None, description="所属分组")
    leaders: list[str] = Field(..., description="牵头领导（姓名职务）")
    lead_units: list[str] = Field(..., description="牵头单位")
    cooperating_units: list[str] = Field(..., description="配合单位")
    deadline_text: str = Field(..., description="完成时限")
    deadline: date | None = Field(None, description="完成日期")
    targets: list[PublicTargetOut] = Field(..., description="量化目标")
    url: str = Field(..., description="公开页面")

    @staticmethod
    def resolve_leaders(obj) -> list[str]:
        return [f"{leader.name}{leader.title}" for leader in obj.leaders.all()]

    @staticmethod
    def resolve_lead_units(obj) -> list[str]:
        return [a.unit.name for a in obj.api_assignments if a.role == Role.LEAD]

    @staticmethod
    def resolve_cooperating_units(obj) -> list[str]:
        return [a.unit.name for a in obj.api_assignments if a.role == Role.COOPERATING]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _page_url(context, reverse("public:task", args=[obj.ledger_id, obj.code]))
