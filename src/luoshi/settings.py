"""Django settings, read from the environment (see README, 部署配置).

SQLite by default (WAL, synchronous=FULL, immediate transactions); PostgreSQL when DATABASE_URL is
set (`postgres://user:password@host:port/name`).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parents[1]


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def database_from_url(url: str) -> dict:
    """A DATABASES entry from `postgres://…` or `sqlite:///path`."""
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        }
    if parsed.scheme == "sqlite":
        return sqlite_database(Path(unquote(parsed.path)) if parsed.path not in ("", "/") else DATA_DIR / "luoshi.sqlite3")
    raise ValueError(f"DATABASE_URL 的数据库类型不受支持：{parsed.scheme}（支持 postgres:// 与 sqlite:///）")


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        },
        "TEST": {"NAME": None},
    }


DEBUG = env_bool("LUOSHI_DEBUG", False)
DATA_DIR = Path(env("LUOSHI_DATA_DIR", str(REPO_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = env("LUOSHI_SECRET_KEY") or "dev-only-insecure-key-change-me"  # production sets LUOSHI_SECRET_KEY
ALLOWED_HOSTS = [h.strip() for h in env("LUOSHI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "luoshi.core",
    "luoshi.units",
    "luoshi.ledger",
    "luoshi.audit",
    "luoshi.accounts",
    "ninja",  # Swagger UI's files for /api/docs
    "luoshi.api",
    "luoshi.public",
]

MIDDLEWARE = [
    "luoshi.core.middleware.RequestIdMiddleware",  # correlation id: X-Request-ID, logs, the 500 page
    "django.middleware.security.SecurityMiddleware",
    "luoshi.core.middleware.SecurityHeadersMiddleware",  # Content-Security-Policy, Permissions-Policy
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "luoshi.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "luoshi.accounts.middleware.AccountSecurityMiddleware",  # timeouts, forced password change, TOTP enrolment
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "luoshi.urls"
WSGI_APPLICATION = "luoshi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "luoshi.core.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env("DATABASE_URL")) if env("DATABASE_URL") else sqlite_database(DATA_DIR / "luoshi.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password policy (等保 2.0): length, character classes (upper, lower, digit, symbol), not a common
# password, not like the user name; each part configurable. Argon2 hashes new passwords; older
# hashes still verify and are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "luoshi.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": env_int("LUOSHI_PASSWORD_MIN_LENGTH", 8)}},
    {"NAME": "luoshi.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": env_int("LUOSHI_PASSWORD_MIN_CLASSES", 3)}},
    {"NAME": "luoshi.accounts.validators.NumericPasswordValidator"},
]
if env_bool("LUOSHI_PASSWORD_REJECT_COMMON", True):
    AUTH_PASSWORD_VALIDATORS.append({"NAME": "luoshi.accounts.validators.CommonPasswordValidator"})
if env_bool("LUOSHI_PASSWORD_REJECT_SIMILAR", True):
    AUTH_PASSWORD_VALIDATORS.append({"NAME": "luoshi.accounts.validators.UserAttributeSimilarityValidator"})

# Sign-in: LUOSHI_LOCKOUT_THRESHOLD failures within LUOSHI_LOCKOUT_WINDOW_MINUTES lock the user name
# for LUOSHI_LOCKOUT_MINUTES; sessions end after LUOSHI_SESSION_IDLE_MINUTES without a request and
# LUOSHI_SESSION_ABSOLUTE_HOURS after sign-in. LUOSHI_REQUIRE_TOTP=1 makes the authenticator code
# mandatory for office and administrator accounts.
LUOSHI_LOCKOUT_THRESHOLD = env_int("LUOSHI_LOCKOUT_THRESHOLD", 5)
LUOSHI_LOCKOUT_WINDOW_MINUTES = env_int("LUOSHI_LOCKOUT_WINDOW_MINUTES", 30)
LUOSHI_LOCKOUT_MINUTES = env_int("LUOSHI_LOCKOUT_MINUTES", 30)
LUOSHI_SESSION_IDLE_SECONDS = env_int("LUOSHI_SESSION_IDLE_MINUTES", 30) * 60
LUOSHI_SESSION_ABSOLUTE_SECONDS = env_int("LUOSHI_SESSION_ABSOLUTE_HOURS", 12) * 3600
LUOSHI_REQUIRE_TOTP = env_bool("LUOSHI_REQUIRE_TOTP", False)

SESSION_ENGINE = "django.contrib.sessions.backends.db"  # logout deletes the row: the session ends on the server
SESSION_COOKIE_AGE = LUOSHI_SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("LUOSHI_SECURE_COOKIES", False)  # set to 1 behind HTTPS
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "luoshi.core.views.csrf_failure"  # the 403 page with the 错误编号, not Django's English one

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# The npm packages (ECharts, htmx) installed by `make setup`: served from node_modules, never copied.
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor", REPO_DIR / "node_modules")]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Uploads: notices up to LUOSHI_UPLOAD_MAX_MB (default 20 MB); larger requests are refused whole.
UPLOAD_MAX_BYTES = env_int("LUOSHI_UPLOAD_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

# Audit log retention: events younger than this many days cannot be purged (never below 180, 等保 2.0).
LUOSHI_AUDIT_RETENTION_DAYS = max(180, env_int("LUOSHI_AUDIT_RETENTION_DAYS", 180))

# Behind a reverse proxy that sets the client address in a header (e.g. HTTP_X_REAL_IP), name it here.
TRUSTED_PROXY_IP_HEADER = env("LUOSHI_TRUSTED_PROXY_IP_HEADER")

# REST API (/api/): personal tokens last LUOSHI_API_TOKEN_DAYS; requests per minute per user and per anonymous IP.
LUOSHI_API_TOKEN_DAYS = env_int("LUOSHI_API_TOKEN_DAYS", 90)
LUOSHI_API_RATE = env("LUOSHI_API_RATE", "600/m")
LUOSHI_API_ANON_RATE = env("LUOSHI_API_ANON_RATE", "60/m")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security headers set by Django (the CSP and Permissions-Policy come from luoshi.core.middleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every log line carries the request's correlation id (the 错误编号 shown on the 500 page).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "luoshi.core.middleware.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LUOSHI_LOG_LEVEL", "WARNING")},
}
