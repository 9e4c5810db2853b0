"""What kind of body a unit name denotes, and whether it stands for many bodies at once.

The kind decides how the unit registry files a unit and who reports for it: a government
department reports itself, a collective such as `市政府各部门(单位)` has to be expanded or assigned,
a central agency or a company is asked rather than ordered. Classification works on the name with
its bracketed qualifiers removed (`市委宣传部(文产办)` is the propaganda department) and with
traditional characters simplified.
"""

from __future__ import annotations

import re
from functools import lru_cache

from luoshi.notice.normalize import normalize_line
from luoshi.notice.units._places import ZONE_ENDINGS, place_kind
from luoshi.notice.units._text import fold, without_brackets

UNIT_KINDS: dict[str, str] = {
    "department": "政府部门",
    "party_organ": "党委部门及人大、政协、纪检机关",
    "county_government": "下级政府(县、市、区及乡镇、街道)",
    "zone_committee": "功能区管委会",
    "command_post": "指挥部、领导小组",
    "mass_organization": "群团组织",
    "central_agency": "垂直管理、驻地及司法机关",
    "company": "企业",
    "media": "新闻媒体",
    "university": "高校及学校",
    "collective": "集合性单位(泛指多个单位)",
    "unknown": "未识别",
}
"""Kinds of unit, with the label the registry shows. Decisions worth knowing:

- `central_agency` holds vertically managed and other-level bodies (海关, 检验检疫局, 国税局,
  税务局, 银监分局, 人行…支行, 邮政管理局, 气象局, 铁路…中心, 电业局, `…分局` of an upper-level
  department such as `规划和自然资源分局`), and the courts and procuratorates (法院, 检察院).
- `media` is its own kind (日报社, 广电总台, 广播电视台, 融媒体中心): the papers and stations are
  assigned publicity work and are neither departments nor ordinary companies.
- `party_organ` also holds people's congress, CPPCC and discipline bodies, 编办, 党校 and, as the
  notices group it, 团市委.
- `county_government` covers every subordinate government, including a division written bare
  (`义乌市`, `昌化镇`, `锦城街道`); a zone written bare (`立山经济开发区`) is a `zone_committee`.
"""

# Names that stand for many bodies: 各…, 所涉/相关/有关…, …成员单位, 市直各部门, 各专班 …
_COLLECTIVE = re.compile(
    r"各"
    r"|^(所涉|相关|有关|涉及|所属|其他|其它)"
    r"|成员单位$|(有关|相关|等)(单位|部门)$"
    r"|运营商$"
    r"|^(省|市|区|县)直(属)?(有关|相关)?(部门|单位|机关)$"
    r"|县\(市、?区\)|县市区|^(乡镇|镇街|街镇|区县|县区)(\(街道\))?(政府)?$"
)

_PARTY = re.compile(
    r"^(中共|共青团|团(省|市|区|县|州)委)"
    r"|^(省|市|区|县|州|旗|镇|乡|自治区|自治州)?委(员会)?($|[^员会])"
    r"|纪委|监委|工委$|编办|机构编制|党校|人大|政协|党组$"
)
_MASS = re.compile(
    r"(总工会|妇联|科协|文联|社科联|工商联|残联|红十字会|侨联|台联|作协|贸促会|(?<!机)关工委|慈善总会|计生协会?"
    r"|青联|学联|团委|妇女联合会|科学技术协会)$"
)
_MEDIA = re.compile(r"(日报社|报社|晚报社?|日报|广电总台|广播电视台|广播电视总台|电视台|广播电台|融媒体中心|传媒集团|新闻中心)$")
_UNIVERSITY = re.compile(r"(大学|学院|学校|中学|小学|大学城)$")
_COMMAND = re.compile(r"(指挥部|领导小组|领导小组办公室|工作专班|专班|工作组)$")
_COMPANY = re.compile(r"公司|集团|(银行|分行|支行|信用社|农商行|保险)$")
_CENTRAL = re.compile(
    r"海关|检验检疫|出入境|边检|海事|国税|税务|银监|证监|保监|银保监|人行|人民银行|外汇管理"
    r"|邮政管理|通信管理|气象|铁路|电业局|供电局|法院|检察院|调查队|烟草|盐务|民航|分局$"
    r"|消防救援|军分区|人武部|武警"
)
_GOVERNMENT = re.compile(r"^(.+?)(人民政府|政府|街道办事处|办事处)$")
_DEPARTMENT = re.compile(r"(局|委|办|厅|中心|署|院|办公室|委员会|处|所|站|队|社|室|馆|会|部)$")


@lru_cache(maxsize=8192)
def is_collective(name: str) -> bool:
    """Whether the name stands for a set of bodies, which the ledger must expand or assign."""
    return bool(_COLLECTIVE.search(fold(normalize_line(name))))


def _is_government(base: str) -> bool:
    match = _GOVERNMENT.match(base)
    if match:
        stem = match.group(1)
        if match.group(2).endswith("办事处"):
            return match.group(2) == "街道办事处" or stem.endswith("街道")
        return place_kind(stem) in ("admin", "street") or (stem.endswith("新区") and len(stem) > 2)
    return place_kind(base) in ("admin", "street")


@lru_cache(maxsize=8192)
def classify_unit(name: str) -> str:
    """The kind of body a unit name denotes (a key of `UNIT_KINDS`), so each kind can be handled apart.

    Cached: a notice names ~100 distinct units in ~1,000 assignments.
    """
    if is_collective(name):
        return "collective"
    base = fold(without_brackets(normalize_line(name)))
    if base.endswith("等") and len(base) > 1:
        base = base[:-1]
    if not base:
        return "unknown"
    if _COMMAND.search(base):
        return "command_post"
    if base.endswith(("管委会", "管理委员会")) or (
        base.endswith("党工委") and base[:-3].endswith(ZONE_ENDINGS)
    ):
        return "zone_committee"
    if place_kind(base) == "zone":
        return "zone_committee"
    if _MEDIA.search(base):
        return "media"
    if _UNIVERSITY.search(base):
        return "university"
    if _MASS.search(base) and not _PARTY.match(base):
        return "mass_organization"
    if _PARTY.search(base):
        return "party_organ"
    if "人行" in base or "人民银行" in base:
        return "central_agency"
    if _COMPANY.search(base):
        return "company"
    if _CENTRAL.search(base):
        return "central_agency"
    if _is_government(base):
        return "county_government"
    if _DEPARTMENT.search(base):
        return "department"
    return "unknown"
