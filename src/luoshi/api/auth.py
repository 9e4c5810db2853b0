"""Who is calling: a personal token (`Authorization: Bearer ls_…`) or the browser session.

Either way `request.user` is the caller, so every `visible_to(request.user)` answers for the token's
owner exactly as it would for the owner signed in. A presented token that is unknown, expired,
revoked or whose owner is inactive is refused outright (401), even if a session cookie came along.
"""

from __future__ import annotations

from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from luoshi.audit.context import RequestInfo, current_request_info, set_request_info
from luoshi.audit.middleware import user_role

from .services import authenticate_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = authenticate_token(token.strip())
        if found is None:
            raise AuthenticationError()
        request.user = found.user
        request.api_token = found
        # Audit rows written by this request name the owner's role, as they would for a session.
        set_request_info(RequestInfo(ip=current_request_info().ip, role=user_role(found.user)))
        return found.user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser (the docs page, the web app's own scripts). Unsafe methods need the CSRF
    token; an anonymous request is simply not signed in (401), not a CSRF failure."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)
