"""Overview, leaders, responsibility matrix and navigation on the seed ledger."""

import re

import pytest

from luoshi.core.context import active_entry, entries_for
from luoshi.ledger.models import Leader
from luoshi.ledger.services import import_text, publish_ledger
from luoshi.units.models import Unit


@pytest.fixture
def second_ledger(jinhua, office, seed_bytes):
    """A later draft: the seed's cover and its first three tasks, as pasted text."""
    text = seed_bytes.decode("utf-8")
    cut = text.index("4.", text.index("附件1"))
    return import_text(actor=office, jurisdiction=jinhua, text=text[:cut]).ledger


def test_overview_summarises_the_current_ledger(office_client, seed_ledger):
    html = office_client.get("/").content.decode()
    assert seed_ledger.title in html and '<span class="badge grey">草稿</span>' in html
    assert re.search(r"<strong>107</strong><span>项任务", html)
    assert re.search(r"<strong>155</strong><span>个量化目标（54 项任务）", html)
    assert re.search(rf'href="/ledgers/{seed_ledger.pk}/review/"><strong>12</strong><span>条导入警告待处理', html)
    section1, section2 = seed_ledger.sections.order_by("index")
    assert re.search(rf'\?section={section1.pk}">附件1 [^<]+</a></td><td class="num">85<', html)
    assert re.search(rf'\?section={section2.pk}">附件2 [^<]+</a></td><td class="num">22<', html)
    shao = Leader.objects.get(name="邵国强")
    assert re.search(rf'\?leader={shao.pk}">邵国强</a>.*?<td class="num">11<', html, re.S)
    assert re.search(r'\?leader=none">未列明领导</a></td><td class="num">22<', html)
    assert "邵国强副市长牵头的重点工作" in html and "加强食品安全监管" in html


def test_current_ledger_prefers_the_published_one(office_client, seed_ledger, second_ledger, office):
    html = office_client.get("/").content.decode()
    assert re.search(r"<strong>3</strong><span>项任务", html)  # the newer draft, while nothing is published
    publish_ledger(actor=office, ledger=seed_ledger)
    html = office_client.get("/").content.decode()
    assert re.search(r"<strong>107</strong><span>项任务", html) and '<span class="badge green">已发布</span>' in html
    assert office_client.get("/tasks/")["Location"] == f"/ledgers/{seed_ledger.pk}/tasks/"
    assert office_client.get("/matrix/")["Location"] == f"/ledgers/{seed_ledger.pk}/matrix/"
    # the list of all ledgers shows both, and any ledger has its own overview
    assert html.count('<td class="nowrap"><a href="/ledgers/') == 2
    other = office_client.get(f"/ledgers/{second_ledger.pk}/").content.decode()
    assert re.search(r"<strong>3</strong><span>项任务", other)


def test_overview_without_ledgers_invites_an_import(office_client, db):
    html = office_client.get("/").content.decode()
    assert "还没有台账" in html and 'href="/import/"' in html


