"""Security headers (CSP and friends) and a correlation id for every request.

`RequestIdMiddleware` gives each request an id — the incoming X-Request-ID when it is a short, safe
token, otherwise a fresh uuid4 hex — stores it on `request.request_id` and in a context variable for
the logging filter `RequestIdFilter`, and returns it in the X-Request-ID response header. The 500
page shows it as 错误编号 so that a user's report can be matched with the log.

`SecurityHeadersMiddleware` sets Content-Security-Policy (no inline script or style) and a minimal
Permissions-Policy on every response; X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy come from Django's SecurityMiddleware, X-Frame-Options from its
clickjacking middleware.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
_request_id: ContextVar[str] = ContextVar("luoshi_request_id", default="")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def current_request_id() -> str:
    """The id of the request being handled ("" outside a request)."""
    return _request_id.get()


def request_id_from(header_value: str | None) -> str:
    """The incoming id when it is a short safe token (8–64 of A–Z a–z 0–9 . _ -), else a new uuid4 hex."""
    if header_value and _SAFE_REQUEST_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record ("-" outside a request), for formats like `[%(request_id)s]`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "LUOSHI_CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
        self.permissions = getattr(settings, "LUOSHI_PERMISSIONS_POLICY", PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
