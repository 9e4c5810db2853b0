"""Smoke: log in through the form, see the seed ledger on the overview, every top navigation link answers."""

from luoshi.core.context import entries_for


def test_overview_and_every_navigation_link(page, reviewer, seed_ledger, page_problems, screenshot_dir):
    page.goto("/")
    assert page.locator("nav.mainnav a[aria-current=page]").inner_text() == "台账总览"
    assert page.get_by_text(seed_ledger.title).first.is_visible()
    assert page.get_by_text("金政办发〔2018〕23号").first.is_visible()
    assert page.locator("header").get_by_text("督考办 王科长").is_visible()
    page.screenshot(path=str(screenshot_dir / "overview.png"), full_page=True)

    links = page.locator("nav.mainnav a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [entry.url for entry in entries_for(reviewer)]
    answers = {}
    for href in hrefs:
        response = page.goto(href)
        answers[href] = response.status if response else None
        page.screenshot(path=str(screenshot_dir / f"nav{href.strip('/').replace('/', '-') or '-home'}.png"))
    assert answers == {href: 200 for href in hrefs}
    assert page_problems == []


def test_phone_menu_opens(phone_page, seed_ledger, page_problems, screenshot_dir):
    page = phone_page
    page.goto("/")
    nav = page.locator("nav.mainnav")
    assert page.get_by_text(seed_ledger.title).first.is_visible()
    toggle = page.locator("label.nav-toggle-label")
    if toggle.is_visible():
        assert not nav.is_visible()
        toggle.click()
    assert nav.get_by_role("link", name="任务清单").is_visible()
    page.screenshot(path=str(screenshot_dir / "overview-phone.png"), full_page=True)
    assert page_problems == []


def test_wrong_password_stays_on_the_login_page(anonymous_page, reviewer, page_problems):
    page = anonymous_page
    page.goto("/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill(reviewer.username)
    page.get_by_label("密码").fill("not-the-password")
    with page.expect_navigation():  # the refusal is a new page: is_visible() below does not wait for it
        page.get_by_role("button", name="登录").click()
    assert page.get_by_text("用户名或密码不正确").is_visible()
    assert "/accounts/login/" in page.url
    assert page_problems == []
