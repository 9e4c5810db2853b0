"""Shared by the test_api_* files: a token for the office reviewer, a client that sends it, JSON reads,
and rate-limit counters that start empty for every test."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The throttles count in the cache, which outlives a test: every test starts with empty counters."""
    cache.clear()
    yield
    cache.clear()


def make_token(user, name: str = "测试脚本") -> str:
    from luoshi.api.services import create_token

    return create_token(user, name)[1]


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def office_token(office) -> str:
    return make_token(office)


@pytest.fixture
def api_client(office_token) -> Client:
    """A client that signs in with the office reviewer's token only (no session)."""
    return Client(headers=bearer(office_token))


def read(response, status: int = 200):
    assert response.status_code == status, (response.status_code, response.content.decode()[:500])
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def error(response, status: int) -> str:
    """The message of an API error, after checking the error shape and the request id."""
    body = read(response, status)
    assert set(body) == {"message", "request_id"}, body
    assert body["request_id"] and body["request_id"] == response["X-Request-ID"]
    return body["message"]


def patch_json(client, url: str, data, **extra):
    return client.patch(url, data=json.dumps(data, ensure_ascii=False), content_type="application/json", **extra)


def all_items(client, url: str, **params) -> list:
    """Every item of a paginated list, page by page (200 a page)."""
    items, page = [], 1
    while True:
        body = read(client.get(url, {**params, "page": page, "page_size": 200}))
        items.extend(body["items"])
        if len(items) >= body["count"] or not body["items"]:
            return items
        page += 1
