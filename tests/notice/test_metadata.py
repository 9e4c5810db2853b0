"""Cover metadata read from the heads of the seed and of every corpus notice, and from the forms they vary in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from luoshi.notice.metadata import CoverMetadata, extract_metadata, split_addressees
from luoshi.notice.model import ParsedNotice
from luoshi.notice.normalize import normalize_line

SHARED = Path(os.environ.get("LUOSHI_SHARED", Path(__file__).resolve().parents[3] / "shared"))


def numbered(text: str) -> list[tuple[int, str]]:
    """The (line, normalised text) pairs the parser passes, 1-based like the reader's lines."""
    return [(number, normalize_line(line)) for number, line in enumerate(text.split("\n"), start=1)]


def read_lines(relative: str) -> list[tuple[int, str]]:
    path = SHARED / relative
    if not path.exists():
        pytest.skip("shared corpus not available")
    return numbered(path.read_text(encoding="utf-8"))


# File, how many lines come before its task list, and what its cover says.
HEADS = [
    (
        "seed/jinhua-2018-notice.txt",
        29,
        CoverMetadata(
            title="金华市人民政府办公室关于印发2018年政府工作报告重点工作和十方面民生实事责任分解的通知",
            doc_number="金政办发〔2018〕23号",
            issuer="金华市人民政府办公室",
            date="2018-04-18",
            published="2018-04-21",
            year=2018,
            addressees=["各县(市、区)人民政府", "市直属各单位"],
            attachments=["2018年政府工作报告重点工作责任分解", "2018年十方面民生实事责任分解"],
            lines_used={"title": 4, "doc_number": 6, "published": 8, "issuer": 8, "addressees": 10,
                        "attachments": 16, "date": 22, "year": 4},
        ),
    ),
    ("corpus/raw/01_jiaxing_2024.txt", 1, CoverMetadata()),  # a bare table: nothing to read
    (
        "corpus/raw/04_anshan-lishan_2023.txt",
        22,
        CoverMetadata(
            title="立山区人民政府关于印发《立山区政府2023年重点工作任务分解和责任分工方案》的通知",
            doc_number="鞍立政发〔2023〕2号",
            issuer="立山区人民政府",
            date="2023-03-28",
            year=2023,
            addressees=["立山经济开发区", "各街道办事处", "各区直部门", "各有关单位"],
            lines_used={"title": 3, "doc_number": 2, "issuer": 11, "date": 13, "year": 3, "addressees": 7},
        ),
    ),
    (
        "corpus/raw/06_xianning-xianan_2023.txt",
        2,
        CoverMetadata(
            title="2023年区《政府工作报告》确定的重点工作任务责任分解方案",
            year=2023,
            lines_used={"title": 1, "year": 1},
        ),
    ),
    ("corpus/raw/08_guangzhou-dangjian_2012.txt", 1, CoverMetadata()),  # the excerpt starts in the body
    (
        "corpus/raw/10_chuzhou_2020.txt",
        9,
        CoverMetadata(
            title="滁州市人民政府关于2020年市政府重点工作及责任分解的通知",
            issuer="滁州市人民政府",
            published="2020-02-03",
            year=2020,
            addressees=["各县、市、区人民政府", "市政府各部门", "各直属机构"],
            lines_used={"title": 1, "published": 3, "issuer": 1, "year": 1, "addressees": 6},
        ),
    ),
    (
        "corpus/raw/13_huangshi-xialu_2020.txt",
        18,
        CoverMetadata(
            title="区人民政府办公室关于印发2020年区政府重点工作责任分解的通知",
            issuer="下陆区政府办公室",
            date="2020-06-28",
            published="2020-06-28",
            year=2020,
            addressees=["各新区", "区政府各部门", "各市级垂管单位"],
            lines_used={"title": 6, "published": 7, "issuer": 7, "date": 15, "year": 6, "addressees": 13},
        ),
    ),
    (
        "corpus/raw/15_guowuyuan_2020.txt",
        5,
        CoverMetadata(
            title="国务院关于落实《政府工作报告》重点工作部门分工的意见",
            doc_number="国发〔2020〕6号",
            issuer="国务院",
            year=2020,
            addressees=["各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构"],
            lines_used={"title": 1, "doc_number": 3, "issuer": 1, "year": 3, "addressees": 4},
        ),
    ),
    (
        "corpus/raw/17_hangzhou-linan_2022.txt",
        3,
        CoverMetadata(
            issuer="区政府",
            published="2022-07-14",
            year=2022,  # no title, number or signature: the publishing date's year
            lines_used={"issuer": 3, "published": 3, "year": 3},
        ),
    ),
    (
        "corpus/raw/19_hubei_2018.txt",
        6,
        CoverMetadata(
            title="《政府工作報告》重點工作責任分解",
            date="2018-01-29",
            year=2018,
            addressees=["各市、州、縣人民政府", "省政府各部門"],
            lines_used={"title": 5, "date": 4, "year": 4, "addressees": 1},
        ),
    ),
    (
        "corpus/raw/21_nantong-chongchuan_2023.txt",
        2,
        CoverMetadata(
            title="2023年区政府重点民生实事项目推进情况(1-11月)",
            year=2023,
            lines_used={"title": 2, "year": 2},
        ),
    ),
]


