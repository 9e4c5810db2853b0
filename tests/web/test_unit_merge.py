"""The unit registry: merge (assignments move, history kept, alias made), rename (old name stays an alias), edit."""

from __future__ import annotations

import pytest

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Assignment, ImportWarning, Task
from luoshi.ledger.services import add_assignment, import_text
from luoshi.units.models import Jurisdiction, Unit, UnitAlias
from luoshi.units.services import (
    StaleUnitEdit,
    UnitServiceError,
    find_unit,
    merge_units,
    rename_unit,
    update_unit,
)

DIJU = "市财政(地税)局"
CAIZHENG = "市财政局"


def unit(name) -> Unit:
    return Unit.objects.get(name=name)


def roles(ledger, code) -> dict[str, str]:
    return dict(Assignment.objects.filter(task__ledger=ledger, task__code=code).values_list("unit__name", "role"))


def small_notice(units_line: str, year: int = 2019) -> str:
    return f"{year}年重点工作责任分解\n1.推进财政收支管理改革。\n牵头单位:{units_line}\n"


# --- merge --------------------------------------------------------------------------------------------


def test_merge_moves_every_assignment_and_keeps_the_name_as_alias(seed_ledger, office):
    source, target = unit(DIJU), unit(CAIZHENG)
    moving = list(Assignment.objects.filter(unit=source).values_list("task__code", "role"))
    assert len(moving) == 19 and moving.count(("1-8", "lead")) == 1
    assert Assignment.objects.filter(unit=target).count() == 3
    versions = dict(Task.objects.filter(code__in=[c for c, _ in moving]).values_list("code", "version"))

    counts = merge_units(office, source, target)

    assert counts["assignments_moved"] == 19 and counts["duplicates_dropped"] == 0 and counts["tasks"] == 19
    assert Assignment.objects.filter(unit=source).count() == 0
    assert sorted(Assignment.objects.filter(unit=target).values_list("task__code", "role")) == sorted(
        moving + [("1-52", "cooperating"), ("1-77", "cooperating"), ("1-79", "cooperating")]
    )
    assert roles(seed_ledger, "1-8")[CAIZHENG] == "lead"
    source.refresh_from_db()
    assert source.merged_into == target
    alias = UnitAlias.objects.get(name=DIJU)
    assert alias.unit == target and "合并" in alias.evidence
    assert find_unit(seed_ledger.jurisdiction, DIJU) == target
    # each task touched shows the merge in its own history, and its version moved on
    per_task = AuditEvent.objects.filter(action="unit.merge", task_id__isnull=False)
    assert per_task.count() == 19
    event = per_task.get(task_id=Task.objects.get(ledger=seed_ledger, code="1-8").id)
    assert event.before == {"units": {DIJU: "lead"}} and event.after == {"units": {CAIZHENG: "lead"}}
    assert all(Task.objects.get(ledger=seed_ledger, code=c).version == v + 1 for c, v in versions.items())
    # the import warning that suggested it is settled
    warning = ImportWarning.objects.get(ledger=seed_ledger, line=36)
    assert warning.resolved and CAIZHENG in warning.resolution


def test_where_both_are_on_a_task_one_assignment_stays_and_lead_wins(seed_ledger, office):
    task8, task9 = (Task.objects.get(ledger=seed_ledger, code=c) for c in ("1-8", "1-9"))
    add_assignment(office, task8, CAIZHENG, "cooperating", task8.version)  # 地税局 leads 1-8
    add_assignment(office, task9, CAIZHENG, "lead", task9.version)  # 地税局 cooperates on 1-9
    assert Assignment.objects.filter(unit__name__in=[DIJU, CAIZHENG], task__code__in=["1-8", "1-9"]).count() == 4

    counts = merge_units(office, unit(DIJU), unit(CAIZHENG))

    assert counts["duplicates_dropped"] == 2 and counts["roles_upgraded"] == 1 and counts["assignments_moved"] == 17
    assert roles(seed_ledger, "1-8").get(CAIZHENG) == "lead" and DIJU not in roles(seed_ledger, "1-8")
    assert roles(seed_ledger, "1-9").get(CAIZHENG) == "lead" and DIJU not in roles(seed_ledger, "1-9")
    assert Assignment.objects.filter(task__code="1-8", unit__name=CAIZHENG).count() == 1
    assert Assignment.objects.filter(unit__name=CAIZHENG).count() == 3 + 2 + 17


def test_history_written_before_the_merge_is_kept(seed_ledger, office):
    source = unit(DIJU)
    task8 = Task.objects.get(ledger=seed_ledger, code="1-8")
    add_assignment(office, task8, "市口岸办", "cooperating", task8.version)
    before = set(AuditEvent.objects.values_list("id", flat=True))
    merge_units(office, source, unit(CAIZHENG))
    assert before <= set(AuditEvent.objects.values_list("id", flat=True))
    history = list(AuditEvent.objects.filter(task_id=task8.id).order_by("id").values_list("action", flat=True))
    assert history == ["assignment.add", "unit.merge"]
    assert AuditEvent.objects.filter(action="unit.merge", unit_id=source.id, task_id__isnull=True).exists()


