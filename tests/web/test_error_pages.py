"""The error pages (400, 403, 404, 500, CSRF failure): generic Chinese text and the request's correlation id
(错误编号, equal to the X-Request-ID header), never a traceback or the exception's text."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.test import Client
from django.urls import include, path

import luoshi.urls
from luoshi.core.middleware import REQUEST_ID_HEADER, RequestIdFilter

SECRET_DETAIL = "密钥泄露-traceback-marker-7f3a"


def boom(request):
    raise RuntimeError(SECRET_DETAIL)


def logs(request):
    """Runs the logging filter on a record made while the request is handled; answers with the id it saw."""
    record = logging.LogRecord("luoshi.test", logging.INFO, __file__, 1, "inside", None, None)
    RequestIdFilter().filter(record)
    return HttpResponse(record.request_id)


def suspicious(request):
    raise SuspiciousOperation(SECRET_DETAIL)


def denied(request):
    raise PermissionDenied(SECRET_DETAIL)


def missing(request):
    raise Http404(SECRET_DETAIL)


urlpatterns = [
    path("test-boom/", boom),
    path("test-logs/", logs),
    path("test-suspicious/", suspicious),
    path("test-denied/", denied),
    path("test-missing/", missing),
    path("", include("luoshi.urls")),
]
# The project's handlers, so that the views above go through them.
handler400 = luoshi.urls.handler400
handler403 = luoshi.urls.handler403
handler404 = luoshi.urls.handler404
handler500 = luoshi.urls.handler500


@pytest.fixture
def crashing_client(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return client


def test_luoshi_urls_route_500_to_the_correlation_id_page():
    assert luoshi.urls.handler500 == "luoshi.core.views.server_error"


def assert_error_page(response, status: int, heading: str) -> str:
    """The page has the status, the Chinese heading, the id of the X-Request-ID header and nothing technical."""
    assert response.status_code == status
    request_id = response.headers[REQUEST_ID_HEADER]
    body = response.content.decode()
    assert heading in body
    assert f"错误编号：<code>{request_id}</code>" in body
    for leak in (SECRET_DETAIL, "Traceback", "SuspiciousOperation", "PermissionDenied", "Http404", "DisallowedHost",
                 "CSRF verification failed", "Forbidden", "Bad Request", "Not Found"):
        assert leak not in body, leak
    assert '<html lang="zh-CN">' in body
    assert "Content-Security-Policy" in response.headers
    return body


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


@pytest.mark.django_db
def test_404_shows_the_request_id_and_not_the_exception(crashing_client):
    unknown = assert_error_page(crashing_client.get("/no-such-page/"), 404, "页面不存在")
    assert "您要找的页面不存在，或您没有查看它的权限" in unknown
    raised = assert_error_page(crashing_client.get("/test-missing/"), 404, "页面不存在")
    assert "您要找的页面不存在，或您没有查看它的权限" in raised


@pytest.mark.django_db
def test_a_missing_or_forbidden_ledger_answers_the_404_page_with_the_navigation(office_client):
    """A real view's 404 is rendered with the context processors: the signed-in user keeps the top
    navigation, and the id still equals the header."""
    body = assert_error_page(office_client.get("/ledgers/987654/"), 404, "页面不存在")
    assert "督考办 王科长" in body and 'class="mainnav"' in body


@pytest.mark.django_db
def test_400_for_a_disallowed_host_shows_the_request_id(client):
    body = assert_error_page(client.get("/accounts/login/", HTTP_HOST="evil.example.com"), 400, "请求有误")
    assert "evil.example.com" not in body


@pytest.mark.django_db
def test_400_for_a_suspicious_operation_shows_the_request_id(crashing_client):
    assert_error_page(crashing_client.get("/test-suspicious/"), 400, "请求有误")


@pytest.mark.django_db
def test_403_for_permission_denied_shows_the_request_id(crashing_client):
    assert_error_page(crashing_client.get("/test-denied/"), 403, "无权操作")


@pytest.mark.django_db
def test_403_for_a_csrf_failure_is_the_chinese_page_with_the_request_id(office):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "duban", "password": "Luoshi-2018!"})
    body = assert_error_page(response, 403, "无权操作")
    assert "页面已过期" in body
    assert "_auth_user_id" not in strict.session  # the sign-in did not happen


@pytest.mark.django_db
def test_csrf_failure_on_an_upload_view_uses_the_same_page(office):
    """The import view checks CSRF itself (after refusing a too-large body): same page, same id."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(office)
    assert_error_page(strict.post("/import/", {"text": "x"}), 403, "无权操作")


def test_csrf_failure_view_is_the_project_page(settings):
    assert settings.CSRF_FAILURE_VIEW == "luoshi.core.views.csrf_failure"
