"""Everything that changes the unit registry and jurisdiction profiles, each with its audit event.

One transaction per user action. A merge or a rename never loses a name: the old name becomes an
alias, so a later notice that still writes it resolves to the same unit.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from luoshi.accounts.roles import Capability, jurisdictions_where
from luoshi.audit.services import record
from luoshi.ledger.services import ServiceError, StaleEdit
from luoshi.notice import NoticeError
from luoshi.notice.normalize import normalize_line
from luoshi.notice.units import classify_unit, is_collective, profile_from_data

from luoshi.ledger.models import Assignment, ImportWarning, Role, Task

from .models import Jurisdiction, Unit, UnitAlias, UnitKind

MAX_MERGE_CHAIN = 20


class UnitServiceError(ServiceError):
    """A refused change to the registry; `str(err)` is a Chinese message. Nothing was changed."""


class StaleUnitEdit(StaleEdit, UnitServiceError):
    """Someone else changed the unit (or profile) since it was loaded."""


def clean_unit_name(name: str) -> str:
    """A unit name as the parser would write it: full-width brackets and spaces folded."""
    return normalize_line(name or "").replace(" ", "")


def final_unit(unit: Unit) -> Unit:
    """Follow `merged_into` to the unit that now does the work."""
    seen = {unit.pk}
    while unit.merged_into_id:
        unit = Unit.objects.get(pk=unit.merged_into_id)
        if unit.pk in seen or len(seen) > MAX_MERGE_CHAIN:
            break
        seen.add(unit.pk)
    return unit


def find_unit(jurisdiction: Jurisdiction, name: str) -> Unit | None:
    """The canonical unit for a written name (its own name or an alias), following merges; None if unknown."""
    name = clean_unit_name(name)
    if not name:
        return None
    unit = Unit.objects.filter(jurisdiction=jurisdiction, name=name).first()
    if unit is None:
        alias = UnitAlias.objects.filter(jurisdiction=jurisdiction, name=name).select_related("unit").first()
        unit = alias.unit if alias else None
    return final_unit(unit) if unit is not None else None


def create_unit(actor, jurisdiction: Jurisdiction, name: str, *, message: str = "") -> Unit:
    """A new canonical unit, its kind guessed from the name. Call inside the caller's transaction."""
    name = clean_unit_name(name)
    _check_name(name)
    unit = Unit.objects.create(jurisdiction=jurisdiction, name=name, kind=classify_unit(name), is_collective=is_collective(name))
    record(actor, "unit.create", unit, after={"name": unit.name, "kind": unit.kind}, message=message, unit_id=unit.id)
    return unit


