"""Quantified targets: the seed's hand-checked golden list, spot checks, corpus lines, properties, speed."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.notice.normalize import normalize_line, normalize_text
from luoshi.notice.numbers import apply_multiplier
from luoshi.notice.targets import (
    APPROXIMATE_MARKS,
    COMPARATORS,
    DISTANT_COMPARATORS,
    PREFIX_COMPARATORS,
    SUFFIX_COMPARATORS,
    extract_targets,
)

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "samples" / "jinhua-2018-notice.txt"
GOLDEN = Path(__file__).parent / "golden" / "seed_targets.json"
CORPUS = Path(os.environ.get("LUOSHI_SHARED", REPO.parent / "shared")) / "corpus" / "raw"


def seed_tasks() -> dict[str, str]:
    """The text of every numbered task of the seed, keyed `1-n` (附件1) and `2-n` (附件2), numbering removed."""
    tasks: dict[str, str] = {}
    section = 0
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = normalize_line(line)
        if line in ("附件1", "附件2"):
            section = int(line[-1])
            continue
        numbered = re.match(r"(\d+)\.(.+)", line)
        if section and numbered:
            tasks[f"{section}-{numbered.group(1)}"] = numbered.group(2)
    return tasks


TASKS = seed_tasks()
GOLD = {key: value for key, value in json.loads(GOLDEN.read_text(encoding="utf-8")).items() if not key.startswith("_")}


def triples(text: str) -> list[tuple[float, str, str]]:
    return [(t.value, t.unit, t.comparator) for t in extract_targets(text)]


# ---------------------------------------------------------------------------------------------
# The seed, task by task
# ---------------------------------------------------------------------------------------------


def test_golden_file_covers_every_seed_task():
    assert len([k for k in TASKS if k.startswith("1-")]) == 85
    assert len([k for k in TASKS if k.startswith("2-")]) == 22
    assert set(GOLD) == set(TASKS)
    assert sum(len(v) for v in GOLD.values()) == 155


@pytest.mark.parametrize("key", sorted(GOLD, key=lambda k: (k[0], int(k[2:]))))
def test_seed_task_targets_match_the_golden_list(key):
    expected = [(float(value), unit, comparator) for value, unit, comparator in GOLD[key]]
    assert triples(TASKS[key]) == expected


def test_task_numbering_left_in_the_text_changes_nothing():
    for key in ("1-1", "1-9", "1-16", "2-1", "2-10"):
        number = key.split("-")[1]
        assert triples(f"{number}.{TASKS[key]}") == triples(TASKS[key])


# (task, index, text, indicator, direction, parent)
SPOT_CHECKS = [
    ("1-1", 0, "地区生产总值增长7%左右", "地区生产总值", "growth", None),
    ("1-3", 0, "80%以上开通网上办理", "开通网上办理", "growth", None),
    ("1-9", 1, "新批工业用地的50%按照“标准地”制度供地", "新批工业用地按照“标准地”制度供地", "growth", None),
    ("1-12", 0, "新增“浙江制造”标准50个", "新增“浙江制造”标准", "growth", None),
    ("1-12", 1, "市“两化”融合示范重点项目100个", "新增市“两化”融合示范重点项目", "growth", None),
    ("1-12", 2, "上云企业1万家", "新增上云企业", "growth", None),
    ("1-13", 1, "标准厂房200万平方米", "新建标准厂房", "growth", None),
    ("1-14", 0, "处置30家“僵尸企业”", "处置“僵尸企业”", "reduction", None),
    ("1-14", 1, "淘汰100家企业落后产能", "淘汰企业落后产能", "reduction", None),
    ("1-14", 2, "整治提升2000家低小散小企业小作坊", "整治提升低小散小企业小作坊", "growth", None),
    ("1-14", 3, "为企业减负100亿元以上", "为企业减负", "reduction", None),
    ("1-15", 2, "消化批而未供土地2万亩", "消化批而未供土地", "reduction", None),
    ("1-16", 0, "引进投资超20亿元重大产业项目20个", "引进投资超20亿元重大产业项目", "growth", None),
    ("1-16", 1, "超50亿元6个", "超50亿元", "growth", 0),
    ("1-17", 0, "高新技术产业投资、生态环境和公共设施投资均增长15%以上", "高新技术产业投资、生态环境和公共设施投资", "growth", None),
    ("1-18", 2, "研发经费投入占生产总值比重提高到2.15%左右", "研发经费投入占生产总值比重", "growth", None),
    ("1-19", 1, "技术交易额20亿元", "技术交易额", "growth", None),
    ("1-31", 0, "不良贷款率控制在2%以内", "不良贷款率", "reduction", None),
    ("1-31", 4, "直接融资360亿元", "直接融资", "growth", None),
    ("1-37", 0, "新增省A级景区村庄300个", "新增省A级景区村庄", "growth", None),
    ("1-37", 1, "3A级30个以上", "3A级", "growth", 0),
    ("1-37", 2, "高水平建设“四好农村路”850公里", "高水平建设“四好农村路”", "growth", None),
    ("1-41", 0, "二氧化碳强度降低4.6%以上", "二氧化碳强度", "reduction", None),
    ("1-46", 0, "往返400列", "往返", "growth", None),
    ("1-46", 1, "中亚班列100列", "中亚班列", "growth", 0),
    ("1-49", 1, "对“一带一路”沿线国家出口超1500亿元", "对“一带一路”沿线国家出口", "growth", None),
    ("1-52", 1, "全市2000家企业主动作出高于或优于法律规定的七日无理由退货承诺", "全市企业主动作出高于或优于法律规定的七日无理由退货承诺", "growth", None),
    ("1-63", 0, "完成拆违1200万平方米", "完成拆违", "reduction", None),
    ("1-63", 1, "“三改”1700万平方米", "完成“三改”", "growth", None),
    ("1-63", 2, "城中村改造1000万平方米", "城中村改造", "growth", 1),
    ("1-64", 1, "受威胁人数再减少3000人以上", "受威胁人数", "reduction", None),
    ("1-65", 0, "新建、改建城市公厕39所", "新建、改建城市公厕", "growth", None),
    ("1-65", 1, "金华市区9所", "金华市区", "growth", 0),
    ("1-76", 0, "城镇新增就业8万人以上", "城镇新增就业", "growth", None),
    ("1-76", 1, "城镇登记失业率控制在3.5%以内", "城镇登记失业率", "reduction", None),
    ("1-80", 1, "老年人和高血压、糖尿病患者等重点人群覆盖率达到65%以上", "老年人和高血压、糖尿病患者等重点人群覆盖率", "growth", 0),
    ("1-81", 1, "乡镇(街道)全民健身中心、中心村全民健身广场3个", "建设乡镇(街道)全民健身中心、中心村全民健身广场", "growth", None),
    ("2-2", 0, "农林产品质量安全检测合格率稳定在98%以上", "农林产品质量安全检测合格率", "level", None),
    ("2-7", 1, "建成30家兼具日间照料与全托服务功能的示范型居家养老中心", "建成兼具日间照料与全托服务功能的示范型居家养老中心", "growth", 0),
    ("2-8", 0, "细颗粒物(PM2.5)平均浓度42微克/立方米以下", "细颗粒物(PM2.5)平均浓度", "reduction", None),
    ("2-10", 0, "建筑工地施工现场100%围档", "建筑工地施工现场围档", "growth", None),
    ("2-10", 5, "拆除工程100%采用湿法作业", "拆除工程采用湿法作业", "growth", None),
    ("2-15", 1, "撤并薄弱幼儿园27所", "撤并薄弱幼儿园", "reduction", None),
    ("2-17", 2, "全市生活垃圾处理量增速控制在3%以内", "全市生活垃圾处理量增速", "reduction", None),
    ("2-20", 0, "送戏、送书、送电影、送展览、送讲座进农村、进社区、进学校、进企业4.5万场", "送戏、送书、送电影、送展览、送讲座进农村、进社区、进学校、进企业", "growth", None),
]


@pytest.mark.parametrize("key, index, text, indicator, direction, parent", SPOT_CHECKS)
def test_seed_spot_checks(key, index, text, indicator, direction, parent):
    task_text = TASKS[key]
    target = extract_targets(task_text)[index]
    assert target.text == text
    assert task_text[target.span[0] : target.span[1]] == text
    assert target.indicator == indicator
    assert target.direction == direction
    assert target.parent == parent


def test_nine_pm_limit_is_a_reduction_ceiling_of_100_days():
    target = extract_targets(TASKS["1-9"])[0]
    assert (target.value, target.unit, target.comparator, target.direction) == (100.0, "天", "<=", "reduction")
    assert target.text.endswith("最多100天")


def test_base_values_apply_the_multipliers():
    by_key = {key: extract_targets(text) for key, text in TASKS.items()}
    assert (by_key["1-12"][2].base_value, by_key["1-12"][2].base_unit) == (10000.0, "家")
    assert (by_key["1-14"][3].base_value, by_key["1-14"][3].base_unit) == (1e10, "元")
    assert (by_key["2-11"][0].base_value, by_key["2-11"][0].base_unit) == (160000.0, "千瓦")
    assert (by_key["2-14"][0].base_value, by_key["2-14"][0].base_unit) == (61700.0, "人")
    assert (by_key["2-22"][1].base_value, by_key["2-22"][1].base_unit) == (9900.0, "套")
    assert (by_key["2-1"][5].base_value, by_key["2-1"][5].base_unit) == (4.5, "份/千人")
    for targets in by_key.values():
        for target in targets:
            assert (target.base_value, target.base_unit) == apply_multiplier(target.value, target.unit)


def test_the_whole_seed_file_reads_the_same_targets_as_its_tasks():
    """Run over the raw notice, unit lines and all: no target appears that the tasks do not have."""
    whole = triples(normalize_text(SEED.read_text(encoding="utf-8")))
    assert len(whole) == 155
    assert sorted(whole) == sorted((float(v), u, c) for targets in GOLD.values() for v, u, c in targets)


# ---------------------------------------------------------------------------------------------
# The assignment's cases
# ---------------------------------------------------------------------------------------------

NOT_TARGETS = [
    "2018年全市经济社会发展预期目标",
    "6月底前完成",
    "2013年底全面完成",
    "对全市0—3岁儿童开展早期识别",
    "制定实施蓝天保卫三年行动计划",
    "推进地质灾害隐患点三年清零",
    "实施五年化债计划",
    "全市企业作出七日无理由退货承诺",
    "构建20分钟医疗卫生服务圈",
    "在线审批监管平台2.0版互联网企业端",
    "平台2.0实现全覆盖",
    "办好第17届工科会",
    "市政府第22次常务会议审议通过",
    "推进金华山等创建5A级景区",
    "完成农村C级危房治理",
    "加快实施“机器人+”等十大行动",
    "开展招大引优“六个一”活动",
    "开展招大引优六个一活动",
    "深化“2+1结对帮扶”行动",
    "深化2+1结对帮扶行动",
    "推行3+2中高职衔接办学模式",
    "以纺织服装、五金等八大传统制造业为重点",
    "深化防控金融风险“五大专项行动”",
    "高水平建设“四好农村路”",
    "细颗粒物(PM2.5)治理",
    "实现一窗受理、一次办结",
    "全流程最多跑一次",
    "深化“双随机、一公开”监管",
    "增加一杆多用杆塔",
    "第一批试点",
    "壮大创新型科技人才、经营管理人才和高技能人才三支队伍",
    "全面整治亩均税收1万元以下的低小散企业",
    "扎实推进G60科创走廊建设",
    "推进s356横沟至黄沙铺改扩建二期、107国道咸安绕城段",
    "金政办发〔2018〕23号",
    "(1)加强监管",
    "《中国制造2025》",
    "“十三五”规划收官之年",
    "男性从60岁、女性从55岁起发放政府奖励津贴",
]


@pytest.mark.parametrize("text", NOT_TARGETS)
def test_names_dates_grades_and_slogans_are_not_targets(text):
    assert extract_targets(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("地区生产总值增长7%左右", [(7.0, "%", "~", "地区生产总值", "growth")]),
        ("新增贷款500亿元以上", [(500.0, "亿元", ">=", "新增贷款", "growth")]),
        ("不良贷款率控制在2%以内", [(2.0, "%", "<=", "不良贷款率", "reduction")]),
        ("城镇调查失业率6%左右", [(6.0, "%", "~", "城镇调查失业率", "reduction")]),
        ("居民消费价格涨幅3.5%左右", [(3.5, "%", "~", "居民消费价格涨幅", "level")]),
        ("粮食产量稳定在23万吨", [(23.0, "万吨", "=", "粮食产量", "level")]),
        ("培育企业3—5家", [(3.0, "家", ">=", "培育企业", "growth")]),
        ("新增就业1万余人", [(1.0, "万人", ">=", "新增就业", "growth")]),
        ("建成示范区三十六个", [(36.0, "个", "=", "建成示范区", "growth")]),
        ("引进人才两千人", [(2000.0, "人", "=", "引进人才", "growth")]),
        ("下降两个百分点", [(2.0, "个百分点", "=", "", "reduction")]),
        ("审批时间压缩至3个工作日内", [(3.0, "个工作日", "<=", "审批时间", "reduction")]),
        ("每年至少召开1次务虚会", [(1.0, "次", ">=", "每年至少召开务虚会", "growth")]),
        ("实现100%的行政村通公交", [(100.0, "%", "=", "行政村通公交", "growth")]),
        ("招引投资超亿元项目50个", [(50.0, "个", "=", "招引投资超亿元项目", "growth")]),
        ("地區生產總值增長7.5%", [(7.5, "%", "=", "地區生產總值", "growth")]),
    ],
)
def test_reads_comparators_units_indicators_and_directions(text, expected):
    got = [(t.value, t.unit, t.comparator, t.indicator, t.direction) for t in extract_targets(text)]
    assert got == expected


def test_qizhong_in_a_bracket_points_to_its_whole():
    targets = extract_targets("新建、改建城市公厕39所(其中金华市区9所、婺城区3所);完成农村厕所改造7800座")
    assert [(t.value, t.parent) for t in targets] == [(39.0, None), (9.0, 0), (3.0, 0), (7800.0, None)]


def test_qizhong_does_not_cross_a_sentence():
    targets = extract_targets("新增企业10家。其中5家为上市企业")
    assert [t.parent for t in targets] == [None, None]


def test_a_shared_verb_is_not_carried_into_a_clause_with_its_own_verb():
    targets = extract_targets("新增股份制企业100家、上市挂牌企业60家,实现直接融资360亿元")
    assert [t.indicator for t in targets] == ["新增股份制企业", "新增上市挂牌企业", "直接融资"]


def test_comparator_tables_are_exported_and_consistent():
    for table in (SUFFIX_COMPARATORS, PREFIX_COMPARATORS, APPROXIMATE_MARKS, DISTANT_COMPARATORS):
        assert table and set(table.values()) <= set(COMPARATORS)
    assert SUFFIX_COMPARATORS["以上"] == ">=" and SUFFIX_COMPARATORS["以内"] == "<=" and SUFFIX_COMPARATORS["左右"] == "~"
    assert PREFIX_COMPARATORS["不低于"] == ">=" and PREFIX_COMPARATORS["控制在"] == "<=" and PREFIX_COMPARATORS["约"] == "~"


# ---------------------------------------------------------------------------------------------
# Corpus notices from other places (lines copied from /work/shared/corpus/raw)
# ---------------------------------------------------------------------------------------------

CORPUS_LINES = [
    ("01_jiaxing_2024.txt", "10 | 城镇新增就业11万人,调查失业率控制在5%以内。 | 市人力社保局 |",
     [(11.0, "万人", "=", "城镇新增就业"), (5.0, "%", "<=", "调查失业率")]),
    ("01_jiaxing_2024.txt", "6 | 研发投入强度达到3.55%。 | 市科技局 |", [(3.55, "%", "=", "研发投入强度")]),
    ("01_jiaxing_2024.txt", "扎实推进G60科创走廊建设", []),
    ("04_anshan-lishan_2023.txt", "1.努力实现地区生产总值增长6.2%左右。", [(6.2, "%", "~", "地区生产总值")]),
    ("04_anshan-lishan_2023.txt", "7.其他主要经济指标不低于全市平均水平。", []),
    ("06_xianning-xianan_2023.txt", "8.城镇登记失业率控制在4.5%以内。(责任领导:杜新国;牵头单位:区人社局)",
     [(4.5, "%", "<=", "城镇登记失业率")]),
    ("06_xianning-xianan_2023.txt", "9.粮食产量稳定在23万吨。(责任领导:丁玲;牵头单位:区农业农村局)", [(23.0, "万吨", "=", "粮食产量")]),
    ("08_guangzhou-dangjian_2012.txt",
     "各级党委（党组）中心组集中学习时间每年不少于8天，每年至少召开1次务虚会，市、区（县级市）党委中心组每两个月至少举办1次学习报告会。",
     [(8.0, "天", ">=", "各级党委(党组)中心组集中学习时间每年"), (1.0, "次", ">=", "每年至少召开务虚会"),
      (1.0, "次", ">=", "市、区(县级市)党委中心组每两个月至少举办学习报告会")]),
    ("08_guangzhou-dangjian_2012.txt",
     "每年安排100名左右领导干部到国（境）外培训，局级以上党政领导干部5年内累计参加脱产培训不少于3个月",
     [(100.0, "名", "~", "每年安排领导干部到国(境)外培训"), (3.0, "个月", ">=", "局级以上党政领导干部5年内累计参加脱产培训")]),
    ("08_guangzhou-dangjian_2012.txt", "到2013年全市各街（镇）至少建立1个党员服务站", [(1.0, "个", ">=", "全市各街(镇)至少建立党员服务站")]),
    ("08_guangzhou-dangjian_2012.txt", "确保到2014年，“两新”组织党组织的覆盖率达到75%以上", [(75.0, "%", ">=", "“两新”组织党组织的覆盖率")]),
    ("08_guangzhou-dangjian_2012.txt",
     "对担任社区（村）“两委”正职累计满15年、正常离任且在任职期间获得市级以上综合性荣誉称号的优秀社区（村）党组织书记或居（村）委会主任，男性从60岁、女性从55岁起发放政府奖励津贴",
     []),
    ("10_chuzhou_2020.txt", "4. 社会消费品零售总额增长10.5%以上。", [(10.5, "%", ">=", "社会消费品零售总额")]),
    ("15_guowuyuan_2020.txt", "城镇新增就业900万人以上,城镇调查失业率6%左右,城镇登记失业率5.5%左右;居民消费价格涨幅3.5%左右",
     [(900.0, "万人", ">=", "城镇新增就业"), (6.0, "%", "~", "城镇调查失业率"), (5.5, "%", "~", "城镇登记失业率"),
      (3.5, "%", "~", "居民消费价格涨幅")]),
    ("17_hangzhou-linan_2022.txt", "2 | 新建成婴幼儿照护服务成长驿站7家,新增婴幼儿照护服务托位500个,开展胃肠癌联合筛查1万例以上。 |",
     [(7.0, "家", "=", "新建成婴幼儿照护服务成长驿站"), (500.0, "个", "=", "新增婴幼儿照护服务托位"),
      (1.0, "万例", ">=", "开展胃肠癌联合筛查")]),
    ("19_hubei_2018.txt", "2018年的主要預期目標是:地區生產總值增長7.5%;城鎮新增就業70萬人",
     [(7.5, "%", "=", "地區生產總值"), (70.0, "萬人", "=", "城鎮新增就業")]),
    ("21_nantong-chongchuan_2023.txt", "新增四分类“三定一督”达标小区210个。", [(210.0, "个", "=", "新增四分类“三定一督”达标小区")]),
    ("21_nantong-chongchuan_2023.txt", "新建建筑垃圾中转站8个、建筑垃圾分类池20个。",
     [(8.0, "个", "=", "新建建筑垃圾中转站"), (20.0, "个", "=", "新建建筑垃圾分类池")]),
]


@pytest.mark.parametrize("source, line, expected", CORPUS_LINES, ids=[f"{s[:2]}-{i}" for i, (s, _, _) in enumerate(CORPUS_LINES)])
def test_corpus_lines(source, line, expected):
    text = normalize_line(line)
    got = [(t.value, t.unit, t.comparator, t.indicator) for t in extract_targets(text)]
    assert got == expected


def test_corpus_directions():
    jiaxing = extract_targets("城镇新增就业11万人,调查失业率控制在5%以内。")
    assert [t.direction for t in jiaxing] == ["growth", "reduction"]
    hubei = extract_targets("城鎮新增就業70萬人")
    assert (hubei[0].base_value, hubei[0].base_unit) == (700000.0, "人")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not present")
@pytest.mark.parametrize("source, line", [(s, l) for s, l, _ in CORPUS_LINES])
def test_corpus_lines_are_really_in_the_corpus(source, line):
    raw = normalize_line(re.sub(r"</?p>", " ", (CORPUS / source).read_text(encoding="utf-8")))
    assert normalize_line(line) in raw


# ---------------------------------------------------------------------------------------------
# Properties and speed
# ---------------------------------------------------------------------------------------------

NOTICE_ALPHABET = (
    "0123456789.,%‰、。,;:()“”\"《》[]【】—-~|\n 其中以上以下以内左右约近超不低于控制在新增建成完成最多至少达到增长降低"
    "万亿千百十零一二两三四五六七八九个家元人户所座公里平方米/第届年月日天岁级A版的淘汰拆违稳定在累计"
)


def check_invariants(text: str) -> None:
    targets = extract_targets(text)
    previous_end = 0
    for index, target in enumerate(targets):
        start, end = target.span
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == target.text
        assert start >= previous_end, "targets overlap or are out of order"
        previous_end = end
        assert target.comparator in COMPARATORS
        assert target.direction in ("growth", "reduction", "level")
        assert target.parent is None or (0 <= target.parent < index and targets[target.parent].parent is None)
        assert target.value == target.value and target.value >= 0


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=NOTICE_ALPHABET, max_size=80))
def test_never_raises_and_spans_are_exact_on_notice_like_text(text):
    check_invariants(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text):
    check_invariants(text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(TASKS)), st.integers(0, 400), st.text(alphabet=NOTICE_ALPHABET, max_size=6))
def test_never_raises_on_damaged_seed_tasks(key, at, junk):
    text = TASKS[key]
    at = min(at, len(text))
    check_invariants(text[:at] + junk + text[at:])


def test_all_seed_tasks_in_well_under_ten_milliseconds():
    texts = list(TASKS.values())
    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        for text in texts:
            extract_targets(text)
        best = min(best, time.perf_counter() - began)
    assert best < 0.010, f"{best * 1000:.1f} ms"


@pytest.mark.parametrize(
    "name, text",
    [
        ("seed text", (SEED.read_text(encoding="utf-8") * 3)[:100_000]),
        ("one long list", ("新增企业1万家、" * 15_000)[:100_000]),
        ("chinese numerals", "一" * 100_000),
        ("numerals with units", "三个" * 50_000),
        ("digits", "1" * 100_000),
        ("digit groups", "1," * 50_000),
        ("ranges", "3-5-7-9-" * 12_500),
        ("open brackets", "(" * 50_000 + ")" * 50_000),
        ("unbalanced closers", ")" * 100_000),
        ("nested quotes", "(“" * 25_000 + "”)" * 25_000),
        ("ascii quotes", '"1个' * 25_000),
        ("其中 brackets", "(其中1个" * 20_000),
        ("percent run", "100%" * 25_000),
    ],
)
def test_hundred_kilobytes_finish_fast(name, text):
    began = time.perf_counter()
    targets = extract_targets(text)
    elapsed = time.perf_counter() - began
    assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"
    for target in targets[:50]:
        assert text[target.span[0] : target.span[1]] == target.text
