"""The task list: filters, Chinese search, pagination, htmx partial and bad-filter messages, on the seed."""

import re

import pytest

from luoshi.ledger.models import Leader, Target, Task, TaskGroup

RESULT_COUNT = re.compile(r"共 <strong>(\d+)</strong> 项任务")
TASK_LINK = re.compile(r'<td class="nowrap"><a href="/ledgers/\d+/tasks/([^/]+)/">')


def listing(client, ledger, **params):
    response = client.get(f"/ledgers/{ledger.pk}/tasks/", params)
    assert response.status_code == 200
    html = response.content.decode()
    return int(RESULT_COUNT.search(html).group(1)), TASK_LINK.findall(html), html


def test_unfiltered_list_pages_through_all_107_tasks(office_client, seed_ledger):
    total, codes, html = listing(office_client, seed_ledger)
    assert total == 107 and len(codes) == 50 and codes[:3] == ["1-1", "1-2", "1-3"]
    assert "第 1/3 页" in html
    _, last_page, _ = listing(office_client, seed_ledger, page=3)
    assert len(last_page) == 7 and last_page[-1] == "2-22"
    _, beyond, _ = listing(office_client, seed_ledger, page="abc")  # a bad page number shows page 1
    assert beyond == codes


def test_row_shows_leader_units_and_rule_count(office_client, seed_ledger):
    _, _, html = listing(office_client, seed_ledger, q="义新欧")
    row = html[html.index('href="/ledgers/%d/tasks/1-46/"' % seed_ledger.pk):]
    row = row[: row.index("</tr>")]
    assert "邵国强" in row and "市商务局" in row and "义乌市政府" in row and "浙中公铁联运建设指挥部" in row
    assert "依规则" not in row  # 1-46 names a county government, so R1 added nobody
    _, _, first = listing(office_client, seed_ledger, q="1-1")
    assert "+12 依规则" in first


def test_unit_filter_and_role_combine(office_client, seed_ledger):
    assert listing(office_client, seed_ledger, unit="市建设局")[0] == 39
    assert listing(office_client, seed_ledger, unit="市建设局", role="lead")[0] == 10
    assert listing(office_client, seed_ledger, unit="市建设局", role="cooperating")[0] == 29
    total, codes, _ = listing(office_client, seed_ledger, unit="义乌市政府", role="lead")
    assert "1-46" in codes


def test_unit_filter_accepts_an_alias_and_a_unique_partial_name(office_client, seed_ledger, jinhua):
    from luoshi.units.models import Unit, UnitAlias

    UnitAlias.objects.create(jurisdiction=jinhua, unit=Unit.objects.get(name="市建设局"), name="市住建局")
    assert listing(office_client, seed_ledger, unit="市住建局", role="lead")[0] == 10
    assert listing(office_client, seed_ledger, unit="浙中公铁联运")[0] == 2


def test_leader_group_and_section_filters(office_client, seed_ledger):
    shao = Leader.objects.get(name="邵国强")
    total, codes, _ = listing(office_client, seed_ledger, leader=shao.pk)
    assert total == 11 and "1-46" in codes
    assert listing(office_client, seed_ledger, leader="none")[0] == 22  # attachment 2 names no leader
    group = TaskGroup.objects.get(section__ledger=seed_ledger, title="邵国强副市长牵头的重点工作")
    assert listing(office_client, seed_ledger, group=group.pk)[0] == 11
    livelihood = seed_ledger.sections.get(index=2)
    total, codes, _ = listing(office_client, seed_ledger, section=livelihood.pk)
    assert total == 22 and codes[0] == "2-1"


@pytest.mark.parametrize(
    "q",
    ["义新欧", "义 新欧", "  义新欧\u3000", "往返400列", "往返４００列", "浙中公铁联运", "中亚班列100列"],
)
def test_search_finds_1_46_by_text_unit_or_target(office_client, seed_ledger, q):
    total, codes, _ = listing(office_client, seed_ledger, q=q)
    assert "1-46" in codes and total < 107