def merge_units(actor, source: Unit, target: Unit, *, expected_version: int | None = None) -> dict:
    """Merge `source` into `target`: its assignments, aliases, memberships and name all go to `target`.

    Where both were on the same task, one assignment stays with the stronger role (lead wins).
    Returns counts for the message shown to the user.
    """
    with transaction.atomic():
        source = Unit.objects.select_for_update().get(pk=source.pk)
        target = Unit.objects.select_for_update().get(pk=target.pk)
        if expected_version is not None and source.version != expected_version:
            raise StaleUnitEdit("该单位已被他人修改，请刷新页面后重试（未合并）")
        if source.pk == target.pk:
            raise UnitServiceError(f"不能把“{source.name}”合并到它自己")
        if source.jurisdiction_id != target.jurisdiction_id:
            raise UnitServiceError(f"“{source.name}”与“{target.name}”不属于同一辖区，不能合并")
        if source.merged_into_id:
            raise UnitServiceError(f"“{source.name}”已合并到“{final_unit(source).name}”，无需再次合并")
        if target.merged_into_id:
            end = final_unit(target)
            if end.pk == source.pk:
                raise UnitServiceError(f"“{target.name}”已合并到“{source.name}”，不能反向合并")
            raise UnitServiceError(f"“{target.name}”已合并到“{end.name}”，请改为合并到“{end.name}”")

        moved = kept_target = upgraded = 0
        touched: dict[int, tuple] = {}
        target_on = {a.task_id: a for a in Assignment.objects.select_for_update().filter(unit=target)}
        for assignment in Assignment.objects.select_for_update().filter(unit=source).select_related("task"):
            task_id = assignment.task_id
            before = {source.name: assignment.role}
            other = target_on.get(task_id)
            if other is None:
                Assignment.objects.filter(pk=assignment.pk).update(unit=target)
                moved += 1
                after = {target.name: assignment.role}
            else:
                before[target.name] = other.role
                role = Role.LEAD if Role.LEAD in (other.role, assignment.role) else other.role
                if role != other.role:
                    Assignment.objects.filter(pk=other.pk).update(role=role)
                    upgraded += 1
                assignment.delete()
                kept_target += 1
                after = {target.name: role}
            touched[task_id] = (before, after, assignment.task)
        if touched:
            Task.objects.filter(pk__in=touched).update(version=F("version") + 1)
        for task_id, (before, after, task) in touched.items():
            record(
                actor,
                "unit.merge",
                task,
                before={"units": before},
                after={"units": after},
                message=f"单位“{source.name}”合并到“{target.name}”",
                ledger_id=task.ledger_id,
                task_id=task_id,
                unit_id=target.id,
            )

        aliases_moved = UnitAlias.objects.filter(unit=source).update(unit=target)
        UnitAlias.objects.filter(jurisdiction=source.jurisdiction, name=target.name).delete()  # a unit's own name is no alias
        UnitAlias.objects.update_or_create(
            jurisdiction=source.jurisdiction,
            name=source.name,
            defaults={"unit": target, "evidence": f"合并到“{target.name}”", "created_by": _user(actor)},
        )
        for collective in source.collectives.all():
            collective.members.remove(source)
            if collective.pk != target.pk:
                collective.members.add(target)
        members = [m for m in source.members.all() if m.pk != target.pk]
        if members:
            target.members.add(*members)
        source.members.clear()
        Unit.objects.filter(parent=source).exclude(pk=target.pk).update(parent=target)
        Unit.objects.filter(pk=target.pk, parent=source).update(parent=source.parent_id)  # no unit is its own parent
        Unit.objects.filter(pk=source.pk).update(merged_into=target, version=F("version") + 1)
        Unit.objects.filter(pk=target.pk).update(version=F("version") + 1)

        warnings = ImportWarning.objects.filter(
            ledger__jurisdiction=source.jurisdiction, code="suspected_alias", resolved=False
        ).filter(Q(data__alias=source.name, data__canonical=target.name) | Q(data__alias=target.name, data__canonical=source.name))
        warning_ids = list(warnings.values_list("pk", flat=True))
        if warning_ids:
            ImportWarning.objects.filter(pk__in=warning_ids).update(
                resolved=True, resolved_by=_user(actor), resolved_at=timezone.now(), resolution=f"已合并到“{target.name}”"
            )
        counts = {
            "assignments_moved": moved,
            "duplicates_dropped": kept_target,
            "roles_upgraded": upgraded,
            "tasks": len(touched),
            "aliases_moved": aliases_moved,
            "warnings_resolved": len(warning_ids),
        }
        record(
            actor,
            "unit.merge",
            source,
            before={"name": source.name, "merged_into": None},
            after={"merged_into": target.name, **counts},
            message=f"“{source.name}”合并到“{target.name}”：移动 {moved} 条分工，{kept_target} 项任务两者都有、保留一条",
            unit_id=source.id,
        )
        record(actor, "unit.merge", target, after={"merged_from": source.name, **counts}, unit_id=target.id)
    return counts


