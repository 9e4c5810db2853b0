"""Role labels (牵头单位: / 配合单位: / 责任领导: …) wherever a notice writes them.

Notices put roles on lines of their own, in a parenthesis at the end of the task, inline after the
text (`…。牵头单位:X;责任单位:Y`), or as verbs (`X牵头,Y配合`, `X等按职责分工负责`). This module turns
any of those into `RoleFields`; which role a 责任单位 finally gets is decided later, by the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Traditional forms of the characters that occur in labels, mapped one-to-one so offsets survive.
_TRAD = str.maketrans("牽頭單責協領導時間負門辦與關體層級務實項內簽長區縣書記廳黨組織員會", "牵头单责协领导时间负门办与关体层级务实项内签长区县书记厅党组织员会")


_HAS_TRAD = re.compile("[" + "".join(chr(c) for c in _TRAD) + "]")


def label_view(text: str) -> str:
    """The text with traditional label characters simplified and `【牵头单位】` read as `牵头单位: `.

    The view has the same length as the text, so offsets found in it apply to the text.
    """
    view = text.translate(_TRAD) if _HAS_TRAD.search(text) else text
    if "【" in view or "[" in view:
        view = _BRACKET_LABEL.sub(lambda m: m.group("label") + ": ", view)
    return view


# Label name → role. Longer names first so that 牵头责任单位 wins over 责任单位.
_LABELS: list[tuple[str, str]] = [
    ("牵头负责领导", "leader"),
    ("牵头责任单位", "lead"),
    ("责任牵头单位", "lead"),
    ("牵头(责任)单位", "lead"),
    ("协同责任单位", "cooperating"),
    ("配合责任单位", "cooperating"),
    ("责任主体与协同单位", "cooperating"),
    ("责任市领导", "leader"),
    ("分管市领导", "leader"),
    ("责任区领导", "leader"),
    ("责任县领导", "leader"),
    ("牵头市领导", "leader"),
    ("完成时限", "deadline"),
    ("完成时间", "deadline"),
    ("时间节点", "deadline"),
    ("时间要求", "deadline"),
    ("分管副市长", "leader"),
    ("分管副区长", "leader"),
    ("分管副县长", "leader"),
    ("分管副省长", "leader"),
    ("牵头副市长", "leader"),
    ("责任副市长", "leader"),
    ("联系市领导", "leader"),
    ("分管市长", "leader"),
    ("分管区长", "leader"),
    ("分管县长", "leader"),
    ("牵头责任部门", "lead"),
    ("牵头单位", "lead"),
    ("牵头处室", "lead"),
    ("牵头科室", "lead"),
    ("主责部门", "lead"),
    ("牵头部门", "lead"),
    ("主责单位", "lead"),
    ("配合单位", "cooperating"),
    ("配合处室", "cooperating"),
    ("配合科室", "cooperating"),
    ("协同部门", "cooperating"),
    ("协办部门", "cooperating"),
    ("参与部门", "cooperating"),
    ("配合部门", "cooperating"),
    ("协同单位", "cooperating"),
    ("协办单位", "cooperating"),
    ("协助单位", "cooperating"),
    ("参与单位", "cooperating"),
    ("参加单位", "cooperating"),
    ("责任单位", "responsible"),
    ("责任处室", "responsible"),
    ("责任科室", "responsible"),
    ("责任部门", "responsible"),
    ("实施单位", "responsible"),
    ("承办单位", "responsible"),
    ("落实单位", "responsible"),
    ("责任主体", "responsible"),
    ("牵头领导", "leader"),
    ("责任领导", "leader"),
    ("分管领导", "leader"),
    ("联系领导", "leader"),
    ("领衔领导", "leader"),
    ("市领导", "leader"),
    ("时限", "deadline"),
]
LABEL_ROLES = dict(_LABELS)
_LABEL_ALT = "|".join(re.escape(name) for name, _ in _LABELS)
# A label is followed by a colon; a leading 各 or a role word before it would make it prose.
LABEL_RE = re.compile(rf"(?<![各由与和及、])(?P<label>{_LABEL_ALT})\s*[::]\s*")
_BRACKET_LABEL = re.compile(rf"[【\[](?P<label>{_LABEL_ALT})[】\]]")
LINE_LABEL_RE = re.compile(rf"^\s*(?P<label>{_LABEL_ALT})\s*[::]\s*")

# Clause-final role verbs inside a parenthesis: `X牵头`, `Y配合`, `Z等按职责分工负责`.
_VERB_RE = re.compile(
    r"^(?P<units>.+?)(?:分别|共同|为)?(?P<verb>牵头负责|牵头|负责牵头|配合|协同|协助|参与|"
    r"按职责分工负责|按职责负责|分别负责|按职能分工负责|负责落实|负责)$"
)
_VERB_ROLES = {
    "牵头": "lead",
    "牵头负责": "lead",
    "负责牵头": "lead",
    "配合": "cooperating",
    "协同": "cooperating",
    "协助": "cooperating",
    "参与": "cooperating",
}

_TIME_WORDS = re.compile(
    r"(年内|年底|月底|季度|上半年|下半年|长期|持续|前完成|之前|以前|年前|底前|[0-9一二三四五六七八九十]+月|"
    r"\d{4}年|按序时|按时间节点|常态化)"
)


@dataclass
class RoleFields:
    """Raw role text found for one task, before splitting into units."""

    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    leader: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    # (role, text, start offset in its line, line) for showing where units were written
    spans: list[tuple[str, str, int, int]] = field(default_factory=list)

    def add(self, role: str, text: str, start: int = -1, line: int = 0) -> None:
        text = text.strip().strip(",;。.、 ").strip()
        if not text:
            return
        getattr(self, role).append(text)
        self.spans.append((role, text, start, line))

    def copy(self) -> "RoleFields":
        return RoleFields(
            list(self.lead), list(self.cooperating), list(self.responsible), list(self.leader), list(self.deadline), list(self.spans)
        )

    def at_line(self, line: int) -> "RoleFields":
        """The same fields, their spans placed on `line` (parsers see one line at a time)."""
        self.spans = [(role, text, start, line) for role, text, start, _ in self.spans]
        return self

    def merge(self, other: "RoleFields") -> None:
        for role in ("lead", "cooperating", "responsible", "leader", "deadline"):
            getattr(self, role).extend(getattr(other, role))
        self.spans.extend(other.spans)

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.cooperating or self.responsible)

    @property
    def empty(self) -> bool:
        return not (self.has_units or self.leader or self.deadline)


def parse_labelled(text: str, offset: int = 0) -> RoleFields:
    """Read `label:value` pairs; each value runs to the next label."""
    view = label_view(text)
    fields = RoleFields()
    matches = list(LABEL_RE.finditer(view))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[match.end() : end]
        fields.add(LABEL_ROLES[match.group("label")], value, offset + match.end())
    return fields


def split_clauses(text: str) -> list[tuple[str, int]]:
    """Split on `,;` outside brackets, keeping each clause's start offset."""
    clauses: list[tuple[str, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([【“《〔":
            depth += 1
        elif ch in ")]】”》〕":
            depth = max(0, depth - 1)
        elif ch in ",;，；" and depth == 0:
            clauses.append((text[start:i], start))
            start = i + 1
    clauses.append((text[start:], start))
    return [(c, s) for c, s in clauses if c.strip()]


_VERB_HINT = re.compile("牵头|牽頭|配合|协同|協同|协助|協助|参与|參與|负责|負責")


def refine_unit_value(role: str, value: str) -> RoleFields:
    """A labelled unit list that itself says who leads (`责任单位:市发改委牵头,市财政局配合`)."""
    fields = RoleFields()
    if not _VERB_HINT.search(value):
        fields.add(role, value)
        return fields
    clauses = split_clauses(value)
    if any(_VERB_RE.match(label_view(c.strip())) for c, _ in clauses):
        for clause, start in clauses:
            stripped = clause.strip()
            verb = _VERB_RE.match(label_view(stripped))
            if verb:
                fields.add(_VERB_ROLES.get(verb.group("verb"), role), stripped[: verb.end("units")], start)
            else:
                fields.add(role, stripped, start)
        return fields
    fields.add(role, value)
    return fields


def parse_role_clauses(text: str, offset: int = 0) -> RoleFields | None:
    """Read a role parenthesis's content; None when it is not a role clause at all.

    Accepts labels (`牵头单位:X;配合单位:Y`), verbs (`X牵头,Y配合`, `X等按职责分工负责`), time clauses
    (`年内持续推进`), and plain unit lists separated by `;` (first part leads, the rest cooperate).
    """
    view = label_view(text)
    if LABEL_RE.search(view):
        first = LABEL_RE.search(view)
        fields = parse_labelled(text[first.start() :], offset + first.start())
        head = text[: first.start()].strip(" ,;")
        if head:
            extra = parse_role_clauses(head, offset)
            if extra is None:
                return None
            extra.merge(fields)
            return extra
        return fields
    fields = RoleFields()
    plain: list[tuple[str, int]] = []
    for clause, start in split_clauses(text):
        stripped = clause.strip()
        cview = label_view(stripped)
        verb = _VERB_RE.match(cview)
        if verb:
            units = stripped[: verb.end("units")]
            role = _VERB_ROLES.get(verb.group("verb"), "responsible")
            fields.add(role, units, offset + start)
        elif _TIME_WORDS.search(cview) and len(stripped) <= 16:
            fields.deadline.append(stripped)
        else:
            plain.append((stripped, start))
    if plain:
        if fields.has_units or len(plain) > 1:
            # `[X;Y]`: the first part leads, later parts cooperate (documented convention).
            if not fields.has_units:
                fields.add("lead", plain[0][0], offset + plain[0][1])
                for clause, start in plain[1:]:
                    fields.add("cooperating", clause, offset + start)
                return fields
            return None
        fields.add("responsible", plain[0][0], offset + plain[0][1])
    return fields if not fields.empty else None


_TRAILING_BRACKET = re.compile(r"(?P<open>[(\[【])(?P<body>[^()\[\]【】]*(?:\([^()]*\)[^()\[\]【】]*)*)(?P<close>[)\]】])[。.;]?\s*$")


def split_trailing_roles(text: str) -> tuple[str, RoleFields | None]:
    """Split a task line into its text and the roles written at its end, if any.

    Handles a final parenthesis/bracket and labels written inline after the text
    (`…隐性债务。牵头单位:省财政厅;责任单位:…`). The parser asks this of the same line several
    times, so answers are cached and each caller gets its own copy of the fields.
    """
    stripped, fields = _split_trailing_roles(text)
    return stripped, (fields.copy() if fields is not None else None)


@lru_cache(maxsize=4096)
def _split_trailing_roles(text: str) -> tuple[str, RoleFields | None]:
    # Only a text that ends with a closing bracket can end with a role parenthesis.
    match = _TRAILING_BRACKET.search(text) if text.rstrip(" 。.;").endswith((")", "]", "】")) else None
    if match:
        body = match.group("body")
        fields = parse_role_clauses(body, match.start("body"))
        if fields is not None and _looks_like_roles(body, fields):
            if not (fields.has_units or fields.leader):
                return text, fields  # only a time clause: the text keeps it
            return text[: match.start()].rstrip(), fields
    view = label_view(text)
    first = LABEL_RE.search(view)
    if first and first.start() > 0:
        fields = parse_labelled(text[first.start() :], first.start())
        if fields.has_units or fields.leader:
            return text[: first.start()].rstrip(" ,;"), fields
    return text, None


_UNIT_TAIL = re.compile(
    r"(局|委|办|厅|部|府|会|院|署|中心|公司|集团|分行|支行|行|海关|指挥部|小组|单位|部门|街道|乡镇|镇|社|台|馆|队|所|站|处|团|联|校|学|等)$"
)


def _looks_like_roles(body: str, fields: RoleFields) -> bool:
    """A parenthesis is a role clause when it has labels/verbs, or is nothing but unit names."""
    view = label_view(body)
    if LABEL_RE.search(view) or _VERB_RE.search(view) or fields.deadline:
        return True
    items = [p for p in re.split(r"[、,;]", body) if p.strip()]
    if not items or re.search(r"\d", body):
        return False
    return all(_UNIT_TAIL.search(item.strip()) for item in items) and len(body) >= 3
