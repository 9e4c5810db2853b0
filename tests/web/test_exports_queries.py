"""Exports read the ledger in a fixed number of queries: a 5-task and a 2,000-task ledger cost the same."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.ledger.models import Assignment, Leader, Ledger, Role, Rule, Section, Target, Task, TaskGroup
from luoshi.units.models import Unit


def build_ledger(jurisdiction, tasks: int, *, year: int) -> Ledger:
    """A synthetic ledger: two sections, nested groups, leaders, three units per task, targets with a 其中 part.

    Test data set up directly (not through services): only the exports' read path is under test.
    """
    ledger = Ledger.objects.create(jurisdiction=jurisdiction, year=year, title=f"{year}年测试台账", doc_number=f"测发〔{year}〕1号")
    sections = [Section.objects.create(ledger=ledger, index=i, title=f"附件{i}任务") for i in (1, 2)]
    parent = TaskGroup.objects.create(section=sections[0], title="一、七个方面", order=1)
    groups = [
        TaskGroup.objects.create(section=sections[0], parent=parent, title="(一)做强增长引擎", order=2),
        TaskGroup.objects.create(section=sections[1], title="一、民生", order=3),
    ]
    leader, _ = Leader.objects.get_or_create(jurisdiction=jurisdiction, name="尹学群", defaults={"title": "市长"})
    rule = Rule.objects.create(ledger=ledger, code="R1", kind="default_cooperating", text="除特别注明的外")
    units = [Unit.objects.get_or_create(jurisdiction=jurisdiction, name=name)[0] for name in ("市发改委", "市财政局", "婺城区政府")]
    rows = Task.objects.bulk_create(
        [
            Task(ledger=ledger, section=sections[n % 2], group=groups[n % 2], code=f"{n % 2 + 1}-{n}", number=str(n), order=n,
                 text=f"第{n}项任务，新增贷款500亿元以上。", deadline_text="年内")
            for n in range(1, tasks + 1)
        ]
    )
    Task.leaders.through.objects.bulk_create([Task.leaders.through(task_id=t.id, leader_id=leader.id) for t in rows])
    Assignment.objects.bulk_create(
        [Assignment(task=t, unit=units[0], role=Role.LEAD, order=0) for t in rows]
        + [Assignment(task=t, unit=units[1], role=Role.COOPERATING, order=1) for t in rows]
        + [Assignment(task=t, unit=units[2], role=Role.COOPERATING, source="rule", rule=rule, order=2) for t in rows]
    )
    wholes = Target.objects.bulk_create(
        [Target(task=t, order=0, text="新增贷款500亿元以上", indicator="新增贷款", comparator=">=", value=500, base_value=5e10,
                direction="growth") for t in rows]
    )
    Target.objects.bulk_create(
        [Target(task=t, order=1, text="中长期贷款100亿元", indicator="中长期贷款", comparator="=", value=100, base_value=1e10,
                direction="growth", parent=whole) for t, whole in zip(rows, wholes, strict=True)]
    )
    return ledger


@pytest.fixture
def small_and_large(jinhua):
    return build_ledger(jinhua, 5, year=2017), build_ledger(jinhua, 2000, year=2018)


def count_queries(client, url, query=None) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query or {})
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries), response.content


@pytest.mark.parametrize("name", ["ledger:export_xlsx", "ledger:export_docx", "ledger:export_csv", "ledger:matrix_xlsx"])
def test_ledger_exports_do_not_query_per_task(office_client, small_and_large, name):
    small, large = small_and_large
    small_count, _ = count_queries(office_client, reverse(name, args=[small.pk]))
    large_count, content = count_queries(office_client, reverse(name, args=[large.pk]))
    assert small_count == large_count
    assert small_count <= 17  # incl. the two that resolve the reader's role grants
    assert len(content) > 10_000


def test_large_ledger_xlsx_has_every_task_with_its_parts(office_client, small_and_large):
    _, large = small_and_large
    _, content = count_queries(office_client, reverse("ledger:export_xlsx", args=[large.pk]))
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["附件1任务"]
    assert [sheet["A3"].value, sheet["A4"].value] == ["一、七个方面", "(一)做强增长引擎"]  # nested group rows
    first = [c.value for c in sheet[5]]
    assert first[3:5] == ["市发改委", "市财政局(依通知规则:婺城区政府)"]
    assert first[6] == "新增贷款500亿元以上\n其中中长期贷款100亿元"
    assert sum(1 for s in workbook.worksheets for r in s.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)) == 2000


@pytest.mark.parametrize("name", ["ledger:unit_tasks_xlsx", "ledger:unit_tasks_docx", "ledger:unit_tasks_csv"])
def test_unit_lists_do_not_query_per_task(office_client, small_and_large, name):
    small, large = small_and_large
    unit = Unit.objects.get(name="市财政局")
    small_count, _ = count_queries(office_client, reverse(name, args=[unit.pk]), {"ledger": small.pk})
    large_count, _ = count_queries(office_client, reverse(name, args=[unit.pk]), {"ledger": large.pk})
    assert small_count == large_count
