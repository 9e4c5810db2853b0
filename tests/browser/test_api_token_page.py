"""The token page as a person uses it: reach it from the name in the header, create a token (shown once),
use it, revoke it."""

import json
import urllib.request


def call_api(base_url: str, token: str) -> int:
    request = urllib.request.Request(f"{base_url}/api/me", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the live test server
            json.load(response)
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_create_use_and_revoke_a_token(page, live_server, page_problems, screenshot_dir):
    page.goto("/")
    page.locator("header").get_by_role("link", name="督考办 王科长").click()
    page.get_by_role("link", name="接口令牌").click()
    assert page.get_by_role("heading", name="接口令牌").is_visible()

    page.get_by_label("名称").fill("督查通报统计脚本")
    with page.expect_navigation():
        page.get_by_role("button", name="创建").click()
    assert page.get_by_text("此令牌只显示这一次").is_visible()
    token = page.get_by_label("新令牌").input_value()
    assert token.startswith("ls_")
    page.screenshot(path=str(screenshot_dir / "api-token-created.png"), full_page=True)
    assert call_api(live_server.url, token) == 200

    page.goto("/accounts/tokens/")
    assert token not in page.content()
    row = page.locator("tr", has_text="督查通报统计脚本")
    assert row.get_by_text("有效").is_visible()
    with page.expect_navigation():
        row.get_by_role("button", name="撤销").click()
    assert page.locator("tr", has_text="督查通报统计脚本").get_by_text("已撤销").is_visible()
    page.screenshot(path=str(screenshot_dir / "api-token-revoked.png"), full_page=True)
    assert call_api(live_server.url, token) == 401
    assert page_problems == []