def rename_unit(actor, unit: Unit, new_name: str, expected_version: int) -> Unit:
    """Give a unit a new name; the old one stays as an alias so notices that write it still resolve."""
    new_name = clean_unit_name(new_name)
    _check_name(new_name)
    with transaction.atomic():
        current = Unit.objects.select_for_update().get(pk=unit.pk)
        if current.version != expected_version:
            raise StaleUnitEdit("该单位已被他人修改，请刷新页面后重试（未改名）")
        if current.merged_into_id:
            raise UnitServiceError(f"“{current.name}”已合并到其他单位，不能改名")
        old_name = current.name
        if new_name == old_name:
            raise UnitServiceError("新名称与原名称相同")
        clash = Unit.objects.filter(jurisdiction=current.jurisdiction, name=new_name).exclude(pk=current.pk).first()
        if clash is not None:
            raise UnitServiceError(f"已有单位叫“{new_name}”；如果是同一单位，请使用“合并”")
        alias = UnitAlias.objects.filter(jurisdiction=current.jurisdiction, name=new_name).first()
        if alias is not None and alias.unit_id != current.pk:
            raise UnitServiceError(f"“{new_name}”已是“{alias.unit.name}”的别名，不能再用作其他单位的名称")
        if alias is not None:
            alias.delete()
        Unit.objects.filter(pk=current.pk).update(name=new_name, version=F("version") + 1)
        UnitAlias.objects.update_or_create(
            jurisdiction=current.jurisdiction,
            name=old_name,
            defaults={"unit": current, "evidence": f"改名前的名称（改为“{new_name}”）", "created_by": _user(actor)},
        )
        current.refresh_from_db()
        record(actor, "unit.rename", current, before={"name": old_name}, after={"name": new_name}, unit_id=current.id)
    return current


def update_unit(actor, unit: Unit, *, kind: str, parent: Unit | None, expected_version: int) -> Unit:
    """Change a unit's kind and parent unit."""
    if kind not in UnitKind.values:
        raise UnitServiceError(f"单位类型“{kind}”不存在")
    with transaction.atomic():
        current = Unit.objects.select_for_update().get(pk=unit.pk)
        if current.version != expected_version:
            raise StaleUnitEdit("该单位已被他人修改，请刷新页面后重试（您的修改未保存）")
        if parent is not None:
            if parent.jurisdiction_id != current.jurisdiction_id:
                raise UnitServiceError(f"上级单位“{parent.name}”不属于{current.jurisdiction.name}")
            if parent.merged_into_id:
                raise UnitServiceError(f"“{parent.name}”已合并到其他单位，不能作为上级单位")
            ancestor, depth = parent, 0
            while ancestor is not None and depth <= MAX_MERGE_CHAIN:
                if ancestor.pk == current.pk:
                    raise UnitServiceError(f"“{parent.name}”是“{current.name}”本身或其下级单位，不能作为上级单位")
                ancestor = ancestor.parent
                depth += 1
        before = {"kind": current.kind, "parent": current.parent.name if current.parent_id else None}
        after = {"kind": kind, "parent": parent.name if parent else None}
        if before == after:
            return current
        Unit.objects.filter(pk=current.pk).update(kind=kind, parent=parent, version=F("version") + 1)
        current.refresh_from_db()
        record(actor, "unit.update", current, before=before, after=after, unit_id=current.id)
    return current


def parse_profile_text(jurisdiction: Jurisdiction, text: str) -> dict:
    """The profile JSON checked the way the parser will read it; UnitServiceError names the problem."""
    if not (text or "").strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise UnitServiceError(f"辖区配置不是有效的 JSON：第 {err.lineno} 行第 {err.colno} 列，{_json_problem(err.msg)}") from None
    try:
        profile = profile_from_data(data, f"{jurisdiction.name}辖区配置")
    except NoticeError as err:
        raise UnitServiceError(str(err)) from None
    if profile.name != jurisdiction.name:
        raise UnitServiceError(f"辖区配置的 name 应为“{jurisdiction.name}”，现在是“{profile.name}”")
    for label, items, key in (("divisions", profile.divisions, "government"), ("zones", profile.zones, "committee")):
        for item in items:
            if not item.name.strip() or not getattr(item, key).strip():
                raise UnitServiceError(f"辖区配置的 {label} 中有名称为空的条目")
    return data


