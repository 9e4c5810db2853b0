"""Cover metadata: what a notice says about itself before its task list begins.

A notice's head names its title, document number (文号), issuer, signing and publishing dates,
addressees (主送) and attachments. Web pages add an info-disclosure box (`发布日期: … 来源: …`,
sometimes as a `|` table row) and furniture around them. The caller passes the normalised lines that
come before the task list; each field records the line it came from in `lines_used`.

The work report's year comes from the title (`2018年政府工作报告…`), else the document number's year,
else the signing date's, else the publishing date's. Addressees are split on `,` `;` and `、` outside
brackets, except a run of short region words sharing one 政府 (`各省、自治区、直辖市人民政府`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from luoshi.notice.deadlines import parse_date
from luoshi.notice.model import ParsedNotice
from luoshi.notice.normalize import normalize_line, squeeze_han_spaces

# Traditional forms of the characters the cover patterns look for, one to one so offsets survive.
_TRAD = str.maketrans(
    "關於見決責辦廳門單機構發來號稱題員會處頭協點實項務開範圍類屬瀏覽數擊體組報區縣時間",
    "关于见决责办厅门单机构发来号称题员会处头协点实项务开范围类属浏览数击体组报区县时间",
)

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")  # pages kept as `<p>…</p>`: each tag breaks the line

# Labels of the info-disclosure box, mapped to the field they fill (None: recognised, not kept).
_FIELD_LABELS: dict[str, str | None] = {
    "名称": "title", "标题": "title", "文件名称": "title",
    "文号": "doc_number", "发文字号": "doc_number", "发文文号": "doc_number",
    "发布机构": "issuer", "发布单位": "issuer", "发文机关": "issuer", "发文单位": "issuer",
    "来源": "issuer", "信息来源": "issuer",
    "发布日期": "published", "发布时间": "published", "发文日期": "published", "公开日期": "published",
    "成文日期": "date",
    "索引号": None, "字号": None, "文件分类": None, "主题分类": None, "体裁分类": None, "组配分类": None,
    "所属机构": None, "公开方式": None, "公开范围": None, "公开时限": None, "有效性": None, "时效": None,
    "主题词": None, "浏览次数": None, "点击数": None, "作者": None, "生效日期": None, "废止日期": None,
}
# Web pages space labels out (`索 引 号:`), so a space may fall between any two label characters.
_LABEL_ALT = "|".join(
    r"\s?".join(map(re.escape, label)) for label in sorted(_FIELD_LABELS, key=len, reverse=True)
)
_FIELD = re.compile(rf"(?:^|(?<=\s))(?P<label>{_LABEL_ALT})\s*:\s*")

_TITLE_END = r"(?:通知|意见|方案|决定|通报|办法|安排)"
_TITLE_WITH_ABOUT = re.compile(rf"关于.+的?{_TITLE_END}$")
_TITLE_DECOMPOSITION = re.compile(r"(?:分解|分工)(?:方案|表|清单|安排|意见)?$")
_TITLE_FALLBACK = re.compile(r"\d{4}年.*(?:重点工作|民生实事|实事项目|重点任务|工作任务|重点项目)")
_TITLE_MAX = 120
_BRACKET_PREFIX = re.compile(r"^(?:【[^】]{0,40}】|\[[^\]]{0,40}\])\s*")
_NUMBERED = re.compile(r"^\d{1,2}[.、]")

_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,10}?)\s*[〔\[(【]\s*(?P<year>\d{4})\s*[〕\])】]\s*(?P<num>\d{1,5})\s*号"
)
_DOC_NUMBER_LINE_MAX = 30

_ISSUER = re.compile(
    r"^[\u4e00-\u9fff()]{1,40}(?:政府|办公室|办公厅|委员会|管委会|委|局|厅|部|院|办|中心|公司|集团)$"
)
_MASTHEAD = re.compile(r"^(?P<issuer>.{2,40}?)文件$")
_ADDRESSEE_HINT = re.compile(r"各|(?:政府|部门|单位|机构|委员会|管委会|办事处|企业|学校|院校|委|局|厅|处)$")
_ADDRESSEE_EXCLUDE = re.compile(r"如下|下列|以下|。|《|^(?:牵头|配合|协同|责任|附件|联系|主送|抄送)")
_ADDRESSEE_MAX = 120
_REGION_WORD_MAX = 3  # 各省、自治区、直辖市人民政府: the words before the last are this short

_ATTACHMENT = re.compile(r"^附\s*件\s*:\s*(?P<rest>.*)$")
_ATTACHMENT_ITEM = re.compile(r"^(?P<num>\d{1,2})\s*[.、]\s*(?P<title>.+)$")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?P<year>\d{4})\s*年")


@dataclass
class CoverMetadata:
    """What the cover of a notice says, each field with the line it was read from."""

    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    date: str | None = None  # signing date, ISO
    published: str | None = None  # publishing date, ISO
    year: int | None = None  # the year of the work report the notice decomposes
    addressees: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    lines_used: dict[str, int] = field(default_factory=dict)

    def apply_to(self, notice: ParsedNotice) -> None:
        """Copy the fields onto a parsed notice, so the parser has one place that fills the cover."""
        notice.title = self.title
        notice.doc_number = self.doc_number
        notice.issuer = self.issuer
        notice.date = self.date
        notice.published = self.published
        notice.year = self.year
        notice.addressees = list(self.addressees)
        notice.attachments = list(self.attachments)


@dataclass
class _Line:
    number: int
    text: str  # normalised, tags removed
    view: str  # spaces between Chinese dropped, traditional folded: what patterns look at


def _prepare(lines: list[tuple[int, str]]) -> list[_Line]:
    prepared = []
    for number, raw in lines:
        for piece in _TAG.split(raw or ""):
            text = normalize_line(piece)
            if text:
                prepared.append(_Line(number, text, squeeze_han_spaces(text).translate(_TRAD)))
    return prepared


def _original(line: _Line) -> str:
    """The line with spaces between Chinese dropped but characters as written (aligned with `view`)."""
    return squeeze_han_spaces(line.text)


def _drop_spaces(text: str) -> str:
    """Drop spaces except between two ASCII letters or digits (`G60 科创` → `G60科创`, `Windows 10` kept)."""
    return re.sub(
        r"\s+",
        lambda m: " " if _ascii_word(m.string, m.start() - 1) and _ascii_word(m.string, m.end()) else "",
        text,
    ).strip()


def _ascii_word(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalnum()


# ---------------------------------------------------------------------------------------------
# The info-disclosure box
# ---------------------------------------------------------------------------------------------


def _fields(lines: list[_Line]) -> tuple[dict[str, tuple[str, int]], set[int]]:
    """Labelled values (`发布日期: 2018-04-21`, `发布单位 | 区政府 |`); the first value of each field wins."""
    found: dict[str, tuple[str, int]] = {}
    field_lines: set[int] = set()
    for index, line in enumerate(lines):
        if "|" in line.text:
            field_lines.add(index)  # a table row: never a title, addressee or date line
        pairs = _pipe_pairs(line) if "|" in line.text else _colon_pairs(line)
        if not pairs:
            continue
        field_lines.add(index)
        for label, value in pairs:
            name = _FIELD_LABELS.get(label)
            if name and value and name not in found:
                found[name] = (value, line.number)
    return found, field_lines


def _colon_pairs(line: _Line) -> list[tuple[str, str]]:
    # Matched on the text with its spaces: they are what separates one field from the next.
    matches = list(_FIELD.finditer(line.text.translate(_TRAD)))
    if not matches or matches[0].start() != 0:
        return []
    pairs = []
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(line.text)
        label = re.sub(r"\s", "", match.group("label"))
        pairs.append((label, line.text[match.end() : end].strip()))
    return pairs


def _pipe_pairs(line: _Line) -> list[tuple[str, str]]:
    cells = [cell.strip() for cell in _original(line).split("|")]
    views = [cell.strip() for cell in line.view.split("|")]
    pairs = []
    for index, view in enumerate(views):
        label = view.rstrip(":").strip()
        if label in _FIELD_LABELS:
            value = cells[index + 1] if index + 1 < len(cells) else ""
            if value.rstrip(":").strip() in _FIELD_LABELS:
                value = ""
            pairs.append((label, value))
    return pairs


# ---------------------------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------------------------


def _clean_title(text: str) -> str:
    text = _BRACKET_PREFIX.sub("", text.strip())
    match = _DOC_NUMBER.match(text)
    if match:
        text = text[match.end() :]
    return _drop_spaces(text)


def _title_candidates(lines: list[_Line], skip: set[int], fields: dict[str, tuple[str, int]]):
    """(rank, text, line) for each line that reads as the notice's title; rank 0 is the strongest."""
    candidates = []
    if "title" in fields:
        value, number = fields["title"]
        text = _clean_title(value)
        if _TITLE_WITH_ABOUT.search(text.translate(_TRAD)):
            candidates.append((0, text, number))
    for index, line in enumerate(lines):
        if index in skip:
            continue
        text = _clean_title(line.text)
        view = text.translate(_TRAD)
        if not text or "。" in text or len(text) > _TITLE_MAX or view.startswith("附件"):
            continue
        if "关于" in view:
            joined = _join_title(lines, index, skip, text)
            if joined:
                candidates.append((0, _with_issuer_line(lines, index, skip, joined), line.number))
        elif _TITLE_DECOMPOSITION.search(view) and not _NUMBERED.match(view) and len(text) <= 60:
            candidates.append((1, text, line.number))
        elif _TITLE_FALLBACK.search(view) and len(text) <= 60 and not _NUMBERED.match(view) and not view.endswith(":"):
            candidates.append((2, text, line.number))
    return candidates


