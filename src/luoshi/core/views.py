"""Error handlers. Every error page (400, 403, 404, 500, CSRF failure) names the request's correlation id
(错误编号, equal to the X-Request-ID response header) and never shows a traceback or exception text."""

from __future__ import annotations

import logging
import sys

from django.http import HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from luoshi.core.middleware import current_request_id, request_id_from

logger = logging.getLogger("luoshi.errors")

FALLBACK_500 = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统出错 · 落实</title></head>'
    "<body><h1>系统出错</h1><p>处理您的请求时出现了问题，您的操作未完成。</p><p>错误编号：{id}</p></body></html>"
)
FALLBACK_4XX = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>请求未完成 · 落实</title></head>'
    "<body><h1>请求未完成</h1><p>您的请求未能完成。</p><p>错误编号：{id}</p></body></html>"
)


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    """handler500: log the exception with the request id, answer with a plain Chinese page carrying the id.

    Rendered without context processors (no database access) so that it works when the database does not.
    """
    request_id = getattr(request, "request_id", "") or current_request_id() or request_id_from(None)
    exc_info = sys.exc_info()
    logger.error(
        "服务器内部错误 %s %s（错误编号 %s）",
        request.method,
        request.path,
        request_id,
        exc_info=exc_info if exc_info[0] is not None else None,
        extra={"request_id": request_id, "status_code": 500},
    )
    try:
        body = loader.get_template(template_name).render({"request_id": request_id})
    except Exception:  # the error page itself must not fail
        body = FALLBACK_500.format(id=request_id)
    response = HttpResponseServerError(body)
    response._has_been_logged = True  # logged above, with the id; Django's django.request need not repeat it
    return response


# 400/403/404 and CSRF failures: the same 错误编号 as the 500 page, so that a user who reports "页面不存在"
# or "无权操作" can be matched with the log line of that very request. The exception is never shown.


def _client_error(request, template_name: str, response_class):
    """Render a 4xx page with the request id; with context processors when they work (navigation, user),
    without them when they do not (the page must never fail), and as plain text as a last resort."""
    request_id = getattr(request, "request_id", "") or current_request_id() or request_id_from(None)
    context = {"request_id": request_id}
    try:
        body = loader.render_to_string(template_name, context, request=request)
    except Exception:  # e.g. the database is down and a context processor needs it
        logger.warning("错误页面 %s 无法带上下文渲染（错误编号 %s）", template_name, request_id, exc_info=True)
        try:
            body = loader.render_to_string(template_name, context)
        except Exception:
            body = FALLBACK_4XX.format(id=request_id)
    return response_class(body)


@requires_csrf_token
def bad_request(request, exception=None, template_name: str = "400.html"):
    """handler400 (also a disallowed Host header or another SuspiciousOperation)."""
    return _client_error(request, template_name, HttpResponseBadRequest)


@requires_csrf_token
def permission_denied(request, exception=None, template_name: str = "403.html"):
    """handler403: the exception's text may name internals, so only the generic page is shown."""
    return _client_error(request, template_name, HttpResponseForbidden)


@requires_csrf_token
def page_not_found(request, exception=None, template_name: str = "404.html"):
    """handler404: missing and forbidden objects answer alike, so existence does not leak."""
    return _client_error(request, template_name, HttpResponseNotFound)


def csrf_failure(request, reason: str = "", template_name: str = "403.html"):
    """CSRF_FAILURE_VIEW: the 403 page (an expired form is the usual cause). The reason is not shown;
    Django's django.security.csrf logger records it, with the request id."""
    return _client_error(request, template_name, HttpResponseForbidden)
