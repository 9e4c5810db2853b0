"""Completion-time clauses (完成时限): find them in a task's text and turn them into dates.

Notices write deadlines as `2018年6月底前`, `6月底前`, `年内`, `三季度末`, `上半年`, `2019年春节前`,
`到2015年`, or say there is none (`长期坚持`, `持续推进`). A clause without a year takes the year of
the work report; open-ended clauses have no date. Readings that need a choice:

- `M月前` is read strictly, as before month M begins (the last day of month M-1);
- `YYYY年前` and `到YYYY年` mean by the end of that year;
- `春节前` with no year means the next Spring Festival (the notice is issued after the year's one);
- `年内持续推进` is bounded by the year and so dates to 31 December.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from luoshi.notice.markers import CN_VALUES, number_value

# Arabic or Chinese numerals, as months, days and quarters are written.
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR_DIGITS = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})"
_YEAR = rf"(?P<year>{_YEAR_DIGITS})年"
_REL_YEAR = r"(?P<rel>今|本|当|明|次)年"
# `2018年前三季度` is "the first three quarters of 2018", not "before 2018".
_BEFORE = r"(?:之前|以前|前(?![一二三两四五六七八九十\d几]))"
# A month or day number must not continue another number (`2018年12月` is not `2月`).
_NUM_START = r"(?<![\d一二三四五六七八九十])"
# Bare 年内/年底 must not follow a count (`5年内`, `三年内` are durations, not deadlines).
_NOT_COUNT = r"(?<![0-9〇零○一二两三四五六七八九十几数多])"

# Spring Festival (正月初一) by year; `春节前` dates to its eve.
_SPRING_FESTIVAL = {
    2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19),
    2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12),
    2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6),
    2028: (1, 26), 2029: (2, 13), 2030: (2, 3),
}

_OPEN_ENDED = r"(?:长期坚持|长期推进|长期|持续推进|持续开展|常态化推进|按序时进度推进|按序时推进|按时序推进)"
# Open-ended phrases are verbs too (`持续推进“四边三化”`): only clause-final ones count.
_CLAUSE_END = r"(?=\s*(?:[)\]】。;,、]|$))"

# Each pattern names its parts; `_to_date` reads the names. Order does not matter: for each start the
# longest match wins, and among all matches the one that ends last.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ymd", re.compile(rf"(?:{_YEAR})?{_NUM_START}(?P<month>{_NUM})月(?P<day>{_NUM})[日号]{_BEFORE}?")),
    ("ymd_numeric", re.compile(r"(?<![\d.])(?P<year>\d{4})(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d.])")),
    (
        "month",
        re.compile(
            rf"(?:{_YEAR}|{_REL_YEAR})?{_NUM_START}(?P<month>{_NUM})月(?P<part>份|底|末|中旬|上旬|下旬|初)?(?P<before>{_BEFORE})?"
        ),
    ),
    ("quarter", re.compile(rf"(?:{_YEAR}|{_REL_YEAR})?前?第?(?P<quarter>[一二三四1-4])季度(?:末|底)?{_BEFORE}?")),
    ("half", re.compile(rf"(?:{_YEAR}|{_REL_YEAR})?(?P<half>[上下])半年{_BEFORE}?")),
    ("festival", re.compile(rf"(?:{_YEAR}|{_REL_YEAR})?(?P<festival>春节|元旦|国庆节|国庆)(?:假期)?{_BEFORE}")),
    ("flood", re.compile(rf"(?:{_YEAR})?(?:汛期|汛){_BEFORE}")),
    ("year_end", re.compile(rf"(?:{_YEAR}|{_REL_YEAR}|{_NOT_COUNT}年)(?:底|末){_BEFORE}?")),
    ("year_within", re.compile(rf"(?:{_YEAR}|{_REL_YEAR}|{_NOT_COUNT}年)内(?P<ongoing>持续推进|持续开展)?")),
    ("year_before", re.compile(rf"{_YEAR}{_BEFORE}")),
    ("year_by", re.compile(rf"(?:到|至|截至){_YEAR}(?:底|末)?")),
    ("open", re.compile(rf"{_OPEN_ENDED}{_CLAUSE_END}")),
]

# Only when a whole field is the deadline (`完成时限: 4月`, `2018.12`, `2018年`), not in prose.
_LOOSE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month", re.compile(rf"^(?:{_YEAR})?(?P<month>{_NUM})月$")),
    ("ym_numeric", re.compile(r"^(?P<year>\d{4})[./-](?P<month>\d{1,2})$")),
    ("year_end", re.compile(rf"^{_YEAR}$")),
]

_MONTH_BARE_QUALIFIED = re.compile(r"^(?:份|底|末|中旬|上旬|下旬|初)$")


# Every pattern above needs one of these; most task texts have none, and skip the full scan.
_ANCHOR = re.compile(
    r"月|\d[./-]\d|季度|半年|春节|元旦|国庆|汛|年[底末内前之以]|长期|持续|常态化|序时|时序|(?:到|至)[\d〇零○一二三四五六七八九]{4}年"
)


def _candidates(text: str, loose: bool) -> list[tuple[int, int, str, re.Match[str]]]:
    if not loose and not _ANCHOR.search(text):
        return []
    found = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if kind == "month" and not _month_is_clause(match):
                continue
            found.append((match.start(), match.end(), kind, match))
    if loose:
        stripped = text.strip()
        offset = text.find(stripped) if stripped else 0
        for kind, pattern in _LOOSE_PATTERNS:
            match = pattern.match(stripped)
            if match:
                found.append((offset, offset + len(stripped), kind, match))
    return found


def _month_is_clause(match: re.Match[str]) -> bool:
    """A month counts when qualified (`6月底`, `10月份`, `6月前`) or dated (`2018年6月`)."""
    part = match.group("part")
    if part and _MONTH_BARE_QUALIFIED.match(part):
        return True
    return bool(match.group("before") or match.group("year") or match.group("rel"))


def _last(text: str, loose: bool) -> tuple[int, int, str, re.Match[str]] | None:
    found = _candidates(text, loose)
    if not found:
        return None
    # The clause that ends last; among those, the one that starts first (the longest).
    return max(found, key=lambda item: (item[1], -item[0]))


def find_time_clause(text: str) -> tuple[str, int, int] | None:
    """The last completion-time clause in a task's text, with its span, so the ledger can show and date it."""
    best = _last(text, loose=False)
    if best is None:
        return None
    start, end, _kind, _match = best
    return text[start:end], start, end


