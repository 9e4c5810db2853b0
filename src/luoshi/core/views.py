"""Error handlers. The 500 page names the request's correlation id (错误编号) and never shows a traceback."""

from __future__ import annotations

import logging
import sys

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from luoshi.core.middleware import current_request_id, request_id_from

logger = logging.getLogger("luoshi.errors")

FALLBACK_500 = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统出错 · 落实</title></head>'
    "<body><h1>系统出错</h1><p>处理您的请求时出现了问题，您的操作未完成。</p><p>错误编号：{id}</p></body></html>"
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
