"""The public pages in headless Chromium, as a citizen would use them: from the login page to the
public list, a ledger and a task, on a desktop and on a 390 px phone, with no console error and
no internal text anywhere."""

from __future__ import annotations

import pytest

from luoshi.ledger.models import SecurityLabel, Task
from luoshi.ledger.services import publish_ledger, set_section_label, update_task

MARKER = "QZX7内部"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def public_ledger(seed_ledger, reviewer):
    ledger = publish_ledger(actor=reviewer, ledger=seed_ledger)
    set_section_label(reviewer, ledger.sections.get(index=2), SecurityLabel.PUBLIC)
    internal = Task.objects.get(ledger=ledger, code="1-1")
    update_task(actor=reviewer, task=internal, expected_version=internal.version, text=f"{internal.text}（{MARKER}）")
    return ledger


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_reads_the_public_pages(anonymous_page, public_ledger, page_problems, screenshot_dir):
    page = anonymous_page
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("link", name="查看政府工作报告民生实事公开信息").click()
    assert page.url.endswith("/public/")
    assert page.locator("header").get_by_text("落实 · 政府工作报告民生实事公开").is_visible()
    assert page.get_by_role("link", name="工作人员登录").is_visible()
    assert page.locator("nav.mainnav").count() == 0
    assert page.get_by_text("22 项公开事项").is_visible()
    page.screenshot(path=str(screenshot_dir / "public-index.png"), full_page=True)

    with page.expect_navigation():
        page.get_by_role("link", name=public_ledger.title).click()
    assert page.locator("article.pub-task").count() == 22
    assert page.locator("mark.target").first.is_visible()
    assert MARKER not in page.content()
    page.screenshot(path=str(screenshot_dir / "public-ledger.png"), full_page=True)

    with page.expect_navigation():
        page.locator("#task-2-1").get_by_role("link", name="详情 ›").click()
    assert page.get_by_role("heading", name="附件2 第 1 项").is_visible()
    assert page.get_by_text("市市场监管局(市食安办)").is_visible()
    page.screenshot(path=str(screenshot_dir / "public-task.png"), full_page=True)

    with page.expect_navigation():
        page.get_by_role("link", name="下一项 ›").click()
    assert page.url.endswith("/tasks/2-2/")

    response = page.goto(f"/public/ledgers/{public_ledger.pk}/tasks/1-1/")
    assert response.status == 404
    assert page.get_by_text("该事项不存在或未公开").is_visible()
    assert MARKER not in page.content()
    assert page_problems == []


def test_the_public_pages_fit_a_phone(anonymous_page, public_ledger, page_problems, screenshot_dir):
    page = anonymous_page
    page.set_viewport_size(PHONE)
    for name, url in (
        ("public-index-phone", "/public/"),
        ("public-ledger-phone", f"/public/ledgers/{public_ledger.pk}/"),
        ("public-task-phone", f"/public/ledgers/{public_ledger.pk}/tasks/2-1/"),
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert no_horizontal_scroll(page), f"{url} 在 390 px 宽的手机上需要横向滚动"
        assert page.get_by_role("link", name="工作人员登录").is_visible()
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=name != "public-ledger-phone")
    assert page_problems == []


def test_the_office_labels_tasks_and_the_public_sees_them(page, seed_ledger, reviewer, page_problems, screenshot_dir):
    ledger = publish_ledger(actor=reviewer, ledger=seed_ledger)
    page.goto(f"/ledgers/{ledger.pk}/tasks/1-46/")
    page.get_by_label("密级标识").select_option("public")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert page.get_by_text("任务 1-46 的密级标识已改为“公开”").is_visible()
    page.screenshot(path=str(screenshot_dir / "task-label.png"))

    page.goto(f"/ledgers/{ledger.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="本附件全部设为公开").nth(1).click()  # 附件2 (附件1 has 1-46 public only)
    assert page.get_by_text("已有 22 项任务改为“公开”").is_visible()
    page.screenshot(path=str(screenshot_dir / "section-label.png"))

    with page.expect_navigation():
        page.get_by_role("link", name="公开页面").click()
    assert page.locator("article.pub-task").count() == 23
    assert page.locator("#task-1-46").is_visible()
    assert page_problems == []