def normalize_deadline(text: str, year: int | None) -> str | None:
    """The ISO date a deadline as written stands for, so lateness can be computed; None when open-ended or unknown."""
    if not text:
        return None
    best = _last(text, loose=True)
    if best is None:
        return None
    _start, _end, kind, match = best
    try:
        result = _to_date(kind, match, year)
    except ValueError:  # 2月30日 and the like
        return None
    return result.isoformat() if result else None


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _year_of(match: re.Match[str], notice_year: int | None) -> int | None:
    written = _group(match, "year")
    if written:
        return year_value(written)
    rel = _group(match, "rel")
    if notice_year is None:
        return None
    if rel in ("明", "次"):
        return notice_year + 1
    return notice_year


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _to_date(kind: str, match: re.Match[str], notice_year: int | None) -> date | None:
    if kind in ("open", "flood"):
        return None
    year = _year_of(match, notice_year)
    if year is None:
        return None
    if kind in ("ymd", "ymd_numeric"):
        return date(year, _int(match.group("month")), _int(match.group("day")))
    if kind in ("year_end", "year_within", "year_before", "year_by"):
        return date(year, 12, 31)
    if kind == "half":
        return date(year, 6, 30) if match.group("half") == "上" else date(year, 12, 31)
    if kind == "quarter":
        quarter = _int(match.group("quarter"))
        return _month_end(year, quarter * 3)
    if kind == "festival":
        return _festival_eve(match, year)
    if kind in ("month", "ym_numeric"):
        return _month_date(year, _int(match.group("month")), _group(match, "part"), _group(match, "before"))
    return None


def _month_date(year: int, month: int, part: str | None, before: str | None) -> date:
    if part in ("上旬", "初"):
        return date(year, month, 10)
    if part == "中旬":
        return date(year, month, 20)
    if before and not part:
        # `6月前`: before June begins.
        return date(year, month, 1) - timedelta(days=1)
    return _month_end(year, month)


def _festival_eve(match: re.Match[str], year: int) -> date | None:
    festival = match.group("festival")
    explicit = bool(_group(match, "year") or _group(match, "rel"))
    if festival == "春节":
        # Without a year, the next Spring Festival: notices are issued after the year's one.
        target = year if explicit else year + 1
        if target not in _SPRING_FESTIVAL:
            return None
        month, day = _SPRING_FESTIVAL[target]
        return date(target, month, day) - timedelta(days=1)
    if festival == "元旦":
        target = year if explicit else year + 1
        return date(target - 1, 12, 31)
    return date(year, 9, 30)  # 国庆(节)前


def _int(number: str) -> int:
    value = number_value(number)
    if value is None:
        raise ValueError(number)
    return value


def year_value(written: str) -> int:
    """A year written in Arabic or Chinese digits (`2018`, `二〇一八`) as an int, read digit by digit."""
    if written.isdigit():
        return int(written)
    return int("".join(str(CN_VALUES.get(ch, 0)) for ch in written))


_FULL_DATE = re.compile(
    rf"^\s*(?P<year>{_YEAR_DIGITS})\s*(?:年\s*(?P<month>{_NUM})\s*月\s*(?P<day>{_NUM})\s*日"
    r"|(?P<sep>[./-])\s*(?P<nmonth>\d{1,2})\s*(?P=sep)\s*(?P<nday>\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*$"
)


def parse_date(text: str) -> str | None:
    """The ISO date of a text that is only a date (`2018年4月18日`, `二〇一八年四月十八日`, `2020-02-03 17:29`)."""
    match = _FULL_DATE.match(text or "")
    if not match:
        return None
    try:
        year = year_value(match.group("year"))
        if match.group("month"):
            month, day = _int(match.group("month")), _int(match.group("day"))
        else:
            month, day = int(match.group("nmonth")), int(match.group("nday"))
        return date(year, month, day).isoformat()
    except ValueError:
        return None
