"""GET /api/ledgers and /api/ledgers/{id}: what the seed ledger looks like through the API."""

from api_helpers import api_client, error, fresh_rate_limits, office_token, read  # noqa: F401

from luoshi.ledger.models import Ledger
from luoshi.ledger.services import publish_ledger


def test_ledger_list_shows_the_seed(api_client, seed_ledger):
    body = read(api_client.get("/api/ledgers"))
    assert body["count"] == 1
    (ledger,) = body["items"]
    assert ledger == {
        "id": seed_ledger.pk,
        "title": seed_ledger.title,
        "year": 2018,
        "jurisdiction": "金华市",
        "doc_number": "金政办发〔2018〕23号",
        "status": "draft",
        "status_label": "草稿",
        "task_count": 107,
        "published_at": None,
        "url": f"http://testserver/ledgers/{seed_ledger.pk}/",
    }


def test_ledger_detail_after_publishing(api_client, seed_ledger, office):
    publish_ledger(actor=office, ledger=seed_ledger)
    body = read(api_client.get(f"/api/ledgers/{seed_ledger.pk}"))
    assert body["status"] == "published" and body["status_label"] == "已发布"
    assert body["published_at"].startswith(str(Ledger.objects.get(pk=seed_ledger.pk).published_at.year))
    assert body["task_count"] == 107


def test_missing_ledger_is_a_json_404(api_client, seed_ledger):
    response = api_client.get(f"/api/ledgers/{seed_ledger.pk + 1000}")
    assert error(response, 404) == "台账不存在或无权查看"
    for url in (f"/api/ledgers/{seed_ledger.pk + 1000}/tasks", f"/api/ledgers/{seed_ledger.pk + 1000}/targets",
                f"/api/ledgers/{seed_ledger.pk + 1000}/tasks/1-1"):
        assert error(api_client.get(url), 404) == "台账不存在或无权查看"
    assert error(api_client.get(f"/api/ledgers/{seed_ledger.pk}/tasks/9-99"), 404) == "任务不存在或无权查看"


def test_unknown_api_urls_answer_in_json(api_client, db):
    for url in ("/api/", "/api/nothing", "/api/ledgers/abc", "/api/ledgers/1/tasks/1-1/extra"):
        assert "接口不存在" in error(api_client.get(url), 404)
