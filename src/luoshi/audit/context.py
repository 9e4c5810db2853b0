"""Who is asking, for the audit trail: the client IP and the actor's role of the current request.

Set by `luoshi.audit.middleware.AuditContextMiddleware`; outside a request (CLI, jobs) both are empty.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None = None
    role: str = ""


_NO_REQUEST = RequestInfo()
_current: ContextVar[RequestInfo] = ContextVar("luoshi_audit_request", default=_NO_REQUEST)


def current_request_info() -> RequestInfo:
    return _current.get()


def set_request_info(info: RequestInfo):
    """Returns a token for `reset_request_info`."""
    return _current.set(info)


def reset_request_info(token) -> None:
    _current.reset(token)
