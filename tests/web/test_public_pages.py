"""The public pages: published ledgers and their 公开 tasks only, for anyone, without signing in.

The seed ledger is published with 附件2 (十方面民生实事, 22 tasks) labelled 公开; an internal task's
text and an internal unit's name carry a marker that must never reach a public page or the CSV; a
draft ledger with 公开 tasks must not be listed either.
"""

import csv
import io
import re

import pytest

from luoshi.audit.models import AuditEvent
from luoshi.ledger.exports.csv import LEDGER_HEADERS
from luoshi.ledger.models import LedgerStatus, SecurityLabel, Task
from luoshi.ledger.services import add_assignment, import_text, publish_ledger, set_section_label, update_task

MARKER = "QZX7内部"  # in an internal task's text and in the name of a unit only internal tasks have
DRAFT_MARKER = "草稿QZX8"
DRAFT_NOTICE = f"""金华市人民政府办公室关于印发2019年民生实事责任分解的通知
一、加强食品安全监管
1.{DRAFT_MARKER}新建农贸市场10家。
牵头单位:市市场监管局
"""


@pytest.fixture
def public_ledger(seed_ledger, office):
    ledger = publish_ledger(actor=office, ledger=seed_ledger)
    assert set_section_label(office, ledger.sections.get(index=2), SecurityLabel.PUBLIC) == 22
    internal = Task.objects.get(ledger=ledger, code="1-1")
    update_task(actor=office, task=internal, expected_version=internal.version, text=f"{internal.text}（{MARKER}）")
    other = Task.objects.get(ledger=ledger, code="1-2")
    add_assignment(office, other, f"市{MARKER}专班", "cooperating", other.version)
    return ledger


@pytest.fixture
def draft_ledger(jinhua, office):
    """A draft whose tasks are labelled 公开: still never public, because it is not published."""
    ledger = import_text(actor=office, jurisdiction=jinhua, text=DRAFT_NOTICE).ledger
    assert ledger.status == LedgerStatus.DRAFT
    set_section_label(office, ledger.sections.get(), SecurityLabel.PUBLIC)
    return ledger


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def public_urls(client, ledger) -> list[str]:
    """Every public page reachable from the index, the ledger page and its task pages."""
    index = f"/public/"
    ledger_page = f"/public/ledgers/{ledger.pk}/"
    html = body(client.get(ledger_page))
    tasks = sorted(set(re.findall(rf'href="(/public/ledgers/{ledger.pk}/tasks/[^"/]+/)"', html)))
    return [index, ledger_page, *tasks]


def test_index_lists_published_ledgers_with_their_public_counts(client, public_ledger, draft_ledger):
    html = body(client.get("/public/"))
    assert "落实 · 政府工作报告民生实事公开" in html and 'href="/accounts/login/">工作人员登录</a>' in html
    assert public_ledger.title in html and f'href="/public/ledgers/{public_ledger.pk}/"' in html
    assert "<strong>22</strong> 项公开事项" in html and "金华市" in html and "金政办发〔2018〕23号" in html
    assert f'href="/public/ledgers/{draft_ledger.pk}/"' not in html and "2019年民生实事" not in html
    # No internal navigation, no user box, no link into the internal pages.
    assert 'class="mainnav"' not in html and "userbox" not in html and "退出" not in html
    assert not [href for href in re.findall(r'href="([^"]+)"', html) if not href.startswith(("/public/", "/static/", "/accounts/login/"))]


def test_a_published_ledger_without_public_tasks_is_listed_without_a_link(client, seed_ledger, office):
    ledger = publish_ledger(actor=office, ledger=seed_ledger)
    html = body(client.get("/public/"))
    assert ledger.title in html and "暂无公开事项" in html
    assert f'href="/public/ledgers/{ledger.pk}/"' not in html
    page = body(client.get(f"/public/ledgers/{ledger.pk}/"))
    assert "本台账暂无公开事项" in page and "共 <strong>0</strong> 项公开事项" in page


def test_no_ledger_at_all(client, db):
    assert "目前还没有公开发布的台账" in body(client.get("/public/"))


