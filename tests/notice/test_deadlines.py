"""Completion-time clauses: finding the last one in a task's text and dating it with the notice's year."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.notice.deadlines import find_time_clause, normalize_deadline, parse_date, year_value
from luoshi.notice.normalize import normalize_line

SHARED = Path(os.environ.get("LUOSHI_SHARED", Path(__file__).resolve().parents[3] / "shared"))


@pytest.mark.parametrize(
    "text, clause",
    [
        ("2018年6月底前", "2018年6月底前"),
        ("完成时限:6月底前", "6月底前"),
        ("年内落地科研机构5家", "年内"),
        ("年底前完成全部改造", "年底前"),
        ("今年底建成投用", "今年底"),
        ("三季度末完成招标", "三季度末"),
        ("上半年出台实施方案", "上半年"),
        ("一季度启动", "一季度"),
        ("10月份完成验收", "10月份"),
        ("2019年春节前全部发放到位", "2019年春节前"),
        ("2020年前全面完成", "2020年前"),
        ("到2015年,基本建成", "到2015年"),
        ("建立长效机制,长期坚持", "长期坚持"),
        ("完成时限:持续推进", "持续推进"),
        ("(国务院各部门分别负责,年内持续推进)", "年内持续推进"),
        ("十二月底前完成", "十二月底前"),
        ("于3月20日前将落实措施报省政府", "3月20日前"),
        ("完成时限:2018.6.30", "2018.6.30"),
        ("2018年前三季度完成投资的75%", "2018年前三季度"),
        ("按序时推进", "按序时推进"),
    ],
)
def test_finds_the_clause_as_written(text, clause):
    found = find_time_clause(text)
    assert found is not None
    assert found[0] == clause
    assert text[found[1] : found[2]] == clause


def test_the_last_clause_wins_when_a_task_names_milestones():
    text = "6月底前完成方案制定,9月底前开工,年底前全面完成"
    assert find_time_clause(text) == ("年底前", 18, 21)


def test_list_numbers_before_months_are_not_part_of_the_month():
    # Linan's plan cell: "1.4月底前…3.11月底前…" — items 1 and 3, months 4 and 11.
    text = "1.4月底前主体完工。3.11月底前天目山镇中心幼儿园完工"
    clause, start, _end = find_time_clause(text)
    assert clause == "11月底前"
    assert text[start - 2 : start] == "3."


@pytest.mark.parametrize(
    "text",
    [
        "持续推进“四边三化”建设",  # a verb, not a time limit
        "局级以上党政领导干部5年内累计参加脱产培训",  # a duration
        "三年内实现全覆盖",
        "2023年区政府重点民生实事项目推进情况(1-11月)",
        "深化政府机构改革。",
        "2018年政府工作报告重点工作",
        "",
    ],
)
def test_no_clause(text):
    assert find_time_clause(text) is None


def test_state_council_clause_matches_the_corpus_gold():
    raw = SHARED / "corpus" / "raw" / "15_guowuyuan_2020.txt"
    gold = SHARED / "corpus" / "gold" / "15_guowuyuan_2020.json"
    if not raw.exists():
        pytest.skip("shared corpus not available")
    task_line = normalize_line(raw.read_text(encoding="utf-8").split("\n")[7])
    expected = json.loads(gold.read_text(encoding="utf-8"))[0]["deadline"]
    assert find_time_clause(task_line)[0] == expected == "年内持续推进"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("6月底前", "2018-06-30"),
        ("2018年6月底前", "2018-06-30"),
        ("年内", "2018-12-31"),
        ("年底", "2018-12-31"),
        ("年底前", "2018-12-31"),
        ("今年底", "2018-12-31"),
        ("三季度末", "2018-09-30"),
        ("第三季度", "2018-09-30"),
        ("上半年", "2018-06-30"),
        ("下半年", "2018-12-31"),
        ("一季度", "2018-03-31"),
        ("二季度前", "2018-06-30"),
        ("4月", "2018-04-30"),
        ("2月底前", "2018-02-28"),
        ("10月份", "2018-10-31"),
        ("6月中旬", "2018-06-20"),
        ("6月上旬前", "2018-06-10"),
        ("2018年4月18日", "2018-04-18"),
        ("3月20日前", "2018-03-20"),
        ("2018.6.30", "2018-06-30"),
        ("2018-06-30", "2018-06-30"),
        ("2018/6/30", "2018-06-30"),
        ("2018.12", "2018-12-31"),
        ("十二月底", "2018-12-31"),
        ("十月底前", "2018-10-31"),
        ("完成时限:2018年12月底前", "2018-12-31"),
        ("年内持续推进", "2018-12-31"),
        ("明年底", "2019-12-31"),
        ("国庆节前", "2018-09-30"),
    ],
)
def test_normalises_with_the_notice_year(text, iso):
    assert normalize_deadline(text, 2018) == iso


@pytest.mark.parametrize("text", ["长期", "长期坚持", "持续推进", "按序时推进", "汛前", "", "尽快", "全年"])
def test_open_ended_or_unknown_has_no_date(text):
    assert normalize_deadline(text, 2018) is None


def test_a_year_written_in_the_clause_beats_the_notice_year():
    assert normalize_deadline("2019年春节前", 2018) == "2019-02-04"  # Spring Festival 2019 was 5 February
    assert normalize_deadline("2020年前", 2018) == "2020-12-31"
    assert normalize_deadline("到2015年", 2013) == "2015-12-31"
    assert normalize_deadline("2020年6月底前", None) == "2020-06-30"


def test_without_a_year_anywhere_a_relative_clause_has_no_date():
    assert normalize_deadline("6月底前", None) is None
    assert normalize_deadline("年底前", None) is None


def test_spring_festival_without_a_year_is_the_next_one():
    # A notice issued in spring 2018 means the festival of early 2019.
    assert normalize_deadline("春节前", 2018) == "2019-02-04"


def test_month_before_is_read_strictly():
    assert normalize_deadline("6月前", 2018) == "2018-05-31"
    assert normalize_deadline("1月前", 2019) == "2018-12-31"


def test_impossible_dates_have_no_date():
    assert normalize_deadline("2018年2月30日", 2018) is None
    assert normalize_deadline("13月底前", 2018) is None


def test_the_final_milestone_dates_a_task():
    assert normalize_deadline("6月底前完成方案,年底前全面完成", 2018) == "2018-12-31"
    assert normalize_deadline("2018年6月底前完成,长期坚持", 2018) is None


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2018年4月18日", "2018-04-18"),
        (" 2018年4月18日 ", "2018-04-18"),
        ("二〇一八年四月十八日", "2018-04-18"),
        ("2020-02-03 17:29", "2020-02-03"),
        ("2018-04-21", "2018-04-21"),
        ("2018.6.30", "2018-06-30"),
        ("2018年4月18日印发", None),
        ("2018年2月30日", None),
        ("", None),
    ],
)
def test_parse_date_accepts_only_a_whole_date(text, iso):
    assert parse_date(text) == iso


def test_year_value_reads_chinese_digits():
    assert year_value("二〇二三") == 2023
    assert year_value("2018") == 2018


@given(st.text(alphabet="0123456789年月日底前内末季度上下半一二三四十春节长期持续推进份.-/ ,", max_size=30))
def test_never_raises_and_returns_a_real_date(text):
    found = find_time_clause(text)
    if found:
        assert text[found[1] : found[2]] == found[0]
    iso = normalize_deadline(text, 2018)
    if iso is not None:
        date.fromisoformat(iso)
