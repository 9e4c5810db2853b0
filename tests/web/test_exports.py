"""Exports of the seed ledger: each format downloaded as the office would, then read back."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length
from openpyxl import load_workbook

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Task
from luoshi.ledger.services import update_task
from luoshi.units.models import Unit

KEY = "2018年政府工作报告重点工作责任分解"
LIVELIHOOD = "2018年十方面民生实事责任分解"
HEADERS = ["序号", "工作任务", "牵头领导", "牵头单位", "配合单位", "完成时限", "量化目标"]
RULE_UNITS = "婺城区政府、金东区政府、兰溪市政府、东阳市政府、义乌市政府、永康市政府、浦江县政府、武义县政府、磐安县政府、金华开发区管委会、金义都市新区管委会、金华山旅游经济区管委会"


def download(client, name, *args, **query):
    url = reverse(name, args=args)
    response = client.get(url, query)
    assert response.status_code == 200, response.content[:500]
    return response


def task_rows(sheet):
    """Rows whose 序号 cell holds a task number (heading rows hold text)."""
    return [row for row in sheet.iter_rows(min_row=3, values_only=True) if isinstance(row[0], int)]


@pytest.fixture
def workbook(office_client, seed_ledger):
    response = download(office_client, "ledger:export_xlsx", seed_ledger.pk)
    return load_workbook(io.BytesIO(response.content))


# XLSX -----------------------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_attachment_with_every_task(workbook):
    assert workbook.sheetnames == [KEY, LIVELIHOOD]
    key, livelihood = workbook[KEY], workbook[LIVELIHOOD]
    assert key["A1"].value == KEY and "A1:G1" in {str(r) for r in key.merged_cells.ranges}
    assert [c.value for c in key[2]] == HEADERS
    assert len(task_rows(key)) == 85 and len(task_rows(livelihood)) == 22
    assert key["A3"].value == "尹学群市长牵头的重点工作"  # the group heading comes before its tasks
    assert "A3:G3" in {str(r) for r in key.merged_cells.ranges}
    headings = [row[0] for row in key.iter_rows(min_row=3, values_only=True) if isinstance(row[0], str)]
    assert len(headings) == 8 and headings[-1] == "陶叶萍副市长牵头的重点工作"


def test_xlsx_task_cells(workbook):
    sheet = workbook[KEY]
    first = sheet[4]
    assert [c.value for c in first[:4]] == [1, first[1].value, "尹学群", "市发改委"]
    assert first[1].value.startswith("全面完成2018年全市经济社会发展预期目标")
    assert first[6].value == "地区生产总值增长7%左右"
    # Written cooperating units, then the twelve the notice's rule adds, marked as such.
    assert first[4].value == "市农办、市经信委、市科技局、市财政(地税)局、市人力社保局、市建设局、市农业局、市商务局、市环保局" f"(依通知规则:{RULE_UNITS})"
    row46 = next(row for row in task_rows(sheet) if row[0] == 46)
    assert row46[2] == "邵国强" and row46[3] == "市商务局、义乌市政府"
    assert row46[6] == "往返400列\n其中中亚班列100列"
    assert sheet["B4"].alignment.wrap_text and sheet["E4"].alignment.wrap_text


def test_xlsx_print_setup(workbook):
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A3"
        assert sheet.print_title_rows == "$2:$2"
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and int(sheet.page_setup.fitToWidth) == 1
        header = sheet["B2"]
        assert header.font.bold and header.fill.fgColor.rgb.endswith("D9E1F2") and header.border.bottom.style == "thin"
        assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_response_names_the_file_in_chinese(office_client, seed_ledger):
    response = download(office_client, "ledger:export_xlsx", seed_ledger.pk)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('金华市2018年责任分解表(草稿).xlsx')}" in disposition
    assert f'filename="ledger-{seed_ledger.pk}.xlsx"' in disposition


def test_formula_like_text_is_neutralised_in_xlsx_and_csv(office_client, seed_ledger, office):
    task = Task.objects.get(ledger=seed_ledger, code="1-1")
    update_task(actor=office, task=task, expected_version=task.version, text="=1+1 全面完成目标")
    sheet = load_workbook(io.BytesIO(download(office_client, "ledger:export_xlsx", seed_ledger.pk).content))[KEY]
    assert sheet["B4"].value == "'=1+1 全面完成目标" and sheet["B4"].data_type == "s"
    rows = list(csv.reader(io.StringIO(download(office_client, "ledger:export_csv", seed_ledger.pk).content.decode("utf-8-sig"))))
    assert rows[1][3] == "'=1+1 全面完成目标"


# CSV ------------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_one_row_per_task(office_client, seed_ledger):
    response = download(office_client, "ledger:export_csv", seed_ledger.pk)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["附件", "分组", *HEADERS]
    assert len(rows) == 1 + 107
    assert rows[1][:5] == [KEY, "尹学群市长牵头的重点工作", "1", rows[1][3], "尹学群"]
    row46 = next(r for r in rows if r[0] == KEY and r[2] == "46")
    assert row46[5] == "市商务局、义乌市政府"
    assert rows[-1][0] == LIVELIHOOD and rows[-1][2] == "22"
    assert sum(1 for r in rows[1:] if r[0] == LIVELIHOOD) == 22


# DOCX -----------------------------------------------------------------------------------------


@pytest.fixture
def document(office_client, seed_ledger):
    response = download(office_client, "ledger:export_docx", seed_ledger.pk)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Document(io.BytesIO(response.content))


def east_asian(run) -> str:
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_docx_title_and_document_number(document, seed_ledger):
    texts = [p.text for p in document.paragraphs]
    assert "金政办发〔2018〕23号" in texts
    title = next(p for p in document.paragraphs if p.text == seed_ledger.title)
    assert texts.index("金政办发〔2018〕23号") < texts.index(seed_ledger.title)
    assert title.alignment == 1  # centred
    run = title.runs[0]
    assert east_asian(run) == "方正小标宋简体" and run.font.size.pt == 22
    assert f"附件：1.{KEY}" in texts and "2018年4月18日" in texts and "金华市人民政府办公室" in texts
    number = next(p for p in document.paragraphs if p.text == "金政办发〔2018〕23号")
    assert east_asian(number.runs[0]) == "仿宋_GB2312" and number.runs[0].font.size.pt == 16
    style_fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert style_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_docx_tables_have_a_repeated_bold_header(document):
    assert len(document.tables) == 2
    key, livelihood = document.tables
    header = key.rows[0]
    assert [c.text for c in header.cells] == HEADERS
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    header_run = header.cells[0].paragraphs[0].runs[0]
    assert header_run.bold and east_asian(header_run) == "黑体"
    body_run = key.rows[2].cells[1].paragraphs[0].runs[0]
    assert east_asian(body_run) == "仿宋_GB2312"
    texts = [row._tr.xpath("string(.)") for row in key.rows]
    assert len(key.rows) == 1 + 8 + 85 and len(livelihood.rows) == 1 + 10 + 22
    row46 = next(row for row in key.rows if row.cells[0].text == "46")
    assert row46.cells[3].text == "市商务局、义乌市政府"
    assert "尹学群市长牵头的重点工作" in texts[1]
    assert key.rows[1]._tr.xpath("./w:tc/w:tcPr/w:gridSpan/@w:val") == ["7"]


def within(length, mm: float) -> bool:
    return abs(Length(length).mm - mm) <= 0.5


def test_docx_page_set_up_follows_gbt_9704(document):
    cover, *attachments = document.sections
    assert within(cover.page_width, 210) and within(cover.page_height, 297)
    assert within(cover.top_margin, 37) and within(cover.left_margin, 28)
    assert within(cover.page_width - cover.left_margin - cover.right_margin, 156)
    assert within(cover.page_height - cover.top_margin - cover.bottom_margin, 225)
    assert len(attachments) == 2
    for section in attachments:  # the same text block turned for the wide table
        assert within(section.page_width, 297) and within(section.page_height, 210)
        assert within(section.page_width - section.left_margin - section.right_margin, 225)
        assert within(section.page_height - section.top_margin - section.bottom_margin, 156)
        assert within(section.top_margin, 28)


def test_docx_page_numbers_at_the_outside_edge(document):
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    for paragraph in (odd, even):
        assert "—" in paragraph.text
        assert paragraph._p.xpath("string(.//w:instrText)").strip() == "PAGE"
        assert all(run.font.size.pt == 14 for run in paragraph.runs)


# 本单位任务清单 and the matrix --------------------------------------------------------------


def test_unit_task_list_of_the_construction_bureau(office_client, seed_ledger):
    unit = Unit.objects.get(name="市建设局")
    response = download(office_client, "ledger:unit_tasks_xlsx", unit.pk, ledger=seed_ledger.pk)
    assert quote("市建设局2018年任务清单") in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "市建设局2018年任务清单"
    assert [c.value for c in sheet[2]][:4] == ["序号", "任务编号", "工作任务", "本单位角色"]
    rows = task_rows(sheet)
    assert len(rows) == 39
    assert [row[3] for row in rows].count("牵头") == 10
    assert all(row[3] == "配合" for row in rows[10:])
    assert sheet["A3"].value == "一、牵头任务(10项)"
    assert rows[-1][0] == 39  # numbered through both parts
    codes = {row[1] for row in rows}
    assert "1-1" in codes  # it cooperates on the first task


def test_unit_task_list_in_word_and_csv(office_client, seed_ledger):
    unit = Unit.objects.get(name="市建设局")
    document = Document(io.BytesIO(download(office_client, "ledger:unit_tasks_docx", unit.pk, ledger=seed_ledger.pk).content))
    assert document.paragraphs[0].text == "市建设局2018年任务清单"
    assert len(document.tables[0].rows) == 1 + 2 + 39
    assert document.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    content = download(office_client, "ledger:unit_tasks_csv", unit.pk, ledger=seed_ledger.pk).content
    assert content.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))) == 1 + 39


def test_a_county_also_gets_the_tasks_of_its_collective(office_client, seed_ledger):
    county = Unit.objects.get(name="婺城区政府")
    collectives = set(county.collectives.values_list("id", flat=True))
    direct = set(Task.objects.filter(ledger=seed_ledger, assignments__unit=county).values_list("code", flat=True))
    via = set(Task.objects.filter(ledger=seed_ledger, assignments__unit__in=collectives).values_list("code", flat=True)) - direct
    assert via  # the seed gives tasks to 各县(市、区)政府 and 所涉县(市、区)政府
    sheet = load_workbook(io.BytesIO(download(office_client, "ledger:unit_tasks_xlsx", county.pk, ledger=seed_ledger.pk).content)).active
    rows = task_rows(sheet)
    assert {row[1] for row in rows} == direct | via
    marked = {row[1] for row in rows if "经“" in row[3]}
    assert marked == via
    assert any(row[3] == "配合(依通知规则)" for row in rows)


def test_unit_task_list_without_ledger_takes_the_latest(office_client, seed_ledger):
    unit = Unit.objects.get(name="市建设局")
    sheet = load_workbook(io.BytesIO(download(office_client, "ledger:unit_tasks_xlsx", unit.pk).content)).active
    assert len(task_rows(sheet)) == 39


def test_matrix_export_has_units_tasks_and_totals(office_client, seed_ledger):
    response = download(office_client, "ledger:matrix_xlsx", seed_ledger.pk)
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["责任矩阵"]
    header = [c.value for c in sheet[2]]
    assert header[:4] == ["单位", "牵头", "配合", "合计"] and len(header) == 4 + 107
    column_46 = header.index("1-46") + 1
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3)}
    construction = rows["市建设局"]
    assert [c.value for c in construction[1:4]] == [10, 29, 39]
    assert sum(1 for c in construction[4:] if c.value == "牵") == 10
    assert rows["市商务局"][column_46 - 1].value == "牵" and rows["义乌市政府"][column_46 - 1].value == "牵"
    assert rows["牵头单位数"][column_46 - 1].value == 2
    assert sheet.freeze_panes == "E3"
    leads = [row[1].value for row in sheet.iter_rows(min_row=3) if row[0].value not in ("牵头单位数", "配合单位数")]
    assert leads == sorted(leads, reverse=True)  # most lead tasks first
    assert workbook["任务"]["A2"].value == "1-1"


# Access and audit -----------------------------------------------------------------------------

EXPORT_URLS = ["ledger:export_xlsx", "ledger:export_docx", "ledger:export_csv", "ledger:matrix_xlsx"]


@pytest.mark.parametrize("name", EXPORT_URLS)
def test_anonymous_download_goes_to_login(client, seed_ledger, name):
    response = client.get(reverse(name, args=[seed_ledger.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not AuditEvent.objects.filter(action="export").exists()


def test_anonymous_unit_list_goes_to_login(client, seed_ledger):
    unit = Unit.objects.get(name="市建设局")
    response = client.get(reverse("ledger:unit_tasks_xlsx", args=[unit.pk]), {"ledger": seed_ledger.pk})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", EXPORT_URLS)
def test_missing_ledger_is_a_chinese_404(office_client, seed_ledger, name):
    response = office_client.get(reverse(name, args=[seed_ledger.pk + 1000]))
    assert response.status_code == 404
    assert "台账不存在或无权查看" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize(
    "query, status, message",
    [
        ({"ledger": "abc"}, 404, "台账不存在或无权查看"),
        ({"ledger": "99999"}, 404, "台账不存在或无权查看"),
    ],
)
def test_bad_ledger_parameter_for_a_unit_list(office_client, seed_ledger, query, status, message):
    unit = Unit.objects.get(name="市建设局")
    response = office_client.get(reverse("ledger:unit_tasks_xlsx", args=[unit.pk]), query)
    assert response.status_code == status and message in response.content.decode()


def test_unit_of_another_jurisdiction_or_without_tasks(office_client, seed_ledger):
    from luoshi.units.models import Jurisdiction

    other = Jurisdiction.objects.create(name="义乌市", level="county", parent=seed_ledger.jurisdiction)
    stranger = Unit.objects.create(jurisdiction=other, name="义乌市发改局")
    response = office_client.get(reverse("ledger:unit_tasks_xlsx", args=[stranger.pk]), {"ledger": seed_ledger.pk})
    assert response.status_code == 400 and "不在台账" in response.content.decode()
    response = office_client.get(reverse("ledger:unit_tasks_xlsx", args=[stranger.pk]))
    assert response.status_code == 404 and "没有任务" in response.content.decode()
    response = office_client.get(reverse("ledger:unit_tasks_xlsx", args=[stranger.pk + 1000]))
    assert response.status_code == 404 and "单位不存在" in response.content.decode()


def test_a_merged_unit_sends_the_reader_to_the_unit_it_joined(office_client, seed_ledger):
    unit = Unit.objects.get(name="市建设局")
    old = Unit.objects.create(jurisdiction=unit.jurisdiction, name="市住建局", merged_into=unit)
    response = office_client.get(reverse("ledger:unit_tasks_xlsx", args=[old.pk]), {"ledger": seed_ledger.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:unit_tasks_xlsx", args=[unit.pk]) + f"?ledger={seed_ledger.pk}"


def test_each_download_writes_an_audit_event(office_client, seed_ledger, office):
    unit = Unit.objects.get(name="市建设局")
    for name in EXPORT_URLS:
        download(office_client, name, seed_ledger.pk)
    download(office_client, "ledger:unit_tasks_xlsx", unit.pk, ledger=seed_ledger.pk)
    events = list(AuditEvent.objects.filter(action="export").order_by("id"))
    assert [e.after["format"] for e in events] == ["xlsx", "docx", "csv", "matrix.xlsx", "xlsx"]
    assert all(e.actor == office and e.ledger_id == seed_ledger.pk for e in events)
    assert events[0].after["tasks"] == 107 and events[0].after["filename"] == "金华市2018年责任分解表(草稿).xlsx"
    assert events[-1].unit_id == unit.pk and events[-1].after["tasks"] == 39
    assert "市建设局" in events[-1].message


def test_post_is_refused(office_client, seed_ledger):
    assert office_client.post(reverse("ledger:export_xlsx", args=[seed_ledger.pk])).status_code == 405