def test_ledger_page_shows_the_22_public_tasks_by_group(client, public_ledger):
    html = body(client.get(f"/public/ledgers/{public_ledger.pk}/"))
    assert "共 <strong>22</strong> 项公开事项" in html
    assert html.count('<article class="card pub-task"') == 22
    assert "附件2 " in html and "附件1 " not in html
    assert '<h3 class="pub-group depth-0">加强食品安全监管</h3>' in html
    assert html.count('<h3 class="pub-group') == 10  # the ten themes
    first = html[html.index('id="task-2-1"') : html.index('id="task-2-2"')]
    assert '<mark class="target"' in first and "改造提升农村家宴放心厨房" in first
    assert "市市场监管局" in first and "市公安局" in first and "完成时限" in first
    assert "依通知规定配合" in first  # the cover notice's default cooperating units, counted
    # Units and leaders are plain text: the only links go to the public pages (and the staff login).
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and not [h for h in hrefs if not h.startswith(("/public/", "/static/", "/accounts/login/", "#"))]
    assert f'href="/public/ledgers/{public_ledger.pk}/tasks.csv"' in html


def test_task_page_shows_one_public_task(client, public_ledger):
    html = body(client.get(f"/public/ledgers/{public_ledger.pk}/tasks/2-1/"))
    task = Task.objects.get(ledger=public_ledger, code="2-1")
    assert "附件2 第 1 项" in html and "› 加强食品安全监管</p>" in html
    text = html[html.index('<p class="task-body">') :]
    marks = re.findall(r'<mark class="target"[^>]*>([^<]+)</mark>', text[: text.index("</p>")])
    assert marks[:2] == ["改造提升农村家宴放心厨房150家", "打造具有地方特色的名特优食品作坊50家"] and len(marks) == 6
    assert "量化目标 <span class=\"muted small\">6 个</span>" in html
    assert "市市场监管局" in html and "市建设局" in html and "婺城区政府" in html  # written, and added by the notice's rule
    assert f'href="/public/ledgers/{public_ledger.pk}/tasks/2-2/" rel="next"' in html and 'rel="prev"' not in html
    # Nothing internal: no source lines, no rule codes or texts, no history, no review link.
    for internal in ("原文位置", "第 550", "R1", "除特别注明的外", "历史", "核对修改", "/review/", "/units/", "/ledgers/"):
        assert internal not in main(html).replace(f"/public/ledgers/{public_ledger.pk}/", ""), internal
    assert re.sub(r"<[^>]+>", "", text[: text.index("</p>")]).endswith(task.text)
    last = body(client.get(f"/public/ledgers/{public_ledger.pk}/tasks/2-22/"))
    assert 'rel="next"' not in last and f'/public/ledgers/{public_ledger.pk}/tasks/2-21/" rel="prev"' in last