def test_a_later_notice_naming_the_merged_unit_assigns_the_target(seed_ledger, office, jinhua):
    merge_units(office, unit(DIJU), unit(CAIZHENG))
    units = Unit.objects.count()
    ledger = import_text(actor=office, jurisdiction=jinhua, text=small_notice(f"{DIJU}、市发改委")).ledger
    assert roles(ledger, "1-1") == {CAIZHENG: "lead", "市发改委": "lead"}
    assert Unit.objects.count() == units


def test_aliases_of_the_merged_unit_move_too(seed_ledger, office):
    source = unit("市委宣传部(文产办)")
    UnitAlias.objects.create(jurisdiction=source.jurisdiction, unit=source, name="市文产办")
    merge_units(office, source, unit("市委宣传部"))
    assert UnitAlias.objects.get(name="市文产办").unit.name == "市委宣传部"
    assert find_unit(source.jurisdiction, "市文产办").name == "市委宣传部"


def test_merging_a_unit_into_itself_is_refused(seed_ledger, office):
    with pytest.raises(UnitServiceError, match="不能把“市财政局”合并到它自己"):
        merge_units(office, unit(CAIZHENG), unit(CAIZHENG))


def test_merging_across_jurisdictions_is_refused(seed_ledger, office):
    yiwu = Jurisdiction.objects.create(name="义乌市", level="county")
    other = Unit.objects.create(jurisdiction=yiwu, name="义乌市财政局")
    with pytest.raises(UnitServiceError, match="不属于同一辖区"):
        merge_units(office, unit(DIJU), other)
    assert Assignment.objects.filter(unit__name=DIJU).count() == 19 and not AuditEvent.objects.filter(action="unit.merge").exists()


def test_merging_into_a_merged_unit_names_where_it_went(seed_ledger, office):
    merge_units(office, unit("市委宣传部(文产办)"), unit("市委宣传部"))
    with pytest.raises(UnitServiceError, match="“市委宣传部\\(文产办\\)”已合并到“市委宣传部”，请改为合并到“市委宣传部”"):
        merge_units(office, unit("市委宣传部(市文产办)"), unit("市委宣传部(文产办)"))
    with pytest.raises(UnitServiceError, match="已合并到“市委宣传部”，无需再次合并"):
        merge_units(office, unit("市委宣传部(文产办)"), unit("市委宣传部(文明办)"))
    with pytest.raises(UnitServiceError, match="不能反向合并"):
        merge_units(office, unit("市委宣传部"), unit("市委宣传部(文产办)"))


def test_merge_with_a_stale_version_moves_nothing(seed_ledger, office):
    source = unit(DIJU)
    with pytest.raises(StaleUnitEdit):
        merge_units(office, source, unit(CAIZHENG), expected_version=source.version + 1)
    assert Assignment.objects.filter(unit=source).count() == 19 and unit(DIJU).merged_into is None


# --- rename and edit ----------------------------------------------------------------------------------


def test_rename_keeps_the_old_name_as_an_alias_for_later_imports(seed_ledger, office, jinhua):
    fagai = unit("市发改委")
    assignments = Assignment.objects.filter(unit=fagai).count()
    renamed = rename_unit(office, fagai, "市发展改革委", fagai.version)
    assert renamed.name == "市发展改革委" and renamed.version == fagai.version + 1
    assert UnitAlias.objects.get(name="市发改委").unit == renamed
    assert Assignment.objects.filter(unit=renamed).count() == assignments
    event = AuditEvent.objects.get(action="unit.rename")
    assert event.before == {"name": "市发改委"} and event.after == {"name": "市发展改革委"} and event.unit_id == fagai.id

    units = Unit.objects.count()
    ledger = import_text(actor=office, jurisdiction=jinhua, text=small_notice("市发改委")).ledger
    assert roles(ledger, "1-1") == {"市发展改革委": "lead"} and Unit.objects.count() == units


def test_rename_refusals(seed_ledger, office):
    fagai = unit("市发改委")
    with pytest.raises(UnitServiceError, match="已有单位叫“市财政局”"):
        rename_unit(office, fagai, "市财政局", fagai.version)
    with pytest.raises(UnitServiceError, match="不能为空"):
        rename_unit(office, fagai, "  ", fagai.version)
    with pytest.raises(StaleUnitEdit):
        rename_unit(office, fagai, "市发展改革委", fagai.version + 1)
    assert unit("市发改委").version == fagai.version and not UnitAlias.objects.filter(name="市发改委").exists()


def test_renaming_back_to_an_alias_of_the_same_unit_swaps_them(seed_ledger, office):
    fagai = renamed = rename_unit(office, unit("市发改委"), "市发展改革委", unit("市发改委").version)
    back = rename_unit(office, renamed, "市发改委", renamed.version)
    assert back.pk == fagai.pk and back.name == "市发改委"
    assert list(UnitAlias.objects.filter(unit=back).values_list("name", flat=True)) == ["市发展改革委"]


