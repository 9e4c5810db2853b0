"""Jurisdiction profiles: listed, shown readably, edited as JSON; broken JSON is named and nothing is saved."""

from __future__ import annotations

import json

import pytest

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Assignment
from luoshi.ledger.services import import_text
from luoshi.units.models import Jurisdiction
from luoshi.units.services import StaleUnitEdit, UnitServiceError, update_jurisdiction_profile


def profile_text(jurisdiction, **changes) -> str:
    return json.dumps({**jurisdiction.profile, **changes}, ensure_ascii=False, indent=2)


def test_list_shows_each_jurisdiction_with_its_counts(office_client, seed_ledger, jinhua):
    page = office_client.get("/jurisdictions/").content.decode()
    assert f'href="/jurisdictions/{jinhua.pk}/"' in page
    assert "<td>9</td>" in page and "<td>3</td>" in page  # nine divisions, three zones
    assert 'aria-current="page">辖区配置' in page


def test_edit_page_lists_divisions_and_zones_readably(office_client, jinhua):
    page = office_client.get(f"/jurisdictions/{jinhua.pk}/").content.decode()
    assert "县（市、区） 9 个" in page and "功能区 3 个" in page
    assert "<td>婺城区</td><td>区</td><td>婺城区政府</td>" in page
    assert "<td>兰溪市</td><td>县级市</td><td>兰溪市政府</td>" in page
    assert "<td>金华山旅游经济区</td><td>金华山旅游经济区管委会</td>" in page
    assert "金华山旅游经济开发区管委会 → 金华山旅游经济区管委会" in page
    assert "&quot;divisions&quot;" in page  # the JSON in the textarea


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"name": "金华市", "divisions": [}', "第 1 行第 31 列，此处缺少值"),
        ('{"name": "金华市",\n "zones": [{"name": "金华开发区",}]}', "第 2 行"),
        ("[1, 2]", "应为 JSON 对象"),
        ('{"name": "金华市", "divisions": [{"name": "婺城区"}]}', "缺少字段 government"),
        ('{"divisions": []}', "缺少字段 name"),
        ('{"name": "义乌市"}', "name 应为“金华市”"),
        ('{"name": "金华市", "zones": "金华开发区"}', "格式不对"),
    ],
)
def test_broken_profiles_are_named_and_nothing_is_saved(office, jinhua, text, message):
    before = dict(jinhua.profile)
    with pytest.raises(UnitServiceError) as refused:
        update_jurisdiction_profile(office, jinhua, text, jinhua.version)
    assert message in str(refused.value)
    jinhua.refresh_from_db()
    assert jinhua.profile == before and jinhua.version == 1 and not AuditEvent.objects.exists()


def test_broken_json_on_the_page_keeps_the_text_and_says_where(office_client, jinhua):
    broken = '{"name": "金华市", "divisions": [}'
    response = office_client.post(f"/jurisdictions/{jinhua.pk}/", {"profile": broken, "version": jinhua.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "辖区配置不是有效的 JSON：第 1 行第 31 列" in page
    assert "{&quot;name&quot;: &quot;金华市&quot;, &quot;divisions&quot;: [}" in page  # kept for fixing
    assert Jurisdiction.objects.get(pk=jinhua.pk).profile["divisions"][0]["name"] == "婺城区"


def test_a_valid_edit_is_saved_audited_and_used_by_the_next_import(office_client, office, jinhua):
    divisions = [d for d in jinhua.profile["divisions"] if d["name"] != "磐安县"]
    response = office_client.post(
        f"/jurisdictions/{jinhua.pk}/", {"profile": profile_text(jinhua, divisions=divisions), "version": jinhua.version}
    )
    assert response.status_code == 302
    jinhua.refresh_from_db()
    assert len(jinhua.profile["divisions"]) == 8 and jinhua.version == 2
    event = AuditEvent.objects.get(action="jurisdiction.update")
    assert len(event.before["profile"]["divisions"]) == 9 and len(event.after["profile"]["divisions"]) == 8
    text = "2019年重点工作责任分解\n1.推进县域经济发展。\n牵头单位:市发改委\n配合单位:各县(市、区)政府\n"
    ledger = import_text(actor=office, jurisdiction=jinhua, text=text).ledger
    collective = Assignment.objects.get(task__ledger=ledger, role="cooperating").unit
    members = set(collective.members.values_list("name", flat=True))
    assert collective.name == "各县(市、区)政府" and len(members) == 8
    assert "兰溪市政府" in members and "磐安县政府" not in members


def test_a_stale_profile_edit_is_refused(office, jinhua):
    update_jurisdiction_profile(office, jinhua, profile_text(jinhua, note="第一次修改"), 1)
    with pytest.raises(StaleUnitEdit):
        update_jurisdiction_profile(office, jinhua, profile_text(jinhua, note="第二次修改"), 1)
    jinhua.refresh_from_db()
    assert jinhua.profile["note"] == "第一次修改" and jinhua.version == 2


def test_unknown_jurisdiction_is_404(office_client, jinhua):
    assert office_client.get("/jurisdictions/9999/").status_code == 404
