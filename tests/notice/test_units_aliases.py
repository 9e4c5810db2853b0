"""Alias suggestions: the exact set for the seed, the evidence given, the pairs that must not be joined."""

from __future__ import annotations

import itertools
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from luoshi.notice.normalize import normalize_line
from luoshi.notice.units import AliasSuggestion, load_profile, split_units, suggest_aliases

SEED = Path("/work/shared/seed/jinhua-2018-notice.txt")

BRACKET_ROLE = "在同一名称后用括号注明了该机构的另一职能/牌子"
BRACKET_INSIDE = "括号内注明的是同一机构的另一职能/名称"


def seed_counts() -> Counter:
    counts: Counter = Counter()
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        label = re.match(r"^(牵头单位|配合单位|责任单位):(.*)$", normalize_line(raw))
        if label:
            counts.update(split_units(label.group(2)))
    return counts


SEED_SUGGESTIONS = {
    ("市财政局", "市财政(地税)局", BRACKET_INSIDE),
    ("市商务局", "市商务局(粮食局)", BRACKET_ROLE),
    ("市委政法委", "市委政法委(综治办)", BRACKET_ROLE),
    ("市市场监管局", "市市场监管局(市食安办)", BRACKET_ROLE),
    ("市交通运输局", "市交通运输局(市治堵办)", BRACKET_ROLE),
    ("市委宣传部", "市委宣传部(文产办)", BRACKET_ROLE),
    ("市委宣传部", "市委宣传部(市文产办)", BRACKET_ROLE),
    ("市委宣传部", "市委宣传部(文明办)", BRACKET_ROLE),
    ("市委组织部", "市委组织部(招才局)", BRACKET_ROLE),
    ("市委组织部", "市委组织部(市招才局)", BRACKET_ROLE),
    ("人行金华市中心支行", "人行金华市支行", "名称几乎相同，只多了“中心”"),
}


def triples(suggestions: list[AliasSuggestion]) -> set[tuple[str, str, str]]:
    return {(s.canonical, s.alias, s.evidence) for s in suggestions}


def test_seed_suggestions_with_the_jinhua_profile():
    got = suggest_aliases(seed_counts(), load_profile("jinhua"))
    assert triples(got) == SEED_SUGGESTIONS | {
        ("金华山旅游经济区管委会", "金华山旅游经济开发区管委会", "金华市地方配置登记的别名"),
    }
    assert len(got) == 12
    scores = {(s.canonical, s.alias): s.score for s in got}
    assert scores[("金华山旅游经济区管委会", "金华山旅游经济开发区管委会")] == 1.0
    assert scores[("人行金华市中心支行", "人行金华市支行")] < scores[("市财政局", "市财政(地税)局")]


def test_seed_suggestions_without_a_profile():
    got = suggest_aliases(seed_counts())
    assert triples(got) == SEED_SUGGESTIONS | {
        ("金华山旅游经济区管委会", "金华山旅游经济开发区管委会", "名称几乎相同，只多了“开发”"),
    }


def test_canonical_is_the_most_frequent_bracket_free_form():
    # Without counts every name counts once: the shorter spelling wins.
    got = suggest_aliases(["人行金华市中心支行", "人行金华市支行"])
    assert [(s.canonical, s.alias) for s in got] == [("人行金华市支行", "人行金华市中心支行")]
    # A repeated name counts as often as it is given.
    got = suggest_aliases(["人行金华市中心支行", "人行金华市支行", "人行金华市中心支行"])
    assert [(s.canonical, s.alias) for s in got] == [("人行金华市中心支行", "人行金华市支行")]
    # The bracket-free form wins even when the bracketed one is far more frequent.
    got = suggest_aliases({"市财政(地税)局": 19, "市财政局": 3})
    assert [(s.canonical, s.alias) for s in got] == [("市财政局", "市财政(地税)局")]


@pytest.mark.parametrize(
    "names,evidence",
    [
        (["市委组织部(招才局)", "市委组织部(市招才局)"], "括号内的名称只差一个“市/区/县”前缀"),
        (["市委宣传部(文产办)", "市委宣传部(市文产办)"], "括号内的名称只差一个“市/区/县”前缀"),
        (["市委宣传部(文产办)", "市委宣传部(文明办)"], "括号外的名称相同，括号内注明的是同一机构的不同职能"),
        (["市委宣传部", "市委宣传部(文明办)"], BRACKET_ROLE),
        (["市交通运输局", "市交通运输局(市治堵办)"], BRACKET_ROLE),
        (["中新苏滁高新区管委会", "中新苏滁高新区管委会等"], "末尾的“等”表示列举未尽，所指单位相同"),
        (["婺城区政府", "婺城区人民政府"], "名称几乎相同，只多了“人民”"),
        (["金华山旅游经济区管委会", "金华山旅游经济开发区管委会"], "名称几乎相同，只多了“开发”"),
    ],
)
def test_pairs_and_their_evidence(names, evidence):
    [suggestion] = suggest_aliases(names)
    assert {suggestion.canonical, suggestion.alias} == set(names)
    assert suggestion.evidence == evidence
    assert 0 < suggestion.score <= 1


@pytest.mark.parametrize(
    "a,b",
    [
        ("市委宣传部", "市委组织部"),
        ("义乌海关", "金华海关"),
        ("金华开发区管委会", "金义都市新区管委会"),
        ("市发改委", "市经信委"),
        ("婺城区政府", "金东区政府"),
        ("市国税局", "市地税局"),
        ("市安全局", "市安全监管局"),
        ("市政府办", "市政府金融办"),
        ("市委办", "市委政法办"),
        ("市邮政管理局", "义乌市邮政管理局"),
        ("金华检验检疫局", "义乌检验检疫局"),
        ("市中级人民法院", "市人民法院"),
        ("各县(市、区)政府", "所涉县(市、区)政府"),
        ("市政府各部门(单位)", "市政府各部门"),
        ("市文化局", "市文物局"),
        ("金义都市区管委会", "金义都市新区管委会"),
    ],
)
def test_different_bodies_are_not_suggested(a, b):
    assert suggest_aliases([a, b, a]) == []


def test_profile_alias_is_suggested_even_when_the_canonical_is_not_named():
    got = suggest_aliases(["金华经济技术开发区管委会"], load_profile("jinhua"))
    assert [(s.canonical, s.alias, s.score) for s in got] == [("金华开发区管委会", "金华经济技术开发区管委会", 1.0)]


def test_two_thousand_names_in_under_200_ms():
    places = ["金华", "义乌", "东阳", "兰溪", "永康", "武义", "浦江", "磐安", "婺城", "金东"]
    fields = "发改 经信 科技 财政 人社 建设 农业 商务 环保 交通 水利 文化 体育 卫健 民政 教育 公安 司法 审计 统计".split()
    suffixes = ["局", "委", "办", "中心", "分局"]
    names = [f"{p}市{f}{s}" for p, f, s in itertools.product(places, fields, suffixes)]  # 1,000
    names += [f"{n}(市{n[-2:]}办)" for n in names[::2]] + [f"{n[:3]}新{n[3:]}" for n in names[1::2]]
    assert len(set(names)) == 2000
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        got = suggest_aliases(names)
        best = min(best, time.perf_counter() - began)
    assert best < 0.2
    assert len(got) == 500  # each bracketed name is an alias of its base; 新 is a different body name
