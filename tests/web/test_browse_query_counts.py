"""Every reading page issues the same number of SQL queries for the seed (107 tasks) and a
2,000-task ledger: no query per task, unit or row."""

import sys

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import ROOT
from luoshi.ledger.models import Leader, Task
from luoshi.ledger.services import import_notice, update_task
from luoshi.units.models import Unit

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import synthetic_notice  # noqa: E402


def page_urls(ledger) -> dict[str, str]:
    shao = Leader.objects.get(name="邵国强")
    construction = Unit.objects.get(name="市建设局")
    county = Unit.objects.get(name="婺城区政府")
    base = f"/ledgers/{ledger.pk}"
    return {
        "home": "/",
        "overview": f"{base}/",
        "task list": f"{base}/tasks/",
        "task list, page 2": f"{base}/tasks/?page=2",
        "task list, filtered": f"{base}/tasks/?unit=市建设局&role=cooperating&targets=yes",
        "task list, search": f"{base}/tasks/?q=班列",
        "task list, htmx": f"{base}/tasks/?leader={shao.pk}",
        "task detail": f"{base}/tasks/1-46/",
        "task history": f"{base}/tasks/1-46/?tab=history",
        "leader list": f"/leaders/?ledger={ledger.pk}",
        "leader page": f"/leaders/{shao.pk}/?ledger={ledger.pk}",
        "unit list": f"/units/?ledger={ledger.pk}",
        "unit page": f"/units/{construction.pk}/",
        "county unit page": f"/units/{county.pk}/",
        "matrix": f"{base}/matrix/",
        "matrix by lead count": f"{base}/matrix/?sort=lead",
    }


def count_queries(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_ledger(office_client, seed_ledger, jinhua, office):
    task = Task.objects.get(ledger=seed_ledger, code="1-46")  # one history event on each side
    update_task(actor=office, task=task, expected_version=task.version, deadline_text="年底前")
    small = count_queries(office_client, page_urls(seed_ledger))

    big = import_notice(actor=office, jurisdiction=jinhua, data=synthetic_notice(2000).encode("utf-8"), filename="synthetic-2000.txt").ledger
    assert Task.objects.filter(ledger=big).count() == 2000
    task = Task.objects.get(ledger=big, code="1-46")
    update_task(actor=office, task=task, expected_version=task.version, deadline_text="年底前")
    large = count_queries(office_client, page_urls(big))

    differences = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert not differences, f"queries (107 tasks, 2,000 tasks) differ: {differences}"
    assert max(large.values()) <= 16, large


def test_big_pages_show_the_big_ledger(office_client, jinhua, office):
    big = import_notice(actor=office, jurisdiction=jinhua, data=synthetic_notice(2000).encode("utf-8"), filename="synthetic-2000.txt").ledger
    listing = office_client.get(f"/ledgers/{big.pk}/tasks/").content.decode()
    assert "共 <strong>2000</strong> 项任务" in listing and "第 1/40 页" in listing
    matrix = office_client.get(f"/ledgers/{big.pk}/matrix/").content.decode()
    assert matrix.count('<th class="m-task">') == 2000
