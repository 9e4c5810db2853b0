"""/api/public/…: the public pages as data. 内部 tasks, drafts and internal fields never reach it.

Same world as test_public_pages: the seed published with 附件2 (22 tasks) labelled 公开, a marker in an
internal task's text and in a unit only internal tasks have, and a draft ledger with 公开 tasks.
"""

import json

import pytest
from api_helpers import all_items, bearer, error, fresh_rate_limits, make_token, read  # noqa: F401
from django.test import Client
from test_public_pages import DRAFT_MARKER, MARKER, draft_ledger, public_ledger  # noqa: F401

from luoshi.ledger.models import Task

pytestmark = pytest.mark.django_db


def test_public_ledgers_count_only_public_tasks_and_hide_drafts(client, public_ledger, draft_ledger):
    ledgers = all_items(client, "/api/public/ledgers")
    assert [(item["id"], item["task_count"]) for item in ledgers] == [(public_ledger.pk, 22)]
    assert ledgers[0]["url"].endswith(f"/public/ledgers/{public_ledger.pk}/")
    assert error(client.get(f"/api/public/ledgers/{draft_ledger.pk}/tasks"), 404) == "该台账不存在或尚未公开发布"


def test_public_tasks_are_the_22_livelihood_projects_without_internal_fields(client, public_ledger):
    tasks = all_items(client, f"/api/public/ledgers/{public_ledger.pk}/tasks")
    assert [t["code"] for t in tasks] == list(
        Task.objects.filter(ledger=public_ledger, section__index=2).order_by("order").values_list("code", flat=True)
    )
    assert len(tasks) == 22
    first = tasks[0]
    assert set(first) == {"code", "number", "text", "section", "group", "leaders", "lead_units", "cooperating_units",
                          "deadline_text", "deadline", "targets", "url"}
    assert first["lead_units"] and all(isinstance(name, str) for name in first["lead_units"])
    detail = read(client.get(f"/api/public/ledgers/{public_ledger.pk}/tasks/{first['code']}"))
    assert detail == first


def test_internal_tasks_and_markers_never_reach_the_public_api(client, public_ledger, draft_ledger, office):
    internal = Client(headers=bearer(make_token(office)))
    assert MARKER in internal.get(f"/api/ledgers/{public_ledger.pk}/tasks/1-1").content.decode()  # the marker is there to find
    for caller in (client, Client(headers=bearer(make_token(office)))):  # a token or session changes nothing here
        bodies = [caller.get("/api/public/ledgers").content.decode()]
        bodies.append(caller.get(f"/api/public/ledgers/{public_ledger.pk}/tasks?page_size=200").content.decode())
        for code in Task.objects.filter(ledger=public_ledger, section__index=2).values_list("code", flat=True):
            bodies.append(caller.get(f"/api/public/ledgers/{public_ledger.pk}/tasks/{code}").content.decode())
        text = "\n".join(json.loads(body) and body for body in bodies)
        assert MARKER not in text and DRAFT_MARKER not in text
        assert error(caller.get(f"/api/public/ledgers/{public_ledger.pk}/tasks/1-1"), 404) == "该事项不存在或未公开"
        assert error(caller.get(f"/api/public/ledgers/{public_ledger.pk}/tasks/9-99"), 404) == "该事项不存在或未公开"


def test_the_public_api_is_listed_in_the_openapi_document(client):
    paths = read(client.get("/api/openapi.json"))["paths"]
    assert {"/api/public/ledgers", "/api/public/ledgers/{ledger_id}/tasks", "/api/public/ledgers/{ledger_id}/tasks/{code}"} <= set(paths)
