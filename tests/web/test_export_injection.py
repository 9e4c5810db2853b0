"""Formula injection: no exported cell starts a formula, whatever the office or a notice typed.

A cell that begins with = + - @ (or a tab or carriage return before one) is run by a spreadsheet
when the file is opened (`=HYPERLINK(...)` leaks data, `+cmd|...` starts a program through DDE).
Every export passes text through one helper, `luoshi.notice.export_xlsx.neutralize`, which prefixes
an apostrophe; these tests read each file as a spreadsheet would and check every cell.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from xss_corpus import AT_SUM, DDE, FORMULA_START, HYPERLINK, MINUS, make_auditor, plant_payloads

from luoshi.ledger.models import TaskGroup
from luoshi.ledger.services import update_task

TAB_FORMULA = "\t=1+1"
CR_FORMULA = "\r-1+1分组"


@pytest.fixture
def planted(office):
    """The payload ledger, plus a tab-led deadline and a CR-led group title."""
    planted = plant_payloads(office)
    task = planted.task
    update_task(actor=office, task=task, expected_version=task.version, deadline_text=TAB_FORMULA)
    TaskGroup.objects.filter(section__ledger=planted.ledger).update(title=CR_FORMULA)
    return planted


def xlsx_cells(content: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def assert_no_formula(texts: list[str], where: str) -> None:
    starting = [text for text in texts if text.startswith(FORMULA_START)]
    assert not starting, f"{where}：这些单元格会被当作公式：{starting}"


def assert_neutralised(texts: list[str], prefixes: list[str]) -> None:
    """Each payload is still there, as text behind the apostrophe."""
    missing = [prefix for prefix in prefixes if not any(text.startswith(prefix) for text in texts)]
    assert not missing, f"没有找到（作为文字）：{missing}"


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


# How each planted payload must start its cell (unit names lose their spaces).
NEUTRALISED_LEDGER = [f"'{HYPERLINK}", f"'{DDE.replace(' ', '')}", f"'{AT_SUM}", f"'{MINUS}", f"'{TAB_FORMULA}", f"'{CR_FORMULA}"]


def test_ledger_xlsx_has_no_formula_and_keeps_every_payload_as_text(office_client, planted):
    cells = xlsx_cells(download(office_client, f"/ledgers/{planted.ledger.pk}/export.xlsx"))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert_no_formula(texts, "责任分解表 Excel")
    assert_neutralised(texts, NEUTRALISED_LEDGER)


def test_ledger_csv_has_no_formula_and_keeps_every_payload_as_text(office_client, planted):
    texts = csv_cells(download(office_client, f"/ledgers/{planted.ledger.pk}/export.csv"))
    assert_no_formula(texts, "责任分解表 CSV")
    assert_neutralised(texts, NEUTRALISED_LEDGER)


def test_matrix_xlsx_has_no_formula(office_client, planted):
    cells = xlsx_cells(download(office_client, f"/ledgers/{planted.ledger.pk}/matrix.xlsx?sort=name"))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert_no_formula(texts, "责任矩阵 Excel")
    assert f"'{DDE.replace(' ', '')}" in texts  # the unit's row header
    assert f"'{HYPERLINK}{planted.values['formula_text'][len(HYPERLINK):]}" in texts  # the task sheet


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_unit_task_lists_have_no_formula(office_client, planted, fmt):
    unit = planted.formula_unit
    content = download(office_client, f"/units/{unit.pk}/tasks.{fmt}?ledger={planted.ledger.pk}")
    if fmt == "xlsx":
        cells = xlsx_cells(content)
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        texts = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert any(text.startswith(f"'{DDE.replace(' ', '')}") for text in texts)  # the title: the unit's name
    else:
        texts = csv_cells(content)
    assert_no_formula(texts, f"本单位任务清单 {fmt}")
    assert_neutralised(texts, [f"'{HYPERLINK}", f"'{AT_SUM}", f"'{MINUS}", f"'{DDE.replace(' ', '')}"])


def test_audit_csv_has_no_formula(client, planted):
    client.force_login(make_auditor())  # 三员分立: the audit administrator exports the log
    texts = csv_cells(download(client, "/audit/export.csv"))
    assert_no_formula(texts, "审计日志 CSV")
    assert f"'{DDE.replace(' ', '')}" in texts  # the unit.create event's object
