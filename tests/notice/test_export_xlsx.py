"""The 责任分解表 workbook: written from a hand-built notice, read back with openpyxl."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from luoshi.notice.errors import NoticeError
from luoshi.notice.export_xlsx import HEADERS, neutralize, sheet_title, write_responsibility_table
from luoshi.notice.model import Leader, ParsedNotice, Section, Target, Task

KEY = "2018年政府工作报告重点工作责任分解"
LIVELIHOOD = "2018年十方面民生实事责任分解"
COUNTIES = ["婺城区政府", "金东区政府"]


def target(text: str, indicator: str, parent: int | None = None) -> Target:
    return Target(text=text, indicator=indicator, comparator="~", value=7.0, unit="%", base_value=7.0,
                  base_unit="%", direction="growth", span=(0, len(text)), parent=parent)


def build_notice() -> ParsedNotice:
    mayor = "一、尹学群市长牵头的重点工作"
    tasks = [
        Task(id="1-1", section=KEY, group=mayor, group_path=[mayor], number="1",
             text="全面完成2018年全市经济社会发展预期目标。", line=32,
             leaders=[Leader("尹学群", "市长")], lead_units=["市发改委"],
             cooperating_units=["市农办", "市经信委"], implied_cooperating_units=COUNTIES + ["市农办"],
             deadline="年内", deadline_date="2018-12-31",
             targets=[target("地区生产总值增长7%左右", "地区生产总值"), target("引进重大产业项目20个", "引进重大产业项目"),
                      target("超50亿元6个", "超50亿元", parent=1)]),
        Task(id="1-2", section=KEY, group=mayor, group_path=[mayor], number="2",
             text="推进政府治理数字化转型。", line=36, leaders=[Leader("尹学群", "市长")],
             lead_units=["市政府办公室"], cooperating_units=[], implied_cooperating_units=COUNTIES),
        Task(id="1-3", section=KEY, group="二、第二组", group_path=["二、第二组"], number="3",
             text="=HYPERLINK(\"http://evil\",\"点此\")", line=40,
             lead_units=["+市编办"], cooperating_units=["-市委政法委", "@市市场监管局"], deadline="\t6月底前"),
        Task(id="2-1", section=LIVELIHOOD, group="一、加强食品安全监管", group_path=["一、加强食品安全监管"],
             number="1", text="新建放心农贸市场10家。", line=300, lead_units=["市市场监管局"]),
    ]
    sections = [Section(index=1, title=KEY, line=28, groups=[mayor, "二、第二组"], task_count=3),
                Section(index=2, title=LIVELIHOOD, line=290, groups=["一、加强食品安全监管"], task_count=1)]
    return ParsedNotice(title="金华市人民政府办公室关于印发…的通知", year=2018, sections=sections, tasks=tasks)


@pytest.fixture()
def workbook(tmp_path):
    path = tmp_path / "分解表.xlsx"
    write_responsibility_table(build_notice(), path)
    return load_workbook(path)


def values(sheet, row: int) -> list:
    return [sheet.cell(row, column).value for column in range(1, len(HEADERS) + 1)]


def test_one_sheet_per_section_named_after_it(workbook):
    assert workbook.sheetnames == [KEY, LIVELIHOOD]


def test_title_row_is_merged_across_the_columns(workbook):
    sheet = workbook[KEY]
    assert sheet["A1"].value == KEY
    assert sheet["A1"].font.bold
    assert "A1:G1" in {str(merged) for merged in sheet.merged_cells.ranges}


def test_header_row_is_bold_filled_bordered_and_wrapped(workbook):
    sheet = workbook[KEY]
    assert values(sheet, 2) == ["序号", "工作任务", "牵头领导", "牵头单位", "配合单位", "完成时限", "量化目标"]
    for cell in sheet[2]:
        assert cell.font.bold
        assert cell.fill.fgColor.rgb.endswith("D9E1F2")
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
        assert cell.alignment.wrap_text


def test_group_rows_come_before_their_tasks_and_are_merged(workbook):
    sheet = workbook[KEY]
    merged = {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["A3"].value == "一、尹学群市长牵头的重点工作"
    assert sheet["A3"].font.bold
    assert "A3:G3" in merged
    assert sheet["A4"].value == 1 and sheet["A5"].value == 2  # no repeated group row between them
    assert sheet["A6"].value == "二、第二组"
    assert "A6:G6" in merged
    assert sheet.max_row == 7


def test_task_row_cells(workbook):
    sheet = workbook[KEY]
    assert values(sheet, 4) == [
        1,
        "全面完成2018年全市经济社会发展预期目标。",
        "尹学群",
        "市发改委",
        "市农办、市经信委(依通知规则:婺城区政府、金东区政府)",  # 市农办 already written: not repeated
        "年内",
        "地区生产总值增长7%左右\n引进重大产业项目20个\n其中超50亿元6个",
    ]
    assert sheet["B4"].alignment.wrap_text


def test_only_implied_units_still_fill_the_cooperating_cell(workbook):
    assert workbook[KEY]["E5"].value == "(依通知规则:婺城区政府、金东区政府)"
    assert workbook[KEY]["F5"].value is None  # no deadline written


def test_formula_like_text_is_neutralised(workbook):
    row = values(workbook[KEY], 7)
    assert row[1] == "'=HYPERLINK(\"http://evil\",\"点此\")"
    assert row[3] == "'+市编办"
    assert row[4] == "'-市委政法委、@市市场监管局"
    assert row[5] == "'\t6月底前"
    assert workbook[KEY]["B7"].data_type == "s"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralize_prefixes_a_quote(text):
    assert neutralize(text) == "'" + text


def test_neutralize_leaves_ordinary_text_and_drops_forbidden_characters():
    assert neutralize("市发改委") == "市发改委"
    assert neutralize("a\x00b\x07c") == "abc"


def test_frozen_under_the_header_with_widths(workbook):
    sheet = workbook[KEY]
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["B"].width == 60
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["E"].width


def test_a4_landscape_with_the_header_repeated(workbook):
    sheet = workbook[LIVELIHOOD]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1


@pytest.mark.parametrize(
    "name, expected",
    [
        ("附件1:2018年[重点]工作*责任?分解/表\\", "附件12018年重点工作责任分解表"),
        ("一" * 40, "一" * 31),
        ("", "责任分解表"),
        ("'引号'", "引号"),
    ],
)
def test_sheet_titles_are_legal(name, expected):
    assert sheet_title(name, set()) == expected


def test_sheet_titles_are_unique():
    taken: set[str] = set()
    first = sheet_title("一" * 40, taken)
    second = sheet_title("一" * 40, taken)
    assert first != second and len(second) <= 31 and second.endswith("(2)")


def test_tasks_of_an_unknown_section_get_their_own_sheet():
    notice = ParsedNotice(title="通知", tasks=[Task(id="1", section="", group="", number="1", text="任务。", line=1)])
    buffer = io.BytesIO()
    write_responsibility_table(notice, buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["通知"]
    assert sheet["A1"].value == "通知"
    assert values(sheet, 3)[:2] == [1, "任务。"]  # no group row for a task with no group


def test_an_empty_notice_still_writes_a_header():
    buffer = io.BytesIO()
    write_responsibility_table(ParsedNotice(), buffer)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["责任分解表"]
    assert values(workbook.active, 2) == HEADERS


def test_nested_groups_each_get_a_row():
    path = ["二、七个方面主要工作", "(一)做强增长引擎"]
    tasks = [
        Task(id=str(n), section="", group=path[-1], group_path=path, number=str(n), text=f"任务{n}。", line=n)
        for n in (12, 13)
    ]
    buffer = io.BytesIO()
    write_responsibility_table(ParsedNotice(title="方案", tasks=tasks), buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [sheet.cell(row, 1).value for row in range(3, 7)] == [path[0], path[1], 12, 13]


def test_an_unwritable_path_is_a_notice_error(tmp_path):
    target_path = tmp_path / "missing" / "表.xlsx"
    with pytest.raises(NoticeError) as caught:
        write_responsibility_table(build_notice(), target_path)
    assert "表.xlsx" in str(caught.value) and "无法写入" in str(caught.value)
    assert "\n" not in str(caught.value)
