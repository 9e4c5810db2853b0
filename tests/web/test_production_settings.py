"""luoshi.settings_production: required environment, `check --deploy` clean, no superuser sign-in."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_BACKEND = "luoshi.core.backends.ProductionModelBackend"


def run_production(code: str, tmp_path: Path, **env_overrides: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_") and k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="luoshi.settings_production",
        LUOSHI_SECRET_KEY=secrets.token_urlsafe(50),
        LUOSHI_ALLOWED_HOSTS="example.gov.cn",
        LUOSHI_DATA_DIR=str(tmp_path),
    )
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_reports_no_warnings(tmp_path):
    result = run_production(
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')",
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_production_values(tmp_path):
    result = run_production(
        "from django.conf import settings as s\n"
        "print(s.DEBUG, s.LUOSHI_PRODUCTION, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER,"
        " s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.AUTHENTICATION_BACKENDS)",
        tmp_path,
        LUOSHI_DEBUG="1",  # ignored in production
        LUOSHI_CSRF_TRUSTED_ORIGINS="https://luoshi.example.gov.cn, https://b.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False True True True True 31536000 True False None ['example.gov.cn'] "
        "['https://luoshi.example.gov.cn', 'https://b.example.gov.cn'] ['luoshi.core.backends.ProductionModelBackend']"
    )


def test_proxy_header_and_redirect_are_switchable(tmp_path):
    result = run_production(
        "from django.conf import settings as s\nprint(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT)",
        tmp_path, LUOSHI_BEHIND_PROXY="1", LUOSHI_SSL_REDIRECT="0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') False"


@pytest.mark.parametrize("secret", [None, "", "dev-only-insecure-key-change-me"])
def test_missing_or_default_secret_key_is_a_clear_error(tmp_path, secret):
    result = run_production("print('started')", tmp_path, LUOSHI_SECRET_KEY=secret)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert "生产环境必须设置环境变量 LUOSHI_SECRET_KEY" in result.stderr
    assert "Production requires LUOSHI_SECRET_KEY" in result.stderr


def test_weak_secret_key_is_refused(tmp_path):
    result = run_production("print('started')", tmp_path, LUOSHI_SECRET_KEY="short-key")
    assert result.returncode != 0
    assert "LUOSHI_SECRET_KEY 太弱" in result.stderr


def test_missing_allowed_hosts_is_a_clear_error(tmp_path):
    result = run_production("print('started')", tmp_path, LUOSHI_ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "LUOSHI_ALLOWED_HOSTS" in result.stderr


PASSWORD = "Luoshi-2018!"


def sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


@pytest.mark.django_db
@override_settings(LUOSHI_PRODUCTION=True, AUTHENTICATION_BACKENDS=[PRODUCTION_BACKEND])
def test_superuser_is_refused_at_login_in_production(client, django_user_model):
    from luoshi.accounts.services import SIGN_IN_REFUSED

    django_user_model.objects.create_superuser("root", password=PASSWORD)
    response = sign_in(client, "root")
    assert response.status_code == 200  # the form again, not the redirect of a successful sign-in
    assert SIGN_IN_REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still anonymous


@pytest.mark.django_db
@override_settings(LUOSHI_PRODUCTION=True, AUTHENTICATION_BACKENDS=[PRODUCTION_BACKEND])
def test_staff_still_signs_in_in_production(client, django_user_model):
    django_user_model.objects.create_user("admin1", password=PASSWORD, is_staff=True)
    response = sign_in(client, "admin1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
@override_settings(LUOSHI_PRODUCTION=True, AUTHENTICATION_BACKENDS=[PRODUCTION_BACKEND])
def test_existing_superuser_session_is_not_accepted_in_production(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.force_login(root, backend=PRODUCTION_BACKEND)
    assert client.get("/").status_code == 302  # get_user refuses the superuser: back to the login page


@pytest.mark.django_db
@override_settings(LUOSHI_PRODUCTION=False, AUTHENTICATION_BACKENDS=[PRODUCTION_BACKEND])
def test_superuser_signs_in_outside_production(client, django_user_model):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    assert sign_in(client, "root").status_code == 302
