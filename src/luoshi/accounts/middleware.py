"""Session limits (idle and absolute timeouts) and what an account must do before anything else.

Runs after the audit middleware (the sign-out row carries the IP) and the messages middleware (the
login page says why). Redirects answer htmx requests with HX-Redirect so the whole page changes.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone

from . import services

PASSWORD_URL = "/accounts/password/"
TOTP_URL = "/accounts/totp/"
LOGOUT_URL = "/accounts/logout/"
API_PREFIX = "/api/"
LAST_SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute to track activity


def redirect(request, url: str):
    if request.path.startswith(API_PREFIX):  # a script cannot follow a sign-in redirect: JSON, as every API error
        from luoshi.api.errors import json_error

        return json_error(request, 401, "登录已失效，或账号需先在网页上完成修改密码、启用动态口令等安全设置")
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            response = self.enforce_session_limits(request) or self.enforce_obligations(request)
            if response is not None:
                return response
        return self.get_response(request)

    def enforce_session_limits(self, request):
        session = request.session
        now = timezone.now().timestamp()
        login_at, last_seen = session.get(services.LOGIN_AT), session.get(services.LAST_SEEN)
        absolute = settings.LUOSHI_SESSION_ABSOLUTE_SECONDS
        idle = settings.LUOSHI_SESSION_IDLE_SECONDS
        if login_at is None or last_seen is None:
            notice, reason = "登录状态已失效，请重新登录。", "会话缺少登录时间，强制退出"
        elif now - login_at > absolute:
            notice = f"登录已超过 {absolute // 3600} 小时，为了安全请重新登录。"
            reason = f"会话超过 {absolute // 3600} 小时，强制退出"
        elif now - last_seen > idle:
            notice = f"您已超过 {idle // 60} 分钟没有操作，为了安全已自动退出，请重新登录。"
            reason = f"空闲超过 {idle // 60} 分钟，自动退出"
        else:
            if now - last_seen >= LAST_SEEN_RESOLUTION:
                session[services.LAST_SEEN] = now
            return None
        services.sign_out(request, reason)
        messages.warning(request, notice)
        target = settings.LOGIN_URL
        if request.method == "GET" and not request.headers.get("HX-Request"):
            target += "?next=" + quote(request.get_full_path())
        return redirect(request, target)

    def enforce_obligations(self, request):
        path = request.path
        if path.startswith((LOGOUT_URL, settings.STATIC_URL, "/favicon.ico")):
            return None
        if request.session.get(services.MUST_CHANGE):
            return None if path.startswith(PASSWORD_URL) else redirect(request, PASSWORD_URL)
        if request.session.get(services.NEEDS_TOTP):
            return None if path.startswith((TOTP_URL, PASSWORD_URL)) else redirect(request, TOTP_URL)
        return None
