"""Old .xls workbooks (built by hand in BIFF8, since no xls writer is installed)."""

from __future__ import annotations

import pytest
from readers_support.xls_builder import XF_DATE, XF_PERCENT, Sheet, build_xls, compound_file

from luoshi.notice.errors import NoticeError, UnreadableInput
from luoshi.notice.model import Paragraph, Table
from luoshi.notice.readers import Limits, read_bytes


def task_sheet() -> Sheet:
    cells = {
        (0, 0): "序号", (0, 1): "类别", (0, 2): "工作任务", (0, 3): "牵头单位", (0, 4): "完成时限", (0, 5): "目标",
        (1, 0): 1.0, (1, 1): "经济发展", (1, 2): "全面完成预期目标。", (1, 3): "市发改委",
        (1, 4): (43281.0, XF_DATE), (1, 5): (0.07, XF_PERCENT),
        (2, 0): 2.0, (2, 2): "新增贷款。", (2, 3): "人行金华市中心支行", (2, 5): 500.0,
        (3, 0): 3.0, (3, 2): "控制不良贷款率。",
    }
    return Sheet("重点工作", cells, merges=[(1, 3, 1, 1), (2, 3, 3, 3)])


def test_cells_merges_numbers_dates_and_percentages():
    document = read_bytes(build_xls([task_sheet()]), "tasks.xls")
    assert document.format == "xls"
    assert document.blocks == [
        Table(
            rows=[
                ["序号", "类别", "工作任务", "牵头单位", "完成时限", "目标"],
                ["1", "经济发展", "全面完成预期目标。", "市发改委", "2018年6月30日", "7%"],
                ["2", "经济发展", "新增贷款。", "人行金华市中心支行", "", "500"],
                ["3", "经济发展", "控制不良贷款率。", "人行金华市中心支行", "", ""],
            ],
            line=1,
            row_lines=[1, 2, 3, 4],
        )
    ]


def test_sheets_named_hidden_skipped_and_rows_capped():
    sheets = [task_sheet(), Sheet("代码", {(0, 0): "隐藏"}, hidden=True), Sheet("民生实事", {(0, 0): "项目", (1, 0): "食品安全"})]
    document = read_bytes(build_xls(sheets), None)
    assert [type(block).__name__ for block in document.blocks] == ["Paragraph", "Table", "Paragraph", "Table"]
    assert document.blocks[2] == Paragraph("民生实事", 1)
    assert [warning.message for warning in document.warnings] == ["已跳过隐藏的工作表“代码”"]
    capped = read_bytes(build_xls(sheets), "a.xls", limits=Limits(max_rows=5))
    assert [len(block.rows) for block in capped.blocks if isinstance(block, Table)] == [4, 1]
    assert capped.warnings[-1].message == "工作簿超过 5 行的上限：只读取了前 5 行，其余行已忽略"


def test_ole2_without_a_workbook_stream_is_unreadable():
    with pytest.raises(UnreadableInput, match="odd.xls"):
        read_bytes(compound_file(b"\0" * 600, name="Other"), "odd.xls")


def test_truncated_xls_gives_a_notice_error():
    data = build_xls([task_sheet()])
    for cut in (520, 1100, len(data) - 3000):
        with pytest.raises(NoticeError):
            read_bytes(data[:cut], "broken.xls")
