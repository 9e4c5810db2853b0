"""Read numbers as Chinese notices write them, and take 万/亿 out of units.

Notices mix Arabic and Chinese numerals freely: `7%`, `1.5万户`, `三十六个`, `两千人`, `一百零五`.
`parse_chinese_number` reads all of those (Arabic digits, Chinese digits, 十百千万亿 and mixes such
as `1.5万` or `3万亿`, colloquial `三万五` = 35000, digit-by-digit `二〇一八`). `apply_multiplier`
turns a unit as written (`万家`, `亿元`, `万千瓦`) into a base unit and the factor applied to the value,
leaving rates (`份/千人`, `微克/立方米`) and units that merely start with a multiplier character
(`千瓦`, `千米`, `百分点`) alone. Traditional 萬/億/兩 are read like 万/亿/两.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Traditional forms that only change the character, never the meaning.
_TRADITIONAL = str.maketrans({"萬": "万", "億": "亿", "兩": "两", "○": "〇"})

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}

_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿点]")

# Multiplier prefixes a unit may carry, longest first.
UNIT_MULTIPLIERS: tuple[tuple[str, int], ...] = (
    ("万亿", 10**12),
    ("千万", 10**7),
    ("百万", 10**6),
    ("亿", 10**8),
    ("万", 10**4),
    ("千", 10**3),
    ("百", 10**2),
)

# Units whose first character looks like a multiplier but is part of the unit itself.
WHOLE_UNITS = frozenset({"千瓦", "千瓦时", "千米", "千克", "千伏", "千卡", "千帕", "百分点", "百米"})


def parse_chinese_number(s: str) -> float | None:
    """Read a number written in Arabic digits, Chinese numerals or a mix, so targets compare as numbers.

    Returns None when `s` is not a number on its own (`万`, `十三五`, `一二三四五六七八九十`…).
    """
    if not isinstance(s, str):
        return None
    if _ARABIC.fullmatch(s):
        return float(s.replace(",", ""))
    s = s.strip().translate(_TRADITIONAL)
    if not s:
        return None
    if _ARABIC.fullmatch(s):
        return float(s.replace(",", ""))
    tokens = _TOKEN.findall(s)
    if "".join(tokens) != s:
        return None
    if len(tokens) > 1 and all(token in _DIGITS for token in tokens):
        # Written digit by digit, as years are: 二〇一八.
        return float(int("".join(str(_DIGITS[token]) for token in tokens)))
    value = _read_positional(tokens)
    return None if value is None else float(value)


def _read_positional(tokens: list[str]) -> Decimal | None:
    if "点" in tokens:
        at = tokens.index("点")
        whole, fraction = tokens[:at], tokens[at + 1 :]
        if not fraction or not all(token in _DIGITS for token in fraction):
            return None
        whole_value = _read_positional(whole) if whole else None
        if whole_value is None:
            return None
        return whole_value + Decimal("0." + "".join(str(_DIGITS[token]) for token in fraction))
    high = Decimal(0)  # completed 亿 groups
    wan: Decimal | None = None  # the 万 group inside the current 亿 group
    section = Decimal(0)  # below 万
    digit: Decimal | None = None  # a digit waiting for its multiplier
    last_small = 10**5  # small units must decrease inside a section
    last_unit = 0  # the multiplier just before a trailing bare digit (一百五 = 150)
    after_zero = False
    started = False
    for token in tokens:
        if token in _DIGITS or token[0].isdigit():
            if digit is not None:
                return None  # two digits in a row inside a positional number
            if token[0].isdigit() and started and not after_zero and last_unit == 0:
                return None
            try:
                digit = Decimal(token) if token[0].isdigit() else Decimal(_DIGITS[token])
            except InvalidOperation:
                return None
            if token == "零" or token == "〇":
                after_zero, digit = True, None
                if not started:
                    started = True
                continue
            started = True
        elif token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            if unit >= last_small:
                return None
            if digit is None:
                if token != "十":
                    return None  # 百/千 need a digit before them
                digit = Decimal(1)
            section += digit * unit
            digit, last_small, last_unit, after_zero, started = None, unit, unit, False, True
        else:  # 万 or 亿
            if not started:
                return None
            if section == 0 and digit is None and (token == "万" or wan is None):
                return None  # 万 or 亿 with nothing to multiply: 十万万, 万亿 at the start
            group = section + (digit or 0)
            if token == "万":
                if wan is not None:
                    return None
                wan = group
            else:
                high = (high + group + (wan or 0) * 10**4) * 10**8
                wan = None
            section, digit, last_small, last_unit, after_zero = Decimal(0), None, 10**5, _BIG_UNITS[token], False
    if not started:
        return None
    if digit is not None and not after_zero and last_unit >= 100:
        digit *= Decimal(last_unit) / 10  # colloquial: 三万五 = 35000, 一百五 = 150
    return high + (wan or 0) * 10**4 + section + (digit or 0)


def apply_multiplier(value: float, unit: str) -> tuple[float, str]:
    """Take a 万/亿/千/百 prefix out of a unit into the value, so 1万家 and 10000家 compare equal.

    Rates (`份/千人`) and units such as `千瓦` or `百分点` are returned unchanged.
    """
    if not unit or "/" in unit or unit in WHOLE_UNITS:
        return value, unit
    if unit[0] not in "万亿千百萬億":
        return value, unit
    simple = unit.translate(_TRADITIONAL)
    for prefix, factor in UNIT_MULTIPLIERS:
        if simple.startswith(prefix):
            try:
                scaled = float(Decimal(repr(float(value))) * factor)
            except (InvalidOperation, ValueError, OverflowError):
                scaled = float(value) * factor
            return scaled, unit[len(prefix) :]
    return value, unit