@pytest.mark.parametrize("relative, head, expected", HEADS, ids=[item[0].split("/")[-1] for item in HEADS])
def test_reads_each_cover(relative, head, expected):
    lines = read_lines(relative)
    assert extract_metadata(lines[:head]) == expected


@pytest.mark.parametrize("relative, head, expected", HEADS, ids=[item[0].split("/")[-1] for item in HEADS])
def test_task_lines_after_the_cover_change_nothing(relative, head, expected):
    # The caller may pass more than the cover; the tasks must not be mistaken for cover fields.
    assert extract_metadata(read_lines(relative)) == expected


def test_huangshi_title_split_over_three_lines_with_the_issuer_above():
    lines = numbered("区人民政府办公室\n关于印发2020年区政府重点工作责任分解的\n通 知\n各新区、区政府各部门:")
    meta = extract_metadata(lines)
    assert meta.title == "区人民政府办公室关于印发2020年区政府重点工作责任分解的通知"
    assert meta.lines_used["title"] == 2
    assert meta.issuer == "区人民政府办公室"


def test_state_council_title_split_over_two_lines():
    meta = extract_metadata(numbered("国务院关于落实《政府工作报告》\n重点工作部门分工的意见\n国发〔2020〕6号"))
    assert meta.title == "国务院关于落实《政府工作报告》重点工作部门分工的意见"


def test_a_body_sentence_citing_a_decision_is_not_a_title():
    text = "根据《中共广州市委、广州市人民政府关于全面推进新型城市化发展的决定》,提出以下实施意见。"
    assert extract_metadata(numbered(text)).title == ""


def test_html_paragraph_tags_are_line_breaks():
    meta = extract_metadata(numbered("<p>某市人民政府关于印发重点工作分工的通知</p><p>某政发〔2019〕5号</p>"))
    assert meta.title == "某市人民政府关于印发重点工作分工的通知"
    assert meta.doc_number == "某政发〔2019〕5号"


@pytest.mark.parametrize(
    "line, number",
    [
        ("金政办发〔2018〕23号", "金政办发〔2018〕23号"),
        ("金政办发[2018]23号", "金政办发〔2018〕23号"),
        ("金政办发(2018)23号", "金政办发〔2018〕23号"),
        ("金政办发【2018】23号", "金政办发〔2018〕23号"),
        ("金政办发〔2018〕023号", "金政办发〔2018〕23号"),
        ("文 号: 浙政办发〔2019〕12号", "浙政办发〔2019〕12号"),
        ("(国办发〔2018〕9号)", "国办发〔2018〕9号"),
    ],
)
def test_doc_number_brackets_are_normalised(line, number):
    meta = extract_metadata(numbered(line))
    assert meta.doc_number == number
    assert meta.year == int(number[number.index("〔") + 1 : number.index("〕")])


