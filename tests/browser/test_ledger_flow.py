"""The office's whole first morning in a browser: import → fix → merge → publish → filter → export.

Each step is done through the pages as a person would (file picker, htmx forms, confirm dialogs,
a download), and each step's effect is checked both on the page and where it lands.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Assignment, Ledger, LedgerStatus, Task
from luoshi.units.models import Unit, UnitAlias

SEED = Path(__file__).resolve().parents[2] / "samples" / "jinhua-2018-notice.txt"
EDIT_NOTE = "（督考办核对）"


@pytest.fixture
def accept_dialogs(page):
    """The review page asks before merging and publishing (window.confirm); the office says yes."""
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_import_fix_merge_publish_filter_export(page, accept_dialogs, jinhua, page_problems, screenshot_dir, tmp_path):
    # Import: upload the seed file as the office would.
    page.goto("/import/")
    page.set_input_files("input[type=file][name=file]", str(SEED))
    page.locator("select[name=jurisdiction]").select_option(label="金华市")
    with page.expect_navigation():
        page.get_by_role("button", name="导入为台账草稿").click()
    assert re.search(r"/ledgers/\d+/review/$", page.url), page.url
    expect(page.get_by_text("已导入 107 项任务").first).to_be_visible()
    ledger = Ledger.objects.get()
    assert ledger.status == LedgerStatus.DRAFT and ledger.tasks.count() == 107
    assert bytes(ledger.source.content) == SEED.read_bytes()
    page.screenshot(path=str(screenshot_dir / "flow-1-review.png"))

    # Fix task 1-46: its text, and 市建设局 as a further lead unit (htmx swaps the task card in place).
    card = page.locator("#task-1-46")
    card.get_by_role("link", name="修改").click()
    editor = page.locator("#task-1-46.editing")
    text = editor.locator("textarea[name=text]")
    text.fill(text.input_value() + EDIT_NOTE)
    editor.get_by_role("button", name="保存任务内容").click()
    expect(page.locator("#task-1-46 .flash.ok").get_by_text("已保存任务内容")).to_be_visible()
    editor = page.locator("#task-1-46.editing")
    editor.locator("input[name=unit_name]").fill("市建设局")
    editor.locator("select[name=role]").select_option("lead")
    editor.get_by_role("button", name="添加", exact=True).click()
    expect(page.locator("#task-1-46 .flash.ok").get_by_text("已添加牵头单位“市建设局”")).to_be_visible()
    task46 = Task.objects.get(ledger=ledger, code="1-46")
    assert task46.text.endswith(EDIT_NOTE)
    assert list(task46.assignments.filter(role="lead").order_by("order", "id").values_list("unit__name", flat=True)) == [
        "市商务局", "义乌市政府", "市建设局",
    ]
    assert set(AuditEvent.objects.filter(task_id=task46.id).values_list("action", flat=True)) >= {"task.update", "assignment.add"}

    # Merge the suspected alias 市财政(地税)局 into 市财政局 from its warning.
    alias = Unit.objects.get(jurisdiction=jinhua, name="市财政(地税)局")
    moving = Assignment.objects.filter(unit=alias).count()
    assert moving > 0
    warning = page.locator("#warnings li.warning", has_text="“市财政(地税)局”与“市财政局”")
    with page.expect_navigation():
        warning.get_by_role("button", name="合并").click()
    expect(page.get_by_text("已将“市财政(地税)局”合并到“市财政局”").first).to_be_visible()
    alias.refresh_from_db()
    assert alias.merged_into.name == "市财政局"
    assert Assignment.objects.filter(unit=alias).count() == 0
    assert UnitAlias.objects.filter(name="市财政(地税)局", unit__name="市财政局").exists()

    # Publish.
    with page.expect_navigation():
        page.get_by_role("button", name="发布台账").click()
    expect(page.get_by_text("已发布").first).to_be_visible()
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.PUBLISHED
    page.screenshot(path=str(screenshot_dir / "flow-2-published.png"))

    # Filter: the tasks 市建设局 leads — the seed's 10 and now 1-46.
    page.goto(f"/ledgers/{ledger.pk}/tasks/")
    filters = page.locator("form.filters").first
    filters.locator("input[name=unit]").fill("市建设局")
    filters.locator("select[name=role]").select_option("lead")
    filters.get_by_role("button", name="筛选").click()
    results = page.locator("#task-results")
    expect(results.get_by_text("共 11 项任务")).to_be_visible()
    expect(results.get_by_role("link", name="1-46", exact=True)).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "flow-3-filtered.png"))

    # Export the 责任分解表 as XLSX: the correction and the added lead unit are in it.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "ledger.xlsx"
    download.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = [[str(c) if c is not None else "" for c in row] for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    row46 = next(row for row in rows if "1-46" in row or any(EDIT_NOTE in cell for cell in row))
    assert any(EDIT_NOTE in cell for cell in row46)
    assert any("市建设局" in cell and "市商务局" in cell for cell in row46)
    assert not any("市财政(地税)局" in cell for row in rows for cell in row)
    assert page_problems == []