def test_internal_and_missing_tasks_answer_404_with_the_same_message(client, public_ledger, draft_ledger):
    internal = client.get(f"/public/ledgers/{public_ledger.pk}/tasks/1-1/")
    missing = client.get(f"/public/ledgers/{public_ledger.pk}/tasks/9-99/")
    assert internal.status_code == missing.status_code == 404
    strip = lambda r: re.sub(r"<code>[^<]*</code>", "", main(r.content.decode()))  # noqa: E731 - the 错误编号 differs
    assert strip(internal) == strip(missing) and "该事项不存在或未公开" in strip(internal)
    assert MARKER not in internal.content.decode()
    assert "工作人员登录" in internal.content.decode() and 'class="mainnav"' not in internal.content.decode()
    for url in (
        f"/public/ledgers/{draft_ledger.pk}/",
        f"/public/ledgers/{draft_ledger.pk}/tasks/1-1/",
        f"/public/ledgers/{draft_ledger.pk}/tasks.csv",
        f"/public/ledgers/{public_ledger.pk + 1000}/",
        f"/public/ledgers/{public_ledger.pk + 1000}/tasks.csv",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "该台账不存在或尚未公开发布" in response.content.decode() and DRAFT_MARKER not in response.content.decode()


def test_public_csv_has_the_22_public_tasks_and_neutralises_formulas(client, public_ledger, office):
    task = Task.objects.get(ledger=public_ledger, code="2-22")
    update_task(actor=office, task=task, expected_version=task.version, text="=HYPERLINK(\"http://example.invalid\",\"点此\")")
    response = client.get(f"/public/ledgers/{public_ledger.pk}/tasks.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"] and "filename*=UTF-8''" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == LEDGER_HEADERS
    assert len(rows) == 1 + 22
    assert {row[0] for row in rows[1:]} == {public_ledger.sections.get(index=2).title}
    assert rows[-1][3].startswith("'=HYPERLINK")
    assert MARKER not in raw.decode("utf-8")


def test_the_marker_never_reaches_any_public_page_or_the_csv(client, django_user_model, public_ledger, draft_ledger, office):
    anonymous = client
    urls = public_urls(anonymous, public_ledger)
    assert len(urls) == 2 + 22
    signed_in = django_user_model.objects.get(pk=office.pk)
    from django.test import Client

    staff = Client()
    staff.force_login(signed_in)
    for who in (anonymous, staff):
        for url in [*urls, f"/public/ledgers/{public_ledger.pk}/tasks.csv"]:
            text = body(who.get(url))
            assert MARKER not in text and DRAFT_MARKER not in text, url
            assert "QZX" not in text, url


def test_signed_in_staff_see_exactly_what_the_public_sees(client, public_ledger, office):
    from django.test import Client

    staff = Client()
    staff.force_login(office)
    for url in public_urls(client, public_ledger):
        assert main(body(staff.get(url))) == main(body(client.get(url))), url
    assert staff.get(f"/public/ledgers/{public_ledger.pk}/tasks.csv").content == client.get(
        f"/public/ledgers/{public_ledger.pk}/tasks.csv"
    ).content
    # The office itself sees the internal task on the internal page, of course.
    assert MARKER in body(staff.get(f"/ledgers/{public_ledger.pk}/tasks/1-1/"))


def test_public_reads_write_no_audit_rows(client, public_ledger):
    before = AuditEvent.objects.count()
    for url in [*public_urls(client, public_ledger), f"/public/ledgers/{public_ledger.pk}/tasks.csv"]:
        client.get(url)
    assert AuditEvent.objects.count() == before


def test_public_pages_are_read_only(client, public_ledger):
    assert client.post("/public/").status_code == 405
    assert client.post(f"/public/ledgers/{public_ledger.pk}/tasks.csv").status_code == 405


def test_the_login_page_links_to_the_public_pages(client, db):
    html = body(client.get("/accounts/login/"))
    assert 'href="/public/"' in html


def test_the_internal_overview_links_to_its_public_page(office_client, public_ledger):
    html = body(office_client.get(f"/ledgers/{public_ledger.pk}/"))
    assert f'href="/public/ledgers/{public_ledger.pk}/"' in html


def test_public_pages_issue_a_fixed_number_of_queries(client, public_ledger, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        body(client.get(f"/public/ledgers/{public_ledger.pk}/"))
    with django_assert_max_num_queries(10):
        body(client.get(f"/public/ledgers/{public_ledger.pk}/tasks/2-1/"))
    with django_assert_max_num_queries(4):
        body(client.get("/public/"))


def test_hostile_text_in_a_public_task_stays_text(client, public_ledger, office):
    task = Task.objects.get(ledger=public_ledger, code="2-4")
    update_task(actor=office, task=task, expected_version=task.version, text='打通断头路6条<script>alert(1)</script>"><img src=x onerror=alert(2)>')
    task.refresh_from_db()
    add_assignment(office, task, '市<b onmouseover="x()">专班</b>', "cooperating", task.version)
    for url in (f"/public/ledgers/{public_ledger.pk}/", f"/public/ledgers/{public_ledger.pk}/tasks/2-4/"):
        html = body(client.get(url))
        assert "<script>alert" not in html and "<img src=x" not in html and "<bonmouseover" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "专班&lt;/b&gt;" in html, url
