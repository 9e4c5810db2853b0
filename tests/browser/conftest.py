"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

`browser` launches /usr/bin/chromium (no browser download: Playwright only drives it); `page` is a
fresh context logged in as the supervision office's reviewer through the real login form. Without
Chromium the tests fail in CI (CI=true) and are skipped elsewhere, saying how to install it.
Screenshots go to /tmp/luoshi-browser/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "jinhua-2018-notice.txt"
CHROMIUM = Path(os.environ.get("LUOSHI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path("/tmp/luoshi-browser")
REVIEWER = {"username": "duban", "password": "Luoshi-2018!", "first_name": "督考办 王科长"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes", "on")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if not CHROMIUM.is_file():
        message = f"浏览器测试需要 Debian 的 Chromium（{CHROMIUM} 不存在）：apt-get install -y chromium"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return str(CHROMIUM)


@pytest.fixture(scope="module")
def browser(chromium_executable):
    """One Chromium per test module; Playwright is stopped before the rest of the suite runs.

    Playwright's sync API keeps an event loop in the test thread, which trips Django's
    async-unsafe check on every ORM call the test makes; it is lifted only while the browser runs.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
            try:
                yield launched
            finally:
                launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def reviewer(django_user_model, live_server, jinhua):
    """The supervision office's administrator of 金华市, in the live server's (transactional) database."""
    from personas import grant

    return grant(django_user_model.objects.create_user(**REVIEWER), "office_admin", jurisdiction=jinhua)


@pytest.fixture
def page_problems() -> list[str]:
    """JavaScript errors and failed sub-resources (CSS, JS, images) seen by `page`; tests assert it stays empty."""
    return []


def open_page(browser, live_server, page_problems, *, viewport=None):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport or {"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("pageerror", lambda error: page_problems.append(f"脚本错误：{error}"))
    # A Content-Security-Policy violation (or any other console error) is a defect too.
    page.on("console", lambda message: page_problems.append(f"控制台错误：{message.text}") if message.type == "error" and not _expected_console_error(message.text) else None)
    page.on(
        "response",
        lambda response: page_problems.append(f"{response.status} {response.url}")
        if response.status >= 400 and response.request.resource_type != "document"
        else None,
    )
    page.on("requestfailed", lambda request: None if _aborted_navigation(request) else page_problems.append(f"请求失败 {request.url}: {request.failure}"))
    return context, page


def _expected_console_error(text: str) -> bool:
    """Chromium logs every 4xx/5xx sub-resource as a console error; those are caught by the response handler."""
    return text.startswith("Failed to load resource")


def _aborted_navigation(request) -> bool:
    """A load Chromium aborts on purpose: a download, or a page (and its favicon) left before it finished.

    A missing file is not hidden by this: it answers 404 and the response handler records it.
    """
    return "ERR_ABORTED" in (request.failure or "")


def log_in(page, username: str, password: str) -> None:
    """Through the real login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"登录失败，仍在登录页：{page.url}")


@pytest.fixture
def sign_in():
    """`log_in(page, username, password)` for tests that change who is signed in mid-way."""
    return log_in


@pytest.fixture
def anonymous_page(browser, live_server, page_problems):
    """A desktop-sized page, not logged in."""
    context, page = open_page(browser, live_server, page_problems)
    yield page
    context.close()


@pytest.fixture
def page(browser, live_server, reviewer, page_problems):
    """A desktop-sized page, logged in as the reviewer."""
    context, page = open_page(browser, live_server, page_problems)
    log_in(page, REVIEWER["username"], REVIEWER["password"])
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, reviewer, page_problems):
    """A phone-sized page (390×844), logged in as the reviewer."""
    context, page = open_page(browser, live_server, page_problems, viewport={"width": 390, "height": 844})
    log_in(page, REVIEWER["username"], REVIEWER["password"])
    yield page
    context.close()


@pytest.fixture
def jinhua(live_server):
    from luoshi.units.models import Jurisdiction, JurisdictionLevel

    profile = json.loads((ROOT / "src" / "luoshi" / "notice" / "profiles" / "jinhua.json").read_text(encoding="utf-8"))
    return Jurisdiction.objects.create(name="金华市", level=JurisdictionLevel.CITY, profile=profile)


@pytest.fixture
def seed_ledger(jinhua, reviewer):
    """The seed notice imported as a draft, committed where the live server sees it."""
    from luoshi.ledger.services import import_notice

    return import_notice(actor=reviewer, jurisdiction=jinhua, data=SEED.read_bytes(), filename=SEED.name).ledger
