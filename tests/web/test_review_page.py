"""The review page: the draft beside its source, warnings with their lines, corrections over htmx or plain posts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import ImportWarning, LedgerStatus, Task
from luoshi.ledger.services import import_text
from luoshi.units.models import Unit, UnitAlias

HTMX = {"HTTP_HX_REQUEST": "true"}


def review_url(ledger) -> str:
    return f"/ledgers/{ledger.pk}/review/"


def task_url(ledger, code, action="") -> str:
    return f"/ledgers/{ledger.pk}/review/tasks/{code}/{action}"


def synthetic_notice(tasks: int) -> str:
    """A notice in the seed's layout with `tasks` tasks, each with units and a target."""
    lines = ["金华市人民政府办公室关于印发2018年政府工作报告重点工作责任分解的通知", "金政办发〔2018〕99号", "",
             "2018年政府工作报告重点工作责任分解", "", "一、尹学群市长牵头的重点工作", ""]
    for i in range(1, tasks + 1):
        lines += [f"{i}.推进第{i}项工作,新增贷款{i}亿元以上。", "", "牵头单位:市发改委", "", f"配合单位:市财政局、市建设局、市第{i % 40}局", ""]
    return "\n".join(lines)


# --- what the page shows ------------------------------------------------------------------------------


def test_source_lines_with_numbers_beside_the_tasks(office_client, seed_ledger):
    page = office_client.get(review_url(seed_ledger)).content.decode()
    # the source, line by line, with anchors; lines of a task say which task
    assert re.search(r'<div class="src-line in-task" id="L302" data-line="302" data-task="1-46"><a class="ln" href="#L302">302</a>', page)
    assert '<span class="tx">46.聚全市之力培育发展义新欧班列,力争<mark class="target">往返400列</mark>' in page
    assert '牵头单位:<mark class="unit-lead">市商务局</mark>、<mark class="unit-lead">义乌市政府</mark>' in page
    assert '<mark class="unit-coop">市外侨办</mark>' in page
    # the task with its line range, linking to the source
    card = page[page.index('id="task-1-46"') - 40 : page.index('id="task-1-47"')]
    assert 'data-first="302" data-last="306"' in card and '<a class="rt-lines" href="#L302">第 302–306 行</a>' in card
    assert '力争<mark class="target">往返400列</mark>,其中<mark class="target">中亚班列100列</mark>' in card
    assert card.count('class="chip lead') == 2 and "邵国强副市长" in card
    assert page.count('<article class="review-task') == 107
    rule_card = page[page.index('id="task-1-1"') : page.index('id="task-1-2"')]
    assert "通知规则 R1：12 个单位" in rule_card
    assert "review.js" in page and "<script>" not in page and " onclick=" not in page


def test_warnings_are_listed_with_their_line_numbers_and_actions(office_client, seed_ledger):
    page = office_client.get(review_url(seed_ledger)).content.decode()
    assert "12 条待处理，共 12 条" in page
    warning = ImportWarning.objects.get(ledger=seed_ledger, line=36)
    item = page[page.index(f'id="warning-{warning.pk}"') : page.index("</li>", page.index(f'id="warning-{warning.pk}"'))]
    assert '<a class="wl-line" href="#L36" data-line="36">第 36 行</a>' in item
    assert "“市财政(地税)局”与“市财政局”" in item
    assert 'value="merge"' in item and 'value="not_same"' in item


def test_a_published_ledger_can_still_be_reviewed(office_client, seed_ledger, office):
    from luoshi.ledger.services import publish_ledger

    publish_ledger(actor=office, ledger=seed_ledger)
    page = office_client.get(review_url(seed_ledger)).content.decode()
    assert "台账已发布，仍可继续修改" in page and "发布台账</button>" not in page


def test_access(client, office_client, seed_ledger):
    from django.test import Client

    anonymous = Client()
    assert anonymous.get(review_url(seed_ledger)).status_code == 302
    assert anonymous.post(task_url(seed_ledger, "1-46", "update/"), {"text": "x", "version": 1}).status_code == 302
    assert office_client.get("/ledgers/9999/review/").status_code == 404
    assert office_client.get(task_url(seed_ledger, "9-99")).status_code == 404
    assert office_client.get(task_url(seed_ledger, "1-46", "update/")).status_code == 405


