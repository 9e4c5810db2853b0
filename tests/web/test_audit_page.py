"""The audit log page /audit/: who may see it, its filters, pagination, CSV export and query count."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from audit_helpers import write_events
from personas import make_user
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.audit.context import RequestInfo, reset_request_info, set_request_info
from luoshi.audit.models import AuditEvent
from luoshi.audit.services import record
from luoshi.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(django_user_model):
    return make_user("shenji", "audit_admin", password="Shenji-2018!")


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


@pytest.fixture
def events(office):
    token = set_request_info(RequestInfo(ip="10.1.2.3", role="督考办审核员"))
    try:
        made = [
            record(office, "unit.rename", office, before={"name": "市财政(地税)局"}, after={"name": "市财政局"}, message="改名", unit_id=5),
            record("命令行", "export", message="导出 Excel"),
            record(office, "ledger.publish", message="发布", outcome="denied"),
            record(office, "task.update", before={"text": "=HYPERLINK(\"x\")"}, after={"text": "@SUM(1)"}, message="+危险", task_id=9),
        ]
    finally:
        reset_request_info(token)
    return made


def test_anonymous_is_sent_to_login(client):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_ordinary_user_gets_a_chinese_403_and_no_menu_entry(office_client, events):
    response = office_client.get("/audit/")
    assert response.status_code == 403
    assert "审计日志只对审计管理员开放" in response.content.decode()
    assert office_client.get("/audit/export.csv").status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()
    assert 'href="/audit/"' not in office_client.get("/").content.decode()


def test_the_audit_admin_sees_every_field_newest_first(auditor_client, events):
    response = auditor_client.get("/audit/")
    html = response.content.decode()
    assert response.status_code == 200 and 'href="/audit/"' in html
    ids = [f'id="event-{e.pk}"' for e in reversed(events)]
    positions = [html.index(marker) for marker in ids]
    assert positions == sorted(positions)
    for text in ("单位改名", "市财政(地税)局", "市财政局", "10.1.2.3", "督考办审核员", "duban", "命令行", "badge red", "拒绝", "改名"):
        assert text in html, text


@pytest.mark.parametrize("role", ["system_admin", "security_admin", None])
def test_other_administrators_and_staff_may_not_read_the_log(client, django_user_model, jinhua, events, role):
    """三员分立: only the audit administrator reads the log; Django's staff flag means nothing here."""
    scope = {"jurisdiction": jinhua} if role == "security_admin" else {}
    user = make_user("sys", role, **scope)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"action": "unit.rename"}, [0]),
        ({"user": "命令"}, [1]),
        ({"outcome": "denied"}, [2]),
        ({"object": "duban"}, [0]),
        ({"object": "user"}, [0]),
        ({"object": "不存在的对象"}, []),
    ],
)
def test_filters(auditor_client, events, query, expected):
    html = auditor_client.get("/audit/", query).content.decode()
    shown = [n for n, event in enumerate(events) if f'id="event-{event.pk}"' in html]
    assert shown == expected


def test_object_and_date_filters(auditor_client, office, events):
    old = write_events(1, actor=office, at=timezone.now() - timedelta(days=30))[0]
    today = timezone.localdate()
    html = auditor_client.get("/audit/", {"date_to": (today - timedelta(days=1)).isoformat()}).content.decode()
    assert f'id="event-{old.pk}"' in html and f'id="event-{events[0].pk}"' not in html
    html = auditor_client.get("/audit/", {"date_from": today.isoformat(), "date_to": today.isoformat()}).content.decode()
    assert f'id="event-{old.pk}"' not in html and all(f'id="event-{e.pk}"' in html for e in events)


def test_a_bad_filter_is_explained_not_a_500(auditor_client, events):
    response = auditor_client.get("/audit/", {"date_from": "昨天", "outcome": "whatever"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "起始日期" in html and "该条件未生效" in html
    assert all(f'id="event-{e.pk}"' in html for e in events)


def test_pagination(auditor_client, office):
    write_events(120, actor=office)
    html = auditor_client.get("/audit/", {"page": "3"}).content.decode()
    assert "第 3 / 3 页" in html and html.count('id="event-') == 20
    assert "第 1 / 3 页" in auditor_client.get("/audit/", {"page": "abc"}).content.decode()


def test_csv_export_is_neutralised_and_itself_audited(auditor_client, auditor, events):
    response = auditor_client.get("/audit/export.csv", {"outcome": "success"}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "时间", "操作人"]
    assert [int(row[0]) for row in rows[1:]] == [events[3].pk, events[1].pk, events[0].pk]
    risky = next(row for row in rows[1:] if row[0] == str(events[3].pk))
    assert risky[13] == "'+危险" and risky[11].startswith('{"text": "=HYPERLINK')  # JSON cell starts with "{"
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor == auditor and export.actor_name == "shenji" and export.ip == "192.0.2.7"
    assert export.actor_role and export.outcome == "success" and export.created_at
    assert export.after == {"format": "csv", "filters": {"outcome": "success"}, "rows": 3}
    assert export.message == "导出审计日志 CSV，3 条" and export.hash
    assert verify_chain().ok


def test_query_count_does_not_grow_with_the_log(auditor_client, office):
    counts = []
    for extra in (3, 80):
        write_events(extra, actor=office)
        with CaptureQueriesContext(connection) as queries:
            assert auditor_client.get("/audit/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