def test_a_doc_number_cited_inside_a_sentence_is_not_the_notices_own():
    meta = extract_metadata(numbered("根据省政府办公厅《关于做好有关工作的通知》(浙政办发〔2017〕12号)要求,现将任务分解如下。"))
    assert meta.doc_number == ""


def test_bracketed_prefix_and_name_label_are_dropped():
    meta = extract_metadata(numbered("【重点工作】某县人民政府关于印发2021年重点工作责任分解的通知"))
    assert meta.title == "某县人民政府关于印发2021年重点工作责任分解的通知"
    assert meta.issuer == "某县人民政府"  # the title's body before 关于
    assert meta.year == 2021


def test_issuer_from_the_masthead_when_nothing_else_names_it():
    meta = extract_metadata(numbered("某某市人民政府文件\n关于印发重点工作责任分解的通知\n各区政府:"))
    assert meta.issuer == "某某市人民政府"
    assert meta.lines_used["issuer"] == 1


def test_signature_line_beats_the_masthead():
    text = "某某市人民政府文件\n某某市人民政府办公室关于印发分工的通知\n某某市人民政府办公室\n2019年3月2日"
    meta = extract_metadata(numbered(text))
    assert meta.issuer == "某某市人民政府办公室"
    assert meta.lines_used["issuer"] == 3


def test_signing_date_in_chinese_numerals():
    meta = extract_metadata(numbered("某县人民政府\n二〇一九年三月二十日"))
    assert meta.date == "2019-03-20"
    assert meta.year == 2019


def test_info_box_as_table_row_and_colon_fields():
    meta = extract_metadata(numbered("发布机构 | 某区政府办公室 | 成文日期 | 2021-03-01 |\n发布时间: 2021-03-05 10:00"))
    assert (meta.issuer, meta.date, meta.published) == ("某区政府办公室", "2021-03-01", "2021-03-05")


def test_single_attachment_without_number_and_bracketed_titles():
    assert extract_metadata(numbered("附件: 《2019年重点工作任务分解表》")).attachments == ["2019年重点工作任务分解表"]
    lines = numbered("附件:\n1.重点工作责任分解\n2、民生实事责任分解\n4.不是附件")
    assert extract_metadata(lines).attachments == ["重点工作责任分解", "民生实事责任分解"]


def test_the_attachment_heading_is_not_an_attachment_list():
    assert extract_metadata(numbered("附件1\n2018年政府工作报告重点工作责任分解")).attachments == []


@pytest.mark.parametrize(
    "line, items",
    [
        ("各县(市、区)人民政府,市直属各单位", ["各县(市、区)人民政府", "市直属各单位"]),
        ("各省、自治区、直辖市人民政府,国务院各部委、各直属机构", ["各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构"]),
        ("各区、县级市人民政府,市政府各部门、各直属机构", ["各区、县级市人民政府", "市政府各部门", "各直属机构"]),
        ("各新区、区政府各部门、各市级垂管单位", ["各新区", "区政府各部门", "各市级垂管单位"]),
        ("立山经济开发区,各街道办事处;各有关单位", ["立山经济开发区", "各街道办事处", "各有关单位"]),
    ],
)
def test_split_addressees(line, items):
    assert split_addressees(line) == items


def test_a_sentence_ending_in_a_colon_is_not_the_addressee_line():
    text = "现就《政府工作报告》确定的重点工作,提出部门分工意见如下:\n牵头单位:"
    assert extract_metadata(numbered(text)).addressees == []


def test_apply_to_fills_the_notice_cover():
    notice = ParsedNotice()
    meta = extract_metadata(numbered("某县人民政府关于印发2021年重点工作责任分解的通知\n各乡镇、各部门:"))
    meta.apply_to(notice)
    assert notice.title == meta.title and notice.year == 2021
    assert notice.addressees == ["各乡镇", "各部门"]
    notice.addressees.append("x")
    assert meta.addressees == ["各乡镇", "各部门"]  # a copy, not shared


def test_empty_input():
    assert extract_metadata([]) == CoverMetadata()
