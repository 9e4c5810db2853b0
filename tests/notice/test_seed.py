"""The seed notice (Jinhua 2018) read whole: every task, unit list, leader, rule and group.

The golden file was produced by the parser and then checked line by line against the notice: every
unit list equals the written one split on 、 and , with the shared suffixes distributed
(`婺城区、金东区政府` → 婺城区政府, 金东区政府), which is the only way they differ from the text.
"""

import json
from pathlib import Path

import pytest

from luoshi.notice import parse_path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "jinhua-2018-notice.txt"
GOLDEN = json.loads((Path(__file__).with_name("golden") / "seed_tasks.json").read_text(encoding="utf-8"))

JINHUA_12 = [
    "婺城区政府", "金东区政府", "兰溪市政府", "东阳市政府", "义乌市政府", "永康市政府", "浦江县政府",
    "武义县政府", "磐安县政府", "金华开发区管委会", "金义都市新区管委会", "金华山旅游经济区管委会",
]


@pytest.fixture(scope="module")
def notice():
    return parse_path(SEED)


def test_cover_metadata(notice):
    assert notice.title == "金华市人民政府办公室关于印发2018年政府工作报告重点工作和十方面民生实事责任分解的通知"
    assert notice.doc_number == "金政办发〔2018〕23号"
    assert notice.issuer == "金华市人民政府办公室"
    assert notice.date == "2018-04-18"
    assert notice.published == "2018-04-21"
    assert notice.year == 2018
    assert notice.addressees == ["各县(市、区)人民政府", "市直属各单位"]
    assert notice.attachments == ["2018年政府工作报告重点工作责任分解", "2018年十方面民生实事责任分解"]


def test_sections_and_groups(notice):
    assert [(s.title, s.task_count, len(s.groups)) for s in notice.sections] == [
        ("2018年政府工作报告重点工作责任分解", 85, 8),
        ("2018年十方面民生实事责任分解", 22, 10),
    ]
    assert notice.sections[0].groups[0] == "尹学群市长牵头的重点工作"
    assert notice.sections[0].groups[-1] == "陶叶萍副市长牵头的重点工作"
    assert notice.sections[1].groups[0] == "加强食品安全监管"
    assert notice.sections[1].groups[-1] == "增加保障性住房供给"
    assert len(notice.tasks) == 107
    assert [t.id for t in notice.tasks] == list(GOLDEN)


@pytest.mark.parametrize("task_id", list(GOLDEN))
def test_each_task(notice, task_id):
    want = GOLDEN[task_id]
    task = next(t for t in notice.tasks if t.id == task_id)
    assert task.number == want["number"]
    assert task.group == want["group"]
    assert task.text.startswith(want["text_start"])
    assert [l.name for l in task.leaders] == want["leaders"]
    assert task.lead_units == want["lead_units"]
    assert task.cooperating_units == want["cooperating_units"]
    assert len(task.implied_cooperating_units) == want["implied"]


def test_default_cooperating_rule(notice):
    rule = next(r for r in notice.rules if r.kind == "default_cooperating")
    assert rule.line == 14
    assert rule.text.startswith("除特别注明的外")
    assert notice.default_cooperating_units == JINHUA_12
    assert rule.units == JINHUA_12
    # Tasks that name counties or zones themselves are "specially noted": 34 of them.
    assert len(rule.applied_to) == 73
    task1 = notice.tasks[0]
    assert task1.implied_cooperating_units == JINHUA_12 and task1.rules_applied == [rule.id]
    task10 = next(t for t in notice.tasks if t.id == "1-10")
    assert task10.implied_cooperating_units == [] and task10.rules_applied == []


def test_leader_groups(notice):
    leaders = {t.leaders[0].name + t.leaders[0].title for t in notice.tasks if t.leaders}
    assert leaders == {
        "尹学群市长", "陈晓常务副市长", "张伟亚副市长", "邵国强副市长",
        "祝伦根副市长", "林毅副市长", "黄敏副市长", "陶叶萍副市长",
    }
    assert all(not t.leaders for t in notice.tasks if t.id.startswith("2-"))


def test_two_lead_units_and_unit_counts(notice):
    task46 = next(t for t in notice.tasks if t.id == "1-46")
    assert task46.lead_units == ["市商务局", "义乌市政府"]
    construction = sum(("市建设局" in t.lead_units) + ("市建设局" in t.cooperating_units) for t in notice.tasks)
    assert construction == 39
    unit = next(u for u in notice.units if u.name == "市建设局")
    assert (unit.lead_count, unit.cooperating_count) == (10, 29)


def test_units_registry_and_aliases(notice):
    names = {u.name for u in notice.units}
    assert "金华开发区管委会" in names and "金华开发区" not in names
    finance = next(u for u in notice.units if u.name == "市财政(地税)局")
    assert finance.aliases == ["市财政局"] or "市财政(地税)局" in next(u for u in notice.units if u.name == "市财政局").aliases
    collective = next(u for u in notice.units if u.name == "各县(市、区)政府")
    assert collective.collective and len(collective.members) == 9
    alias_warnings = [w for w in notice.warnings if w.code == "suspected_alias"]
    assert len(alias_warnings) == 12
    assert any("金华山旅游经济开发区管委会" in w.message for w in alias_warnings)


def test_no_orphans_or_numbering_warnings(notice):
    codes = {w.code for w in notice.warnings}
    assert "orphan_line" not in codes
    assert "numbering_gap" not in codes and "numbering_duplicate" not in codes
    assert "no_lead_unit" not in codes
