"""Jurisdiction profiles, collective expansion and the cover rule's unit sentence."""

from __future__ import annotations

import json

import pytest

from luoshi.notice.errors import NoticeError
from luoshi.notice.units import (
    JurisdictionProfile,
    collective_scope,
    expand_collective,
    load_profile,
    parse_unit_sentence,
)
from luoshi.notice.units.profile import PROFILE_DIR

NINE = ["婺城区政府", "金东区政府", "兰溪市政府", "东阳市政府", "义乌市政府", "永康市政府", "浦江县政府", "武义县政府", "磐安县政府"]
ZONES3 = ["金华开发区管委会", "金义都市新区管委会", "金华山旅游经济区管委会"]
COVER = (
    "各牵头单位要充分发挥指导协调作用,进一步细化任务、量化目标、分解责任,各配合单位要各司其职,加强协作配合,"
    "形成合力,进一步推动工作落实。除特别注明的外,各县(市、区)政府和金华开发区、金义都市新区、"
    "金华山旅游经济区管委会都是配合单位。市督考办要定期督查通报进展情况。"
)


@pytest.fixture(scope="module")
def jinhua() -> JurisdictionProfile:
    return load_profile("jinhua")


@pytest.mark.parametrize("name", ["jinhua", "金华市", str(PROFILE_DIR / "jinhua.json")])
def test_profile_loads_by_key_name_or_path(name):
    profile = load_profile(name)
    assert (profile.key, profile.name, profile.level) == ("jinhua", "金华市", "city")
    assert profile.governments() == NINE
    assert profile.committees() == ZONES3
    assert [d.kind for d in profile.divisions].count("district") == 2
    assert [d.kind for d in profile.divisions].count("county_city") == 4
    assert [d.kind for d in profile.divisions].count("county") == 3


def test_profile_aliases_written_and_derived(jinhua):
    assert jinhua.canonical("金华山旅游经济开发区管委会") == "金华山旅游经济区管委会"
    assert jinhua.canonical("婺城区人民政府") == "婺城区政府"
    assert jinhua.canonical("金华市义乌市政府") == "义乌市政府"
    assert jinhua.canonical("金义都市新区管理委员会") == "金义都市新区管委会"
    assert jinhua.canonical("市发改委") == "市发改委"


def test_profile_errors_are_one_chinese_line_naming_the_file(tmp_path):
    with pytest.raises(NoticeError, match=r"^nowhere: 找不到这个地方配置（已有：.*jinhua"):
        load_profile("nowhere")
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "某市",\n  "divisions": [', encoding="utf-8")
    with pytest.raises(NoticeError, match=r"broken\.json: 第2行不是有效的 JSON$"):
        load_profile(str(broken))
    missing = tmp_path / "missing.json"
    missing.write_text(json.dumps({"name": "某市", "divisions": [{"name": "甲区"}]}), encoding="utf-8")
    with pytest.raises(NoticeError, match=r"missing\.json: 地方配置缺少字段 government"):
        load_profile(str(missing))
    absent = tmp_path / "absent.json"
    with pytest.raises(NoticeError, match=r"absent\.json: 无法读取地方配置文件"):
        load_profile(str(absent))
    listed = tmp_path / "listed.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(NoticeError, match=r"listed\.json: 地方配置应为 JSON 对象$"):
        load_profile(str(listed))


def test_a_profile_from_any_path(tmp_path):
    path = tmp_path / "lishan.json"
    path.write_text(
        json.dumps(
            {
                "name": "立山区",
                "level": "district",
                "divisions": [{"name": "深沟寺街道", "kind": "street", "government": "深沟寺街道办事处"}],
                "zones": [{"name": "立山经济开发区", "committee": "立山经济开发区管委会"}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    profile = load_profile(str(path))
    assert profile.key == "lishan"
    assert expand_collective("各管委会", profile) == ["立山经济开发区管委会"]
    assert expand_collective("三个管委会", profile) is None  # the profile knows one, the text says three
    assert expand_collective("各县(市、区)政府", profile) is None


@pytest.mark.parametrize(
    "name,expected",
    [
        ("各县(市、区)政府", NINE),
        ("所涉县(市、区)政府", NINE),
        ("各县(市、区)", NINE),
        ("各县(市、区)人民政府", NINE),
        ("各县（市、区）政府", NINE),
        ("各縣(市、區)政府", NINE),
        ("各县市区政府", NINE),
        ("各区政府", ["婺城区政府", "金东区政府"]),
        ("各县", ["浦江县政府", "武义县政府", "磐安县政府"]),
        ("三个管委会", ZONES3),
        ("各管委会", ZONES3),
        ("各开发区管委会", ZONES3),
        ("两个管委会", None),
        ("市政府各部门(单位)", None),
        ("各乡镇(街道)", None),
        ("市发改委", None),
        ("金华开发区管委会", None),
        ("义乌市政府", None),
    ],
)
def test_expand_collective(jinhua, name, expected):
    assert expand_collective(name, jinhua) == expected


@pytest.mark.parametrize(
    "name,scope",
    [("各县(市、区)政府", "all"), ("所涉县(市、区)政府", "concerned"), ("相关乡镇办", "concerned"), ("市级各部门(单位)", "all"), ("市发改委", None)],
)
def test_collective_scope(name, scope):
    assert collective_scope(name) == scope


def test_cover_rule_sentence_names_one_collective_and_three_committees(jinhua):
    written = parse_unit_sentence(COVER)
    assert written == ["各县(市、区)政府", *ZONES3]
    expanded = [member for name in written for member in (expand_collective(name, jinhua) or [name])]
    assert expanded == NINE + ZONES3
    assert len(expanded) == 12


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("各县(市、区)政府和金华开发区、金义都市新区、金华山旅游经济区管委会", ["各县(市、区)政府", *ZONES3]),
        ("除另有规定外,市财政局及各县(市、区)政府均为配合单位。", ["市财政局", "各县(市、区)政府"]),
        ("配合单位为市发改委以及金华开发区、金义都市新区管委会。", ["市发改委", "金华开发区管委会", "金义都市新区管委会"]),
        # 和 inside a name is not a separator.
        ("区自然资源和规划局、区林业局都是配合单位", ["区自然资源和规划局", "区林业局"]),
        ("金义都市区规划和金华市城市总体规划编制工作领导小组各成员单位为配合单位", ["金义都市区规划和金华市城市总体规划编制工作领导小组各成员单位"]),
        # 和 inside brackets neither.
        ("市委宣传部(文明办和文产办)和市文化局都是配合单位", ["市委宣传部(文明办和文产办)", "市文化局"]),
        ("同时,各县(市、区)政府也是责任单位。", ["各县(市、区)政府"]),
        ("各縣(市、區)政府和武昌區、洪山區政府都是配合單位", ["各縣(市、區)政府", "武昌區政府", "洪山區政府"]),
    ],
)
def test_parse_unit_sentence(sentence, expected):
    assert parse_unit_sentence(sentence) == expected
