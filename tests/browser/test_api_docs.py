"""/api/docs: Swagger UI runs under the Content-Security-Policy (no inline script or style) and lists the endpoints."""


def test_api_docs_render_without_console_errors(page, page_problems, screenshot_dir):
    response = page.goto("/api/docs")
    assert response.status == 200
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("落实 Luoshi API")
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    for expected in ("/api/ledgers", "/api/ledgers/{ledger_id}/tasks", "/api/ledgers/{ledger_id}/tasks/{code}", "/api/units", "/api/me"):
        assert any(text.replace("\u200b", "") == expected for text in paths), (expected, paths)
    assert page.get_by_text("任务清单").first.is_visible()
    page.screenshot(path=str(screenshot_dir / "api-docs.png"), full_page=False)
    assert page_problems == []


def test_try_it_out_calls_the_api_with_the_session(page, seed_ledger, page_problems, screenshot_dir):
    """The docs page's own requests go through with the browser's session, as a signed-in person's would."""
    page.goto("/api/docs")
    block = page.locator(".swagger-ui .opblock").filter(has_text="/api/me")
    block.first.wait_for()
    block.locator(".opblock-summary").first.click()  # closed without a deep link: open it
    block.locator(".try-out__btn").first.click()
    with page.expect_response(lambda r: r.url.endswith("/api/me")) as answer:
        block.locator(".execute").first.click()
    assert answer.value.status == 200
    assert answer.value.json()["username"] == "duban"
    page.screenshot(path=str(screenshot_dir / "api-docs-me.png"), full_page=False)
    assert page_problems == []
