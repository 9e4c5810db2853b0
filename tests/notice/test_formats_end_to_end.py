"""Whole notices in each file format, read through to tasks (reader + structure together)."""

from pathlib import Path

import docx
import openpyxl
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from luoshi.notice import parse_bytes, parse_path

SEED = Path(__file__).resolve().parents[2] / "samples" / "jinhua-2018-notice.txt"
SEED_LINES = [l.strip() for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]


def units_of(notice):
    return [(t.id, t.lead_units, t.cooperating_units, len(t.implied_cooperating_units)) for t in notice.tasks]


EXPECTED_SEED = units_of(parse_path(SEED))


def test_seed_as_word_document(tmp_path):
    document = docx.Document()
    for line in SEED_LINES:
        document.add_paragraph(line)
    path = tmp_path / "seed.docx"
    document.save(path)
    notice = parse_path(path)
    assert notice.format == "docx"
    assert units_of(notice) == EXPECTED_SEED
    assert notice.doc_number == "金政办发〔2018〕23号"


def test_seed_as_gbk_web_page_with_navigation(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in SEED_LINES)
    html = (
        '<html><head><meta charset="gbk"><title>通知</title></head><body>'
        '<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>'
        f'<div class="content">{body}</div><div class="footer">版权所有 金华市人民政府</div></body></html>'
    )
    path = tmp_path / "seed.html"
    path.write_bytes(html.replace("\xa0", " ").encode("gbk"))
    notice = parse_path(path)
    assert notice.format == "html"
    assert units_of(notice) == EXPECTED_SEED


def _table_document(path: Path) -> None:
    """A Word notice whose tasks sit in a table with a vertically merged category column."""
    document = docx.Document()
    document.add_paragraph("某县人民政府办公室关于印发2021年县政府工作报告重点工作责任分解的通知")
    document.add_paragraph("某政办发〔2021〕8号")
    document.add_paragraph("列第一位的为牵头单位。")
    table = document.add_table(rows=5, cols=5)
    rows = [
        ["序号", "类别", "重点工作", "责任单位", "责任领导"],
        ["1", "经济发展", "地区生产总值增长7%左右。", "县发改局、县统计局", "张三"],
        ["2", "", "新增规上工业企业30家。", "县经信局", "张三"],
        ["3", "社会事业", "新建幼儿园4所。", "县教育局、县住建局、县财政局", "李四"],
        ["4", "", "城镇新增就业3000人以上。", "县人社局", "李四"],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(2, 1)).text = "经济发展"
    table.cell(3, 1).merge(table.cell(4, 1)).text = "社会事业"
    document.save(path)


def test_word_table_with_merged_categories_and_first_listed_rule(tmp_path):
    path = tmp_path / "table.docx"
    _table_document(path)
    notice = parse_path(path)
    assert [(t.number, t.group, [l.name for l in t.leaders], t.lead_units, t.cooperating_units) for t in notice.tasks] == [
        ("1", "经济发展", ["张三"], ["县发改局"], ["县统计局"]),
        ("2", "经济发展", ["张三"], ["县经信局"], []),
        ("3", "社会事业", ["李四"], ["县教育局"], ["县住建局", "县财政局"]),
        ("4", "社会事业", ["李四"], ["县人社局"], []),
    ]
    assert notice.rules[0].kind == "first_listed_leads"
    assert notice.doc_number == "某政办发〔2021〕8号"
    assert [(t.value, t.unit, t.comparator) for t in notice.tasks[3].targets] == [(3000, "人", ">=")]