def _join_title(lines: list[_Line], index: int, skip: set[int], text: str) -> str | None:
    """The title starting at this line, joined with up to two more lines when it is split."""
    joined = text
    for following in range(index, min(index + 3, len(lines))):
        if following > index:
            if following in skip:
                return None
            joined += _clean_title(lines[following].text)
        if len(joined) > _TITLE_MAX or "。" in joined:
            return None
        if _TITLE_WITH_ABOUT.search(joined.translate(_TRAD)):
            return joined
    return None


def _with_issuer_line(lines: list[_Line], index: int, skip: set[int], title: str) -> str:
    """Prefix the issuer when the title starts with 关于 and the issuer sits on the line above."""
    if not title.translate(_TRAD).startswith("关于") or index == 0 or index - 1 in skip:
        return title
    above = _drop_spaces(lines[index - 1].text)
    if _ISSUER.match(above.translate(_TRAD)):
        return above + title
    return title


def _pick_title(candidates) -> tuple[str, int] | None:
    if not candidates:
        return None
    best_rank = min(rank for rank, _text, _line in candidates)
    ranked = [(text, line) for rank, text, line in candidates if rank == best_rank]
    if best_rank == 2:
        return ranked[0]
    return max(ranked, key=lambda item: len(item[0]))  # max keeps the first of equals


