"""Small notices written by us, one per layout the parser must read (see fixtures/layouts/).

Each expectation row: task id, leader names, lead units, cooperating units as written.
"""

from pathlib import Path

import pytest

from luoshi.notice import parse_path

LAYOUTS = Path(__file__).with_name("fixtures") / "layouts"

EXPECTED = {
    "paren_roles_first_listed.txt": [
        ("1-1", ["王某某"], ["市发改委"], ["市统计局"]),
        ("1-2", ["王某某"], ["市财政局"], ["市税务局"]),
        ("1-3", ["李四"], ["市经信局"], ["市发改委", "市科技局"]),
        ("1-4", ["李四"], ["市大数据局"], ["市经信局", "各区政府"]),
        ("1-5", ["李四"], ["市住建局"], ["市城管局", "市交通局"]),
        ("1-6", ["张三"], ["市住建局"], ["市财政局", "各区政府"]),
    ],
    "state_council.txt": [
        ("1-1", [], ["商务部", "国家发展改革委等"], []),
        ("1-2", [], ["工业和信息化部"], ["商务部", "公安部等"]),
        ("1-3", [], ["住房城乡建设部"], ["国家发展改革委", "财政部", "自然资源部等"]),
    ],
    "pipe_table_groups.txt": [
        ("1-1", ["张三"], ["区经信局"], ["区发改局", "区统计局"]),
        ("1-2", ["张三"], ["区发改局"], ["各街道"]),
        ("1-3", ["李四"], ["区教育局"], ["区住建局", "区财政局"]),
    ],
    "attachments_restart.txt": [
        ("1-1", [], ["市科技局"], ["市财政局"]),
        ("1-2", [], ["市科技局"], []),
        ("2-1", [], ["市教育局"], []),
        ("2-2", [], ["市交通运输局"], ["各县(市、区)政府"]),
    ],
    "html_in_text.txt": [
        ("1-1", [], ["区发改局"], ["区统计局", "区财政局"]),
        ("1-2", [], ["区商务局"], []),
    ],
    "inline_labels.txt": [
        ("1-1", [], ["市财政局"], ["市金融办", "市发改委"]),
        ("1-2", [], ["市生态环境局"], ["市住建局", "各县市区政府"]),
        ("1-3", [], ["市扶贫办"], ["市农业农村局"]),
    ],
    "bracket_labels_mixed.txt": [
        ("1-1-1", ["张伟"], ["市发改委"], ["市市场监管局", "市政务服务中心"]),
        ("1-1-2", ["张伟"], ["市科技局"], ["市财政局", "市教育局"]),
        ("1-1-3", ["张伟"], ["市生态环境局"], ["市林业局"]),
        ("1-2-1", ["刘洋"], ["市人社局"], []),
        ("2-1", [], ["市教育局"], ["市住建局", "市财政局"]),
        ("2-2", [], ["市教育局"], []),
        ("2-3", [], ["市卫健委"], ["各区政府"]),
    ],
    "decimal_traditional_colophon.txt": [
        ("1-1.1", [], ["市發改委"], ["市財政局"]),
        ("1-1.2", [], ["市政務服務局"], ["市市場監管局"]),
        ("1-2.1", ["王五"], ["市公安局"], []),
    ],
    "unnumbered_tasks.txt": [
        ("1-1", ["赵六"], ["区发改局"], ["区住建局", "区财政局"]),
        ("1-2", ["赵六"], ["区发改局"], []),
        ("1-3", [], ["区人社局"], []),
    ],
    "verbs_in_labels.txt": [
        ("1-1", ["钱七"], ["市发改委"], ["市财政局", "市自然资源局"]),
        ("1-2", [], ["商务部", "海关总署"], ["外交部等"]),
        ("1-3", [], ["办公室"], ["法规处", "综合处"]),
    ],
    "pipe_cells_over_lines.txt": [
        ("1-1", [], ["市园林局"], ["各区政府"]),
        ("1-2", [], ["市城管局"], ["市公安局交警支队"]),
        ("1-3", [], ["市住建局"], ["市财政局", "各区政府"]),
    ],
    "pipe_two_row_header.txt": [
        ("1-1", [], ["市住建局"], ["市自然资源局"]),
        ("1-2", [], ["市大数据局"], ["市公安局", "市城管局"]),
    ],
    "html_table_rowspan.txt": [
        ("1-1", ["刘一"], ["市发改委"], ["市统计局", "各县(市、区)政府"]),
        ("1-2", ["刘一"], ["市市场监管局"], ["各县(市、区)政府"]),
        ("1-3", ["陈二"], ["市人社局"], []),
    ],
    "nested_paren_tasks.txt": [
        ("1-1-1", [], ["市国资委"], ["市财政局"]),
        ("1-1-2", [], ["市国资委"], []),
        ("1-2-1", [], ["市财政局"], []),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout(name):
    notice = parse_path(LAYOUTS / name)
    got = [(t.id, [l.name for l in t.leaders], t.lead_units, t.cooperating_units) for t in notice.tasks]
    assert got == EXPECTED[name]
    assert not [w for w in notice.warnings if w.code in ("orphan_line", "no_lead_unit", "numbering_gap")]


def test_first_listed_rule_is_recorded():
    notice = parse_path(LAYOUTS / "paren_roles_first_listed.txt")
    assert [r.kind for r in notice.rules] == ["first_listed_leads"]
    assert notice.rules[0].applied_to == ["1-1", "1-2"]
    assert notice.tasks[0].rules_applied == [notice.rules[0].id]
    assert "列第一位" in notice.tasks[0].role_source


def test_state_council_time_clause_is_the_deadline():
    task = parse_path(LAYOUTS / "state_council.txt").tasks[1]
    assert task.deadline == "年内持续推进"
    assert task.text.endswith("新能源汽车销量增长20%以上。")


def test_table_deadlines_and_groups():
    notice = parse_path(LAYOUTS / "pipe_table_groups.txt")
    assert [(t.group, t.deadline, t.deadline_date) for t in notice.tasks] == [
        ("经济发展", "2023年12月底", "2023-12-31"),
        ("经济发展", "年底前", "2023-12-31"),
        ("民生保障", "2023年9月", "2023-09-30"),
    ]


def test_bracket_lead_marker_and_next_line_value():
    notice = parse_path(LAYOUTS / "bracket_labels_mixed.txt")
    assert notice.tasks[1].role_source == "单位名后注明“(牵头)”的为牵头单位"
    assert [s.title for s in notice.sections] == ["2019年政府工作报告重点工作分解", "2019年民生实事"]
    assert [t.group for t in notice.tasks if t.section == "2019年民生实事"] == ["教育", "教育", "卫生"]


def test_unnumbered_paragraphs_become_tasks_under_their_headings():
    notice = parse_path(LAYOUTS / "unnumbered_tasks.txt")
    assert [t.number for t in notice.tasks] == ["", "", ""]
    assert notice.tasks[1].text == "加快重大项目建设,确保30个重点项目开工。"
    assert notice.tasks[0].group_path == ["稳定经济增长", "扩大有效投资"]


def test_a_cell_broken_over_lines_stays_in_its_row():
    task = parse_path(LAYOUTS / "pipe_cells_over_lines.txt").tasks[2]
    assert task.text == "完成老旧小区改造30个,惠及居民1.2万户。"
    assert [(t.value, t.unit) for t in task.targets] == [(30, "个"), (1.2, "万户")]


def test_html_table_groups_from_a_merged_category_column():
    notice = parse_path(LAYOUTS / "html_table_rowspan.txt")
    assert [t.group for t in notice.tasks] == ["稳增长", "稳增长", "惠民生"]
    assert notice.title == "2023年市政府重点工作任务分解表" and notice.year == 2023
    assert notice.tasks[2].deadline_date == "2023-11-30"


def test_shifted_one_cell_per_line_rows_keep_targets_once():
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "raw" / "21_nantong-chongchuan_2023.txt"
    if not corpus.exists():
        pytest.skip("development corpus not beside the repository")
    notice = parse_path(corpus)
    assert [len(t.targets) for t in notice.tasks] == [1, 1, 2]
    assert [l.name for l in notice.tasks[0].leaders] == ["徐国江"]