def test_leader_list_and_page(office_client, seed_ledger):
    html = office_client.get("/leaders/").content.decode()
    shao = Leader.objects.get(name="邵国强")
    assert len(re.findall(r'<tr><td><a href="/leaders/\d+/', html)) == 8
    row = html[html.index(f'<a href="/leaders/{shao.pk}/') :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["11", "11"]
    page = office_client.get(f"/leaders/{shao.pk}/").content.decode()
    assert re.search(r"<strong>11</strong><span>项牵头任务", page)
    assert f"/ledgers/{seed_ledger.pk}/tasks/1-46/" in page and "附件1 2018年政府工作报告重点工作责任分解" in page
    assert "市商务局 6" in page  # its tasks' lead units, most first
    assert len(re.findall(r'<td class="nowrap"><a href="/ledgers/\d+/tasks/', page)) == 11


def test_leader_page_with_a_bad_ledger_parameter(office_client, seed_ledger):
    shao = Leader.objects.get(name="邵国强")
    html = office_client.get(f"/leaders/{shao.pk}/", {"ledger": "x1"}).content.decode()
    assert "台账编号“x1”无效" in html and "1-46" in html
    assert office_client.get("/leaders/999999/").status_code == 404


def matrix_row(html, name):
    start = html.index(f">{name}</a></th>")
    return html[start : html.index("</tr>", start)]


def test_matrix_cells_and_totals(office_client, seed_ledger):
    html = office_client.get(f"/ledgers/{seed_ledger.pk}/matrix/").content.decode()
    row = matrix_row(html, "市建设局")
    assert row.count('class="m-lead"') == 10 and row.count('class="m-coop"') == 29
    assert re.findall(r'<td class="m-sum">(\d+)</td>', row) == ["10", "29", "39"]
    wucheng = matrix_row(html, "婺城区政府")
    assert wucheng.count('class="m-coop m-rule"') > 0  # rule-added cells have their own, lighter style
    assert html.count('<th class="m-task">') == 107
    assert f'href="/ledgers/{seed_ledger.pk}/matrix.xlsx?sort=name"' in html
    units_in_matrix = len(re.findall(r'<th class="m-unit" scope="row">', html))
    assert units_in_matrix == Unit.objects.filter(assignments__task__ledger=seed_ledger).distinct().count()


def test_matrix_sorting_and_section_filter(office_client, seed_ledger):
    by_name = re.findall(r'scope="row"><a href="/units/\d+/">([^<]+)</a>', office_client.get(f"/ledgers/{seed_ledger.pk}/matrix/").content.decode())
    assert by_name == sorted(by_name)
    html = office_client.get(f"/ledgers/{seed_ledger.pk}/matrix/", {"sort": "lead"}).content.decode()
    leads = [int(n) for n in re.findall(r'</a></th><td class="m-sum">(\d+)</td>', html)]
    assert leads == sorted(leads, reverse=True) and leads[0] > 10
    html = office_client.get(f"/ledgers/{seed_ledger.pk}/matrix/", {"sort": "total"}).content.decode()
    totals = [int(n) for n in re.findall(r'<td class="m-sum">\d+</td><td class="m-sum">\d+</td><td class="m-sum">(\d+)</td>', html)]
    assert totals == sorted(totals, reverse=True)
    section2 = seed_ledger.sections.get(index=2)
    html = office_client.get(f"/ledgers/{seed_ledger.pk}/matrix/", {"section": section2.pk}).content.decode()
    assert html.count('<th class="m-task">') == 22 and f"matrix.xlsx?sort=name&amp;section={section2.pk}" in html


@pytest.mark.parametrize(
    "params, message",
    [({"sort": "colour"}, "不支持按“colour”排序"), ({"section": "abc"}, "附件编号“abc”无效"), ({"section": "99999"}, "本台账没有编号为 99999 的附件")],
)
def test_matrix_bad_parameters_are_named(office_client, seed_ledger, params, message):
    response = office_client.get(f"/ledgers/{seed_ledger.pk}/matrix/", params)
    html = response.content.decode()
    assert response.status_code == 200 and message in html and html.count('<th class="m-task">') == 107


def test_every_navigation_entry_is_reachable(office_client, office, seed_ledger):
    html = office_client.get("/").content.decode()
    for key, label, url, _ in entries_for(office):
        assert f'<a href="{url}"' in html and label in html
    for url in ("/", "/tasks/", "/matrix/", "/units/", "/leaders/"):
        assert office_client.get(url, follow=True).status_code == 200


@pytest.mark.parametrize(
    "path, key",
    [
        ("/", "home"),
        ("/ledgers/3/", "home"),
        ("/tasks/", "tasks"),
        ("/ledgers/3/tasks/1-46/", "tasks"),
        ("/ledgers/3/matrix/", "matrix"),
        ("/ledgers/3/review/", "import"),
        ("/units/12/", "units"),
        ("/leaders/4/", "leaders"),
        ("/jurisdictions/", "jurisdictions"),
        ("/accounts/login/", ""),
    ],
)
def test_navigation_marks_the_page_entry(path, key):
    assert active_entry(path) == key


@pytest.mark.parametrize(
    "url", ["/", "/ledgers/{pk}/", "/tasks/", "/ledgers/{pk}/tasks/", "/ledgers/{pk}/tasks/1-46/", "/leaders/", "/units/", "/matrix/", "/ledgers/{pk}/matrix/"]
)
def test_anonymous_visitors_are_sent_to_login(client, seed_ledger, url):
    response = client.get(url.format(pk=seed_ledger.pk))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
