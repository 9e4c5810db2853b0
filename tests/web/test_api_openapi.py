"""/api/openapi.json describes every endpoint in Chinese; /api/docs serves Swagger UI from our own files
with no inline script (the Content-Security-Policy forbids it)."""

import json
import re

from django.contrib.staticfiles import finders


def test_openapi_lists_every_endpoint(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "落实 Luoshi API" and "令牌" in schema["info"]["description"]
    operations = {(path, method) for path, methods in schema["paths"].items() for method in methods}
    assert operations == {
        ("/api/ledgers", "get"),
        ("/api/ledgers/{ledger_id}", "get"),
        ("/api/ledgers/{ledger_id}/tasks", "get"),
        ("/api/ledgers/{ledger_id}/tasks/{code}", "get"),
        ("/api/ledgers/{ledger_id}/tasks/{code}", "patch"),
        ("/api/ledgers/{ledger_id}/targets", "get"),
        ("/api/units", "get"),
        ("/api/units/{unit_id}", "get"),
        ("/api/me", "get"),
        ("/api/public/ledgers", "get"),
        ("/api/public/ledgers/{ledger_id}/tasks", "get"),
        ("/api/public/ledgers/{ledger_id}/tasks/{code}", "get"),
    }
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert re.search(r"[\u4e00-\u9fff]", operation["summary"]), (path, method)
            assert ("401" in operation["responses"]) != path.startswith("/api/public/"), (path, method)  # public: no sign-in
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    task_in = schema["components"]["schemas"]["TaskIn"]
    assert task_in["required"] == ["version"] and set(task_in["properties"]) == {"text", "deadline_text", "deadline", "version"}
    task_params = {p["name"] for p in schema["paths"]["/api/ledgers/{ledger_id}/tasks"]["get"]["parameters"]}
    assert {"unit", "leader", "role", "q", "page", "page_size"} <= task_params


def test_docs_page_uses_local_files_and_no_inline_script(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(" src=" in tag for tag in scripts)
    assert not re.search(r"\sstyle=|<style|\son[a-z]+=", html)
    assert "cdn" not in html.lower() and "//" not in re.sub(r"https?://testserver", "", " ".join(re.findall(r'(?:src|href)="([^"]+)"', html)))
    for static in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "luoshi/api-docs.js"):
        assert f"/static/{static}" in html and finders.find(static), static
