"""Web pages saved from government sites: charsets, page furniture, data tables versus layout tables."""

from __future__ import annotations

from luoshi.notice.model import Paragraph, Table
from luoshi.notice.readers import Limits, read_bytes, read_text
from luoshi.notice.readers.html import declared_encoding, expand_spans

ARTICLE = "<h1>金华市人民政府办公室关于印发重点工作责任分解的通知</h1><p>金政办发〔2018〕23号</p><p>各县(市、区)人民政府：</p>"


def texts(document):
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def tables(document):
    return [block for block in document.blocks if isinstance(block, Table)]


def test_gbk_page_is_decoded_by_its_meta_charset():
    page = f'<html><head><meta charset="gbk"><title>通知</title></head><body>{ARTICLE}</body></html>'
    document = read_bytes(page.encode("gbk"), "notice.html")
    assert document.format == "html"
    assert document.encoding == "gb18030"
    assert texts(document) == ["金华市人民政府办公室关于印发重点工作责任分解的通知", "金政办发〔2018〕23号", "各县(市、区)人民政府:"]


def test_http_equiv_content_type_is_honoured_even_without_extension():
    page = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"</head><body>{ARTICLE}</body></html>"
    )
    document = read_bytes(page.encode("gb2312"), None)
    assert document.format == "html"
    assert texts(document)[1] == "金政办发〔2018〕23号"


def test_page_resaved_as_utf8_with_stale_gbk_meta_is_read_as_utf8():
    page = f'<html><head><meta charset="gb2312"></head><body>{ARTICLE}</body></html>'
    document = read_bytes(page.encode("utf-8"), "saved.htm")
    assert document.encoding == "utf-8"
    assert texts(document)[0].startswith("金华市人民政府办公室")


def test_declared_encoding_maps_gb_labels_and_ignores_unknown_ones():
    assert declared_encoding(b'<meta charset="GB2312">') == "gb18030"
    assert declared_encoding(b"<meta content='text/html;charset=utf-8' http-equiv=Content-Type>") == "utf-8"
    assert declared_encoding(b'<?xml version="1.0" encoding="GBK"?><html>') == "gb18030"
    assert declared_encoding(b'<meta charset="no-such-codec">') is None


def test_navigation_and_page_furniture_are_dropped():
    page = f"""<html><head><script>var nav = "首页";</script><style>p {{color: red}}</style></head><body>
    <div class="header"><a href="/">金华市人民政府</a><a href="/gk">政务公开</a></div>
    <nav><a>首页</a><a>政务公开</a><a>政民互动</a></nav>
    <div id="topMenu"><ul><li><a>机构</a></li><li><a>信息</a></li></ul></div>
    <div class="breadcrumb">首页 &gt; 政务公开 &gt; 重点实事</div>
    <div class="content">{ARTICLE}<p>1.全面完成目标。</p></div>
    <div class="bdsharebuttonbox"><a>分享到微信</a></div>
    <div class="toolbar">【打印】【关闭】</div>
    <aside class="sidebar"><a>相关链接</a></aside>
    <div style="display:none">隐藏内容</div>
    <form action="/search"><input name="q"><button>搜索</button></form>
    <footer>主办单位：金华市人民政府办公室</footer>
    <noscript>请启用脚本</noscript>
    </body></html>"""
    document = read_text(page)
    assert texts(document) == [
        "金华市人民政府办公室关于印发重点工作责任分解的通知",
        "金政办发〔2018〕23号",
        "各县(市、区)人民政府:",
        "1.全面完成目标。",
    ]


def test_aspnet_form_wrapping_the_whole_page_is_kept():
    prose = "<p>" + "推进政府治理数字化转型，建设政务服务网金华分厅升级版。" * 12 + "</p>"
    page = f'<html><body><form id="form1" action="notice.aspx"><div class="nav"><a>首页</a></div>{ARTICLE}{prose}</form></body></html>'
    document = read_text(page)
    found = texts(document)
    assert found[0] == "金华市人民政府办公室关于印发重点工作责任分解的通知"
    assert "首页" not in found
    assert found[-1].startswith("推进政府治理数字化转型")


def test_article_header_holding_the_title_is_kept_but_site_header_is_not():
    page = """<body><header class="site-header"><h1>金华市人民政府门户网站</h1><a>首页</a></header>
    <article><header><h1>关于印发2018年政府工作报告重点工作责任分解的通知</h1></header><p>正文。</p></article></body>"""
    assert texts(read_text(page)) == ["关于印发2018年政府工作报告重点工作责任分解的通知", "正文。"]


