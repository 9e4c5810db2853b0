"""Security headers on every response: CSP without inline script or style, and the usual companions."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
TEMPLATES = "src/luoshi"


def csp_directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    parts = [p.strip() for p in header.split(";") if p.strip()]
    return {p.split(" ", 1)[0]: p.split(" ", 1)[1] for p in parts}


def assert_security_headers(response) -> None:
    assert csp_directives(response) == EXPECTED_CSP
    assert "unsafe-inline" not in csp_directives(response)["script-src"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_login_page_carries_the_security_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_signed_in_page_carries_the_security_headers(office_client, seed_ledger):
    response = office_client.get("/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_redirect_and_not_found_carry_the_security_headers(client, db):
    redirect = client.get("/")  # anonymous → login
    assert redirect.status_code == 302
    assert_security_headers(redirect)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_security_headers(missing)


@pytest.mark.django_db
def test_htmx_is_configured_not_to_inject_its_indicator_style(client):
    body = client.get(reverse("login")).content.decode()
    assert '<meta name="htmx-config"' in body
    assert '"includeIndicatorStyles": false' in body


def test_no_template_uses_inline_style_or_script():
    """Inline style attributes, <style> blocks and inline scripts would be blocked by the CSP."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / TEMPLATES
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\sstyle=|<style|\son[a-z]+=", text) or re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
