"""Plain-text notices: encodings as Chinese offices really save them, line numbers, junk and empty files."""

from __future__ import annotations

import codecs
import os

import pytest

from luoshi.notice.errors import UnreadableInput
from luoshi.notice.model import Paragraph
from luoshi.notice.readers import read_bytes, read_path, read_text
from luoshi.notice.readers.text import decode_bytes, looks_like_html

NOTICE = "金华市人民政府办公室关于印发2018年政府工作报告重点工作责任分解的通知\n\n各县(市、区)人民政府：\n  1.全面完成预期目标。\n牵头单位：市发改委\n"


def texts(document):
    return [block.text for block in document.blocks]


def test_utf8_lines_keep_their_true_numbers_and_skip_blanks(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode("utf-8"))
    document = read_path(path)
    assert document.format == "txt"
    assert document.encoding == "utf-8"
    assert [(block.text, block.line) for block in document.blocks] == [
        ("金华市人民政府办公室关于印发2018年政府工作报告重点工作责任分解的通知", 1),
        ("各县(市、区)人民政府:", 3),
        ("1.全面完成预期目标。", 4),
        ("牵头单位:市发改委", 5),
    ]
    assert document.source == str(path)


def test_utf8_bom_is_removed_and_reported():
    document = read_bytes(codecs.BOM_UTF8 + NOTICE.encode("utf-8"), "notice.txt")
    assert document.encoding == "utf-8-sig"
    assert document.blocks[0].text.startswith("金华市")


def test_gbk_without_any_declaration_is_detected():
    document = read_bytes(NOTICE.encode("gbk"), "notice.txt")
    assert document.encoding == "gb18030"
    assert texts(document)[1] == "各县(市、区)人民政府:"


def test_gb18030_characters_outside_gbk_survive():
    text = "牵头单位：市发改委\n联系人：张𠮷\n"  # 𠮷 needs GB18030's four-byte form
    document = read_bytes(text.encode("gb18030"), None)
    assert document.encoding == "gb18030"
    assert texts(document) == ["牵头单位:市发改委", "联系人:张𠮷"]


def test_utf16_with_bom_as_notepad_saves_it():
    document = read_bytes(NOTICE.encode("utf-16"), "notice.txt")
    assert document.encoding == "utf-16"
    assert texts(document)[2] == "1.全面完成预期目标。"


def test_big5_text_is_not_misread_as_gbk():
    text = "各縣市人民政府，省政府各部門：請認真貫徹執行。牽頭單位：省發展改革委。" * 3
    decoded, encoding = decode_bytes(text.encode("big5"), "hubei.txt")
    assert encoding != "gb18030"
    assert decoded == text


def test_full_width_forms_and_odd_spaces_are_normalised():
    raw = "（一）　地区生产总值增长７％左右\u00a0\u00a0，新增贷款５００亿元\r\n"
    document = read_bytes(raw.encode("utf-8"), "a.txt")
    assert texts(document) == ["(一) 地区生产总值增长7%左右 ,新增贷款500亿元"]


def test_crlf_and_cr_line_endings_count_like_lf():
    document = read_bytes("第一行\r\n\r\n第三行\r第四行".encode("utf-8"), "a.txt")
    assert [(block.text, block.line) for block in document.blocks] == [("第一行", 1), ("第三行", 3), ("第四行", 4)]


def test_stray_control_characters_are_dropped():
    document = read_bytes("牵头\x07单位:市发改委\x1a".encode("utf-8"), "a.txt")
    assert texts(document) == ["牵头单位:市发改委"]


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t  \n", "\u3000\u3000\n".encode("utf-8")])
def test_empty_or_blank_file_gives_empty_document_with_warning(data):
    document = read_bytes(data, "empty.txt")
    assert document.blocks == []
    assert [warning.message for warning in document.warnings] == ["文件为空"]
    assert document.warnings[0].line == 0


def test_binary_junk_is_refused_with_a_chinese_message(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(os.urandom(8192))
    with pytest.raises(UnreadableInput) as caught:
        read_path(path)
    message = str(caught.value)
    assert "不是可识别的文本文件" in message and "junk.txt" in message and "\n" not in message


def test_binary_junk_without_nul_bytes_is_still_refused():
    junk = bytes(byte for byte in os.urandom(16384) if byte)
    with pytest.raises(UnreadableInput, match="不是可识别的文本文件"):
        read_bytes(junk, "junk.txt")


def test_txt_holding_html_paragraph_tags_goes_to_the_html_reader():
    page = "<p>　　一、目标任务</p><p>　　1.强化党性教育。(牵头单位：市委宣传部)</p><p>　　2.建设学习型党组织。</p>"
    document = read_bytes(page.encode("utf-8"), "08_guangzhou.txt")
    assert document.format == "html"
    assert texts(document) == ["一、目标任务", "1.强化党性教育。(牵头单位:市委宣传部)", "2.建设学习型党组织。"]
    assert [block.line for block in document.blocks] == [1, 2, 3]


def test_text_with_a_stray_angle_bracket_stays_text():
    document = read_bytes("指标 <5% 的单位\n牵头单位:市统计局\n".encode("utf-8"), "a.txt")
    assert document.format == "txt"
    assert texts(document) == ["指标 <5% 的单位", "牵头单位:市统计局"]


def test_pipe_flattened_tables_are_left_to_the_structure_parser():
    document = read_bytes("序号 | 工作任务 | 牵头单位 |\n1 | 推进改革 | 市发改委 |\n".encode("utf-8"), "a.txt")
    assert all(isinstance(block, Paragraph) for block in document.blocks)
    assert texts(document)[1] == "1 | 推进改革 | 市发改委 |"


def test_read_text_reads_pasted_text_and_pasted_markup():
    plain = read_text("一、重点工作\n\n1.推进改革。", source="paste")
    assert plain.source == "paste" and plain.encoding is None
    assert [(block.text, block.line) for block in plain.blocks] == [("一、重点工作", 1), ("1.推进改革。", 3)]
    markup = read_text("<div><p>一、重点工作</p><p>1.推进改革。</p></div>")
    assert markup.format == "html"
    assert texts(markup) == ["一、重点工作", "1.推进改革。"]
    assert markup.source == "<stdin>"


def test_looks_like_html_needs_markup_not_just_a_bracket():
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("开头文字<br>第二行<br>第三行<br>第四行<br>第五行<br>")
    assert not looks_like_html("a < b 且 c > d")


def test_seed_notice_reads_every_line(tmp_path):
    seed = "/work/shared/seed/jinhua-2018-notice.txt"
    if not os.path.exists(seed):
        pytest.skip("shared seed not present")
    document = read_path(seed)
    assert document.encoding == "utf-8"
    assert any(block.text == "金政办发〔2018〕23号" for block in document.blocks)
    assert all(block.text == block.text.strip() and block.text for block in document.blocks)