def update_jurisdiction_profile(actor, jurisdiction: Jurisdiction, profile_json_text: str, expected_version: int) -> Jurisdiction:
    """Replace a jurisdiction's profile (divisions, zones, aliases) after checking it parses."""
    data = parse_profile_text(jurisdiction, profile_json_text)
    with transaction.atomic():
        current = Jurisdiction.objects.select_for_update().get(pk=jurisdiction.pk)
        before = current.profile
        if before == data:
            return current
        updated = Jurisdiction.objects.filter(pk=current.pk, version=expected_version).update(profile=data, version=F("version") + 1)
        if not updated:
            raise StaleUnitEdit("辖区配置已被他人修改，请刷新页面后重试（您的修改未保存）")
        current.refresh_from_db()
        record(actor, "jurisdiction.update", current, before={"profile": before}, after={"profile": data})
    return current


def create_jurisdiction(actor, name: str, level: str, parent: Jurisdiction | None = None, profile_json_text: str = "") -> Jurisdiction:
    """A new jurisdiction (e.g. a county under its city); its profile may be filled now or later."""
    from .models import JurisdictionLevel

    name = normalize_line(name or "")
    if not name:
        raise UnitServiceError("辖区名称不能为空")
    if len(name) > 50:
        raise UnitServiceError(f"辖区名称过长（{len(name)} 字，最多 50 字）")
    if level not in JurisdictionLevel.values:
        raise UnitServiceError("请选择辖区层级（省、市或县(市、区)）")
    if level == JurisdictionLevel.COUNTY and parent is None:
        raise UnitServiceError("县(市、区)须选择上级辖区（所属的市）")
    data = parse_profile_text(Jurisdiction(name=name), profile_json_text) if (profile_json_text or "").strip() else {}
    with transaction.atomic():
        if Jurisdiction.objects.filter(name=name).exists():
            raise UnitServiceError(f"辖区“{name}”已存在")
        if parent is None and getattr(actor, "is_authenticated", False) and jurisdictions_where(actor, Capability.JURISDICTION_EDIT) is not None:
            raise UnitServiceError("请选择上级辖区：只有系统管理员可以新建最上级的辖区")
        jurisdiction = Jurisdiction.objects.create(name=name, level=level, parent=parent, profile=data)
        record(
            actor,
            "jurisdiction.create",
            jurisdiction,
            after={"name": name, "level": level, "parent": parent.name if parent else None, "profile": bool(data)},
        )
    return jurisdiction


_JSON_PROBLEMS = {
    "Expecting value": "此处缺少值",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "键名要用英文双引号括起（或多了一个逗号）",
    "Unterminated string starting at": "字符串没有结束的引号",
    "Extra data": "JSON 结束后还有多余内容",
    "Invalid control character at": "字符串中有换行等控制字符",
}


def _json_problem(msg: str) -> str:
    return _JSON_PROBLEMS.get(msg, msg)


def _check_name(name: str) -> None:
    if not name:
        raise UnitServiceError("单位名称不能为空")
    if len(name) > 100:
        raise UnitServiceError(f"单位名称过长（{len(name)} 字，最多 100 字）")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def set_head_signoff(actor, jurisdiction: Jurisdiction, required: bool, expected_version: int) -> Jurisdiction:
    """Turn on or off the unit head's sign-off of reports before they reach the office (a configuration change)."""
    with transaction.atomic():
        current = Jurisdiction.objects.select_for_update().get(pk=jurisdiction.pk)
        if current.require_head_signoff == required:
            return current
        updated = Jurisdiction.objects.filter(pk=current.pk, version=expected_version).update(
            require_head_signoff=required, version=F("version") + 1
        )
        if not updated:
            raise StaleUnitEdit("辖区设置已被他人修改，请刷新页面后重试（您的修改未保存）")
        current.refresh_from_db()
        state = "须经单位负责人审核后报送" if required else "单位直接报送，无需负责人审核"
        record(actor, "jurisdiction.settings", current, before={"require_head_signoff": not required},
               after={"require_head_signoff": required}, message=f"{current.name}：进展报送改为{state}")
    return current
