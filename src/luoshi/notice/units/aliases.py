"""Suggest which unit names are one body written two ways, with the evidence a reviewer needs.

`市财政(地税)局` and `市财政局`, `人行金华市支行` and `人行金华市中心支行`: the office merges them in
the unit registry, but only after a person confirms, so every suggestion says why it was made.
Different bodies with similar names (`市委宣传部`/`市委组织部`, `义乌海关`/`金华海关`,
`市安全局`/`市安全监管局`) must not be suggested; the relations below are deliberately narrow.
Names are bucketed by exact keys (name without brackets, name without 等, name minus a short
inserted word), so the work grows with the number of names, not with its square.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from luoshi.notice.units._text import bracket_parts, has_bracket, without_brackets
from luoshi.notice.units.kinds import is_collective
from luoshi.notice.units.profile import JurisdictionProfile


@dataclass(frozen=True)
class AliasSuggestion:
    """`alias` is probably another name of `canonical`; `evidence` says why, in Chinese."""

    canonical: str
    alias: str
    evidence: str
    score: float


# Leading level markers skipped before measuring how much of a name two spellings share.
_LEVEL_PREFIX = re.compile(r"^(省委|市委|区委|县委|省政府|市政府|区政府|县政府|省|市|区|县|州)")
# Inserted words that make a different body rather than another spelling of the same one.
_CHANGES_BODY = re.compile(
    r"监管|监督|管理|执法|监察|稽查|服务|调查|中级|高级|初级|基层|检察|督查|考核|安全|生产|发展|促进|保护"
    r"|规划|建设|投资|国家|综合|新|老|旧|^分|^副|第|[0-9一二三四五六七八九十]"
)
_MIN_SHARED_PREFIX = 3
_MAX_INSERTED = 3


def _strip_level(text: str) -> str:
    return _LEVEL_PREFIX.sub("", text, count=1)


def _bracket_relation(a: str, b: str) -> tuple[str, float] | None:
    """Evidence that two spellings differ only in brackets, from the point of view of `a` → `b`."""
    base_a, base_b = without_brackets(a), without_brackets(b)
    if base_a != base_b:
        return None
    parts_a, parts_b = bracket_parts(a), bracket_parts(b)
    if not parts_a or not parts_b:
        bracketed = a if parts_a else b
        if bracketed.rstrip().endswith((")", "）", "]", "】", "〕")):
            return "在同一名称后用括号注明了该机构的另一职能/牌子", 0.9
        return "括号内注明的是同一机构的另一职能/名称", 0.9
    if len(parts_a) == len(parts_b) and all(
        _strip_level(x) == _strip_level(y) for x, y in zip(parts_a, parts_b)
    ):
        return "括号内的名称只差一个“市/区/县”前缀", 0.95
    return "括号外的名称相同，括号内注明的是同一机构的不同职能", 0.8


def _inserted_word(short: str, long: str) -> str | None:
    """The word `long` inserts into `short` (`金华山旅游经济区管委会` + 开发), when that is all they differ by."""
    extra = len(long) - len(short)
    if not 1 <= extra <= _MAX_INSERTED:
        return None
    prefix = 0
    while prefix < len(short) and short[prefix] == long[prefix]:
        prefix += 1
    if long[prefix + extra :] != short[prefix:] or prefix == len(short):
        return None
    if len(_strip_level(short[:prefix])) < _MIN_SHARED_PREFIX:
        return None
    inserted = long[prefix : prefix + extra]
    return None if _CHANGES_BODY.search(inserted) else inserted


def _relation(a: str, b: str, profile: JurisdictionProfile | None) -> tuple[str, float] | None:
    if profile is not None and (profile.aliases.get(a) == b or profile.aliases.get(b) == a):
        return f"{profile.name}地方配置登记的别名", 1.0
    found = _bracket_relation(a, b)
    if found:
        return found
    if a.endswith("等") and a[:-1] == b or b.endswith("等") and b[:-1] == a:
        return "末尾的“等”表示列举未尽，所指单位相同", 0.9
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    inserted = _inserted_word(short, long)
    if inserted:
        return f"名称几乎相同，只多了“{inserted}”", 0.6
    return None


class _Clusters:
    """Union-find over names, remembering the first link that brought each name in."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.link: dict[str, str] = {}

    def find(self, name: str) -> str:
        root = name
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(name, name) != root:  # path compression
            self.parent[name], name = root, self.parent[name]
        return root

    def join(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[root_b] = root_a
            self.link.setdefault(b, a)
            self.link.setdefault(a, b)


def _counts(names: Iterable[str] | Mapping[str, int]) -> dict[str, int]:
    if isinstance(names, Mapping):
        return {str(name): int(count) for name, count in names.items()}
    return dict(Counter(names))


def suggest_aliases(
    names: Iterable[str] | Mapping[str, int], profile: JurisdictionProfile | None = None
) -> list[AliasSuggestion]:
    """Pairs of names that probably denote one body, so the office can merge them in one step.

    `names` may carry counts (name → times named); the canonical of each group is the profile's
    name when it knows one, else the most frequent form without brackets, else the shortest.
    """
    counts = _counts(names)
    pool = [name for name in counts if name.strip() and not is_collective(name)]
    clusters = _Clusters()

    by_base: dict[str, str] = {}
    for name in pool:
        key = without_brackets(name) if has_bracket(name) else name
        if key.endswith("等") and len(key) > 1:
            key = key[:-1]
        if key in by_base:
            clusters.join(by_base[key], name)
        else:
            by_base[key] = name

    plain = {name for name in pool if not has_bracket(name) and not name.endswith("等")}
    for long in plain:
        for start in range(_MIN_SHARED_PREFIX, len(long) - 1):
            for extra in range(1, _MAX_INSERTED + 1):
                if start + extra >= len(long):
                    break
                short = long[:start] + long[start + extra :]
                if short in plain and _inserted_word(short, long):
                    clusters.join(short, long)

    if profile is not None:
        for name in pool:
            canonical = profile.aliases.get(name)
            if canonical and canonical != name:
                clusters.join(canonical, name)
                counts.setdefault(canonical, 0)

    groups: dict[str, list[str]] = {}
    for name in list(counts):
        if name in clusters.parent or name in clusters.link:
            groups.setdefault(clusters.find(name), []).append(name)

    suggestions: list[AliasSuggestion] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = _choose_canonical(members, counts, profile)
        for alias in members:
            if alias == canonical:
                continue
            found = _relation(canonical, alias, profile)
            if found is None:
                partner = clusters.link.get(alias, canonical)
                via = _relation(partner, alias, profile) or ("与同组名称相近", 0.5)
                found = (f"与“{partner}”{via[0]}", round(via[1] * 0.9, 2))
            suggestions.append(AliasSuggestion(canonical, alias, found[0], found[1]))
    return suggestions


def _choose_canonical(members: list[str], counts: dict[str, int], profile: JurisdictionProfile | None) -> str:
    if profile is not None:
        for name in members:
            if profile.aliases.get(name) in members:
                return profile.aliases[name]
    return min(members, key=lambda n: (has_bracket(n) or n.endswith("等"), -counts.get(n, 0), len(n), n))
