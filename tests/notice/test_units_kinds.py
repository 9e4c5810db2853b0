"""Kinds of unit: every distinct unit the seed names, the corpus's, and the collective forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from luoshi.notice.normalize import normalize_line
from luoshi.notice.units import UNIT_KINDS, classify_unit, is_collective, split_units

SEED = Path("/work/shared/seed/jinhua-2018-notice.txt")


def seed_units() -> set[str]:
    names = set()
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        label = re.match(r"^(牵头单位|配合单位|责任单位):(.*)$", normalize_line(raw))
        if label:
            names.update(split_units(label.group(2)))
    return names


# Every distinct unit of the seed, by kind. Decisions: 市编办 and 团市委 are party organs (as the
# notices group them); 市气象局, 市国税局, 邮政管理局, 金华电业局 and the court are central agencies;
# 市安全局 (state security) is a department while 市安全监管局 is another department.
SEED_KINDS: dict[str, list[str]] = {
    "department": [
        "市发改委", "市农办", "市经信委", "市科技局", "市财政(地税)局", "市人力社保局", "市建设局", "市农业局",
        "市商务局", "市环保局", "市政府办公室", "市行政服务中心", "市行政执法局", "市市场监管局", "市法制办",
        "市国土资源局", "市国资委", "市规划局", "市水利局", "市质监局", "市人防办", "市经合办(招商局)",
        "市网络经济局", "市民政局", "市交通运输局", "市文化局", "市旅游局", "市安全监管局", "市金融办", "市治水办",
        "市统计局", "市教育局", "市体育局", "市卫计委", "市帮扶办", "市公安局", "市商务局(粮食局)", "市供销社",
        "市司法局", "市文物局", "市生态廊道办", "市安全局", "市外侨办", "市财政局", "市“三改一拆”办", "市创建办",
        "市市场监管局(市食安办)", "市林业局", "市交通运输局(市治堵办)", "市机关事务局",
    ],
    "party_organ": [
        "市编办", "市委政法委", "市委宣传部(文产办)", "市委组织部(招才局)", "市委组织部(市招才局)", "市委组织部",
        "市委政法委(综治办)", "市委宣传部", "市委宣传部(市文产办)", "团市委", "市委宣传部(文明办)",
    ],
    "county_government": [
        "义乌市政府", "东阳市政府", "婺城区政府", "金东区政府", "永康市政府", "武义县政府", "兰溪市政府",
        "浦江县政府",
    ],
    "zone_committee": [
        "金华开发区管委会", "金义都市新区管委会", "金华山旅游经济区管委会", "金义综合保税区管委会",
        "金华山旅游经济开发区管委会", "多湖中央商务区管委会",
    ],
    "command_post": [
        "浙中公铁联运建设指挥部", "金义东城轨建设指挥部(市轨道交通公司)", "市铁路工程建设指挥部",
        "婺州古城保护提升指挥部",
    ],
    "mass_organization": [
        "市工商联", "市总工会", "市科协", "市社科联", "市文联", "市妇联",
    ],
    "central_agency": [
        "金华海关", "金华检验检疫局", "义乌海关", "义乌检验检疫局", "金华电业局", "市中级人民法院", "人行金华市支行",
        "金华银监分局", "市气象局", "铁路金华货运中心", "市国税局", "人行金华市中心支行", "市邮政管理局",
        "义乌市邮政管理局",
    ],
    "company": [
        "铁塔金华分公司", "市城建控股公司",
    ],
    "media": [
        "金华日报社", "金华广电总台",
    ],
    "university": [
        "浙江师范大学", "金华职业技术学院", "上海财大浙江学院",
    ],
    "collective": [
        "市政府各部门(单位)", "各县(市、区)政府", "所涉县(市、区)政府", "市安委会成员单位",
        "浙中生态廊道建设领导小组各成员单位", "各电信运营商", "各相关指挥部",
        "金义都市区规划和金华市城市总体规划编制工作领导小组各成员单位", "市级各部门(单位)",
    ],
}


def test_every_seed_unit_is_in_the_table():
    tabled = [name for names in SEED_KINDS.values() for name in names]
    assert len(tabled) == len(set(tabled)) == 115
    assert set(tabled) == seed_units()


@pytest.mark.parametrize("kind,name", [(k, n) for k, names in SEED_KINDS.items() for n in names])
def test_seed_unit_kind(kind, name):
    assert classify_unit(name) == kind


@pytest.mark.parametrize(
    "name,kind",
    [
        # corpus and other layouts
        ("区发改局", "department"),
        ("发改局", "department"),
        ("环卫处", "department"),
        ("市政府办公室", "department"),
        ("省財政廳", "department"),
        ("省政府金融辦", "department"),
        ("规划和自然资源分局", "central_agency"),
        ("市生态环境局咸安分局", "central_agency"),
        ("税务局", "central_agency"),
        ("区税务局", "central_agency"),
        ("滁州海关", "central_agency"),
        ("市人行", "central_agency"),
        ("人行武漢分行", "central_agency"),
        ("湖北銀監局", "central_agency"),
        ("湖北保監局等", "central_agency"),
        ("市人民检察院", "central_agency"),
        ("国家统计局金华调查队", "central_agency"),
        ("区经发集团", "company"),
        ("国兴集团", "company"),
        ("工商银行金华分行", "company"),
        ("广州广播电视台", "media"),
        ("市融媒体中心", "media"),
        ("嘉兴大学", "university"),
        ("妇联", "mass_organization"),
        ("市残联", "mass_organization"),
        ("市红十字会", "mass_organization"),
        ("市委党校", "party_organ"),
        ("市委老干部局", "party_organ"),
        ("市直机关工委", "party_organ"),
        ("市“两新”组织党工委", "party_organ"),
        ("市非公有制经济组织党工委", "party_organ"),
        ("市纪委", "party_organ"),
        ("区纪委监委", "party_organ"),
        ("市委", "party_organ"),
        ("市人大常委会办公室", "party_organ"),
        ("市政协", "party_organ"),
        ("共青团金华市委", "party_organ"),
        ("立山经济开发区", "zone_committee"),
        ("崇川经济开发区", "zone_committee"),
        ("滁州经开区管委会", "zone_committee"),
        ("中新苏滁高新区管委会等", "zone_committee"),
        ("立山经济开发区党工委", "zone_committee"),
        ("南湖区政府", "county_government"),
        ("海宁市政府", "county_government"),
        ("婺城区人民政府", "county_government"),
        ("锦城街道", "county_government"),
        ("天目山镇", "county_government"),
        ("锦城街道办事处", "county_government"),
        ("义乌市", "county_government"),
        ("区创文工作领导小组", "command_post"),
        ("市创文工作领导小组办公室", "command_post"),
        ("市驻京办事处", "department"),
        # not enough to say
        ("区政府", "unknown"),
        ("市", "unknown"),
        ("", "unknown"),
        ("张三", "unknown"),
    ],
)
def test_other_unit_kinds(name, kind):
    assert classify_unit(name) == kind


COLLECTIVES = [
    "市政府各部门(单位)", "市级各部门(单位)", "各县(市、区)政府", "所涉县(市、区)政府", "市安委会成员单位",
    "浙中生态廊道建设领导小组各成员单位", "金义都市区规划和金华市城市总体规划编制工作领导小组各成员单位", "各相关指挥部",
    "各电信运营商", "相关乡镇办", "各街道", "各镇(街道)", "各相关单位", "国务院各部门", "区直各部门", "全区经济运行各专班",
    "区疫情防控指挥部成员单位", "区创文工作领导小组成员单位", "各街办(新区)", "有关部门", "各有关单位", "各市州政府",
    "相关街道", "市直有关单位", "县(市、区)政府", "乡镇(街道)", "各县（市、区）政府", "各縣(市、區)人民政府",
]


@pytest.mark.parametrize("name", COLLECTIVES)
def test_collectives(name):
    assert is_collective(name)
    assert classify_unit(name) == "collective"


@pytest.mark.parametrize(
    "name",
    ["市政府办公室", "市委宣传部", "金华开发区管委会", "义乌市政府", "市安委会", "区疫情防控指挥部", "湖北保监局等", "市县级机关事务局"],
)
def test_single_bodies_are_not_collective(name):
    assert not is_collective(name)


def test_unit_kinds_have_chinese_labels_and_cover_every_result():
    assert set(UNIT_KINDS) == set(SEED_KINDS) | {"unknown"}
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in UNIT_KINDS.values())
