"""Task detail: highlighted targets, units by role with where each role came from, history tab."""

import re

from luoshi.ledger.models import Task
from luoshi.ledger.services import update_task


def detail(client, ledger, code, **params):
    response = client.get(f"/ledgers/{ledger.pk}/tasks/{code}/", params)
    assert response.status_code == 200
    return response.content.decode()


def block(html, heading):
    """The HTML from a role heading to the next <h3> or </section>."""
    start = html.index(heading)
    ends = [i for i in (html.find("<h3>", start + 1), html.find("</section>", start)) if i > 0]
    return html[start : min(ends)]


def test_1_46_shows_both_lead_units_and_highlighted_targets(office_client, seed_ledger):
    html = detail(office_client, seed_ledger, "1-46")
    lead = block(html, '<span class="badge red">牵头单位</span>')
    assert "市商务局" in lead and "义乌市政府" in lead and "市发改委" not in lead
    cooperating = block(html, '<span class="badge blue">配合单位</span>')
    assert "浙中公铁联运建设指挥部" in cooperating and "市商务局" not in cooperating
    body = html[html.index('<p class="task-body">') :]
    body = body[: body.index("</p>")]
    marks = re.findall(r'<mark class="target"[^>]*>([^<]+)</mark>', body)
    assert marks == ["往返400列", "中亚班列100列"]
    assert body.startswith('<p class="task-body">聚全市之力培育发展义新欧班列,力争<mark')
    assert "邵国强" in html and "附件1" in html and "第 302–306 行" in html


def test_targets_table_shows_parts_and_values(office_client, seed_ledger):
    html = detail(office_client, seed_ledger, "1-46")
    table = html[html.index("<h2>量化目标") :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == 2
    assert "往返400列" in rows[0] and ">400<" in rows[0] and "增长" in rows[0]
    assert "中亚班列100列" in rows[1] and rows[1].rstrip().endswith("<td>往返400列</td>")  # 其中 → its whole


def test_rule_added_units_name_the_rule(office_client, seed_ledger):
    html = detail(office_client, seed_ledger, "1-1")
    assert "以下 12 个单位依通知规则追加" in html
    assert html.count('<span class="src src-rule"') == 12
    assert "依通知规则 <a href=\"#rule-R1\">R1</a>" in html
    assert "除特别注明的外,各县(市、区)政府和金华开发区" in html  # the rule's text, on hover and below
    assert "婺城区政府" in block(html, '<span class="badge blue">配合单位</span>')


def test_milestones_empty_state_and_neighbours(office_client, seed_ledger):
    html = detail(office_client, seed_ledger, "1-46")
    assert "尚未细化时间节点" in html
    assert f'href="/ledgers/{seed_ledger.pk}/tasks/1-45/" rel="prev"' in html
    assert f'href="/ledgers/{seed_ledger.pk}/tasks/1-47/" rel="next"' in html
    first = detail(office_client, seed_ledger, "1-1")
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = detail(office_client, seed_ledger, "2-22")
    assert 'rel="next"' not in last


def test_source_excerpt_shows_the_notice_lines(office_client, seed_ledger):
    html = detail(office_client, seed_ledger, "1-46")
    source = html[html.index("<h2>通知原文</h2>") :]
    assert '<span class="ln">304</span>牵头单位:市商务局、义乌市政府' in source


def test_history_tab_lists_changes_newest_first(office_client, seed_ledger, office):
    task = Task.objects.get(ledger=seed_ledger, code="1-46")
    update_task(actor=office, task=task, expected_version=task.version, deadline_text="2018年12月底前")
    task.refresh_from_db()
    update_task(actor=office, task=task, expected_version=task.version, text=task.text.replace("力争", "确保"))
    html = detail(office_client, seed_ledger, "1-46", tab="history")
    assert "历史（2）" in html and 'class="active" aria-current="page">历史' in html
    events = re.findall(r'<article class="event">(.*?)</article>', html, re.S)
    assert len(events) == 2
    assert "工作任务" in events[0] and "力争往返400列" in events[0] and "确保往返400列" in events[0]
    assert "完成时限" in events[1] and "（空）" in events[1] and "2018年12月底前" in events[1]
    assert "修改任务" in events[0] and "duban" in events[0]
    assert "尚未细化时间节点" not in html  # the detail panel is not rendered on the history tab
    # the edited text keeps its targets highlighted
    assert '<mark class="target"' in detail(office_client, seed_ledger, "1-46")


def test_history_of_an_unchanged_task(office_client, seed_ledger):
    html = detail(office_client, seed_ledger, "1-2", tab="history")
    assert "历史（0）" in html and "还没有被修改过" in html


def test_task_text_is_escaped(office_client, seed_ledger, office):
    task = Task.objects.get(ledger=seed_ledger, code="1-46")
    update_task(actor=office, task=task, expected_version=task.version, text='<script>alert(1)</script>力争往返400列')
    html = detail(office_client, seed_ledger, "1-46")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;力争<mark" in html


def test_marked_html_escapes_the_text_inside_and_outside_marks_and_the_attributes():
    """The one builder of highlighted HTML: nothing from data (text, marked words, title) stays markup."""
    from luoshi.ledger.queries import marked_html

    text = '<img src=x onerror="x()">增长7%<script>y()</script>'
    html = str(marked_html(text, [(text.index("增"), text.index("%") + 1, "target", {"title": '"><svg onload=z()>'})]))
    assert "<img" not in html and "<script" not in html and "<svg" not in html
    assert html == (
        '&lt;img src=x onerror=&quot;x()&quot;&gt;<mark class="target" title="&quot;&gt;&lt;svg onload=z()&gt;">增长7%</mark>'
        "&lt;script&gt;y()&lt;/script&gt;"
    )


def test_missing_task_or_ledger_is_404(office_client, seed_ledger):
    assert office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/9-99/").status_code == 404
    assert office_client.get(f"/ledgers/{seed_ledger.pk + 100}/tasks/1-1/").status_code == 404
    assert office_client.get(f"/ledgers/{seed_ledger.pk + 100}/").status_code == 404
    assert office_client.get(f"/ledgers/{seed_ledger.pk + 100}/tasks/").status_code == 404
    assert office_client.get(f"/ledgers/{seed_ledger.pk + 100}/matrix/").status_code == 404
