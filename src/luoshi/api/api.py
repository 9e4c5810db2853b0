"""The NinjaAPI instance mounted at /api/: authentication, rate limits, error handlers, the docs page."""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponseNotAllowed
from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from . import errors, ledgers, me, public, tasks, units
from .auth import BrowserSessionAuth, TokenAuth
from .throttling import AnonymousThrottle, UserThrottle

DESCRIPTION = "\n\n".join([
    "落实督办台账的数据接口：台账、任务、量化目标、单位库。",
    "**认证**：在请求头中提供 `Authorization: Bearer <令牌>`（在网页“接口令牌”页面创建，只显示一次），"
    "或在浏览器中登录后直接调用（修改类请求需附 `X-CSRFToken`）。令牌代表其所有人：能看到的内容与该账号在网页上看到的完全一致。",
    "**错误**：一律返回 JSON `{\"message\": \"中文说明\", \"request_id\": \"请求编号\"}`。401 未登录或令牌无效；403 无权操作；"
    "404 不存在或无权查看（两者不作区分）；409 已被他人修改；422 参数有误（指明字段）；429 请求过于频繁（见 Retry-After）。",
    "**分页**：列表接口用 `page`、`page_size`（默认 50，最多 200），返回 `{\"items\": [...], \"count\": 总数}`。",
])


class ReadableJSONRenderer(JSONRenderer):
    """Chinese stays readable in responses (UTF-8) rather than \\uXXXX escapes."""

    json_dumps_params = {"ensure_ascii": False}


class DocsPage(Swagger):
    """Swagger UI from ninja's bundled files, started by our own script: the CSP allows no inline script."""

    template = "api/swagger.html"
    default_settings = {"layout": "BaseLayout", "deepLinking": True, "validatorUrl": None}


class LuoshiAPI(NinjaAPI):
    def _get_urls(self):
        """ninja answers a method an endpoint lacks in plain text; ours answers in JSON like every error."""
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = _json_not_allowed(pattern.callback)
        return patterns


def _json_not_allowed(view):
    @wraps(view)  # keeps csrf_exempt: ninja checks CSRF itself, for session callers only
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = errors.json_error(request, 405, f"该接口不支持 {request.method} 请求，可用：{allowed}")
            response["Allow"] = allowed
        return response

    return wrapper


api = LuoshiAPI(
    title="落实 Luoshi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSessionAuth()],
    throttle=[AnonymousThrottle(), UserThrottle()],
    renderer=ReadableJSONRenderer(),
    docs=DocsPage(),
)
errors.install(api)
api.add_router("", ledgers.router)
api.add_router("", tasks.router)
api.add_router("", units.router)
api.add_router("", me.router)
api.add_router("", public.router)
