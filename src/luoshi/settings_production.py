"""Production settings: `DJANGO_SETTINGS_MODULE=luoshi.settings_production`.

Everything in luoshi.settings, plus: DEBUG off; LUOSHI_SECRET_KEY and LUOSHI_ALLOWED_HOSTS required;
HTTPS only (redirect — LUOSHI_SSL_REDIRECT=0 turns it off when the proxy already redirects — secure
cookies, HSTS for one year with subdomains); LUOSHI_BEHIND_PROXY=1 trusts X-Forwarded-Proto from the
reverse proxy; LUOSHI_CSRF_TRUSTED_ORIGINS (comma separated, e.g. https://luoshi.example.gov.cn);
Django superusers cannot sign in. `manage.py check --deploy --fail-level WARNING` passes (CI runs it).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from luoshi.settings import *  # noqa: F403
from luoshi.settings import env, env_bool, env_int

DEV_SECRET_KEY = "dev-only-insecure-key-change-me"

LUOSHI_PRODUCTION = True
DEBUG = False

SECRET_KEY = env("LUOSHI_SECRET_KEY").strip()
if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "生产环境必须设置环境变量 LUOSHI_SECRET_KEY（至少 50 个随机字符，不得使用开发默认值）。"
        " / Production requires LUOSHI_SECRET_KEY in the environment (50+ random characters, not the development default)."
        " 生成方法 / generate one: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "LUOSHI_SECRET_KEY 太弱：至少 50 个字符、5 种以上不同字符。"
        " / LUOSHI_SECRET_KEY is too weak: at least 50 characters with 5 or more distinct ones."
    )

ALLOWED_HOSTS = [h.strip() for h in env("LUOSHI_ALLOWED_HOSTS").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "生产环境必须设置 LUOSHI_ALLOWED_HOSTS（逗号分隔的域名，如 luoshi.example.gov.cn）。"
        " / Production requires LUOSHI_ALLOWED_HOSTS (comma-separated host names)."
    )
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("LUOSHI_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

# HTTPS only.
SECURE_SSL_REDIRECT = env_bool("LUOSHI_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("LUOSHI_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# HSTS preload is a commitment for the whole domain that is slow to undo, so it is the operator's
# decision (LUOSHI_HSTS_PRELOAD=1), off by default. While it is off, Django's reminder
# security.W021 ("SECURE_HSTS_PRELOAD is not True") reports that decision, not a defect, and is the
# one deploy check silenced here — and only while preload is off.
SECURE_HSTS_PRELOAD = env_bool("LUOSHI_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env_bool("LUOSHI_BEHIND_PROXY", False):
    # Only behind a proxy that always sets (and never passes through) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No Django superuser signs in (accounts are staff with roles; see luoshi.core.backends).
AUTHENTICATION_BACKENDS = ["luoshi.core.backends.ProductionModelBackend"]