def test_spreadsheet_with_title_rows_and_merged_categories(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "责任分解表"
    sheet.append(["2022年区政府重点工作责任分解表"])
    sheet.merge_cells("A1:G1")
    sheet.append([])
    sheet.append(["序号", "领域", "主要任务", "牵头单位", "配合单位", "分管领导", "完成时限"])
    sheet.append([1, "城乡建设", "改造老旧小区20个。", "区住建局", "各街道", "王五", "2022年11月底前"])
    sheet.append([2, None, "新建停车位1500个。", "区城管局", "区住建局、区交警大队", "王五", "2022年12月"])
    sheet.append([3, "生态环境", "PM2.5平均浓度控制在30微克/立方米以内。", "区生态环境分局", None, "赵六", "年底前"])
    sheet.merge_cells("B4:B5")
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    notice = parse_path(path)
    assert [(t.number, t.group, t.lead_units, t.cooperating_units, t.deadline, t.deadline_date) for t in notice.tasks] == [
        ("1", "城乡建设", ["区住建局"], ["各街道"], "2022年11月底前", "2022-11-30"),
        ("2", "城乡建设", ["区城管局"], ["区住建局", "区交警大队"], "2022年12月", "2022-12-31"),
        ("3", "生态环境", ["区生态环境分局"], [], "年底前", "2022-12-31"),
    ]
    assert notice.tasks[2].targets[0].comparator == "<="


def test_pdf_with_text_layer(tmp_path):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "notice.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("STSong-Light", 11)
    lines = [
        "某市2023年重点工作责任分解",
        "一、扩大有效投资",
        "1.固定资产投资增长8%以上。",
        "牵头单位:市发改委",
        "配合单位:市财政局、市自然资源局",
        "2.新开工重大项目50个。",
        "牵头单位:市发改委",
    ]
    y = 800
    for line in lines:
        page.drawString(60, y, line)
        y -= 22
    page.save()
    notice = parse_path(path)
    assert notice.format == "pdf"
    assert [(t.id, t.lead_units, t.cooperating_units) for t in notice.tasks] == [
        ("1-1", ["市发改委"], ["市财政局", "市自然资源局"]),
        ("1-2", ["市发改委"], []),
    ]


def test_upload_bytes_without_a_name(tmp_path):
    path = tmp_path / "table.docx"
    _table_document(path)
    notice = parse_bytes(path.read_bytes())
    assert notice.format == "docx" and len(notice.tasks) == 4


def test_word_automatic_numbering_gives_task_numbers(tmp_path):
    from readers_support.docx_builder import add_numbering, level, number_paragraph

    document = docx.Document()
    add_numbering(
        document,
        {1: [level(0, "chineseCounting", "%1、", suffix="nothing"), level(1, "decimal", "%2.", suffix="nothing")]},
        {1: '<w:abstractNumId w:val="1"/>'},
    )
    document.add_paragraph("2024年县政府工作报告重点工作责任分解")
    for text, ilvl in [("孙八县长牵头的重点工作", 0), ("地区生产总值增长6%左右。", 1)]:
        number_paragraph(document.add_paragraph(text), 1, ilvl)
    document.add_paragraph("牵头单位:县发改局")
    number_paragraph(document.add_paragraph("新增就业2000人。"), 1, 1)
    document.add_paragraph("牵头单位:县人社局")
    document.add_paragraph("配合单位:各乡镇(街道)")
    number_paragraph(document.add_paragraph("周九副县长牵头的重点工作"), 1, 0)
    number_paragraph(document.add_paragraph("建成美丽乡村10个。"), 1, 1)
    document.add_paragraph("牵头单位:县农业农村局")
    path = tmp_path / "numbered.docx"
    document.save(path)
    notice = parse_path(path)
    assert [(t.id, [l.name for l in t.leaders], t.lead_units, t.cooperating_units) for t in notice.tasks] == [
        ("1-1-1", ["孙八"], ["县发改局"], []),
        ("1-1-2", ["孙八"], ["县人社局"], ["各乡镇(街道)"]),
        ("1-2-1", ["周九"], ["县农业农村局"], []),  # Word restarts level 2 under each level 1
    ]
    assert [t.number for t in notice.tasks] == ["1", "2", "1"]
