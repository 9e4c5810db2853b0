"""What a place name, a level word and a body suffix look like, for suffix distribution and kinds.

All functions expect text already passed through `_text.fold` (simplified characters).
"""

from __future__ import annotations

# A division's last character when its name is written bare: 婺城区, 义乌市, 武义县, 昌化镇 …
LEVEL_CHARS = frozenset("区市县镇乡州旗盟")

# Words that name a level, not a place: `各县、市、区政府` is split into these.
LEVEL_WORDS = frozenset(
    {
        "省", "市", "县", "区", "州", "旗", "盟", "乡", "镇", "街", "街道", "地区",
        "自治区", "直辖市", "计划单列市", "自治州", "自治县", "县级市", "市辖区",
        "区县", "县区", "县市", "市县", "县市区", "乡镇", "镇街", "街镇", "市区", "城区", "郊区",
    }
)

# Endings of development/functional zones, which have a 管委会 rather than a 政府.
ZONE_ENDINGS = (
    "开发区", "新区", "经济区", "园区", "高新区", "保税区", "示范区", "试验区", "实验区", "合作区",
    "度假区", "风景区", "景区", "商务区", "功能区", "集聚区", "产业区", "经开区", "自贸区", "综试区",
    "科技城", "新城", "产业园", "工业园", "物流园", "港区",
)

# Body suffixes that can be written once for a run of places, longest first.
BODY_SUFFIXES = ("管理委员会", "人民政府", "管委会", "党工委", "办事处", "政府", "党委")

# Prefixes that make a name stand for many bodies; such names never take a distributed suffix.
COLLECTIVE_PREFIXES = ("各", "所涉", "相关", "有关", "涉及", "所属", "全市", "全区", "全县", "全省")


def place_kind(name: str) -> str | None:
    """"zone", "street" or "admin" for a bare place name, None when the text is not one."""
    if len(name) < 2 or name in LEVEL_WORDS or name.startswith(COLLECTIVE_PREFIXES):
        return None
    if name.endswith(ZONE_ENDINGS):
        return "zone"
    if name.endswith("街道"):
        return "street"
    if name[-1] in LEVEL_CHARS:
        return "admin"
    return None


def suffix_fits(place: str, kind: str, suffix: str) -> bool:
    """Whether `suffix` is the body such a place has: a county has a 政府, a zone a 管委会."""
    if suffix in ("政府", "人民政府"):
        return kind == "admin" or place.endswith("新区")
    if suffix in ("管委会", "管理委员会"):
        return kind == "zone"
    if suffix == "党工委":
        return kind in ("zone", "street")
    if suffix == "办事处":
        return kind == "street"
    return True  # 党委: every kind of place has one


def body_suffix(name: str) -> str | None:
    """The body suffix a name ends with (`义乌市政府` → `政府`), if any."""
    for suffix in BODY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return None