def test_search_without_hits_says_so(office_client, seed_ledger):
    total, codes, html = listing(office_client, seed_ledger, q="火星基地")
    assert total == 0 and codes == [] and "没有符合条件的任务" in html


def test_targets_and_deadline_filters(office_client, seed_ledger):
    with_targets = Target.objects.filter(task__ledger=seed_ledger).values("task").distinct().count()
    assert with_targets == 54
    assert listing(office_client, seed_ledger, targets="yes")[0] == 54
    assert listing(office_client, seed_ledger, targets="no")[0] == 107 - 54
    total, codes, _ = listing(office_client, seed_ledger, deadline="yes")
    assert codes == ["1-28"]
    assert listing(office_client, seed_ledger, deadline="no")[0] == 106


def test_deadline_dates(office_client, seed_ledger, office):
    import datetime

    from luoshi.ledger.services import update_task

    task = Task.objects.get(ledger=seed_ledger, code="2-3")
    update_task(actor=office, task=task, expected_version=task.version, deadline=datetime.date(2018, 6, 30), deadline_text="6月底前")
    assert listing(office_client, seed_ledger, due_before="2018-06-30")[1] == ["2-3"]
    assert listing(office_client, seed_ledger, due_after="2018-07-01")[1] == ["1-28"]  # 年内 → 2018-12-31
    assert listing(office_client, seed_ledger, due_after="2018/06/01", due_before="2018-12-31")[1] == ["1-28", "2-3"]


@pytest.mark.parametrize(
    "params, message, expected",
    [
        ({"due_after": "2018-13-01"}, "时限不早于：日期格式不正确", 107),
        ({"unit": "市火星局"}, "单位库中没有“市火星局”", 107),
        ({"unit": "政府"}, "对应多个单位", 107),
        ({"leader": "999"}, "所选的牵头领导“999”不存在", 107),
        ({"role": "boss", "unit": "市建设局"}, "所选的角色“boss”不存在", 39),
        # the later bound is dropped; the earlier one still applies (only 1-28, 年内, is dated)
        ({"due_after": "2018-12-01", "due_before": "2018-01-01"}, "“时限不晚于”（2018-01-01）早于“时限不早于”", 1),
        ({"q": "字" * 101}, "搜索内容不能超过 100 个字", 107),
    ],
)
def test_bad_filters_are_named_and_ignored(office_client, seed_ledger, params, message, expected):
    total, _, html = listing(office_client, seed_ledger, **params)
    assert message in html and "该条件未生效" in html
    assert total == expected


def test_pagination_links_keep_the_filters(office_client, seed_ledger):
    _, codes, html = listing(office_client, seed_ledger, targets="no")
    assert len(codes) == 50
    assert 'href="?targets=no&amp;page=2"' in html
    _, second, _ = listing(office_client, seed_ledger, targets="no", page=2)
    assert len(second) == 3 and not set(second) & set(codes)


def test_htmx_request_gets_only_the_results(office_client, seed_ledger):
    response = office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/", {"q": "义新欧"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert "<html" not in html and "<form" not in html and "1-46" in html
    full = office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/", {"q": "义新欧"}).content.decode()
    assert 'hx-get="/ledgers/%d/tasks/"' % seed_ledger.pk in full and 'hx-target="#task-results"' in full and 'hx-push-url="true"' in full
    assert '<datalist id="unit-names">' in full and '<option value="市建设局">' in full
    assert f'href="/ledgers/{seed_ledger.pk}/export.xlsx"' in full and "data-drop-empty" in full and "luoshi/browse.js" in full


def test_tasks_redirects_to_the_current_ledger_keeping_filters(office_client, seed_ledger):
    response = office_client.get("/tasks/", {"unit": "市建设局"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/ledgers/{seed_ledger.pk}/tasks/?unit=")


def test_tasks_without_any_ledger_explains(office_client, db):
    response = office_client.get("/tasks/")
    assert response.status_code == 200 and "还没有可查看的台账" in response.content.decode()
