"""The permission matrix: every URL the project defines × every persona × their own and others' objects.

One line per case (taiga's resources_permissions): the URL, the method, the object, and the personas
that may use it. Everyone else must be refused — 403 or 404 (404 where existence must not leak), or
sent to the login page when anonymous — and a refused request changes nothing (no new audit row of a
successful action). `test_every_url_has_an_entry` fails when a URL is added without a line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from world import PERSONAS, build_world

from luoshi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGNED_IN = frozenset(PERSONAS) - {"anon"}
EVERYONE = frozenset(PERSONAS)
CITY_OFFICE = frozenset({"office_admin", "office_reviewer"})
CITY_FULL_VIEW = CITY_OFFICE | {"security_admin"}  # every task of the city, drafts included
CITY_READERS = CITY_FULL_VIEW | {"leader", "lead_unit", "coop_unit", "other_unit", "unit_head"}
CITY_EXPORTERS = CITY_READERS - {"security_admin"}  # labelling needs reading, not taking data away
TASK_1_1 = CITY_FULL_VIEW | {"leader", "lead_unit", "coop_unit", "unit_head"}  # 尹学群's task, 市建设局 leads, 市财政局 cooperates
TASK_1_3 = CITY_FULL_VIEW | {"other_unit"}  # 陈龙's task, 市教育局 leads
COUNTY_VIEW = CITY_FULL_VIEW | {"county_office"}  # the city's office answers for the county below it
EDITORS = CITY_OFFICE  # ledger.edit in the city
STALE = {"version": "0", "expected_version": "0"}  # a stale version: authorised requests are refused as stale, nothing changes


@dataclass(frozen=True)
class Case:
    name: str  # the URL's name ("namespace:name", or the route for unnamed ones)
    path: Callable  # world → path
    allowed: frozenset
    method: str = "get"
    data: dict | None = None
    note: str = ""
    to_login: bool = False  # the sign-in steps themselves answer by sending to the login page
    statuses: frozenset = frozenset()  # when set: what everyone gets (e.g. the API's JSON 404 for unknown URLs)

    @property
    def id(self) -> str:
        return f"{self.name}{'-' + self.note if self.note else ''}"


def _assignment(world, code="1-1", unit="市建设局", ledger="draft"):
    return world.task(code, getattr(world, ledger)).assignments.get(unit__name=unit).pk


def _target(world, code="1-1"):
    return world.task(code, world.draft).targets.first().pk


def _token(world):
    from luoshi.api.services import create_token

    return create_token(world.users["office_admin"], "矩阵测试")[0].pk


def _warning(world):
    return world.draft.import_warnings.first().pk


L = lambda world: world.ledger.pk  # noqa: E731 — the city's published ledger
D = lambda world: world.draft.pk  # noqa: E731
K = lambda world: world.county_ledger.pk  # noqa: E731

CASES = [
    Case("favicon.ico", lambda w: "/favicon.ico", EVERYONE),
    Case("login", lambda w: "/accounts/login/", EVERYONE),
    Case("login_code", lambda w: "/accounts/login/code/", EVERYONE, note="no-pending-sign-in", to_login=True),
    Case("logout", lambda w: "/accounts/logout/", EVERYONE, method="post", to_login=True),
    Case("password_change", lambda w: "/accounts/password/", SIGNED_IN),
    Case("totp", lambda w: "/accounts/totp/", SIGNED_IN),
    # Reading pages: lists are scoped (see test_scoped_content); objects are theirs or refused.
    Case("ledger:overview", lambda w: "/", SIGNED_IN),
    Case("ledger:ledger_overview", lambda w: f"/ledgers/{L(w)}/", CITY_READERS),
    Case("ledger:ledger_overview", lambda w: f"/ledgers/{D(w)}/", CITY_FULL_VIEW, note="draft"),
    Case("ledger:ledger_overview", lambda w: f"/ledgers/{K(w)}/", COUNTY_VIEW, note="county"),
    Case("ledger:tasks_current", lambda w: "/tasks/", SIGNED_IN),
    Case("ledger:task_list", lambda w: f"/ledgers/{L(w)}/tasks/", CITY_READERS),
    Case("ledger:task_list", lambda w: f"/ledgers/{K(w)}/tasks/", COUNTY_VIEW, note="county"),
    Case("ledger:task_detail", lambda w: f"/ledgers/{L(w)}/tasks/1-1/", TASK_1_1),
    Case("ledger:task_detail", lambda w: f"/ledgers/{L(w)}/tasks/1-3/", TASK_1_3, note="other-unit"),
    Case("ledger:task_detail", lambda w: f"/ledgers/{D(w)}/tasks/1-1/", CITY_FULL_VIEW, note="draft"),
    Case("ledger:task_detail", lambda w: f"/ledgers/{K(w)}/tasks/1-1/", COUNTY_VIEW, note="county"),
    Case("ledger:leader_list", lambda w: "/leaders/", SIGNED_IN),
    Case("ledger:leader_detail", lambda w: f"/leaders/{w.leader('尹学群').pk}/", TASK_1_1),
    Case("ledger:leader_detail", lambda w: f"/leaders/{w.leader('陈龙').pk}/", TASK_1_3, note="other-leader"),
    Case("ledger:matrix_current", lambda w: "/matrix/", SIGNED_IN),
    Case("ledger:matrix", lambda w: f"/ledgers/{L(w)}/matrix/", CITY_READERS),
    Case("ledger:matrix", lambda w: f"/ledgers/{K(w)}/matrix/", COUNTY_VIEW, note="county"),
    # Downloads.
    *[Case(f"ledger:{name}", (lambda suffix: lambda w: f"/ledgers/{L(w)}/{suffix}")(suffix), CITY_EXPORTERS)
      for name, suffix in (("export_xlsx", "export.xlsx"), ("export_docx", "export.docx"), ("export_csv", "export.csv"),
                           ("matrix_xlsx", "matrix.xlsx"))],
    Case("ledger:export_xlsx", lambda w: f"/ledgers/{K(w)}/export.xlsx", CITY_OFFICE | {"county_office"}, note="county"),
    Case("ledger:export_csv", lambda w: f"/ledgers/{D(w)}/export.csv", CITY_OFFICE, note="draft"),
    *[Case(f"ledger:unit_tasks_{fmt}", (lambda fmt: lambda w: f"/units/{w.unit('市建设局').pk}/tasks.{fmt}")(fmt),
           CITY_OFFICE | {"leader", "lead_unit", "unit_head"}) for fmt in ("xlsx", "docx", "csv")],
    Case("ledger:unit_tasks_xlsx", lambda w: f"/units/{w.unit('市教育局').pk}/tasks.xlsx", CITY_OFFICE | {"other_unit"}, note="other-unit"),
    # Import, review and correction: the office (publishing and importing: its administrator only).
    Case("ledger:import", lambda w: "/import/", frozenset({"office_admin", "county_office"})),
    Case("ledger:import", lambda w: "/import/", frozenset({"office_admin", "county_office"}), method="post", data={}, note="post"),
    Case("ledger:review", lambda w: f"/ledgers/{D(w)}/review/", EDITORS),
    Case("ledger:review", lambda w: f"/ledgers/{K(w)}/review/", EDITORS | {"county_office"}, note="county"),
    Case("ledger:review_publish", lambda w: f"/ledgers/{D(w)}/review/publish/", frozenset({"office_admin"}), method="post", data=STALE),
    Case("ledger:review_warning", lambda w: f"/ledgers/{D(w)}/review/warnings/{_warning(w)}/", EDITORS, method="post",
         data={"action": "nothing-known"}),
    Case("ledger:review_task", lambda w: f"/ledgers/{D(w)}/review/tasks/1-1/", EDITORS),
    Case("ledger:review_task_update", lambda w: f"/ledgers/{D(w)}/review/tasks/1-1/update/", EDITORS, method="post",
         data={**STALE, "text": "改过的任务"}),
    Case("ledger:review_assignment_add", lambda w: f"/ledgers/{D(w)}/review/tasks/1-1/units/", EDITORS, method="post",
         data={**STALE, "unit": "市水务局", "role": "cooperating"}),
    Case("ledger:review_assignment_remove", lambda w: f"/ledgers/{D(w)}/review/tasks/1-1/units/{_assignment(w)}/remove/", EDITORS,
         method="post", data=STALE),
    Case("ledger:review_assignment_role", lambda w: f"/ledgers/{D(w)}/review/tasks/1-1/units/{_assignment(w)}/role/", EDITORS,
         method="post", data={**STALE, "role": "cooperating"}),
    Case("ledger:review_target", lambda w: f"/ledgers/{D(w)}/review/tasks/1-1/targets/{_target(w)}/", EDITORS, method="post",
         data={**STALE, "indicator": "新开工项目", "comparator": "=", "value": "5", "unit": "个"}),
    Case("ledger:review_task_update", lambda w: f"/ledgers/{L(w)}/review/tasks/1-3/update/", EDITORS, method="post",
         data={**STALE, "text": "改过的任务"}, note="published-other-unit"),
    Case("ledger:reimport", lambda w: f"/ledgers/{D(w)}/reimport/", frozenset({"office_admin"})),
    Case("ledger:reimport_apply", lambda w: f"/ledgers/{D(w)}/reimport/apply/", frozenset({"office_admin"}), method="post", data={}),
    Case("ledger:ledger_link", lambda w: f"/ledgers/{K(w)}/link/", frozenset({"office_admin", "county_office"})),
    Case("ledger:task_link", lambda w: f"/ledgers/{K(w)}/tasks/1-1/link/", frozenset({"office_admin", "county_office"})),
    Case("ledger:ledger_link", lambda w: f"/ledgers/{L(w)}/link/", frozenset({"office_admin"}), method="post", data={"version": "0"},
         note="city-post"),
    # Units and jurisdictions.
    Case("units:unit_list", lambda w: "/units/", SIGNED_IN),
    Case("units:unit_detail", lambda w: f"/units/{w.unit('市建设局').pk}/", CITY_FULL_VIEW | {"leader", "lead_unit", "unit_head"}),
    Case("units:unit_detail", lambda w: f"/units/{w.unit('市教育局').pk}/", CITY_FULL_VIEW | {"other_unit"}, note="other-unit"),
    Case("units:unit_detail", lambda w: f"/units/{w.unit('区建设局').pk}/", COUNTY_VIEW, note="county"),
    *[Case(f"units:unit_{action}", (lambda action: lambda w: f"/units/{w.unit('市建设局').pk}/{action}/")(action), frozenset({"office_admin"}))
      for action in ("edit", "rename", "merge")],
    Case("units:unit_rename", lambda w: f"/units/{w.unit('区建设局').pk}/rename/", frozenset({"office_admin", "county_office"}), note="county"),
    Case("units:unit_rename", lambda w: f"/units/{w.unit('市建设局').pk}/rename/", frozenset({"office_admin"}), method="post",
         data={**STALE, "name": "市住房和城乡建设局"}, note="post"),
    Case("units:jurisdiction_list", lambda w: "/jurisdictions/", frozenset({"office_admin", "county_office", "system_admin"})),
    Case("units:jurisdiction_create", lambda w: "/jurisdictions/new/", frozenset({"office_admin", "county_office", "system_admin"})),
    Case("units:jurisdiction_edit", lambda w: f"/jurisdictions/{w.city.pk}/", frozenset({"office_admin", "system_admin"})),
    Case("units:jurisdiction_edit", lambda w: f"/jurisdictions/{w.county.pk}/", frozenset({"office_admin", "county_office", "system_admin"}),
         note="county"),
    # The REST API: the same scoping as the pages; unknown URLs answer JSON 404 to everyone.
    Case("api/", lambda w: "/api/", EVERYONE, statuses=frozenset({404})),
    Case("api:api-root", lambda w: "/api/", EVERYONE, statuses=frozenset({404})),
    Case("api/<path:rest>", lambda w: "/api/nothing-here", EVERYONE, statuses=frozenset({404})),
    Case("api:openapi-json", lambda w: "/api/openapi.json", EVERYONE),
    Case("api:openapi-view", lambda w: "/api/docs", EVERYONE),
    Case("api:me", lambda w: "/api/me", SIGNED_IN),
    Case("api:list_ledgers", lambda w: "/api/ledgers", SIGNED_IN),
    Case("api:get_ledger", lambda w: f"/api/ledgers/{L(w)}", CITY_READERS),
    Case("api:get_ledger", lambda w: f"/api/ledgers/{D(w)}", CITY_FULL_VIEW, note="draft"),
    Case("api:get_ledger", lambda w: f"/api/ledgers/{K(w)}", COUNTY_VIEW, note="county"),
    Case("api:list_tasks", lambda w: f"/api/ledgers/{L(w)}/tasks", CITY_READERS),
    Case("api:list_tasks", lambda w: f"/api/ledgers/{K(w)}/tasks", COUNTY_VIEW, note="county"),
    Case("api:get_task", lambda w: f"/api/ledgers/{L(w)}/tasks/1-1", TASK_1_1),
    Case("api:get_task", lambda w: f"/api/ledgers/{L(w)}/tasks/1-3", TASK_1_3, note="other-unit"),
    Case("api:patch_task", lambda w: f"/api/ledgers/{D(w)}/tasks/1-1", EDITORS, method="patch", data={"text": "改过的任务", "version": 999}),
    Case("api:patch_task", lambda w: f"/api/ledgers/{L(w)}/tasks/1-3", EDITORS, method="patch", data={"text": "改过的任务", "version": 999},
         note="published-other-unit"),
    Case("api:list_targets", lambda w: f"/api/ledgers/{L(w)}/targets", CITY_READERS),
    Case("api:list_units", lambda w: "/api/units", SIGNED_IN),
    Case("api:get_unit", lambda w: f"/api/units/{w.unit('市建设局').pk}", CITY_FULL_VIEW | {"leader", "lead_unit", "unit_head"}),
    Case("api:get_unit", lambda w: f"/api/units/{w.unit('区建设局').pk}", COUNTY_VIEW, note="county"),
    Case("api:list_public_ledgers", lambda w: "/api/public/ledgers", EVERYONE),
    Case("api:list_public_tasks", lambda w: f"/api/public/ledgers/{L(w)}/tasks", EVERYONE),
    Case("api:list_public_tasks", lambda w: f"/api/public/ledgers/{D(w)}/tasks", EVERYONE, statuses=frozenset({404}), note="draft"),
    Case("api:get_public_task", lambda w: f"/api/public/ledgers/{L(w)}/tasks/1-3", EVERYONE),
    Case("api:get_public_task", lambda w: f"/api/public/ledgers/{L(w)}/tasks/1-1", EVERYONE, statuses=frozenset({404}), note="internal"),
    Case("api_tokens:list", lambda w: "/accounts/tokens/", SIGNED_IN),
    Case("api_tokens:revoke", lambda w: f"/accounts/tokens/{_token(w)}/revoke/", frozenset({"office_admin"}), method="post"),
    # Security labels: whoever labels in the jurisdiction (office administrator, security administrator).
    Case("ledger:task_label", lambda w: f"/ledgers/{L(w)}/tasks/1-1/label/", frozenset({"office_admin", "security_admin"}), method="post",
         data={"label": "public", "version": "999"}),
    Case("ledger:section_label", lambda w: f"/ledgers/{L(w)}/sections/1/label/", frozenset({"office_admin", "security_admin"}),
         method="post", data={"label": "internal"}),
    Case("units:jurisdiction_settings", lambda w: f"/jurisdictions/{w.city.pk}/settings/", frozenset({"office_admin", "system_admin"}),
         method="post", data={"require_head_signoff": "on", "version": "999"}),
    Case("units:jurisdiction_settings", lambda w: f"/jurisdictions/{w.county.pk}/settings/",
         frozenset({"office_admin", "county_office", "system_admin"}), method="post", data={"require_head_signoff": "on", "version": "999"},
         note="county"),
    # The public pages: the same for everyone — published ledgers, 公开 tasks; 内部 and drafts are missing.
    Case("public:index", lambda w: "/public/", EVERYONE),
    Case("public:ledger", lambda w: f"/public/ledgers/{L(w)}/", EVERYONE),
    Case("public:ledger", lambda w: f"/public/ledgers/{D(w)}/", EVERYONE, statuses=frozenset({404}), note="draft"),
    Case("public:ledger_csv", lambda w: f"/public/ledgers/{L(w)}/tasks.csv", EVERYONE),
    Case("public:task", lambda w: f"/public/ledgers/{L(w)}/tasks/1-3/", EVERYONE),
    Case("public:task", lambda w: f"/public/ledgers/{L(w)}/tasks/1-1/", EVERYONE, statuses=frozenset({404}), note="internal"),
    # Accounts (system administrator) and roles (security administrator): 三员分立.
    Case("account_list", lambda w: "/manage/accounts/", frozenset({"system_admin"})),
    Case("account_create", lambda w: "/manage/accounts/new/", frozenset({"system_admin"}), method="post", data={}),
    Case("account_password", lambda w: f"/manage/accounts/{w.users['lead_unit'].pk}/password/", frozenset({"system_admin"}), method="post"),
    Case("account_action", lambda w: f"/manage/accounts/{w.users['lead_unit'].pk}/unlock/", frozenset({"system_admin"}), method="post"),
    Case("role_list", lambda w: "/manage/roles/", frozenset({"security_admin"})),
    Case("role_unit_options", lambda w: f"/manage/roles/units/?jurisdiction={w.city.pk}", frozenset({"security_admin"})),
    Case("role_grant", lambda w: "/manage/roles/grant/", frozenset({"security_admin"}), method="post", data={}),
    Case("role_revoke", lambda w: f"/manage/roles/grants/{w.users['lead_unit'].role_grants.get().pk}/revoke/", frozenset({"security_admin"}),
         method="post"),
    Case("role_revoke", lambda w: f"/manage/roles/grants/{w.users['county_office'].role_grants.get().pk}/revoke/",
         frozenset({"security_admin"}), method="post", note="county-below-the-city"),
    # The audit log: the audit administrator only (三员分立).
    Case("audit:event_list", lambda w: "/audit/", frozenset({"audit_admin"})),
    Case("audit:export_csv", lambda w: "/audit/export.csv", frozenset({"audit_admin"})),
]


def project_urls() -> set[str]:
    """Every URL pattern's name ("namespace:name"; the route where unnamed)."""
    names: set[str] = set()

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern),
                     namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif isinstance(pattern, URLPattern):
                names.add(namespace + pattern.name if pattern.name else prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "")
    return names


