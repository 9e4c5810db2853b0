"""Rate limits: per signed-in user (token or session alike) and, for requests that sign nobody in, per IP.

Rates come from the settings LUOSHI_API_RATE (default 600/m) and LUOSHI_API_ANON_RATE (60/m), read on
every request so that a changed setting applies without a restart. The client IP is the one the audit
trail records (REMOTE_ADDR, or the trusted proxy header): X-Forwarded-For is not trusted by default.
Counts live in Django's cache, so they are per process with the default local-memory cache.
"""

from __future__ import annotations

import threading

from django.conf import settings
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from luoshi.audit.middleware import client_ip


class PerThread:
    """An attribute kept per thread. ninja keeps one throttle per endpoint and stores the request's cache
    key and history on it between allow_request() and wait(): shared, two threads would mix them up."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        try:
            return getattr(obj._per_thread, self.name)
        except AttributeError:
            raise AttributeError(self.name) from None

    def __set__(self, obj, value) -> None:
        setattr(obj._per_thread, self.name, value)


class ConfiguredRate:
    setting = ""
    default = ""
    key = PerThread()
    history = PerThread()
    now = PerThread()

    def __init__(self) -> None:
        self._per_thread = threading.local()
        super().__init__(rate=self.configured_rate())

    def configured_rate(self) -> str:
        return getattr(settings, self.setting, None) or self.default

    def allow_request(self, request) -> bool:
        rate = self.configured_rate()
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"


class UserThrottle(ConfiguredRate, AuthRateThrottle):
    """One bucket per user, shared by all of the user's tokens and sessions."""

    scope = "luoshi_api_user"
    setting, default = "LUOSHI_API_RATE", "600/m"

    def get_cache_key(self, request):
        user = getattr(request, "auth", None)
        if user is None:
            return None  # the anonymous throttle's business
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class AnonymousThrottle(ConfiguredRate, AnonRateThrottle):
    scope = "luoshi_api_anon"
    setting, default = "LUOSHI_API_ANON_RATE", "60/m"


def anonymous_throttle() -> AnonymousThrottle:
    """A fresh instance: the throttle keeps per-request state between allow_request and wait."""
    return AnonymousThrottle()