def test_update_kind_and_parent(seed_ledger, office):
    wenming = unit("市委宣传部(文明办)")
    updated = update_unit(office, wenming, kind="party_organ", parent=unit("市委宣传部"), expected_version=wenming.version)
    assert updated.parent.name == "市委宣传部" and updated.kind == "party_organ"
    event = AuditEvent.objects.get(action="unit.update")
    assert event.after == {"kind": "party_organ", "parent": "市委宣传部"} and event.before["parent"] is None
    with pytest.raises(UnitServiceError, match="本身或其下级单位"):
        update_unit(office, unit("市委宣传部"), kind="party_organ", parent=updated, expected_version=unit("市委宣传部").version)
    with pytest.raises(UnitServiceError, match="单位类型“boss”不存在"):
        update_unit(office, updated, kind="boss", parent=None, expected_version=updated.version)
    with pytest.raises(StaleUnitEdit):
        update_unit(office, updated, kind="department", parent=None, expected_version=wenming.version)
    assert unit("市委宣传部(文明办)").parent.name == "市委宣传部"


# --- the pages ----------------------------------------------------------------------------------------


def test_merge_page_shows_what_will_move_then_merges(office_client, seed_ledger):
    source, target = unit(DIJU), unit(CAIZHENG)
    url = f"/units/{source.pk}/merge/"
    page = office_client.get(url).content.decode()
    assert "<strong>19</strong> 条任务分工（牵头 1，配合 18）" in page
    assert '<option value="市财政局">' in page and f'<option value="{DIJU}">' not in page  # the datalist, without itself
    response = office_client.post(url, {"target_name": CAIZHENG, "version": source.version})
    preview = response.content.decode()
    assert response.status_code == 200 and "确认合并到“市财政局”" in preview and "移动 <strong>19</strong> 条分工" in preview
    assert Assignment.objects.filter(unit=source).count() == 19  # nothing yet
    response = office_client.post(url, {"target_name": CAIZHENG, "version": source.version, "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == f"/units/{target.pk}/"
    assert Assignment.objects.filter(unit=target).count() == 22
    assert "已将“市财政(地税)局”合并到“市财政局”：移动 19 条分工" in office_client.get(response["Location"]).content.decode()


def test_merge_page_errors(office_client, seed_ledger):
    source = unit(DIJU)
    url = f"/units/{source.pk}/merge/"
    page = office_client.post(url, {"target_name": "市不存在局", "version": source.version}).content.decode()
    assert "单位库中没有“市不存在局”" in page
    page = office_client.post(url, {"target_name": DIJU, "version": source.version, "confirm": "1"}).content.decode()
    assert "不能合并到自己" in page
    page = office_client.post(url, {"target_name": CAIZHENG, "version": source.version - 1 or 99, "confirm": "1"}).content.decode()
    assert "已被他人修改" in page
    assert Assignment.objects.filter(unit=source).count() == 19


def test_rename_and_edit_pages(office_client, seed_ledger):
    fagai = unit("市发改委")
    response = office_client.post(f"/units/{fagai.pk}/rename/", {"new_name": "市发展改革委", "version": fagai.version})
    assert response.status_code == 302 and unit("市发展改革委").pk == fagai.pk
    page = office_client.post(f"/units/{fagai.pk}/rename/", {"new_name": "市财政局", "version": fagai.version + 1}).content.decode()
    assert "已有单位叫“市财政局”" in page and 'value="市财政局"' in page
    wenming = unit("市委宣传部(文明办)")
    response = office_client.post(f"/units/{wenming.pk}/edit/", {"kind": "party_organ", "parent_name": "市委宣传部", "version": wenming.version})
    assert response.status_code == 302 and unit("市委宣传部(文明办)").parent.name == "市委宣传部"
    page = office_client.post(f"/units/{wenming.pk}/edit/", {"kind": "party_organ", "parent_name": "市宣传局", "version": wenming.version + 1}).content.decode()
    assert "单位库中没有“市宣传局”" in page


def test_unit_page_embeds_the_actions_and_a_merged_unit_refuses_edits(office_client, seed_ledger, office):
    source = unit(DIJU)
    page = office_client.get(f"/units/{source.pk}/").content.decode()
    assert f'href="/units/{source.pk}/merge/"' in page and f'href="/units/{source.pk}/rename/"' in page
    merge_units(office, source, unit(CAIZHENG))
    assert f'href="/units/{source.pk}/merge/"' not in office_client.get(f"/units/{source.pk}/").content.decode()
    response = office_client.get(f"/units/{source.pk}/rename/")
    assert response.status_code == 302


def test_registry_pages_need_login_and_unknown_units_are_404(office_client, seed_ledger):
    from django.test import Client

    pk = unit(DIJU).pk
    anonymous = Client()
    for url in (f"/units/{pk}/edit/", f"/units/{pk}/rename/", f"/units/{pk}/merge/", "/jurisdictions/"):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert office_client.get("/units/999999/merge/").status_code == 404
