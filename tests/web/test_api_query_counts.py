"""Every API list costs the same number of SQL queries for 5 items and for a full page: no query per
task, unit, leader or target. The counts are printed (pytest -s) for the record."""

import sys
from urllib.parse import urlencode

import pytest
from api_helpers import api_client, fresh_rate_limits, office_token, read  # noqa: F401
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import ROOT
from luoshi.ledger.models import Leader
from luoshi.ledger.services import import_notice

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import synthetic_notice  # noqa: E402


def queries_for(client, url: str, **params) -> tuple[int, int]:
    """(queries, items) of one request."""
    url += ("&" if "?" in url else "?") + urlencode(params)
    with CaptureQueriesContext(connection) as captured:
        body = read(client.get(url))
    return len(captured), len(body.get("items", [body]))


@pytest.fixture
def big_ledger(jinhua, office):
    return import_notice(actor=office, jurisdiction=jinhua, data=synthetic_notice(250).encode("utf-8"), filename="synthetic-250.txt").ledger


@pytest.mark.parametrize("auth", ["token", "session"])
def test_lists_take_a_fixed_number_of_queries(api_client, office_client, seed_ledger, big_ledger, auth):
    client = api_client if auth == "token" else office_client
    read(client.get("/api/me"))  # the token's first use of the minute is written once; not counted below
    lists = {
        "tasks": f"/api/ledgers/{big_ledger.pk}/tasks",
        "tasks, filtered": f"/api/ledgers/{big_ledger.pk}/tasks?unit=市建设局&q=建设",
        "tasks by leader": f"/api/ledgers/{big_ledger.pk}/tasks?leader={Leader.objects.get(name='邵国强').pk}",
        "targets": f"/api/ledgers/{big_ledger.pk}/targets",
        "units": "/api/units",
        "ledgers": "/api/ledgers",
    }
    measured = {}
    for name, url in lists.items():
        small, few = queries_for(client, url, page_size=5)
        large, many = queries_for(client, url, page_size=200)
        assert small == large, (name, small, large)
        measured[name] = (small, few, many)
    print(f"\n{auth}: " + "; ".join(f"{name}: {q} queries for {few} and for {many} items" for name, (q, few, many) in measured.items()))
    assert measured["tasks"][2] == 200 and measured["targets"][2] == 200
    assert measured["tasks"][0] <= 12  # incl. the two that resolve the caller's role grants


def test_one_task_and_its_patch_take_a_fixed_number_of_queries(api_client, seed_ledger, django_assert_max_num_queries):
    read(api_client.get("/api/me"))
    with django_assert_max_num_queries(11):  # incl. the two that resolve the caller's role grants
        task = read(api_client.get(f"/api/ledgers/{seed_ledger.pk}/tasks/1-1"))
    assert len(task["cooperating_units"]) > 12
