"""A new colleague joins 市建设局: the system administrator creates the account, the security administrator
grants the role, and the colleague signs in, changes the one-time password and sees the unit's 39 tasks.

Three people, three browser contexts, only the pages (as a person would).
"""

from __future__ import annotations

import re

import pytest
from personas import make_user
from playwright.sync_api import expect

from luoshi.accounts.models import RoleGrant
from luoshi.audit.models import AuditEvent

from conftest import log_in, open_page

PASSWORD = "Luoshi-Test-2018!"
NEW_PASSWORD = "Chen-Jianshe-2018!"


@pytest.fixture
def published(seed_ledger, reviewer):
    from luoshi.ledger.services import publish_ledger

    return publish_ledger(actor=reviewer, ledger=seed_ledger)


@pytest.fixture
def administrators(jinhua):
    return make_user("sysadmin", "system_admin"), make_user("secadmin", "security_admin", jurisdiction=jinhua)


def test_new_account_granted_a_unit_role_sees_only_its_units_tasks(browser, live_server, published, administrators,
                                                                   page_problems, screenshot_dir):
    # The system administrator creates the account and reads the one-time password off the page.
    context, page = open_page(browser, live_server, page_problems)
    log_in(page, "sysadmin", PASSWORD)
    assert page.url.endswith("/manage/accounts/")  # no ledgers for this role: the workspace is the start page
    expect(page.locator("nav.mainnav a")).to_have_text(["辖区配置", "账号管理"])
    expect(page.locator("header .user-roles")).to_have_text("系统管理员")
    form = page.locator("form[action='/manage/accounts/new/']")
    form.get_by_label("用户名").fill("chen")
    form.get_by_label("姓名").fill("市建设局 陈科员")
    with page.expect_navigation():
        form.get_by_role("button", name="新建账号").click()
    expect(page.get_by_role("heading", name="已新建账号 chen")).to_be_visible()
    one_time = page.locator("#one-time-password").inner_text().strip()
    assert len(one_time) == 16
    page.screenshot(path=str(screenshot_dir / "manage-account-created.png"), full_page=True)
    page.goto("/manage/accounts/")
    expect(page.locator("tr", has_text="chen").first).to_contain_text("从未登录")
    page.screenshot(path=str(screenshot_dir / "manage-accounts.png"), full_page=True)
    context.close()

    # The security administrator grants 单位填报员 of 市建设局.
    context, page = open_page(browser, live_server, page_problems)
    log_in(page, "secadmin", PASSWORD)
    page.goto("/manage/roles/")
    row = page.locator("tr", has_text="chen").first
    expect(row).to_contain_text("尚无角色")
    with page.expect_navigation():
        row.get_by_role("link", name="授权").click()
    form = page.locator("form[action='/manage/roles/grant/']")
    expect(form.get_by_label("账号")).to_have_value("chen")
    form.get_by_label("角色").select_option("unit_reporter")
    form.get_by_label("辖区").select_option(label="金华市")
    form.get_by_label("单位").fill("市建设局")
    with page.expect_navigation():
        form.get_by_role("button", name="授予").click()
    expect(page.get_by_text("已授予 chen“单位填报员”角色（市建设局）")).to_be_visible()
    expect(page.locator("tr", has_text="chen").first).to_contain_text("单位填报员 市建设局")
    page.screenshot(path=str(screenshot_dir / "manage-roles.png"), full_page=True)
    context.close()
    assert RoleGrant.objects.get(user__username="chen").unit.name == "市建设局"

    # The colleague signs in, must change the password first, then sees the unit's tasks only.
    context, page = open_page(browser, live_server, page_problems)
    log_in(page, "chen", one_time)
    assert page.url.endswith("/accounts/password/")
    page.get_by_label("当前密码").fill(one_time)
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("再次输入新密码").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_text("密码已修改")).to_be_visible()
    expect(page.locator("header .user-roles")).to_have_text("单位填报员")
    expect(page.locator("nav.mainnav a")).to_have_text(["台账总览", "任务清单", "责任矩阵", "单位库", "领导"])
    page.goto("/tasks/")
    assert re.search(rf"/ledgers/{published.pk}/tasks/", page.url)
    expect(page.locator(".result-line")).to_contain_text("共 39 项任务")
    expect(page.get_by_role("link", name="核对修改")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "manage-new-user-tasks.png"), full_page=True)
    context.close()

    actions = list(AuditEvent.objects.filter(action__in=["account.create", "account.role_grant", "auth.password_change"])
                   .order_by("id").values_list("action", "actor_name", "outcome"))
    assert actions == [("account.create", "sysadmin", "success"), ("account.role_grant", "secadmin", "success"),
                       ("auth.password_change", "chen", "success")]
    assert page_problems == []


def test_office_turns_on_the_heads_sign_off(page, jinhua, page_problems, screenshot_dir):
    page.goto(f"/jurisdictions/{jinhua.pk}/")
    box = page.get_by_label("进展报送须经单位负责人审核")
    expect(box).not_to_be_checked()
    box.check()
    with page.expect_navigation():
        page.get_by_role("button", name="保存设置").click()
    expect(page.get_by_text("已保存：进展报送须经单位负责人审核后才报送督考办")).to_be_visible()
    expect(page.get_by_label("进展报送须经单位负责人审核")).to_be_checked()
    page.screenshot(path=str(screenshot_dir / "jurisdiction-settings.png"))
    jinhua.refresh_from_db()
    assert jinhua.require_head_signoff
    assert AuditEvent.objects.filter(action="jurisdiction.settings", actor_name="duban").count() == 1
    assert page_problems == []
