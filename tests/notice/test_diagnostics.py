"""Warnings name their line; no text inside the task list is dropped silently."""

from pathlib import Path

from luoshi.notice import parse_text

SEED = Path(__file__).resolve().parents[2] / "samples" / "jinhua-2018-notice.txt"

NOTICE = """关于印发2021年重点工作责任分解的通知
一、经济发展
1.推进项目建设。
牵头单位:市发改委
2.抓好招商引资。
牵头单位:市商务局
配合单位:市火星事务协调员
4.加强金融服务。
牵头单位:市金融办
4.深化财税改革。
牵头单位:市财政局
配合单位:市财政(地税)局
5.做好统计工作。
配合单位:市统计局
这一行写在任务之间,既不是标题,也不是单位,而是一段说明文字,读不懂,应当给出警告。
"""


def codes_by_line(notice):
    return {(w.line, w.code) for w in notice.warnings}


def test_each_problem_is_reported_with_its_line():
    notice = parse_text(NOTICE)
    found = codes_by_line(notice)
    assert (8, "numbering_gap") in found  # 2 → 4
    assert (10, "numbering_duplicate") in found  # 4 twice
    assert (13, "no_lead_unit") in found  # task 5 has only a cooperating unit
    assert (15, "orphan_line") in found
    assert (7, "unknown_unit_kind") in found
    assert any(code == "suspected_alias" and "市财政(地税)局" in w.message for w in notice.warnings for code in [w.code])
    orphan = next(w for w in notice.warnings if w.code == "orphan_line")
    assert "这一行写在任务之间" in orphan.message  # the text itself is kept in the warning
    assert [t.number for t in notice.tasks] == ["1", "2", "4", "4", "5"]
    assert [t.id for t in notice.tasks] == ["1-1", "1-2", "1-4", "1-4.2", "1-5"] or len({t.id for t in notice.tasks}) == 5


def test_warnings_are_sorted_by_line():
    lines = [w.line for w in parse_text(NOTICE).warnings]
    assert lines == sorted(lines)


_FULL = {ord(c): ord(c) + 0xFEE0 for c in "0123456789(),:;%"}


def test_full_width_notice_reads_the_same_as_half_width():
    text = SEED.read_text(encoding="utf-8")
    wide = text.translate(_FULL).replace(" ", "\u3000").replace("牵头单位:", "牵头单位：\u00a0")
    assert wide != text
    plain, full = parse_text(text), parse_text(wide)
    assert len(full.tasks) == 107
    for a, b in zip(plain.tasks, full.tasks):
        assert (a.id, a.lead_units, a.cooperating_units, a.implied_cooperating_units) == (
            b.id, b.lead_units, b.cooperating_units, b.implied_cooperating_units,
        )
        assert [(t.value, t.unit, t.comparator) for t in a.targets] == [(t.value, t.unit, t.comparator) for t in b.targets]
