"""PATCH /api/ledgers/{id}/tasks/{code}: the correction goes through update_task, with its audit row,
version check (409), field validation (422), service refusals (400) and permission (403)."""

import json

import pytest
from api_helpers import api_client, bearer, error, fresh_rate_limits, office_token, patch_json, read  # noqa: F401
from django.test import Client

from luoshi.api import permissions
from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Task


@pytest.fixture
def task(seed_ledger):
    return Task.objects.get(ledger=seed_ledger, code="1-46")


def url(task) -> str:
    return f"/api/ledgers/{task.ledger_id}/tasks/{task.code}"


def test_patch_changes_the_task_bumps_its_version_and_writes_one_audit_row(api_client, task, office):
    before = AuditEvent.objects.filter(action="task.update").count()
    body = read(patch_json(api_client, url(task), {"deadline_text": "2018年底前", "deadline": "2018-12-31", "version": task.version}))
    assert body["deadline_text"] == "2018年底前" and body["deadline"] == "2018-12-31"
    assert body["version"] == task.version + 1
    stored = Task.objects.get(pk=task.pk)
    assert (stored.deadline_text, stored.deadline.isoformat(), stored.version) == ("2018年底前", "2018-12-31", task.version + 1)
    events = AuditEvent.objects.filter(action="task.update").order_by("id")
    assert events.count() == before + 1
    event = events.last()
    assert event.actor == office and event.task_id == task.pk and event.ledger_id == task.ledger_id
    assert event.before == {"deadline_text": "", "deadline": None}
    assert event.after == {"deadline_text": "2018年底前", "deadline": "2018-12-31"}
    assert event.ip == "127.0.0.1" and event.outcome == "success" and event.actor_role == "office_admin"


def test_only_the_given_fields_change(api_client, task):
    text = "聚全市之力培育发展义新欧班列，力争往返400列。"
    body = read(patch_json(api_client, url(task), {"text": text, "version": task.version}))
    assert body["text"] == text
    stored = Task.objects.get(pk=task.pk)
    assert stored.text == text and stored.deadline_text == task.deadline_text


def test_stale_version_is_409_and_changes_nothing(api_client, task):
    read(patch_json(api_client, url(task), {"deadline_text": "6月底前", "version": task.version}))
    message = error(patch_json(api_client, url(task), {"deadline_text": "9月底前", "version": task.version}), 409)
    assert "修改" in message
    assert Task.objects.get(pk=task.pk).deadline_text == "6月底前"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"deadline": "明年", "version": 1}, "deadline"),
        ({"deadline_text": "年底前"}, "version"),
        ({"deadline_text": "长" * 101, "version": 1}, "deadline_text"),
        ({"code": "9-9", "version": 1}, "code"),
        ({"text": "", "version": 1}, "text"),
        ({"version": "一"}, "version"),
    ],
)
def test_bad_fields_are_422_naming_the_field(api_client, task, payload, field):
    message = error(patch_json(api_client, url(task), payload), 422)
    assert field in message, message
    assert Task.objects.get(pk=task.pk).version == task.version


def test_nothing_to_change_is_422_and_a_body_that_is_no_json_400(api_client, task):
    assert "请至少给出一个要修改的字段" in error(patch_json(api_client, url(task), {"version": task.version}), 422)
    response = api_client.patch(url(task), data="{不是 JSON", content_type="application/json")
    assert "JSON" in error(response, 400)
    assert "请求体" in error(patch_json(api_client, url(task), ["version", 1]), 422)


def test_a_refusal_of_the_service_is_400_with_its_message(api_client, task):
    assert error(patch_json(api_client, url(task), {"text": "   ", "version": task.version}), 400) == "任务内容不能为空"


def test_without_permission_the_patch_is_403(api_client, task, monkeypatch):
    monkeypatch.setattr(permissions, "may_edit_ledger", lambda user, ledger: False)
    message = error(patch_json(api_client, url(task), {"deadline_text": "年底前", "version": task.version}), 403)
    assert "权限" in message
    assert Task.objects.get(pk=task.pk).version == task.version


def test_session_callers_need_the_csrf_token(office, task):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(office)
    payload = {"deadline_text": "年底前", "version": task.version}
    assert "CSRF" in error(patch_json(browser, url(task), payload), 403)
    assert read(browser.get(url(task)))["version"] == task.version  # reading needs no token
    browser.get("/api/docs")  # sets the CSRF cookie, as the docs page does
    token = browser.cookies["csrftoken"].value
    assert read(patch_json(browser, url(task), payload, headers={"X-CSRFToken": token}))["deadline_text"] == "年底前"


def test_a_token_needs_no_csrf_token(office_token, task):
    script = Client(enforce_csrf_checks=True, headers=bearer(office_token))
    assert read(patch_json(script, url(task), {"deadline_text": "年底前", "version": task.version}))["version"] == task.version + 1
