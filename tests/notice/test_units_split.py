"""Splitting unit lists: the seed's ~200 unit lines, its tricky tasks, suffix distribution, spans, properties."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.notice.normalize import normalize_line
from luoshi.notice.units import compound_groups, split_units, split_units_with_spans

SEED = Path("/work/shared/seed/jinhua-2018-notice.txt")
_LABEL = re.compile(r"^(牵头单位|配合单位|责任单位):(.*)$")
_SEPARATORS = "、,;，；\n"


def seed_unit_lines() -> list[tuple[str, int, str, str]]:
    """(section, task number, label, unit text) for every unit line of the seed; section K or L."""
    rows = []
    section, number = "", 0
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = normalize_line(raw)
        if line == "附件1":
            section = "K"
        elif line == "附件2":
            section = "L"
        task = re.match(r"^(\d+)\.", line)
        if task:
            number = int(task.group(1))
        label = _LABEL.match(line)
        if label and section:
            rows.append((section, number, label.group(1), label.group(2)))
    return rows


ROWS = seed_unit_lines()


def units_of(section: str, number: int, label: str) -> list[str]:
    [text] = [t for s, n, lab, t in ROWS if (s, n, lab) == (section, number, label)]
    return split_units(text)


def test_seed_has_every_unit_line():
    assert len(ROWS) == 200
    assert sum(1 for row in ROWS if row[0] == "K") == 163
    assert {row[1] for row in ROWS if row[0] == "K"} == set(range(1, 86))
    assert {row[1] for row in ROWS if row[0] == "L"} == set(range(1, 23))


@pytest.mark.parametrize("section,number,label,text", ROWS, ids=[f"{r[0]}{r[1]}-{r[2]}" for r in ROWS])
def test_every_seed_line_splits_into_clean_names(section, number, label, text):
    names = split_units(text)
    assert names
    for name in names:
        assert name == name.strip() and name
        assert not any(sep in name.replace("(市、区)", "") for sep in _SEPARATORS), name
        assert not name.endswith(("。", "."))
        assert name.count("(") == name.count(")")
    # Distribution only lengthens names; it never adds or drops one.
    pieces = [p for p in re.split(r"[,;]|、(?![^(]*\))", text) if p.strip()]
    assert len(names) == len(pieces)


DEPTS_30 = ["市教育局", "市民政局", "市人力社保局", "市建设局", "市规划局", "市交通运输局", "市水利局", "市文化局", "市体育局", "市卫计委"]
ZONES3 = ["金华开发区管委会", "金义都市新区管委会", "金华山旅游经济区管委会"]

GOLDEN = {
    ("K", 10, "配合单位"): ["市科技局", "市财政(地税)局", "市经合办(招商局)", "市网络经济局", "义乌市政府", "金华开发区管委会", "金义都市新区管委会"],
    ("K", 11, "配合单位"): ["市委宣传部(文产办)", "市经信委", "市民政局", "市交通运输局", "市文化局", "市旅游局", "市网络经济局", "东阳市政府", "金华开发区管委会"],
    ("K", 23, "配合单位"): ["市经信委", "市科技局", "市交通运输局", "市商务局", "金华海关", "金华检验检疫局", "义乌市政府", "义乌海关", "义乌检验检疫局", "浙中公铁联运建设指挥部"],
    ("K", 25, "牵头单位"): ["金义东城轨建设指挥部(市轨道交通公司)"],
    ("K", 25, "配合单位"): ["市发改委", "市规划局", "市交通运输局", "婺城区政府", "金东区政府", "义乌市政府", "东阳市政府", "永康市政府", "武义县政府", *ZONES3],
    ("K", 27, "配合单位"): ["市委组织部(市招才局)", "市发改委", "市经信委", "市国土资源局", "市规划局", "市农业局", "义乌市政府", "永康市政府", "金义都市新区管委会"],
    ("K", 30, "配合单位"): [*DEPTS_30, "金华电业局", "婺城区政府", "金东区政府", "义乌市政府", *ZONES3],
    ("K", 46, "牵头单位"): ["市商务局", "义乌市政府"],
    ("K", 46, "配合单位"): ["市发改委", "市经信委", "市财政(地税)局", "市交通运输局", "市外侨办", "金华海关", "义乌海关", "铁路金华货运中心", "浙中公铁联运建设指挥部"],
    ("K", 48, "配合单位"): ["市经信委", "市交通运输局", "市网络经济局", "金华海关", "金华检验检疫局", "金义都市新区管委会", "金义综合保税区管委会", "义乌市政府", "义乌海关", "义乌检验检疫局"],
    ("K", 52, "配合单位"): [
        "市发改委", "市经信委", "市教育局", "市公安局", "市司法局", "市财政局", "市建设局", "市交通运输局", "市商务局",
        "市文化局", "市卫计委", "市质监局", "市旅游局", "市法制办", "市网络经济局", "市邮政管理局", "人行金华市中心支行",
        "金华银监分局", "义乌市邮政管理局", "各电信运营商", "铁塔金华分公司",
    ],
    ("K", 56, "配合单位"): ["兰溪市政府", "东阳市政府", "武义县政府", "金华山旅游经济开发区管委会"],
    ("K", 57, "配合单位"): [
        "市农办", "市发改委", "市教育局", "市科技局", "市民政局", "市规划局", "市交通运输局", "市水利局", "市文化局", "市体育局",
        "市卫计委", "婺城区政府", "金东区政府", *ZONES3, "多湖中央商务区管委会", "各相关指挥部",
    ],
    ("K", 59, "配合单位"): ["市规划局", "市国资委", "市文物局", "婺城区政府", "多湖中央商务区管委会", "婺州古城保护提升指挥部", "市城建控股公司"],
    ("K", 83, "配合单位"): ["市级各部门(单位)", "婺城区政府", "金东区政府", *ZONES3],
    ("K", 85, "配合单位"): ["市经信委", "市建设局", "市规划局", "市文物局", "浦江县政府", "婺州古城保护提升指挥部"],
    ("L", 6, "牵头单位"): ["金义东城轨建设指挥部(市轨道交通公司)"],
    ("L", 6, "配合单位"): ["婺城区政府", "金东区政府", "义乌市政府", "东阳市政府", "金华开发区管委会", "金义都市新区管委会"],
    ("L", 16, "配合单位"): ["市农办", "市委宣传部(文明办)", "市发改委", "市教育局", "市商务局", "市环保局", "婺城区政府", "金东区政府", "浦江县政府"],
    ("K", 22, "配合单位"): ["市政府各部门(单位)", "各县(市、区)政府"],
    ("K", 26, "配合单位"): ["市财政(地税)局", "市国土资源局", "市规划局", "市水利局", "市环保局", "所涉县(市、区)政府", "市铁路工程建设指挥部"],
    ("K", 44, "配合单位"): ["浙中生态廊道建设领导小组各成员单位"],
    ("K", 63, "牵头单位"): ["市“三改一拆”办"],
}


@pytest.mark.parametrize("key", list(GOLDEN), ids=[f"{k[0]}{k[1]}-{k[2]}" for k in GOLDEN])
def test_tricky_seed_lines(key):
    assert units_of(*key) == GOLDEN[key]


# --- suffix distribution -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("金华开发区、金义都市新区管委会", ["金华开发区管委会", "金义都市新区管委会"]),
        ("婺城区、金东区、义乌市、东阳市、永康市、武义县政府", ["婺城区政府", "金东区政府", "义乌市政府", "东阳市政府", "永康市政府", "武义县政府"]),
        ("义乌市、永康市政府", ["义乌市政府", "永康市政府"]),
        ("兰溪市、东阳市、武义县政府", ["兰溪市政府", "东阳市政府", "武义县政府"]),
        ("金华开发区、金义都市新区、金华山旅游经济区管委会", ZONES3),
        ("婺城区、金东区人民政府", ["婺城区人民政府", "金东区人民政府"]),
        ("锦城街道、锦北街道办事处", ["锦城街道办事处", "锦北街道办事处"]),
        # A trailing 等 stays on the last name only; the suffix is given without it.
        ("滁州经开区、中新苏滁高新区管委会等", ["滁州经开区管委会", "中新苏滁高新区管委会等"]),
        # Each suffix reaches back only over the bare places right before it.
        ("婺城区、金东区政府、金华开发区、金义都市新区管委会", ["婺城区政府", "金东区政府", "金华开发区管委会", "金义都市新区管委会"]),
        # Traditional characters are recognised and kept.
        ("武昌區、洪山區政府", ["武昌區政府", "洪山區政府"]),
    ],
)
def test_suffix_is_distributed_over_a_run(text, expected):
    assert split_units(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # Not across a comma: the run ends there.
        ("金华开发区,金义都市新区管委会", ["金华开发区", "金义都市新区管委会"]),
        # A county has a 政府, not a 管委会; a zone has a 管委会, not a 政府.
        ("兰溪市、金华开发区管委会", ["兰溪市", "金华开发区管委会"]),
        ("立山经济开发区、铁东区政府", ["立山经济开发区", "铁东区政府"]),
        # Departments and collectives never take a suffix.
        ("市发改委、义乌市政府", ["市发改委", "义乌市政府"]),
        ("各街道、锦城街道办事处", ["各街道", "锦城街道办事处"]),
        ("相关镇、昌化镇政府", ["相关镇", "昌化镇政府"]),
        ("市、区政府", ["市", "区政府"]),
        # No body suffix at the end: nothing to distribute.
        ("锦城街道、锦北街道、昌化镇、天目山镇", ["锦城街道", "锦北街道", "昌化镇", "天目山镇"]),
        ("市政局、环卫处、崇川经济开发区、各街道", ["市政局", "环卫处", "崇川经济开发区", "各街道"]),
        # A bracketed name is not a bare place.
        ("义乌市(含保税区)、东阳市政府", ["义乌市(含保税区)", "东阳市政府"]),
    ],
)
def test_suffix_is_not_distributed_where_it_does_not_belong(text, expected):
    assert split_units(text) == expected


# --- compound groups -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected,groups",
    [
        ("各县、市、区政府", ["各县", "市", "区政府"], ["各县、市、区政府"]),
        ("各市、州、县人民政府", ["各市", "州", "县人民政府"], ["各市、州、县人民政府"]),
        ("各区、县级市", ["各区", "县级市"], ["各区、县级市"]),
        (
            "市经信局、滁州经开区管委会、中新苏滁高新区管委会等,各县、市、区政府。",
            ["市经信局", "滁州经开区管委会", "中新苏滁高新区管委会等", "各县", "市", "区政府"],
            ["各县、市、区政府"],
        ),
        ("各县(市、区)政府,市直各部门", ["各县(市、区)政府", "市直各部门"], []),
        ("各市州政府", ["各市州政府"], []),
        ("各县、市发改委", ["各县", "市发改委"], []),
    ],
)
def test_compound_groups_split_literally_and_are_reported_whole(text, expected, groups):
    assert split_units(text) == expected
    assert compound_groups(text) == groups


# --- spans and cleaning --------------------------------------------------------------------------


def test_spans_point_at_the_name_as_written():
    text = "市发改委, 金华开发区、金义都市新区管委会。"
    spans = split_units_with_spans(text)
    assert spans == [("市发改委", 0, 4), ("金华开发区管委会", 6, 11), ("金义都市新区管委会", 12, 21)]
    assert [text[s:e] for _, s, e in spans] == ["市发改委", "金华开发区", "金义都市新区管委会"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", []),
        (" 、,;。", []),
        ("市科技局、市教育局、南湖区政府、 秀洲区政府、海宁市政府", ["市科技局", "市教育局", "南湖区政府", "秀洲区政府", "海宁市政府"]),
        ("湖北银监局、湖北保监局等,各市州政府。", ["湖北银监局", "湖北保监局等", "各市州政府"]),
        ("市委宣传部(文产办)、市财政(地税)局", ["市委宣传部(文产办)", "市财政(地税)局"]),
        ("区疫情防控指挥部成员单位、各街办(新区)", ["区疫情防控指挥部成员单位", "各街办(新区)"]),
        ("《“三改一拆”、五水共治》办,市农办.", ["《“三改一拆”、五水共治》办", "市农办"]),
        ("市发改委;市财政局；市商务局，市农办", ["市发改委", "市财政局", "市商务局", "市农办"]),
        ("市发改委\n市财政局", ["市发改委", "市财政局"]),
        ("【市委、市政府】督查室、市农办", ["【市委、市政府】督查室", "市农办"]),
        ("〔市、区〕两级、市农办", ["〔市、区〕两级", "市农办"]),
        # Full-width brackets protect too, in text that skipped normalisation.
        ("各县（市、区）政府、市农办", ["各县（市、区）政府", "市农办"]),
        # An unclosed bracket protects nothing.
        ("市委(文产办、市科技局", ["市委(文产办", "市科技局"]),
        ("市委文产办)、市科技局", ["市委文产办)", "市科技局"]),
    ],
)
def test_cleaning_and_brackets(text, expected):
    assert split_units(text) == expected


# --- properties ----------------------------------------------------------------------------------

_ALPHABET = "市区县局委办甲乙丙政府管委会开发各相关等()（）【】“”《》〔〕、,;，； 。.\n"
_OPEN = "(（【“《〔["
_CLOSE = ")）】”》〕]"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_split_never_raises_and_keeps_every_non_separator_character(text):
    spans = split_units_with_spans(text)
    for name, start, end in spans:
        written = text[start:end]
        assert name.startswith(written) and written
        assert written == written.strip() and not written.endswith(("。", "."))
        for index, char in enumerate(written):
            if char in _SEPARATORS:
                # A separator inside a name is enclosed by brackets within the name.
                assert any(c in _OPEN for c in written[:index]) and any(c in _CLOSE for c in written[index + 1 :])
    if all(name == text[s:e] for name, s, e in spans):
        covered = set()
        for _, start, end in spans:
            covered.update(range(start, end))
        lost = {text[i] for i in range(len(text)) if i not in covered}
        assert lost <= set(_SEPARATORS) | {" ", "。", "."}
    assert [n for n, _, _ in spans] == split_units(text)


_plain = st.text(alphabet="甲乙丙丁戊局委办部厅中心", min_size=1, max_size=6)
_bracketed = st.builds(
    lambda head, inner, tail, pair: f"{head}{pair[0]}{inner}{pair[1]}{tail}",
    _plain,
    st.lists(_plain, min_size=1, max_size=3).map("、".join),
    st.text(alphabet="甲乙丙局委办", max_size=3),
    st.sampled_from(["()", "【】", "“”", "《》", "〔〕", "[]"]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_plain, _bracketed), min_size=1, max_size=8),
    st.lists(st.sampled_from(["、", ",", ";", "，", "；", "、 ", " , "]), min_size=8, max_size=8),
)
def test_a_list_built_from_names_splits_back_into_them(names, separators):
    text = "".join(name + separators[i] for i, name in enumerate(names[:-1])) + names[-1] + "。"
    assert split_units(text) == names


def test_split_is_linear():
    def cost(repeat: int) -> float:
        text = "市发改委、各县(市、区)政府、婺城区、金东区政府," * repeat + "(" * repeat + "【" * repeat + ")" + "】" * repeat
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            split_units(text)
            best = min(best, time.perf_counter() - began)
        return best

    small, large = cost(1_000), cost(10_000)
    assert large < small * 25  # ten times the input: about ten times the time, not a hundred
    assert large < 2.0
