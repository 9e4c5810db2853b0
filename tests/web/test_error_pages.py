"""The 500 page: generic Chinese text and the request's correlation id, never a traceback."""

from __future__ import annotations

import logging

import pytest
from django.http import HttpResponse
from django.urls import include, path

from luoshi.core.middleware import REQUEST_ID_HEADER, RequestIdFilter

SECRET_DETAIL = "密钥泄露-traceback-marker-7f3a"


def boom(request):
    raise RuntimeError(SECRET_DETAIL)


def logs(request):
    """Runs the logging filter on a record made while the request is handled; answers with the id it saw."""
    record = logging.LogRecord("luoshi.test", logging.INFO, __file__, 1, "inside", None, None)
    RequestIdFilter().filter(record)
    return HttpResponse(record.request_id)


urlpatterns = [path("test-boom/", boom), path("test-logs/", logs), path("", include("luoshi.urls"))]
handler500 = "luoshi.core.views.server_error"


@pytest.fixture
def crashing_client(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return client


def test_luoshi_urls_route_500_to_the_correlation_id_page():
    import luoshi.urls

    assert luoshi.urls.handler500 == "luoshi.core.views.server_error"


@pytest.mark.django_db
def test_view_that_raises_gives_the_500_page_with_the_request_id(crashing_client, caplog):
    with caplog.at_level(logging.ERROR):
        response = crashing_client.get("/test-boom/")
    assert response.status_code == 500
    request_id = response.headers[REQUEST_ID_HEADER]
    assert len(request_id) == 32 and int(request_id, 16) >= 0  # uuid4 hex
    body = response.content.decode()
    assert "系统出错" in body
    assert f"错误编号：<code>{request_id}</code>" in body
    assert SECRET_DETAIL not in body
    assert "Traceback" not in body and "RuntimeError" not in body
    assert "Content-Security-Policy" in response.headers

    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(logged) == 1  # ours, not repeated by django.request
    record = logged[0]
    assert record.request_id == request_id
    assert request_id in record.getMessage()
    assert record.exc_info and record.exc_info[0] is RuntimeError
    assert SECRET_DETAIL in str(record.exc_info[1])


@pytest.mark.django_db
def test_a_safe_incoming_request_id_is_kept_and_an_unsafe_one_replaced(crashing_client):
    kept = crashing_client.get("/test-boom/", headers={"X-Request-ID": "proxy-abc123.42"})
    assert kept.headers[REQUEST_ID_HEADER] == "proxy-abc123.42"
    assert "错误编号：<code>proxy-abc123.42</code>" in kept.content.decode()

    unsafe = crashing_client.get("/test-boom/", headers={"X-Request-ID": "<script>alert(1)</script>"})
    replaced = unsafe.headers[REQUEST_ID_HEADER]
    assert replaced != "<script>alert(1)</script>" and len(replaced) == 32
    assert "<script>alert" not in unsafe.content.decode()


@pytest.mark.django_db
def test_every_response_has_a_fresh_request_id(client):
    first = client.get("/accounts/login/").headers[REQUEST_ID_HEADER]
    second = client.get("/accounts/login/").headers[REQUEST_ID_HEADER]
    assert first != second


def test_logging_filter_adds_the_request_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", None, None)
    assert RequestIdFilter().filter(record) is True
    assert record.request_id == "-"  # outside a request


@pytest.mark.django_db
def test_logging_filter_sees_the_current_request_id(crashing_client):
    """A log line written while a request is handled carries that request's id."""
    response = crashing_client.get("/test-logs/")
    assert response.content.decode() == response.headers[REQUEST_ID_HEADER]


@pytest.mark.django_db
def test_404_keeps_the_chinese_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