def test_data_table_expands_rowspan_and_colspan():
    page = """<p>附件1</p><table border="1">
      <tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th></tr>
      <tr><td colspan="4">一、尹学群市长牵头的重点工作</td></tr>
      <tr><td>1</td><td>全面完成预期目标。</td><td rowspan="2">市发改委</td><td>市统计局</td></tr>
      <tr><td>2</td><td>推进数字化转型。</td><td>市数据局</td></tr>
    </table><p>附件2</p>"""
    document = read_text(page)
    assert [type(block).__name__ for block in document.blocks] == ["Paragraph", "Table", "Paragraph"]
    table = tables(document)[0]
    assert table.rows == [
        ["序号", "工作任务", "牵头单位", "配合单位"],
        ["一、尹学群市长牵头的重点工作"] * 4,
        ["1", "全面完成预期目标。", "市发改委", "市统计局"],
        ["2", "推进数字化转型。", "市发改委", "市数据局"],
    ]
    assert table.line == 2 and table.row_lines == [2, 3, 4, 5]
    assert document.blocks[-1] == Paragraph("附件2", 6)


def test_unclosed_cells_rows_and_paragraphs_still_make_a_table():
    page = "<table><tr><td>序号<td>任务<td>牵头单位<tr><td>1<td><p>推进改革<p>深化放管服<td>市发改委、市财政局</table>"
    assert tables(read_text(page))[0].rows == [
        ["序号", "任务", "牵头单位"],
        ["1", "推进改革 深化放管服", "市发改委、市财政局"],
    ]


def test_layout_table_is_flattened_and_its_nested_data_table_kept():
    page = f"""<table width="1000"><tr><td class="left"><a>栏目一</a></td><td>
      {ARTICLE}<p>1.全面完成预期目标。</p>
      <table><tr><td>序号</td><td>牵头单位</td></tr><tr><td>1</td><td>市发改委</td></tr></table>
      <p>金华市人民政府办公室</p></td></tr></table>"""
    document = read_text(page)
    assert texts(document) == [
        "栏目一",
        "金华市人民政府办公室关于印发重点工作责任分解的通知",
        "金政办发〔2018〕23号",
        "各县(市、区)人民政府:",
        "1.全面完成预期目标。",
        "金华市人民政府办公室",
    ]
    assert tables(document)[0].rows == [["序号", "牵头单位"], ["1", "市发改委"]]


def test_one_column_frame_table_is_flattened():
    document = read_text("<table><tr><td>通知标题</td></tr><tr><td><p>第一段</p><p>第二段</p></td></tr></table>")
    assert [type(block).__name__ for block in document.blocks] == ["Paragraph", "Paragraph", "Paragraph"]
    assert texts(document) == ["通知标题", "第一段", "第二段"]


def test_entities_breaks_and_source_line_wrapping():
    page = "<p>市发改委&nbsp;&amp;&#x5E02;财政局</p><p>第一行<br>第二行<br/>第三行</p><p>推进政府\n  治理数字化转型</p><p>Open\ndata</p>"
    assert texts(read_text(page)) == ["市发改委 &市财政局", "第一行", "第二行", "第三行", "推进政府治理数字化转型", "Open data"]


def test_lists_headings_and_divs_break_paragraphs():
    page = "<div>一、重点工作<ul><li>推进改革<li>扩大开放</ul><h2>二、民生实事</h2>结尾<span>文字</span></div>"
    assert texts(read_text(page)) == ["一、重点工作", "推进改革", "扩大开放", "二、民生实事", "结尾文字"]


def test_absurd_nesting_does_not_crash():
    page = "<div>" * 5000 + "深处的文字" + "</div>" * 5000 + "<p>后文</p>"
    assert texts(read_text(page)) == ["深处的文字", "后文"]


def test_table_rows_beyond_the_cap_are_dropped_with_a_warning():
    rows = "".join(f"<tr><td>{n}</td><td>任务{n}</td></tr>" for n in range(1, 51))
    document = read_bytes(f"<html><body><table>{rows}</table></body></html>".encode(), "t.html", limits=Limits(max_rows=10))
    assert len(tables(document)[0].rows) == 10
    assert any("只读取了 10 行" in warning.message for warning in document.warnings)


def test_expand_spans_clamps_rowspan_to_the_table_and_treats_zero_as_to_the_end():
    assert expand_spans([[("甲", 5, 1), ("乙", 1, 1)], [("丙", 1, 1)]]) == [["甲", "乙"], ["甲", "丙"]]
    assert expand_spans([[("甲", 0, 2)], [], [("丙", 1, 1)]]) == [["甲", "甲", ""], ["甲", "甲", ""], ["甲", "甲", "丙"]]


def test_page_with_only_furniture_reads_as_empty():
    document = read_text("<html><head><title>标题</title></head><body><nav><a>首页</a></nav></body></html>")
    assert document.blocks == []
    assert [warning.message for warning in document.warnings] == ["文件为空"]


def test_page_with_too_many_elements_is_cut_with_a_warning(monkeypatch):
    from luoshi.notice.readers import html_tree

    monkeypatch.setattr(html_tree, "MAX_ELEMENTS", 100)
    monkeypatch.setattr(html_tree, "_FEED_CHUNK", 1024)
    page = "<div>" + "".join(f"<p>第{n}段</p>" for n in range(1, 2001)) + "</div>"
    document = read_text(page)
    assert 100 <= len(document.blocks) < 2000
    assert texts(document)[:2] == ["第1段", "第2段"]
    assert any("只读取了前面的部分" in warning.message for warning in document.warnings)