def _doc_number(text: str, anywhere: bool) -> str | None:
    view = text.translate(_TRAD)
    match = _DOC_NUMBER.search(view) if anywhere else _DOC_NUMBER.match(view)
    if not match:
        return None
    return f"{match.group('prefix')}〔{match.group('year')}〕{int(match.group('num'))}号"


def _find_doc_number(lines: list[_Line], skip: set[int], fields) -> tuple[str, int] | None:
    if "doc_number" in fields:
        value, number = fields["doc_number"]
        found = _doc_number(_drop_spaces(value), anywhere=True)
        if found:
            return found, number
    for index, line in enumerate(lines):
        if index in skip:
            continue
        text = _BRACKET_PREFIX.sub("", _drop_spaces(line.text))
        short = len(text) <= _DOC_NUMBER_LINE_MAX
        found = _doc_number(text, anywhere=short)
        if found:
            return found, line.number
    return None


def _find_signing_date(lines: list[_Line], skip: set[int], fields) -> tuple[str, int, int] | None:
    """(ISO date, line number, index) of the first line that is only a date."""
    for index, line in enumerate(lines):
        if index in skip:
            continue
        found = parse_date(line.text)
        if found:
            return found, line.number, index
    if "date" in fields:
        value, number = fields["date"]
        found = parse_date(value)
        if found:
            return found, number, -1
    return None


def _is_issuer(text: str) -> bool:
    return bool(_ISSUER.match(text.translate(_TRAD)))


def _find_issuer(lines, skip, fields, signing_index: int, title: tuple[str, int] | None):
    if "issuer" in fields:
        value, number = fields["issuer"]
        value = _drop_spaces(value)
        if _is_issuer(value):
            return value, number
    if signing_index > 0 and signing_index - 1 not in skip:
        above = lines[signing_index - 1]
        text = _drop_spaces(above.text)
        if _is_issuer(text):
            return text, above.number
    for index, line in enumerate(lines):
        match = _MASTHEAD.match(_drop_spaces(line.text))
        if match and index not in skip and _is_issuer(match.group("issuer")):
            return match.group("issuer"), line.number
    if title:
        text, number = title
        position = text.translate(_TRAD).find("关于")
        if position > 0 and _is_issuer(text[:position]):
            return text[:position], number
    return None


