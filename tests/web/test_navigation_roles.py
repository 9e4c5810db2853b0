"""What each of the nine roles sees: the navigation entries, the header, the start page and the buttons.

The views refuse what a role may not do (403); this is about not showing dead buttons.
"""

from __future__ import annotations

import re

import pytest
from personas import make_user

from luoshi.core.context import active_entry
from luoshi.ledger.models import Leader
from luoshi.units.models import Jurisdiction, JurisdictionLevel, Unit

READING = ["台账总览", "任务清单", "责任矩阵", "单位库", "领导"]
EXPECTED = {
    "office_reviewer": READING,
    "office_admin": READING + ["导入通知", "辖区配置"],
    "county_office": READING + ["导入通知", "辖区配置"],
    "leader": READING,
    "unit_reporter": READING,
    "unit_head": READING,
    "system_admin": ["辖区配置", "账号管理"],
    "security_admin": READING + ["角色授权"],
    "audit_admin": ["审计日志"],
}
LABELS = {
    "office_reviewer": "督考办审核员", "office_admin": "督考办管理员", "county_office": "县级督考办", "leader": "分管领导",
    "unit_reporter": "单位填报员", "unit_head": "单位负责人", "system_admin": "系统管理员", "security_admin": "安全管理员",
    "audit_admin": "审计管理员",
}


@pytest.fixture
def scopes(jinhua):
    county = Jurisdiction.objects.create(name="婺城区", level=JurisdictionLevel.COUNTY, parent=jinhua)
    unit = Unit.objects.create(jurisdiction=jinhua, name="市建设局", kind="department")
    leader = Leader.objects.create(jurisdiction=jinhua, name="尹学群", title="市长")
    return {
        "office_reviewer": {"jurisdiction": jinhua}, "office_admin": {"jurisdiction": jinhua}, "county_office": {"jurisdiction": county},
        "leader": {"leader": leader}, "unit_reporter": {"unit": unit}, "unit_head": {"unit": unit},
        "system_admin": {}, "security_admin": {"jurisdiction": jinhua}, "audit_admin": {},
    }


def persona_client(client, role, scopes):
    client.force_login(make_user(f"p-{role}".replace("_", "-"), role, **scopes[role]))
    return client


def nav_labels(html: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_navigation_entries_and_its_role_in_the_header(client, scopes, role):
    client = persona_client(client, role, scopes)
    html = client.get("/", follow=True).content.decode()
    assert nav_labels(html) == EXPECTED[role]
    header = html[html.index('<form class="userbox"'):]
    assert LABELS[role] in header[:header.index("</form>")]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_entry_shown_answers(client, scopes, role):
    client = persona_client(client, role, scopes)
    html = client.get("/", follow=True).content.decode()
    nav = re.search(r'<nav class="mainnav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    for url in re.findall(r'href="([^"]+)"', nav):
        assert client.get(url, follow=True).status_code == 200, url


@pytest.mark.parametrize("role, workspace", [("system_admin", "/manage/accounts/"), ("audit_admin", "/audit/")])
def test_administrators_without_ledgers_start_in_their_workspace(client, scopes, role, workspace):
    client = persona_client(client, role, scopes)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == workspace


def test_an_account_without_roles_is_told_to_ask_for_one(client, db):
    client.force_login(make_user("nobody-yet"))
    html = client.get("/").content.decode()
    assert "尚未授权" in html and "安全管理员" in html and nav_labels(html) == []


@pytest.mark.parametrize("path, key", [("/manage/accounts/", "accounts"), ("/manage/roles/", "roles"), ("/audit/", "audit")])
def test_navigation_marks_the_administration_pages(path, key):
    assert active_entry(path) == key


# ---- buttons -------------------------------------------------------------------------------------


@pytest.fixture
def published(seed_ledger, office):
    from luoshi.ledger.services import publish_ledger

    return publish_ledger(actor=office, ledger=seed_ledger)


def persona_on_seed(client, role, published):
    from luoshi.units.models import Unit

    jinhua = published.jurisdiction
    scope = {"jurisdiction": jinhua}
    if role in ("unit_reporter", "unit_head"):
        scope = {"unit": Unit.objects.get(jurisdiction=jinhua, name="市建设局")}
    elif role == "leader":
        scope = {"leader": Leader.objects.get(jurisdiction=jinhua, name="尹学群")}
    client.force_login(make_user(f"s-{role}".replace("_", "-"), role, **scope))
    return client


def first_task_code(client, ledger) -> str:
    html = client.get(f"/ledgers/{ledger.pk}/tasks/").content.decode()
    return re.search(rf'href="/ledgers/{ledger.pk}/tasks/([^/"]+)/"', html).group(1)


@pytest.mark.parametrize(
    "role, edit, export",
    [("office_admin", True, True), ("office_reviewer", True, True), ("unit_reporter", False, True), ("leader", False, True),
     ("security_admin", False, False)],
)
def test_ledger_pages_show_only_the_buttons_the_role_can_use(client, published, role, edit, export):
    client = persona_on_seed(client, role, published)
    overview = client.get(f"/ledgers/{published.pk}/").content.decode()
    assert ("核对与修订" in overview) is edit
    assert (f"/ledgers/{published.pk}/export.xlsx" in overview or "导出责任分解表" in overview) is export
    code = first_task_code(client, published)
    detail = client.get(f"/ledgers/{published.pk}/tasks/{code}/").content.decode()
    assert ("核对修改" in detail) is edit
    matrix = client.get(f"/ledgers/{published.pk}/matrix/").content.decode()
    assert ("导出 Excel" in matrix) is export


def test_review_page_hides_publish_and_reimport_from_the_reviewer(client, seed_ledger):
    client.force_login(make_user("reviewer", "office_reviewer", jurisdiction=seed_ledger.jurisdiction))
    html = client.get(f"/ledgers/{seed_ledger.pk}/review/").content.decode()
    assert "发布台账</button>" not in html and "导入修订后的通知" not in html and "发布须由督考办管理员操作" in html


def test_review_page_shows_publish_and_reimport_to_the_office_administrator(office_client, seed_ledger):
    html = office_client.get(f"/ledgers/{seed_ledger.pk}/review/").content.decode()
    assert "发布台账</button>" in html and "导入修订后的通知" in html


@pytest.mark.parametrize("role, shown", [("office_admin", True), ("office_reviewer", False), ("unit_reporter", False)])
def test_unit_page_shows_editing_only_to_unit_editors(client, published, role, shown):
    client = persona_on_seed(client, role, published)
    unit = Unit.objects.get(jurisdiction=published.jurisdiction, name="市建设局")
    html = client.get(f"/units/{unit.pk}/").content.decode()
    for label in ("改名", "合并到其他单位", "修改类型与上级"):
        assert (label in html) is shown, label


def test_capabilities_gather_every_grant_of_the_user(jinhua):
    from luoshi.core.context import capabilities_of
    from personas import grant

    county = Jurisdiction.objects.create(name="婺城区", level=JurisdictionLevel.COUNTY, parent=jinhua)
    user = make_user("two-hats", "unit_reporter", unit=Unit.objects.create(jurisdiction=jinhua, name="市建设局"))
    assert capabilities_of(user) == {"ledger.view", "ledger.export", "report.submit"}
    grant(user, "county_office", jurisdiction=county)
    assert {"ledger.import", "ledger.link", "jurisdiction.edit"} <= capabilities_of(user)
