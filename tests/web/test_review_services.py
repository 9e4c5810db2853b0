"""The review's correction services on the seed: each one version-checked, audited with before/after, atomic."""

from __future__ import annotations

import pytest

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Assignment, AssignmentSource, LedgerStatus, Task
from luoshi.ledger.services import (
    ServiceError,
    StaleEdit,
    add_assignment,
    publish_ledger,
    remove_assignment,
    set_assignment_role,
    update_target,
    update_task,
)
from luoshi.units.models import Unit


def task(ledger, code) -> Task:
    return Task.objects.get(ledger=ledger, code=code)


def units_of(t: Task, role: str) -> list[str]:
    return list(t.assignments.filter(role=role).order_by("order").values_list("unit__name", flat=True))


def unchanged(t: Task) -> bool:
    """Nothing about the task moved: same version, same units, same targets as a fresh read."""
    fresh = Task.objects.get(pk=t.pk)
    return fresh.version == t.version and fresh.text == t.text and fresh.updated_at == t.updated_at


# --- task text and deadline ---------------------------------------------------------------------------


def test_update_task_text_is_audited_and_targets_follow_the_words(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    new_text = "全力培育发展义新欧班列,力争往返400列,其中中亚班列100列,推进常态化运行。"
    update_task(actor=office, task=t, expected_version=1, text=new_text, deadline_text="2018年12月底前")
    t.refresh_from_db()
    assert t.version == 2 and t.text == new_text and t.deadline_text == "2018年12月底前"
    spans = [(x.text, new_text[x.span_start : x.span_end]) for x in t.targets.order_by("order")]
    assert spans == [("往返400列", "往返400列"), ("中亚班列100列", "中亚班列100列")]
    event = AuditEvent.objects.get(action="task.update", task_id=t.id)
    assert event.before["text"].startswith("聚全市之力") and event.after["text"] == new_text
    assert event.before["deadline_text"] == "" and event.after["deadline_text"] == "2018年12月底前"
    assert event.ledger_id == seed_ledger.id and event.actor == office


def test_update_task_with_a_stale_version_changes_nothing(seed_ledger, office):
    t = task(seed_ledger, "1-2")
    update_task(actor=office, task=t, expected_version=1, deadline_text="2018年6月底前")
    stale = task(seed_ledger, "1-2")
    events = AuditEvent.objects.count()
    with pytest.raises(StaleEdit, match="已被他人修改"):
        update_task(actor=office, task=stale, expected_version=1, text="别人的修改")
    assert unchanged(stale) and AuditEvent.objects.count() == events


def test_empty_task_text_is_refused(seed_ledger, office):
    t = task(seed_ledger, "1-2")
    with pytest.raises(ServiceError, match="任务内容不能为空"):
        update_task(actor=office, task=t, expected_version=1, text="   ")
    assert unchanged(t)


# --- units on a task ----------------------------------------------------------------------------------


def test_add_a_new_unit_creates_it_in_the_registry(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    assert not Unit.objects.filter(name="市口岸办").exists()
    assignment = add_assignment(office, t, " 市口岸办 ", "cooperating", 1)
    assert assignment.unit.name == "市口岸办" and assignment.source == AssignmentSource.MANUAL
    assert assignment.unit.kind != "" and Unit.objects.filter(name="市口岸办").count() == 1
    t.refresh_from_db()
    assert t.version == 2 and "市口岸办" in units_of(t, "cooperating")
    created = AuditEvent.objects.get(action="unit.create")
    assert created.after["name"] == "市口岸办" and created.unit_id == assignment.unit_id
    added = AuditEvent.objects.get(action="assignment.add")
    assert added.task_id == t.id and added.before is None and added.after == {"unit": "市口岸办", "role": "cooperating"}


def test_add_by_a_spelling_with_full_width_brackets_finds_the_existing_unit(seed_ledger, office):
    t = task(seed_ledger, "1-2")
    units = Unit.objects.count()
    assignment = add_assignment(office, t, "市财政（地税）局", "lead", 1)
    assert assignment.unit.name == "市财政(地税)局" and Unit.objects.count() == units
    assert units_of(Task.objects.get(pk=t.pk), "lead") == ["市政府办公室", "市财政(地税)局"]


def test_adding_a_unit_already_on_the_task_is_refused_and_nothing_changes(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    count = t.assignments.count()
    with pytest.raises(ServiceError, match="“市发改委”已是该任务的配合单位"):
        add_assignment(office, t, "市发改委", "lead", 1)
    assert unchanged(t) and t.assignments.count() == count
    assert not AuditEvent.objects.filter(action="assignment.add").exists()


def test_add_with_a_stale_version_creates_neither_unit_nor_assignment(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    with pytest.raises(StaleEdit):
        add_assignment(office, t, "市口岸办", "cooperating", 7)
    assert not Unit.objects.filter(name="市口岸办").exists() and unchanged(t)
    assert not AuditEvent.objects.filter(action__in=["unit.create", "assignment.add"]).exists()


def test_a_bad_role_is_refused(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    with pytest.raises(ServiceError, match="角色只能是"):
        add_assignment(office, t, "市口岸办", "boss", 1)
    assert unchanged(t)


def test_remove_a_unit(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    waiqiao = t.assignments.get(unit__name="市外侨办")
    remove_assignment(office, waiqiao, 1)
    assert "市外侨办" not in units_of(Task.objects.get(pk=t.pk), "cooperating")
    event = AuditEvent.objects.get(action="assignment.remove")
    assert event.task_id == t.id and event.before == {"unit": "市外侨办", "role": "cooperating", "source": "text"} and event.after is None


def test_remove_with_a_stale_version_keeps_the_unit(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    waiqiao = t.assignments.get(unit__name="市外侨办")
    with pytest.raises(StaleEdit):
        remove_assignment(office, waiqiao, 2)
    assert Assignment.objects.filter(pk=waiqiao.pk).exists() and unchanged(t)


def test_switch_a_unit_between_lead_and_cooperating(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    yiwu = t.assignments.get(unit__name="义乌市政府")
    set_assignment_role(office, yiwu, "cooperating", 1)
    t = Task.objects.get(pk=t.pk)
    assert units_of(t, "lead") == ["市商务局"] and "义乌市政府" in units_of(t, "cooperating")
    assert t.assignments.get(unit__name="义乌市政府").source == AssignmentSource.MANUAL
    event = AuditEvent.objects.get(action="assignment.role")
    assert event.before == {"unit": "义乌市政府", "role": "lead"} and event.after == {"unit": "义乌市政府", "role": "cooperating"}
    with pytest.raises(StaleEdit):
        set_assignment_role(office, yiwu, "lead", 1)
    assert units_of(Task.objects.get(pk=t.pk), "lead") == ["市商务局"]


# --- targets ------------------------------------------------------------------------------------------


def test_update_a_target_recomputes_its_base_value(seed_ledger, office):
    t = task(seed_ledger, "1-31")
    loans = t.targets.get(text__contains="新增贷款")
    assert (loans.value, loans.unit) == (500.0, "亿元")
    update_target(office, loans, 1, indicator="新增贷款", comparator=">=", value="520", unit="亿元")
    loans.refresh_from_db()
    assert loans.value == 520.0 and loans.base_value == 520e8 and loans.base_unit == "元"
    assert loans.text == "新增贷款500亿元以上"  # what the notice wrote stays
    event = AuditEvent.objects.get(action="target.update")
    assert event.task_id == t.id and event.before["value"] == 500.0 and event.after["value"] == 520.0
    assert Task.objects.get(pk=t.pk).version == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"comparator": "≈"}, "比较方式"),
        ({"value": "五百"}, "不是数字"),
        ({"value": "inf"}, "有限的数字"),
        ({"indicator": " "}, "指标名称不能为空"),
    ],
)
def test_bad_target_values_are_refused(seed_ledger, office, changes, message):
    t = task(seed_ledger, "1-46")
    target = t.targets.get(order=0)
    data = {"indicator": "往返", "comparator": "=", "value": 400, "unit": "列", **changes}
    with pytest.raises(ServiceError, match=message):
        update_target(office, target, 1, **data)
    target.refresh_from_db()
    assert target.value == 400.0 and unchanged(t) and not AuditEvent.objects.filter(action="target.update").exists()


def test_update_target_with_a_stale_version(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    target = t.targets.get(order=0)
    with pytest.raises(StaleEdit):
        update_target(office, target, 3, indicator="往返", comparator=">=", value=420, unit="列")
    target.refresh_from_db()
    assert (target.value, target.comparator) == (400.0, "=")


# --- publishing ---------------------------------------------------------------------------------------


def test_publish_is_refused_while_a_task_has_no_lead_unit(seed_ledger, office):
    t = task(seed_ledger, "1-46")
    for lead in t.assignments.filter(role="lead"):
        remove_assignment(office, lead, Task.objects.get(pk=t.pk).version)
    with pytest.raises(ServiceError, match=r"还有 1 项任务没有牵头单位（1-46）"):
        publish_ledger(actor=office, ledger=seed_ledger)
    seed_ledger.refresh_from_db()
    assert seed_ledger.status == LedgerStatus.DRAFT
    add_assignment(office, t, "市商务局", "lead", Task.objects.get(pk=t.pk).version)
    published = publish_ledger(actor=office, ledger=seed_ledger, expected_version=seed_ledger.version)
    assert published.status == LedgerStatus.PUBLISHED


def test_corrections_stay_possible_after_publishing(seed_ledger, office):
    publish_ledger(actor=office, ledger=seed_ledger)
    t = task(seed_ledger, "2-1")
    update_task(actor=office, task=t, expected_version=1, deadline_text="2018年底前")
    assert AuditEvent.objects.filter(action="task.update", task_id=t.id).count() == 1
