"""A county's ledger takes up its city's: jurisdiction, ledger link, task link, shown both ways."""

import pytest

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Task
from luoshi.ledger.services import ServiceError, import_text, link_ledger, link_task
from luoshi.units.models import Jurisdiction
from luoshi.units.services import UnitServiceError, create_jurisdiction

YIWU_NOTICE = """义乌市人民政府办公室关于印发2018年政府工作报告重点工作责任分解的通知
一、王健市长牵头的重点工作
1.高水平建设世界小商品之都,市场交易额增长10%以上。
牵头单位:市场发展委
配合单位:市商务局
2.开展租售同权试点。
牵头单位:市建设局
"""


@pytest.fixture
def yiwu(jinhua, office):
    return create_jurisdiction(office, "义乌市", "county", jinhua)


@pytest.fixture
def yiwu_ledger(yiwu, office):
    return import_text(actor=office, jurisdiction=yiwu, text=YIWU_NOTICE).ledger


def test_county_jurisdiction_needs_its_city(jinhua, office):
    with pytest.raises(UnitServiceError, match="上级辖区"):
        create_jurisdiction(office, "东阳市", "county", None)
    with pytest.raises(UnitServiceError, match="已存在"):
        create_jurisdiction(office, "金华市", "city")
    assert Jurisdiction.objects.count() == 1


def test_link_ledger_and_task_both_ways(seed_ledger, yiwu_ledger, office, office_client):
    ledger = link_ledger(actor=office, ledger=yiwu_ledger, parent_ledger=seed_ledger, expected_version=yiwu_ledger.version)
    assert ledger.parent_ledger == seed_ledger
    county_task = Task.objects.get(ledger=yiwu_ledger, code="1-1")
    city_task = Task.objects.get(ledger=seed_ledger, code="1-67")
    link_task(actor=office, task=county_task, parent_task=city_task, expected_version=county_task.version)
    county_task.refresh_from_db()
    assert county_task.linked_task == city_task
    event = AuditEvent.objects.filter(task_id=county_task.id, action="task.update").latest("id")
    assert event.before == {"linked_task": None} and event.after == {"linked_task": "1-67"}

    city_page = office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/1-67/").content.decode()
    assert "下级落实任务" in city_page and f"/ledgers/{yiwu_ledger.pk}/tasks/1-1/" in city_page
    county_page = office_client.get(f"/ledgers/{yiwu_ledger.pk}/tasks/1-1/").content.decode()
    assert "对应上级任务" in county_page and f"/ledgers/{seed_ledger.pk}/tasks/1-67/" in county_page
    overview = office_client.get(f"/ledgers/{seed_ledger.pk}/").content.decode()
    assert "下级台账" in overview and "义乌市" in overview


def test_links_are_refused_across_the_wrong_ledgers(seed_ledger, yiwu_ledger, office, jinhua):
    with pytest.raises(ServiceError, match="上级辖区"):
        link_ledger(actor=office, ledger=seed_ledger, parent_ledger=yiwu_ledger, expected_version=seed_ledger.version)
    county_task = Task.objects.get(ledger=yiwu_ledger, code="1-1")
    city_task = Task.objects.get(ledger=seed_ledger, code="1-67")
    with pytest.raises(ServiceError, match="还没有关联上级台账"):
        link_task(actor=office, task=county_task, parent_task=city_task, expected_version=county_task.version)
    county_task.refresh_from_db()
    assert county_task.linked_task is None


def test_link_pages(seed_ledger, yiwu_ledger, office_client):
    response = office_client.post(f"/ledgers/{yiwu_ledger.pk}/link/", {"parent_ledger": seed_ledger.pk, "version": yiwu_ledger.version})
    assert response.status_code == 302
    yiwu_ledger.refresh_from_db()
    assert yiwu_ledger.parent_ledger_id == seed_ledger.pk
    task = Task.objects.get(ledger=yiwu_ledger, code="1-2")
    response = office_client.post(f"/ledgers/{yiwu_ledger.pk}/tasks/1-2/link/", {"parent_code": "9-99", "version": task.version})
    assert response.status_code == 200 and "上级台账中没有编号为“9-99”的任务" in response.content.decode()
    response = office_client.post(f"/ledgers/{yiwu_ledger.pk}/tasks/1-2/link/", {"parent_code": "1-69", "version": task.version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.linked_task.code == "1-69"
    page = office_client.get("/jurisdictions/new/")
    assert page.status_code == 200 and "新建辖区" in page.content.decode()
    response = office_client.post("/jurisdictions/new/", {"name": "", "level": "county", "parent": "", "profile": ""})
    assert "辖区名称不能为空" in response.content.decode()
