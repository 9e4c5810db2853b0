"""Excel task tables: header rows, merged category cells, numbers and dates, huge and hostile workbooks."""

from __future__ import annotations

import datetime as dt
import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from readers_support.xlsx_builder import numbered_rows, write_xlsx

from luoshi.notice.errors import InputTooLarge, NoticeError
from luoshi.notice.model import Paragraph, Table
from luoshi.notice.readers import Limits, read_bytes, read_path


def workbook_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def task_sheet(workbook: openpyxl.Workbook) -> None:
    sheet = workbook.active
    sheet.title = "重点工作"
    sheet.append(["2018年政府工作报告重点工作责任分解"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "类别", "工作任务", "牵头单位", "完成时限", "目标"])
    sheet.append([1, "经济发展", "全面完成预期目标。", "市发改委", dt.datetime(2018, 6, 30), 0.07])
    sheet.append([2.0, None, "新增贷款。", "人行金华市中心支行", dt.date(2018, 12, 31), 500.0])
    sheet.append([3, None, "控制不良贷款率。", "市金融办", dt.datetime(2018, 9, 30, 17, 30), 0.025])
    sheet.merge_cells("B3:B5")
    sheet["F3"].number_format = "0%"
    sheet["F5"].number_format = "0.0%"


def test_header_merged_categories_numbers_and_dates(tmp_path):
    workbook = openpyxl.Workbook()
    task_sheet(workbook)
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(workbook_bytes(workbook))
    document = read_path(path)
    assert document.format == "xlsx"
    assert len(document.blocks) == 1, "a single sheet gets no name paragraph"
    table = document.blocks[0]
    assert table.rows == [
        ["2018年政府工作报告重点工作责任分解"] * 6,
        ["序号", "类别", "工作任务", "牵头单位", "完成时限", "目标"],
        ["1", "经济发展", "全面完成预期目标。", "市发改委", "2018年6月30日", "7%"],
        ["2", "经济发展", "新增贷款。", "人行金华市中心支行", "2018年12月31日", "500"],
        ["3", "经济发展", "控制不良贷款率。", "市金融办", "2018年9月30日 17:30", "2.5%"],
    ]
    assert table.line == 1 and table.row_lines == [1, 2, 3, 4, 5]


def test_several_sheets_are_named_and_empty_or_hidden_ones_skipped():
    workbook = openpyxl.Workbook()
    task_sheet(workbook)
    workbook.create_sheet("空表")
    livelihood = workbook.create_sheet("民生实事")
    livelihood.append([])
    livelihood.append(["序号", "项目"])
    livelihood.append([1, "加强食品安全监管"])
    hidden = workbook.create_sheet("代码表")
    hidden.append(["隐藏"])
    hidden.sheet_state = "hidden"
    document = read_bytes(workbook_bytes(workbook), "all.xlsx")
    kinds = [(type(block).__name__, getattr(block, "text", None)) for block in document.blocks]
    assert kinds == [("Paragraph", "重点工作"), ("Table", None), ("Paragraph", "民生实事"), ("Table", None)]
    assert document.blocks[3].rows == [["序号", "项目"], ["1", "加强食品安全监管"]]
    assert document.blocks[3].row_lines == [2, 3]
    assert document.blocks[2] == Paragraph("民生实事", 2)
    assert [warning.message for warning in document.warnings] == ["已跳过隐藏的工作表“代码表”"]


def test_floats_booleans_and_long_numbers_read_as_people_write_them():
    workbook = openpyxl.Workbook()
    workbook.active.append([0.1 + 0.2, 26538.0, 1e-7, True, 123456789012.0, "  市发改委\u3000"])
    row = read_bytes(workbook_bytes(workbook), "n.xlsx").blocks[0].rows[0]
    assert row == ["0.3", "26538", "0.0000001", "TRUE", "123456789012", "市发改委"]


def test_row_cap_applies_across_the_workbook():
    workbook = openpyxl.Workbook()
    for name in ("一", "二"):
        sheet = workbook.create_sheet(name)
        for n in range(1, 8):
            sheet.append([f"{name}{n}"])
    del workbook["Sheet"]
    document = read_bytes(workbook_bytes(workbook), "cap.xlsx", limits=Limits(max_rows=10))
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert [len(table.rows) for table in tables] == [7, 3]
    assert [warning.message for warning in document.warnings] == ["工作簿超过 10 行的上限：只读取了前 10 行，其余行已忽略"]


def test_million_row_sheet_stops_at_the_cap_quickly_and_in_little_memory(tmp_path):
    path = write_xlsx(tmp_path / "million.xlsx", numbered_rows(1_000_000), merges=["B1:C2"])
    data = path.read_bytes()
    started = time.perf_counter()
    document = read_bytes(data, "million.xlsx")
    elapsed = time.perf_counter() - started
    table = document.blocks[0]
    assert len(table.rows) == 20_000 and table.rows[-1] == ["20000"] and table.row_lines[-1] == 20_000
    assert any("只读取了前 20000 行" in warning.message for warning in document.warnings)
    assert elapsed < 5
    tracemalloc.start()
    try:
        read_bytes(data, "million.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024


def test_sheet_without_dimension_and_with_a_row_far_away_is_still_cheap(tmp_path):
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="XFD1"><v>9</v></c></row>',
            '<row r="1000000"><c r="A1000000"><v>1</v></c></row>']
    path = write_xlsx(tmp_path / "sparse.xlsx", rows)
    started = time.perf_counter()
    document = read_bytes(path.read_bytes(), "sparse.xlsx")
    assert time.perf_counter() - started < 2
    assert document.blocks[0].rows == [["序号"]], "columns past the cap are cut"
    assert any("只读取了前 20000 行" in warning.message for warning in document.warnings)


def test_merges_written_with_prefixes_and_single_cells_are_found(tmp_path):
    rows = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>类别</t></is></c><c r="B1" t="inlineStr"><is><t>任务</t></is></c></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t>经济</t></is></c><c r="B2" t="inlineStr"><is><t>甲</t></is></c></row>',
        '<row r="3"><c r="B3" t="inlineStr"><is><t>乙</t></is></c></row>',
    ]
    path = write_xlsx(tmp_path / "m.xlsx", rows, merges=["A2:A3", "B1"])
    assert read_bytes(path.read_bytes(), "m.xlsx").blocks[0].rows == [["类别", "任务"], ["经济", "甲"], ["经济", "乙"]]


def test_xlsx_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (5 * 1024 * 1024))
    with pytest.raises(InputTooLarge):
        read_bytes(buffer.getvalue(), "bomb.xlsx", limits=Limits(max_unzipped_bytes=1024 * 1024))


def test_damaged_workbook_gives_a_notice_error_only():
    workbook = openpyxl.Workbook()
    task_sheet(workbook)
    data = workbook_bytes(workbook)
    for cut in (100, len(data) // 3, len(data) - 50):
        with pytest.raises(NoticeError) as caught:
            read_bytes(data[:cut], "broken.xlsx")
        assert "broken.xlsx" in str(caught.value)
