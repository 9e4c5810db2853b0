"""Stored and reflected XSS: every page that shows a planted payload shows it as text and runs none of it.

`xss_corpus.plant_payloads` puts markup payloads into every field a person can get onto a page
(task text, deadlines, targets, unit names, aliases and their evidence, import warnings and their
resolution, leaders, ledger/section/group titles, the jurisdiction and its profile); the audit log and
task history then carry them too. Each page is opened in headless Chromium and checked:

- `window.__xss` stays undefined (a payload that ran would set it), also after clicking any
  `javascript:` link (there must be none);
- no dialog opened;
- no element or attribute came from data (`[onerror]`, `[onload]`, `iframe`, `svg script`, inline
  `<script>`, `javascript:` URLs);
- the payload is visible as text (`<script>` appears in the page's text);
- no console error (a CSP violation would be one: the policy blocks inline script, so a payload
  that reached the DOM would show up here even where the CSP kept it from running).

Failures are collected per page and reported together, naming the page and what went wrong.
Data is built once per test; both tests share one Chromium (the module's `browser`).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect
from xss_corpus import (
    BREAK_DOUBLE, BREAK_SINGLE, IFRAME, IMG_NO_SPACE, JS_LINK, SCRIPT, SHORT, SVG, AUDITOR, make_auditor, notice_text, plant_payloads,
)

# Elements and attributes no template writes: any match came from data.
INJECTED = (
    "[onerror], [onload], [onclick], [onmouseover], iframe, svg script, script:not([src]), object, embed, "
    "[href^='javascript:' i], [src^='javascript:' i], [action^='javascript:' i]"
)
INJECTED_JS = f"() => Array.from(document.querySelectorAll({INJECTED!r})).map(e => e.outerHTML.slice(0, 120))"


@pytest.fixture
def office(reviewer, page):
    """Who opens the pages, in one place: the office's administrator (signed in through the form by
    `page`); the audit log is read by a separate audit administrator (`xss_corpus.make_auditor`).
    Returns (user, signed-in page)."""
    make_auditor()
    return reviewer, page


@pytest.fixture
def planted(office):
    return plant_payloads(office[0])


class Inspector:
    """Opens pages and records, per page, every sign that data became markup."""

    def __init__(self, page, page_problems: list[str]):
        self.page = page
        self.problems = page_problems
        self.seen_problems = len(page_problems)
        self.dialogs: list[str] = []
        self.failures: list[str] = []
        self.checked: list[str] = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str, expected=(), status: int = 200) -> None:
        response = self.page.goto(url)
        if response is None or response.status != status:
            self.failures.append(f"{url}：HTTP {response.status if response else '无响应'}，应为 {status}")
        self.check(url, expected)

    def check(self, where: str, expected=()) -> None:
        page = self.page
        page.wait_for_load_state("load")
        found = []
        if page.evaluate("typeof window.__xss") != "undefined":
            found.append("脚本执行了（window.__xss 已设置）")
        injected = page.evaluate(INJECTED_JS)
        if injected:
            found.append(f"数据变成了元素或属性：{injected}")
        links = page.locator('a[href^="javascript:" i]')
        if links.count():
            found.append(f"有 {links.count()} 个 javascript: 链接")
            for i in range(links.count()):
                try:
                    links.nth(i).click(no_wait_after=True, timeout=2_000)
                except Exception as err:  # noqa: BLE001 - an unclickable link is fine, a running one is not
                    found.append(f"javascript: 链接无法点击（{type(err).__name__}）")
            if page.evaluate("typeof window.__xss") != "undefined":
                found.append("点击 javascript: 链接后脚本执行了")
        text = page.locator("body").inner_text()
        missing = [value for value in expected if value not in text]
        if missing:
            found.append(f"没有作为文字显示：{missing}")
        if self.dialogs:
            found.append(f"弹出了对话框：{self.dialogs}")
            self.dialogs.clear()
        new_problems = self.problems[self.seen_problems :]
        self.seen_problems = len(self.problems)
        if new_problems:
            found.append(f"控制台或资源错误：{new_problems}")
        self.failures.extend(f"{where}：{problem}" for problem in found)
        self.checked.append(where)

    def assert_clean(self, at_least: int) -> None:
        assert not self.failures, "\n".join(["页面未能把数据当作文字显示："] + self.failures)
        assert len(self.checked) >= at_least, self.checked


def test_every_reading_page_shows_payloads_as_text(office, planted, page_problems, screenshot_dir, sign_in):
    _, page = office
    v = planted.values
    ledger, task, unit = planted.ledger.pk, planted.task, planted.unit
    titles = [v["ledger_title"]]
    shown = Inspector(page, page_problems)

    overview = [*titles, v["jurisdiction"], v["doc_number"], v["section_title"], v["group_title"], v["leader_name"],
                v["leader_title"], v["other_title"]]
    shown.open("/", overview)
    shown.open(f"/ledgers/{ledger}/", overview)
    shown.open(f"/ledgers/{planted.other_ledger.pk}/", [v["other_title"]])

    task_list = f"/ledgers/{ledger}/tasks/"
    shown.open(task_list, [*titles, SCRIPT, v["formula_text"], v["leader_name"], v["unit_name"], SVG, v["formula_unit"],
                           v["deadline"], v["formula_deadline"]])
    for query in (SCRIPT, f"{BREAK_DOUBLE} {BREAK_SINGLE}", IFRAME):
        # The result line repeats the query as searched, i.e. without spaces.
        shown.open(f"{task_list}?{urlencode({'q': query})}", [query.replace(" ", "")])
    shown.open(f"{task_list}?{urlencode({'unit': v['unit_name'], 'role': 'lead'})}", [v["unit_name"], SCRIPT])

    detail = f"{task_list}{task.code}/"
    shown.open(detail, [*titles, v["task_text"], v["indicator"], v["leader_name"] + v["leader_title"], v["unit_name"], SVG,
                        v["deadline"], v["section_title"], v["group_title"]])
    page.screenshot(path=str(screenshot_dir / "xss-task-detail.png"), full_page=True)
    shown.open(f"{detail}?tab=history", [SCRIPT, v["indicator"], v["deadline"]])
    shown.open(f"{task_list}{planted.formula_task.code}/", [v["formula_text"], v["formula_unit"], "@SUM(1)"])
    shown.open(f"{task_list}{quote(SCRIPT, safe='')}/", status=404)

    warning_open = f"无法判断单位“{SVG}”的类型"
    shown.open(f"/ledgers/{ledger}/review/", [*titles, warning_open, v["resolution"], v["task_text"], v["unit_name"], SVG,
                                              v["leader_name"], v["formula_unit"], v["section_title"], v["group_title"]])
    shown.open(f"/ledgers/{ledger}/review/tasks/{task.code}/", [*titles, v["unit_name"], SVG, "地区生产总值增长7%左右"])
    shown.open(f"/ledgers/{ledger}/reimport/", titles)
    shown.open("/import/", [*titles, v["other_title"], v["doc_number"]])
    shown.open(f"/ledgers/{ledger}/matrix/", [*titles, v["unit_name"], SVG, v["formula_unit"]])
    shown.open(f"/ledgers/{ledger}/link/", [*titles, v["jurisdiction"]])
    shown.open(f"{detail}link/", [SCRIPT])

    shown.open("/units/", [*titles, v["unit_name"], SVG, v["formula_unit"], BREAK_SINGLE, v["alias_name"]])
    shown.open(f"/units/?{urlencode({'q': BREAK_DOUBLE})}", [SVG])  # found by its alias
    shown.open(f"/units/{unit.pk}/", [*titles, v["unit_name"], BREAK_SINGLE, v["jurisdiction"], SCRIPT])
    svg_unit = task.assignments.get(unit__name=SVG).unit_id
    shown.open(f"/units/{svg_unit}/", [SVG, v["alias_name"]])
    shown.open(f"/units/{unit.pk}/edit/", [v["unit_name"]])
    shown.open(f"/units/{unit.pk}/rename/", [v["unit_name"], BREAK_SINGLE, f"改为“{v['unit_name']}”"])
    shown.open(f"/units/{unit.pk}/merge/", [v["unit_name"]])

    shown.open("/leaders/", [*titles, v["leader_name"], v["leader_title"], "@SUM(1)", v["jurisdiction"]])
    shown.open(f"/leaders/{planted.leader.pk}/?ledger={ledger}", [*titles, v["leader_name"], v["leader_title"], SCRIPT, v["unit_name"]])

    jurisdiction = planted.jurisdiction.pk
    shown.open("/jurisdictions/", [v["jurisdiction"]])
    shown.open(f"/jurisdictions/{jurisdiction}/", [v["jurisdiction"], f"{SCRIPT}区", f"{BREAK_DOUBLE}区政府", f"{IFRAME}新区",
                                                   f"{JS_LINK}管委会", f"{SHORT}别名"])
    shown.open("/jurisdictions/new/")

    page.context.clear_cookies()  # 三员分立: the audit log is the audit administrator's
    sign_in(page, *AUDITOR)
    shown.open("/audit/", [SCRIPT, v["unit_name"], v["resolution"], v["jurisdiction"]])
    shown.open(f"/audit/?{urlencode({'user': BREAK_DOUBLE, 'object': BREAK_SINGLE})}")
    shown.open(f"/audit/?{urlencode({'object': v['unit_name']})}", [v["unit_name"]])

    shown.assert_clean(at_least=34)


def test_htmx_fragments_and_forms_show_payloads_as_text(office, planted, page_problems):
    """What htmx swaps in (the task editor, its save, the search results) and the pages behind a form
    (the re-import diff, the merge confirmation) treat data the same way."""
    _, page = office
    v = planted.values
    ledger, task = planted.ledger.pk, planted.task
    shown = Inspector(page, page_problems)

    # The review page's task card → editor (htmx), save a payload deadline, back to the card.
    page.goto(f"/ledgers/{ledger}/review/")
    page.locator(f"#task-{task.code}").get_by_role("link", name="修改").click()
    editor = page.locator(f"#task-{task.code}.editing")
    expect(editor).to_be_visible()
    shown.check("核对页：任务编辑器（htmx）", [v["unit_name"], SVG])
    editor.locator("input[name=deadline_text]").fill(BREAK_DOUBLE)
    editor.get_by_role("button", name="保存任务内容").click()
    expect(page.locator(f"#task-{task.code} .flash.ok")).to_be_visible()
    assert page.locator(f"#task-{task.code} input[name=deadline_text]").input_value() == BREAK_DOUBLE
    shown.check("核对页：保存后的任务编辑器（htmx）", [v["unit_name"]])
    page.locator(f"#task-{task.code}.editing").get_by_role("link", name="完成").click()
    expect(page.locator(f"#task-{task.code}:not(.editing)")).to_be_visible()
    shown.check("核对页：任务卡片（htmx）", [v["task_text"], BREAK_DOUBLE, v["unit_name"]])

    # The task list's search box, typed in and sent by htmx.
    page.goto(f"/ledgers/{ledger}/tasks/")
    filters = page.locator("form.filters").first
    filters.locator("input[name=q]").fill(SCRIPT)
    filters.get_by_role("button", name="筛选").click()
    expect(page.locator("#task-results .result-line")).to_contain_text(SCRIPT)
    shown.check("任务清单：搜索框（htmx）", [SCRIPT])

    # Re-import a revised notice: the diff shows old and new texts and the units it would create.
    revised = (
        notice_text("金华市", 2018)
        .replace("推进政府治理数字化转型", f"推进政府治理数字化转型{IFRAME}{JS_LINK}")
        .replace("配合单位:市编办", f"配合单位:市编办、{IMG_NO_SPACE}新单位")
    )
    page.goto(f"/ledgers/{ledger}/reimport/")
    page.locator("#id_text").fill(revised)
    with page.expect_navigation():
        page.get_by_role("button", name="查看差异").click()
    expect(page.get_by_role("heading", name="修订后的通知与台账的差异")).to_be_visible()
    shown.check("修订差异", [v["ledger_title"], IFRAME, f"{IMG_NO_SPACE}新单位", SCRIPT])

    # Merge the <svg> unit into the renamed one: the confirmation names both.
    svg_unit = task.assignments.get(unit__name=SVG).unit_id
    page.goto(f"/units/{svg_unit}/merge/")
    page.locator("input[name=target_name]").fill(v["unit_name"])
    with page.expect_navigation():
        page.get_by_role("button", name="下一步：查看影响").click()
    shown.check("合并确认", [f"确认合并到“{v['unit_name']}”", f"把“{SVG}”合并到其他单位"])

    shown.assert_clean(at_least=6)
