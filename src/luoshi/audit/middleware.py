"""Puts the client IP and the signed-in user's role where `audit.services.record` finds them."""

from __future__ import annotations

from .context import RequestInfo, reset_request_info, set_request_info


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind a reverse proxy, deployments set LUOSHI_TRUSTED_PROXY_HEADER (see settings)."""
    from django.conf import settings

    header = getattr(settings, "TRUSTED_PROXY_IP_HEADER", "")
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def user_role(user) -> str:
    """The role written into audit rows ("anonymous", the role values, or "none" without grants)."""
    from luoshi.accounts.roles import role_label

    return role_label(user)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_request_info(RequestInfo(ip=client_ip(request), role=user_role(getattr(request, "user", None))))
        try:
            return self.get_response(request)
        finally:
            reset_request_info(token)