def _find_addressees(lines: list[_Line], skip: set[int]) -> tuple[list[str], int] | None:
    for index, line in enumerate(lines):
        if index in skip or not line.text.endswith(":"):
            continue
        body = _drop_spaces(line.text[:-1])
        view = body.translate(_TRAD)
        if not body or len(body) > _ADDRESSEE_MAX or ":" in body or _ADDRESSEE_EXCLUDE.search(view):
            continue
        if not _ADDRESSEE_HINT.search(view):
            continue
        return split_addressees(body), line.number
    return None


def split_addressees(text: str) -> list[str]:
    """Split a 主送 line into recipients, keeping `各县(市、区)人民政府` and `各省、自治区、直辖市人民政府` whole."""
    items = []
    for piece in _split_outside_brackets(text, ",;"):
        parts = _split_outside_brackets(piece, "、")
        if _is_region_run(parts):
            parts = [piece]
        items.extend(parts)
    return [item.strip() for item in items if item.strip()]


def _is_region_run(parts: list[str]) -> bool:
    """`各省、自治区、直辖市人民政府`: short region words sharing the last one's 政府, one recipient."""
    if len(parts) < 2 or not parts[-1].translate(_TRAD).endswith("政府"):
        return False
    return all(len(part) <= _REGION_WORD_MAX for part in parts[:-1]) and not any(
        part.startswith("各") for part in parts[1:]
    )


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    parts, current, depth = [], [], 0
    for char in text:
        if char in "(〔[【《":
            depth += 1
        elif char in ")〕]】》" and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _attachment_title(text: str) -> str:
    text = _drop_spaces(text).rstrip("。;,")
    if text.startswith("《") and text.endswith("》"):
        text = text[1:-1]
    return text


def _find_attachments(lines: list[_Line], skip: set[int]) -> tuple[list[str], int] | None:
    for index, line in enumerate(lines):
        match = _ATTACHMENT.match(line.view) if index not in skip else None
        if not match:
            continue
        rest = _original(line)[match.start("rest") :].strip()
        titles: list[str] = []
        following = index + 1
        if rest:
            item = _ATTACHMENT_ITEM.match(rest)
            if not item:
                return [_attachment_title(rest)], line.number
            expected = int(item.group("num")) + 1
            titles.append(_attachment_title(item.group("title")))
        else:
            expected = 1
        for later in lines[following:]:
            item = _ATTACHMENT_ITEM.match(later.text)
            if not item or int(item.group("num")) != expected:
                break
            titles.append(_attachment_title(item.group("title")))
            expected += 1
        return titles, line.number
    return None


def _year(title, doc_number, signing, published) -> tuple[int, int] | None:
    """The work report's year: from the title, else the document number, else the dates."""
    if title:
        match = _YEAR_IN_TEXT.search(title[0])
        if match and 1949 < int(match.group("year")) < 2100:
            return int(match.group("year")), title[1]
    if doc_number:
        return int(re.search(r"〔(\d{4})〕", doc_number[0]).group(1)), doc_number[1]
    for found in (signing, published):
        if found:
            return int(found[0][:4]), found[1]
    return None


def extract_metadata(lines: list[tuple[int, str]]) -> CoverMetadata:
    """Read a notice's cover (the lines before its task list) so the ledger knows what document it came from."""
    prepared = _prepare(lines)
    fields, field_lines = _fields(prepared)
    meta = CoverMetadata()

    def use(name: str, value, line: int) -> None:
        setattr(meta, name, value)
        meta.lines_used[name] = line

    title = _pick_title(_title_candidates(prepared, field_lines, fields))
    if title:
        use("title", *title)
    doc_number = _find_doc_number(prepared, field_lines, fields)
    if doc_number:
        use("doc_number", *doc_number)
    signing = _find_signing_date(prepared, field_lines, fields)
    if signing:
        use("date", signing[0], signing[1])
    published = None
    if "published" in fields:
        value, number = fields["published"]
        if parse_date(value):
            published = (parse_date(value), number)
            use("published", *published)
    issuer = _find_issuer(prepared, field_lines, fields, signing[2] if signing else -1, title)
    if issuer:
        use("issuer", *issuer)
    year = _year(title, doc_number, signing[:2] if signing else None, published)
    if year:
        use("year", *year)
    addressees = _find_addressees(prepared, field_lines)
    if addressees:
        use("addressees", *addressees)
    attachments = _find_attachments(prepared, field_lines)
    if attachments:
        use("attachments", *attachments)
    return meta
