"""Every API error is JSON `{"message": <中文>, "request_id": <X-Request-ID>}`: one handler per kind.

Scripts and the API docs page read `message` to the user as is, and `request_id` matches the log line
of the same request; a traceback never leaves the server.
"""

from __future__ import annotations

import logging
import math
import re

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from luoshi.core.middleware import current_request_id
from luoshi.ledger.services import ServiceError, StaleEdit

logger = logging.getLogger("luoshi.api")

UNAUTHENTICATED = "未登录或令牌无效：请在请求头中提供 Authorization: Bearer <令牌>，或先在网页上登录"
FORBIDDEN = "没有权限执行此操作"
NOT_FOUND = "请求的内容不存在或无权查看"
UNKNOWN_ENDPOINT = "接口不存在：请查看 /api/docs 中的接口列表"
CSRF_FAILED = "CSRF 校验失败：以网页登录状态调用修改接口时，请在 X-CSRFToken 请求头中附上 CSRF 令牌（或改用接口令牌）"
BAD_BODY = "请求体无法解析：应为 UTF-8 编码的 JSON 对象"
SERVER_ERROR = "服务器内部错误，请稍后再试；如需报告问题，请提供请求编号"
THROTTLED = "请求过于频繁，请 {seconds} 秒后再试"
STATUS_MESSAGES = {400: "请求无法处理", 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND, 405: "不支持该请求方法",
                   409: "内容已被他人修改，请重新读取后再试", 415: "请求体应为 JSON", 429: THROTTLED.format(seconds=60)}
CUSTOM = "luoshi"  # error type of the field errors written by our own code: the message is already Chinese

_CJK = re.compile(r"[\u4e00-\u9fff]")


def error_body(request, message: str) -> dict[str, str]:
    return {"message": message, "request_id": getattr(request, "request_id", "") or current_request_id()}


def json_error(request, status: int, message: str) -> JsonResponse:
    """The API's error shape for responses made outside django-ninja (middleware, unknown URLs)."""
    return JsonResponse(error_body(request, message), status=status, content_type="application/json; charset=utf-8",
                        json_dumps_params={"ensure_ascii": False})


def unknown_endpoint(request, rest: str = ""):
    """/api/… URLs that match no endpoint answer in JSON too, not with the HTML 404 page."""
    return json_error(request, 404, UNKNOWN_ENDPOINT)


def invalid(field: str, message: str, source: str = "query") -> ValidationError:
    """A 422 naming `field`, for checks the schemas cannot express (unknown unit, role without unit…)."""
    return ValidationError([{"loc": (source, field), "type": CUSTOM, "msg": message}])


def chinese(exc: Exception, fallback: str) -> str:
    """The exception's own message when it is written for users (Chinese), else `fallback`."""
    text = str(exc.args[0]) if getattr(exc, "args", None) else ""
    return text if _CJK.search(text) else fallback


# ---------------------------------------------------------------------------------------------
# Validation messages: which field, and what is wrong with it, in Chinese

_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def field_name(loc) -> str:
    """("body", "payload", "deadline") → "deadline"; ("query", "role") → "role"; the whole body → "请求体"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        source, parts = parts[0], parts[1:]
        if source == "body" and parts:
            parts = parts[1:]  # the view's parameter name ("payload") means nothing to the caller
        if not parts:
            return "请求体" if source == "body" else "参数"
    return ".".join(parts) or "参数"


def reason(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == CUSTOM:
        return error.get("msg", "")
    if kind == "missing":
        return "缺少此项（必填）"
    if kind == "extra_forbidden":
        return "不能修改或不存在的字段"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "应为整数"
    if kind in ("float_parsing", "float_type"):
        return "应为数字"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "日期格式不正确，应写成 2018-06-30"
    if kind in ("string_type",):
        return "应为文字"
    if kind == "string_too_long":
        return f"最多 {ctx.get('max_length')} 个字"
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length") == 1 else f"至少 {ctx.get('min_length')} 个字"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"应为 {'、'.join(allowed)} 之一" if allowed else "取值不在允许范围内"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    if kind == "json_invalid":
        return "不是有效的 JSON"
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return "应为 JSON 对象"
    if kind in ("bool_parsing", "bool_type"):
        return "应为 true 或 false"
    return "取值不正确"


def validation_message(errors: list[dict]) -> str:
    parts = []
    for error in errors:
        item = f"{field_name(error.get('loc', ()))}：{reason(error)}"
        if item not in parts:
            parts.append(item)
    return "请求参数有误——" + "；".join(parts)


# ---------------------------------------------------------------------------------------------
# The handlers


def install(api) -> None:
    """Register the handlers on the NinjaAPI (later registrations of the same class win)."""

    def respond(request, status: int, message: str):
        return api.create_response(request, error_body(request, message), status=status)

    def on_validation(request, exc: ValidationError):
        return respond(request, 422, validation_message(exc.errors))

    def on_django_validation(request, exc: DjangoValidationError):
        return respond(request, 422, "请求参数有误——" + "；".join(exc.messages))

    def on_not_found(request, exc: Http404):
        return respond(request, 404, chinese(exc, NOT_FOUND))

    def on_forbidden(request, exc: PermissionDenied):
        return respond(request, 403, chinese(exc, FORBIDDEN))

    def on_service_error(request, exc: ServiceError):
        return respond(request, 400, str(exc))

    def on_stale(request, exc: StaleEdit):
        return respond(request, 409, str(exc))

    def on_unauthenticated(request, exc: AuthenticationError):
        from .throttling import anonymous_throttle

        # Requests that sign nobody in are limited by IP, so guessing tokens costs time.
        limited = anonymous_throttle()
        if not limited.allow_request(request):
            return on_throttled(request, Throttled(wait=limited.wait()))
        response = respond(request, 401, UNAUTHENTICATED)
        response["WWW-Authenticate"] = 'Bearer realm="luoshi"'
        return response

    def on_throttled(request, exc: Throttled):
        seconds = max(1, math.ceil(exc.wait)) if exc.wait else 60
        response = respond(request, 429, THROTTLED.format(seconds=seconds))
        response["Retry-After"] = str(seconds)
        return response

    def on_http_error(request, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in str(exc):
            return respond(request, 403, CSRF_FAILED)
        if exc.status_code == 400 and "request body" in str(exc):
            return respond(request, 400, BAD_BODY)
        return respond(request, exc.status_code, chinese(exc, STATUS_MESSAGES.get(exc.status_code, "请求无法处理")))

    def on_server_error(request, exc: Exception):
        logger.error("API 请求出错：%s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, SERVER_ERROR)

    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_forbidden)
    api.add_exception_handler(ServiceError, on_service_error)
    api.add_exception_handler(StaleEdit, on_stale)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Exception, on_server_error)
