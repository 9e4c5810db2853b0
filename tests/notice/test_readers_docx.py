"""Word notices: body order, merged cells, Word's automatic numbering (the task numbers) and zip bombs."""

from __future__ import annotations

import io
import time
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from readers_support.docx_builder import NS, add_numbering, level, number_paragraph, rewrite_member, save

from luoshi.notice.errors import InputTooLarge, NoticeError, UnreadableInput
from luoshi.notice.model import Paragraph, Table
from luoshi.notice.readers import Limits, read_bytes, read_path


def texts(document):
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def tables(document):
    return [block for block in document.blocks if isinstance(block, Table)]


def numbered(document, num_id, items):
    for text, ilvl in items:
        number_paragraph(document.add_paragraph(text), num_id, ilvl)


def test_paragraphs_and_tables_come_in_body_order_with_ordinals(tmp_path):
    document = docx.Document()
    document.add_paragraph("金华市人民政府办公室关于印发重点工作责任分解的通知")
    document.add_paragraph("")
    document.add_paragraph("金政办发〔2018〕23号")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "牵头单位"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "市发改委"
    document.add_paragraph("（此件公开发布）")
    result = read_path(save(document, tmp_path / "notice.docx"))
    assert result.format == "docx"
    assert [type(block).__name__ for block in result.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert texts(result) == ["金华市人民政府办公室关于印发重点工作责任分解的通知", "金政办发〔2018〕23号", "(此件公开发布)"]
    assert [block.line for block in result.blocks[:2]] == [1, 2]
    assert tables(result)[0].rows == [["序号", "牵头单位"], ["1", "市发改委"]]
    assert tables(result)[0].row_lines == [3, 4]
    assert result.blocks[-1].line == 5


def test_merged_cells_repeat_across_and_down(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for column, title in enumerate(["序号", "工作任务", "牵头单位", "配合单位"]):
        table.cell(0, column).text = title
    table.cell(1, 0).merge(table.cell(1, 3)).text = "一、尹学群市长牵头的重点工作"
    table.cell(2, 0).text, table.cell(3, 0).text = "1", "2"
    table.cell(2, 1).text, table.cell(3, 1).text = "全面完成预期目标。", "推进数字化转型。"
    table.cell(2, 2).merge(table.cell(3, 2)).text = "市发改委"
    table.cell(2, 3).text, table.cell(3, 3).text = "市统计局", "市数据局"
    result = read_bytes(save(document, tmp_path / "t.docx").read_bytes(), "t.docx")
    assert tables(result)[0].rows == [
        ["序号", "工作任务", "牵头单位", "配合单位"],
        ["一、尹学群市长牵头的重点工作"] * 4,
        ["1", "全面完成预期目标。", "市发改委", "市统计局"],
        ["2", "推进数字化转型。", "市发改委", "市数据局"],
    ]


def test_cell_with_several_paragraphs_and_a_nested_table_becomes_one_string(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "牵头单位"
    cell = table.cell(0, 1)
    cell.text = "市发改委"
    cell.add_paragraph("市财政局")
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "配合", "市统计局"
    result = read_bytes(save(document, tmp_path / "t.docx").read_bytes(), "t.docx")
    assert tables(result)[0].rows == [["牵头单位", "市发改委 市财政局 配合 市统计局"]]


def test_one_column_table_is_read_as_paragraphs(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "通知标题"
    table.cell(1, 0).text = "第一段"
    table.cell(1, 0).add_paragraph("第二段")
    result = read_bytes(save(document, tmp_path / "t.docx").read_bytes(), "t.docx")
    assert result.blocks == [Paragraph("通知标题", 1), Paragraph("第一段", 2), Paragraph("第二段", 3)]


def test_automatic_numbering_is_rendered_with_levels_and_restarts(tmp_path):
    document = docx.Document()
    add_numbering(
        document,
        {
            1: [
                level(0, "chineseCounting", "%1、", suffix="nothing"),
                level(1, "chineseCounting", "（%2）"),
                level(2, "decimal", "%3."),
                level(3, "decimal", "(%4)"),
            ]
        },
        {1: '<w:abstractNumId w:val="1"/>'},
    )
    numbered(
        document,
        1,
        [
            ("尹学群市长牵头的重点工作", 0),
            ("经济发展", 1),
            ("全面完成预期目标。", 2),
            ("地区生产总值增长7%左右", 3),
            ("5亿元以上投资", 3),
            ("推进数字化转型。", 2),
            ("社会治理", 1),
            ("深化改革。", 2),
            ("陈龙副市长牵头的重点工作", 0),
            ("优化财政支出结构。", 2),
        ],
    )
    assert texts(read_bytes(save(document, tmp_path / "n.docx").read_bytes(), "n.docx")) == [
        "一、尹学群市长牵头的重点工作",
        "(一)经济发展",
        "1.全面完成预期目标。",
        "(1)地区生产总值增长7%左右",
        "(2) 5亿元以上投资",
        "2.推进数字化转型。",
        "(二)社会治理",
        "1.深化改革。",
        "二、陈龙副市长牵头的重点工作",
        "1.优化财政支出结构。",
    ]


@pytest.mark.parametrize(
    ("num_fmt", "text", "start", "expected"),
    [
        ("decimal", "第%1条", 1, ["第1条甲", "第2条乙", "第3条丙"]),
        ("chineseCountingThousand", "第%1条", 9, ["第九条甲", "第十条乙", "第十一条丙"]),
        ("decimalEnclosedCircle", "%1", 1, ["①甲", "②乙", "③丙"]),
        ("ideographTraditional", "%1、", 1, ["甲、甲", "乙、乙", "丙、丙"]),
        ("upperLetter", "%1.", 1, ["A.甲", "B.乙", "C.丙"]),
        ("lowerRoman", "%1)", 1, ["i)甲", "ii)乙", "iii)丙"]),
        ("chineseLegalSimplified", "%1、", 10, ["壹拾、甲", "壹拾壹、乙", "壹拾贰、丙"]),
        ("bullet", "\uf06c", 1, ["甲", "乙", "丙"]),
    ],
)
def test_number_formats_and_start_values(tmp_path, num_fmt, text, start, expected):
    document = docx.Document()
    add_numbering(document, {3: [level(0, num_fmt, text, start=start)]}, {7: '<w:abstractNumId w:val="3"/>'})
    numbered(document, 7, [("甲", 0), ("乙", 0), ("丙", 0)])
    assert texts(read_bytes(save(document, tmp_path / "f.docx").read_bytes(), "f.docx")) == expected


def test_lists_continue_across_instances_unless_an_instance_restarts(tmp_path):
    document = docx.Document()
    add_numbering(
        document,
        {4: [level(0, "decimal", "%1.")]},
        {
            1: '<w:abstractNumId w:val="4"/>',
            2: '<w:abstractNumId w:val="4"/>',
            3: '<w:abstractNumId w:val="4"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>',
        },
    )
    numbered(document, 1, [("甲", 0), ("乙", 0)])
    document.add_paragraph("二、民生实事")
    numbered(document, 2, [("丙", 0)])
    numbered(document, 3, [("丁", 0), ("戊", 0)])
    assert texts(read_bytes(save(document, tmp_path / "r.docx").read_bytes(), "r.docx")) == [
        "1.甲", "2.乙", "二、民生实事", "3.丙", "1.丁", "2.戊",
    ]


def test_multi_level_placeholders_and_legal_numbering(tmp_path):
    document = docx.Document()
    add_numbering(
        document,
        {5: [level(0, "chineseCounting", "%1、"), level(1, "decimal", "%1.%2", extra="<w:isLgl/>")]},
        {1: '<w:abstractNumId w:val="5"/>'},
    )
    numbered(document, 1, [("总则", 0), ("目的", 1), ("范围", 1), ("任务", 0), ("分工", 1)])
    assert texts(read_bytes(save(document, tmp_path / "l.docx").read_bytes(), "l.docx")) == [
        "一、总则", "1.1目的", "1.2范围", "二、任务", "2.1分工",
    ]


def test_numbering_carried_by_a_paragraph_style(tmp_path):
    document = docx.Document()
    add_numbering(document, {6: [level(0, "chineseCounting", "%1、")]}, {9: '<w:abstractNumId w:val="6"/>'})
    heading = document.styles["Heading 1"].element
    heading.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="9"/></w:numPr>'))
    document.add_heading("尹学群市长牵头的重点工作", level=1)
    document.add_paragraph("全面完成预期目标。")
    document.add_heading("陈龙副市长牵头的重点工作", level=1)
    assert texts(read_bytes(save(document, tmp_path / "s.docx").read_bytes(), "s.docx")) == [
        "一、尹学群市长牵头的重点工作", "全面完成预期目标。", "二、陈龙副市长牵头的重点工作",
    ]


def test_line_breaks_revisions_links_and_hidden_text(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("牵头单位：市发改委")
    paragraph.add_run().add_break()
    paragraph.add_run("配合单位：市财政局")
    rich = document.add_paragraph("责任单位：")
    rich._p.append(parse_xml(f'<w:ins {NS} w:id="1" w:author="a"><w:r><w:t>市商务局</w:t></w:r></w:ins>'))
    rich._p.append(parse_xml(f'<w:del {NS} w:id="2" w:author="a"><w:r><w:delText>市粮食局</w:delText></w:r></w:del>'))
    rich._p.append(
        parse_xml(
            f'<w:hyperlink {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            'r:id="rId99"><w:r><w:t>、市口岸办</w:t></w:r></w:hyperlink>'
        )
    )
    rich._p.append(parse_xml(f'<w:r {NS}><w:rPr><w:vanish/></w:rPr><w:t>隐藏批注</w:t></w:r>'))
    rich._p.append(parse_xml(f'<w:r {NS}><w:tab/><w:t>（2018年底前）</w:t></w:r>'))
    result = read_bytes(save(document, tmp_path / "b.docx").read_bytes(), "b.docx")
    assert texts(result) == ["牵头单位:市发改委", "配合单位:市财政局", "责任单位:市商务局、市口岸办 (2018年底前)"]
    assert [block.line for block in result.blocks] == [1, 2, 3]


def test_text_box_content_is_read_once(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("正文")
    box = (
        f'<w:r {NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>"
        "<w:p><w:r><w:t>金华市人民政府办公室文件</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>金华市人民政府办公室文件</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    paragraph._p.append(parse_xml(box))
    assert texts(read_bytes(save(document, tmp_path / "x.docx").read_bytes(), "x.docx")) == ["金华市人民政府办公室文件", "正文"]


def test_empty_document_reads_as_empty_with_warning(tmp_path):
    result = read_path(save(docx.Document(), tmp_path / "empty.docx"))
    assert result.blocks == []
    assert [warning.message for warning in result.warnings] == ["文件为空"]


def _bomb(member_size: int, level: int = 9) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(member_size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_past_the_unzipped_cap_is_refused_before_inflating():
    data = _bomb(101 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(InputTooLarge) as caught:
        read_bytes(data, "bomb.docx")
    assert time.perf_counter() - started < 1
    assert "bomb.docx" in str(caught.value) and "解压后" in str(caught.value) and "100 MB" in str(caught.value)


def test_zip_member_with_an_absurd_compression_ratio_is_refused():
    data = _bomb(8 * 1024 * 1024)
    with pytest.raises(UnreadableInput, match="压缩比"):
        read_bytes(data, "bomb.docx")
    with pytest.raises(InputTooLarge):
        read_bytes(data, "bomb.docx", limits=Limits(max_unzipped_bytes=4 * 1024 * 1024))


def test_damaged_docx_gives_one_line_chinese_errors(tmp_path):
    data = save(docx.Document(), tmp_path / "ok.docx").read_bytes()
    for cut in (30, len(data) // 2, len(data) - 30):
        with pytest.raises(NoticeError) as caught:
            read_bytes(data[:cut], "broken.docx")
        assert "broken.docx" in str(caught.value) and "\n" not in str(caught.value)


def test_zip_without_document_part_is_not_a_word_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/styles.xml", "<w:styles/>")
    with pytest.raises(UnreadableInput, match="document.xml"):
        read_bytes(buffer.getvalue(), "odd.docx")


def test_malformed_body_xml_is_an_unreadable_input(tmp_path):
    path = save(docx.Document(), tmp_path / "bad.docx")
    rewrite_member(path, "word/document.xml", lambda data: data[: len(data) // 2])
    with pytest.raises(UnreadableInput, match="bad.docx"):
        read_path(path)


def test_entity_expansion_is_refused(tmp_path):
    path = save(docx.Document(), tmp_path / "lol.docx")
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        b"<w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    rewrite_member(path, "word/document.xml", lambda data: evil)
    with pytest.raises(UnreadableInput):
        read_path(path)