# --- corrections through the page ---------------------------------------------------------------------


def test_edit_text_over_htmx_returns_the_fragment_with_the_new_version(office_client, seed_ledger):
    response = office_client.post(
        task_url(seed_ledger, "1-2", "update/"),
        {"text": "推进政府治理数字化转型。", "deadline_text": "2018年底前", "deadline": "2018-12-31", "version": 1},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<article class="review-task editing')
    assert "已保存任务内容与完成时限" in body and 'name="version" value="2"' in body
    task = Task.objects.get(ledger=seed_ledger, code="1-2")
    assert task.text == "推进政府治理数字化转型。" and task.deadline.isoformat() == "2018-12-31"
    event = AuditEvent.objects.get(action="task.update", task_id=task.id)
    assert set(event.after) == {"text", "deadline_text", "deadline"} and event.after["deadline"] == "2018-12-31"


def test_stale_and_bad_edits_show_a_message_and_change_nothing(office_client, seed_ledger):
    url = task_url(seed_ledger, "1-2", "update/")
    office_client.post(url, {"text": "第一次修改", "version": 1}, **HTMX)
    body = office_client.post(url, {"text": "第二次修改", "version": 1}, **HTMX).content.decode()
    assert "该任务已被他人修改，请刷新页面后重新修改（您的修改未保存）" in body
    body = office_client.post(url, {"text": "第三次", "deadline": "2018-13-45", "version": 2}, **HTMX).content.decode()
    assert "完成日期格式不对" in body
    body = office_client.post(url, {"text": "", "version": 2}, **HTMX).content.decode()
    assert "任务内容不能为空" in body
    task = Task.objects.get(ledger=seed_ledger, code="1-2")
    assert task.text == "第一次修改" and task.version == 2


def test_plain_posts_redirect_back_with_a_message(office_client, seed_ledger):
    response = office_client.post(task_url(seed_ledger, "1-46", "units/"), {"unit_name": "市口岸办", "role": "cooperating", "version": 1})
    assert response.status_code == 302 and response["Location"] == task_url(seed_ledger, "1-46")
    page = office_client.get(response["Location"]).content.decode()
    assert "已添加配合单位“市口岸办”" in page and '<datalist id="unit-names">' in page and '<option value="市口岸办">' in page


def test_units_are_added_switched_and_removed_over_htmx(office_client, seed_ledger):
    task = Task.objects.get(ledger=seed_ledger, code="1-46")
    body = office_client.post(task_url(seed_ledger, "1-46", "units/"), {"unit_name": "市口岸办", "role": "lead", "version": 1}, **HTMX).content.decode()
    assert "已添加牵头单位“市口岸办”" in body
    kouan = task.assignments.get(unit__name="市口岸办")
    body = office_client.post(task_url(seed_ledger, "1-46", f"units/{kouan.pk}/role/"), {"role": "cooperating", "version": 2}, **HTMX).content.decode()
    assert "“市口岸办”已改为配合单位" in body
    body = office_client.post(task_url(seed_ledger, "1-46", f"units/{kouan.pk}/remove/"), {"version": 3}, **HTMX).content.decode()
    assert "已移除“市口岸办”" in body
    body = office_client.post(task_url(seed_ledger, "1-46", f"units/{kouan.pk}/remove/"), {"version": 4}, **HTMX).content.decode()
    assert "该单位已不在此任务中" in body
    assert [e.action for e in AuditEvent.objects.filter(task_id=task.id).order_by("id")] == [
        "assignment.add", "assignment.role", "assignment.remove",
    ]
    other = Task.objects.get(ledger=seed_ledger, code="1-1").assignments.first()
    response = office_client.post(task_url(seed_ledger, "1-46", f"units/{other.pk}/remove/"), {"version": 4}, **HTMX)
    assert "该单位已不在此任务中" in response.content.decode() and other.__class__.objects.filter(pk=other.pk).exists()


def test_a_target_is_corrected_over_htmx(office_client, seed_ledger):
    task = Task.objects.get(ledger=seed_ledger, code="1-46")
    target = task.targets.get(order=0)
    url = task_url(seed_ledger, "1-46", f"targets/{target.pk}/")
    body = office_client.post(url, {"indicator": "往返班列", "comparator": ">=", "value": "420", "unit": "列", "version": 1}, **HTMX).content.decode()
    assert "已保存量化目标“往返400列”" in body
    target.refresh_from_db()
    assert (target.indicator, target.comparator, target.value) == ("往返班列", ">=", 420.0)
    body = office_client.post(url, {"indicator": "往返班列", "comparator": ">=", "value": "四百", "unit": "列", "version": 2}, **HTMX).content.decode()
    assert "目标值应为数字" in body


# --- warnings and publishing --------------------------------------------------------------------------


def test_not_the_same_unit_resolves_the_warning_in_place(office_client, seed_ledger):
    warning = ImportWarning.objects.get(ledger=seed_ledger, line=212)
    body = office_client.post(f"/ledgers/{seed_ledger.pk}/review/warnings/{warning.pk}/", {"action": "not_same"}, **HTMX).content.decode()
    assert body.lstrip().startswith(f'<li class="warning resolved" id="warning-{warning.pk}">') and "不是同一单位" in body
    warning.refresh_from_db()
    assert warning.resolved and warning.resolution == "不是同一单位" and warning.resolved_by.username == "duban"
    assert Unit.objects.get(name="人行金华市支行").merged_into is None
    body = office_client.post(f"/ledgers/{seed_ledger.pk}/review/warnings/{warning.pk}/", {"action": "ignore"}, **HTMX).content.decode()
    assert "该警告已被处理" in body


def test_merge_from_a_warning_merges_the_units(office_client, seed_ledger):
    warning = ImportWarning.objects.get(ledger=seed_ledger, line=36)
    response = office_client.post(f"/ledgers/{seed_ledger.pk}/review/warnings/{warning.pk}/", {"action": "merge"})
    assert response.status_code == 302 and response["Location"] == review_url(seed_ledger) + "#warnings"
    assert Unit.objects.get(name="市财政(地税)局").merged_into.name == "市财政局"
    assert UnitAlias.objects.get(name="市财政(地税)局").unit.name == "市财政局"
    warning.refresh_from_db()
    assert warning.resolved
    page = office_client.get(review_url(seed_ledger)).content.decode()
    assert "已将“市财政(地税)局”合并到“市财政局”：移动 19 条分工" in page and "11 条待处理" in page


def test_publish_is_refused_with_the_tasks_named_then_succeeds(office_client, seed_ledger):
    task = Task.objects.get(ledger=seed_ledger, code="2-3")
    version = task.version
    for lead in task.assignments.filter(role="lead"):
        office_client.post(task_url(seed_ledger, "2-3", f"units/{lead.pk}/remove/"), {"version": version})
        version += 1
    response = office_client.post(f"/ledgers/{seed_ledger.pk}/review/publish/", {"version": seed_ledger.version})
    page = office_client.get(response["Location"]).content.decode()
    assert "还有 1 项任务没有牵头单位（2-3），请先补齐再发布" in page and "1</strong> 项缺牵头单位" in page
    seed_ledger.refresh_from_db()
    assert seed_ledger.status == LedgerStatus.DRAFT
    office_client.post(task_url(seed_ledger, "2-3", "units/"), {"unit_name": "市卫计委", "role": "lead", "version": version})
    response = office_client.post(f"/ledgers/{seed_ledger.pk}/review/publish/", {"version": seed_ledger.version})
    seed_ledger.refresh_from_db()
    assert seed_ledger.status == LedgerStatus.PUBLISHED
    assert "已发布" in office_client.get(response["Location"]).content.decode()


# --- the query bar ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["review", "task"])
def test_queries_do_not_grow_with_the_ledger(office_client, office, jinhua, page):
    small = import_text(actor=office, jurisdiction=jinhua, text=synthetic_notice(3)).ledger
    large = import_text(actor=office, jurisdiction=jinhua, text=synthetic_notice(2000)).ledger
    assert large.tasks.count() == 2000
    counts = []
    for ledger in (small, large):
        url = review_url(ledger) if page == "review" else task_url(ledger, "1-2")
        office_client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = office_client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
