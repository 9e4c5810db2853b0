"""Jurisdiction profiles: the divisions and zones of a place, so collective units can be expanded.

A notice says `各县(市、区)政府`; only someone who knows Jinhua knows that means nine governments.
That knowledge lives in `profiles/<key>.json`, one file per jurisdiction, loaded here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from luoshi.notice.errors import UnreadableInput
from luoshi.notice.normalize import normalize_line
from luoshi.notice.units._text import fold

PROFILE_DIR = Path(__file__).resolve().parent.parent / "profiles"

# The level character each kind of division answers to in `各县(市、区)`.
_LEVEL_OF_KIND = {"district": "区", "county_city": "市", "county": "县", "banner": "旗", "prefecture": "州"}


@dataclass
class Division:
    """A subordinate administrative division and its government's name as notices write it."""

    name: str
    kind: str  # district | county_city | county | banner | prefecture | township | street
    government: str


@dataclass
class Zone:
    """A development or functional zone and its committee's name as notices write it."""

    name: str
    committee: str


@dataclass
class JurisdictionProfile:
    """A place's divisions, zones and known aliases, as one `profiles/*.json` file describes them."""

    key: str
    name: str
    level: str
    divisions: list[Division] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # alias → canonical, written and derived
    source: str = ""

    def governments(self, levels: str | None = None) -> list[str]:
        """Governments of the divisions, optionally only those whose level character is in `levels`."""
        return [
            d.government
            for d in self.divisions
            if levels is None or _LEVEL_OF_KIND.get(d.kind, d.name[-1]) in levels
        ]

    def committees(self) -> list[str]:
        """Committees of the zones, in profile order."""
        return [z.committee for z in self.zones]

    def canonical(self, name: str) -> str:
        """The profile's canonical name for a unit (the name itself when no alias is known)."""
        return self.aliases.get(name, name)


def _derived_aliases(name: str, divisions: list[Division], zones: list[Zone]) -> dict[str, str]:
    """Spellings that need no listing: `婺城区人民政府`, `金华市婺城区政府`, `…管理委员会`."""
    aliases: dict[str, str] = {}
    for division in divisions:
        aliases[division.name + "人民政府"] = division.government
        aliases[name + division.government] = division.government
        aliases[name + division.name + "人民政府"] = division.government
    for zone in zones:
        if zone.committee.endswith("管委会"):
            aliases[zone.committee[: -len("管委会")] + "管理委员会"] = zone.committee
    return {alias: canonical for alias, canonical in aliases.items() if alias != canonical}


def _resolve_path(name_or_path: str) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix == ".json" or candidate.is_file():
        return candidate
    for path in sorted(PROFILE_DIR.glob("*.json")):
        if path.stem == name_or_path:
            return path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and name_or_path in (data.get("name"), data.get("key")):
            return path
    known = "、".join(sorted(p.stem for p in PROFILE_DIR.glob("*.json"))) or "无"
    raise UnreadableInput(f"{name_or_path}: 找不到这个地方配置（已有：{known}）")


def profile_from_data(data: object, source: str) -> JurisdictionProfile:
    """A profile from already-loaded JSON data (e.g. a jurisdiction's profile stored in the database)."""
    if not isinstance(data, dict):
        raise UnreadableInput(f"{source}: 地方配置应为 JSON 对象")
    try:
        divisions = [Division(str(d["name"]), str(d.get("kind", "")), str(d["government"])) for d in data.get("divisions", [])]
        zones = [Zone(str(z["name"]), str(z["committee"])) for z in data.get("zones", [])]
        name = str(data["name"])
        aliases = _derived_aliases(name, divisions, zones)
        aliases.update({str(k): str(v) for k, v in dict(data.get("aliases", {})).items()})
    except KeyError as missing:
        raise UnreadableInput(f"{source}: 地方配置缺少字段 {missing.args[0]}") from None
    except (TypeError, ValueError, AttributeError):
        raise UnreadableInput(f"{source}: 地方配置的 divisions/zones/aliases 格式不对") from None
    return JurisdictionProfile(
        key=str(data.get("key") or Path(source).stem),
        name=name,
        level=str(data.get("level", "")),
        divisions=divisions,
        zones=zones,
        aliases=aliases,
        source=source,
    )


def load_profile(name_or_path: str) -> JurisdictionProfile:
    """Load a shipped profile by key or name ("jinhua", "金华市") or any profile JSON by path."""
    path = _resolve_path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise UnreadableInput(f"{path}: 无法读取地方配置文件") from None
    except UnicodeDecodeError:
        raise UnreadableInput(f"{path}: 地方配置文件不是 UTF-8 编码") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise UnreadableInput(f"{path}: 第{err.lineno}行不是有效的 JSON") from None
    return profile_from_data(data, str(path))


_QUANTIFIER = r"(?P<q>各|所涉|涉及|相关|有关|所属|全部)?(的)?"
_DIVISION_GROUP = re.compile(_QUANTIFIER + r"(?P<levels>[区县市旗州]+|县级市)(人民)?(?P<gov>政府)?$")
_ZONE_GROUP = re.compile(
    _QUANTIFIER
    + r"(?P<n>[一二三四五六七八九十\d]+)?(个|家|大)?(开发区|功能区|园区|平台|区)?(管委会|管理委员会)$"
)
_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}


def collective_scope(name: str) -> str | None:
    """"all" for 各…, "concerned" for 所涉/相关/有关…; the caller records which members really apply."""
    folded = fold(normalize_line(name))
    if folded.startswith(("所涉", "涉及", "相关", "有关")):
        return "concerned"
    if folded.startswith(("各", "全")) or "各" in folded:
        return "all"
    return None


def _count(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _CHINESE_DIGITS.get(text)
    return None


def expand_collective(name: str, profile: JurisdictionProfile) -> list[str] | None:
    """Member units of a collective such as `各县(市、区)政府`, or None when the profile cannot say."""
    compact = re.sub(r"[()、,\s]", "", fold(normalize_line(name)))
    match = _DIVISION_GROUP.fullmatch(compact)
    if match and (match.group("q") or len(match.group("levels")) > 1):
        levels = "市" if match.group("levels") == "县级市" else match.group("levels")
        members = profile.governments(levels)
        return members or None
    match = _ZONE_GROUP.fullmatch(compact)
    if match and (match.group("q") or match.group("n")):
        committees = profile.committees()
        count = _count(match.group("n")) if match.group("n") else None
        if not committees or (match.group("n") and count != len(committees)):
            return None
        return committees
    return None
