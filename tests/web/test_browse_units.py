"""The unit registry list and unit pages: counts, collectives and members, aliases, merged units."""

import re

import pytest

from luoshi.units.models import Unit, UnitAlias

ROW_NAME = re.compile(r'<td><a href="/units/\d+/">([^<]+)</a>')


def test_unit_page_counts_lead_and_cooperating_tasks(office_client, seed_ledger):
    unit = Unit.objects.get(name="市建设局")
    html = office_client.get(f"/units/{unit.pk}/").content.decode()
    stats = html[html.index('<div class="stats">') :]
    assert re.search(r"<strong>10</strong><span>项牵头任务", stats)
    assert re.search(r"<strong>29</strong><span>项配合任务", stats)
    lead = html[html.index('<span class="badge red">牵头</span>') : html.index('<span class="badge blue">配合</span>')]
    assert len(re.findall(r'<td class="nowrap"><a href="/ledgers/\d+/tasks/', lead)) == 10
    cooperating = html[html.index('<span class="badge blue">配合</span>') :]
    assert len(re.findall(r'<td class="nowrap"><a href="/ledgers/\d+/tasks/', cooperating)) == 29
    assert f"/ledgers/{seed_ledger.pk}/tasks/?unit=%E5%B8%82%E5%BB%BA%E8%AE%BE%E5%B1%80&amp;role=lead" in html
    assert f'href="/units/{unit.pk}/tasks.xlsx?ledger={seed_ledger.pk}"' in html  # 本单位任务清单


def test_unit_page_names_the_other_lead_unit(office_client, seed_ledger):
    unit = Unit.objects.get(name="市商务局")
    html = office_client.get(f"/units/{unit.pk}/").content.decode()
    row = html[html.index(f'/ledgers/{seed_ledger.pk}/tasks/1-46/') :]
    row = row[: row.index("</tr>")]
    assert "义乌市政府" in row  # 1-46 has two lead units


def test_collective_unit_lists_its_nine_members(office_client, seed_ledger):
    collective = Unit.objects.get(name="各县(市、区)政府")
    html = office_client.get(f"/units/{collective.pk}/").content.decode()
    assert "集合单位" in html and "成员单位 <span class=\"muted small\">9 个</span>" in html
    members = html[html.index('<ul class="chips">') :]
    members = members[: members.index("</ul>")]
    names = re.findall(r'<a href="/units/\d+/">([^<]+)</a>', members)
    assert len(names) == 9 and "婺城区政府" in names and "磐安县政府" in names


def test_member_unit_links_its_collectives(office_client, seed_ledger):
    member = Unit.objects.get(name="婺城区政府")
    collective = Unit.objects.get(name="各县(市、区)政府")
    html = office_client.get(f"/units/{member.pk}/").content.decode()
    assert "所属集合单位" in html and f'<a href="/units/{collective.pk}/">各县(市、区)政府</a>' in html
    assert "项依通知规则" in html  # most of a county's cooperating tasks come from rule R1


def test_merged_unit_is_hidden_from_the_list_but_its_page_points_on(office_client, seed_ledger, jinhua):
    target = Unit.objects.get(name="市财政局")
    old = Unit.objects.create(jurisdiction=jinhua, name="市地税局", kind="department", merged_into=target)
    UnitAlias.objects.create(jurisdiction=jinhua, unit=target, name="市财政(地税)局旧称")
    names = ROW_NAME.findall(office_client.get("/units/").content.decode())
    assert "市财政局" in names and "市地税局" not in names
    shown = ROW_NAME.findall(office_client.get("/units/", {"merged": "1"}).content.decode())
    assert "市地税局" in shown
    page = office_client.get(f"/units/{old.pk}/").content.decode()
    assert f'该单位已合并到 <a href="/units/{target.pk}/">市财政局</a>' in page
    assert "市地税局" in office_client.get(f"/units/{target.pk}/").content.decode()  # 已并入本单位


def test_unit_list_counts_filters_and_search(office_client, seed_ledger, jinhua):
    html = office_client.get("/units/").content.decode()
    row = html[html.index('>市建设局</a>') :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'role=lead">(\d+)</a>', row) == ["10"] and re.findall(r'role=cooperating">(\d+)</a>', row) == ["29"]
    collectives = ROW_NAME.findall(office_client.get("/units/", {"kind": "collective"}).content.decode())
    assert "各县(市、区)政府" in collectives and "市建设局" not in collectives
    assert len(collectives) == Unit.objects.filter(kind="collective", merged_into=None).count()
    UnitAlias.objects.create(jurisdiction=jinhua, unit=Unit.objects.get(name="市建设局"), name="市住建局")
    found = ROW_NAME.findall(office_client.get("/units/", {"q": "住建"}).content.decode())
    assert found == ["市建设局"]
    assert ROW_NAME.findall(office_client.get("/units/", {"q": " 建设 局"}).content.decode()) == ["市建设局"]


def test_unit_list_bad_kind_is_named(office_client, seed_ledger):
    html = office_client.get("/units/", {"kind": "aliens"}).content.decode()
    assert "单位类型“aliens”不存在" in html and len(ROW_NAME.findall(html)) > 50


@pytest.mark.parametrize("url", ["/units/999999/", "/units/abc/"])
def test_missing_unit_is_404(office_client, seed_ledger, url):
    assert office_client.get(url).status_code == 404