def test_every_url_has_an_entry():
    missing = project_urls() - {case.name for case in CASES}
    assert not missing, f"这些 URL 在权限矩阵中没有条目，请在 CASES 中补上：{sorted(missing)}"


def refused(persona: str, response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return persona == "anon" and response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def served(case: Case, response) -> bool:
    """Let through: a page, a download, a redirect elsewhere than the login page, or a refusal of the data itself."""
    if response.status_code in (200, 204, 301, 303, 400, 409):
        return True
    return response.status_code == 302 and (case.to_login or not response["Location"].startswith("/accounts/login/"))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_permission_matrix(client, case):
    from django.core.cache import cache

    cache.clear()  # the API's rate limits count per process: each case starts afresh
    world = build_world(passwords=False)
    path = case.path(world)
    problems = []
    for persona in PERSONAS:
        user = world.users[persona]
        client.logout()
        if user is not None:
            client.force_login(user)
        before = AuditEvent.objects.filter(outcome="success").exclude(action__startswith="auth.").count()
        if case.method == "patch":
            response = client.patch(path, case.data, content_type="application/json")
        elif case.method == "post":
            response = client.post(path, case.data or {})
        else:
            response = client.get(path)
        if response.status_code >= 500:
            problems.append(f"{persona}: {response.status_code}")
        elif case.statuses:
            if response.status_code not in case.statuses:
                problems.append(f"{persona} 应得到 {sorted(case.statuses)}，却得到 {response.status_code}")
        elif persona in case.allowed and not served(case, response):
            problems.append(f"{persona} 应可访问，却得到 {response.status_code} {response.get('Location', '')}")
        elif persona not in case.allowed:
            if not refused(persona, response):
                problems.append(f"{persona} 应被拒绝，却得到 {response.status_code} {response.get('Location', '')}")
            after = AuditEvent.objects.filter(outcome="success").exclude(action__startswith="auth.").count()
            if after != before:
                problems.append(f"{persona} 被拒绝的请求改动了数据（新增 {after - before} 条成功的审计记录）")
    assert not problems, f"{case.method.upper()} {path}:\n" + "\n".join(problems)


def test_units_a_reader_may_not_open_are_named_not_linked(client):
    """A cooperating unit's reporter meets the lead unit on their task: its name, but no link to a page that would 404."""
    world = build_world(passwords=False)
    lead, coop = world.unit("市建设局"), world.unit("市财政局")
    client.force_login(world.users["coop_unit"])
    for path in (f"/ledgers/{world.ledger.pk}/tasks/1-1/", f"/ledgers/{world.ledger.pk}/tasks/", f"/units/{coop.pk}/"):
        html = client.get(path).content.decode()
        assert "市建设局" in html and f"/units/{lead.pk}/" not in html, path
    assert f'/units/{coop.pk}/"' in client.get(f"/ledgers/{world.ledger.pk}/tasks/1-1/").content.decode()
    client.force_login(world.users["office_admin"])
    assert f"/units/{lead.pk}/" in client.get(f"/ledgers/{world.ledger.pk}/tasks/1-1/").content.decode()
