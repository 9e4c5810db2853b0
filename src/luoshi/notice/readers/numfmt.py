"""Word's list number formats (w:numFmt), so automatic numbers read as the author saw them: 一、 (1) ① 甲."""

from __future__ import annotations

_DIGITS = "〇一二三四五六七八九"  # digit by digit: 二〇一八
_COUNTING = "零一二三四五六七八九"  # counting, where a gap reads 零: 一百零五
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
_UNITS = ("", "十", "百", "千")
_LEGAL_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def chinese_counting(
    value: int, digits: str = _COUNTING, units: tuple[str, ...] = _UNITS, short_ten: bool = True
) -> str:
    """Write a number the way Chinese counts it: 十一, 二十, 一百零五, 一千零一十, 一万二千."""
    if value < 0:
        return "负" + chinese_counting(-value, digits, units, short_ten)
    if value < 10:
        return digits[value]
    groups: list[int] = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    if len(groups) > len(_GROUPS):
        return str(sum(group * 10000**index for index, group in enumerate(groups)))
    parts: list[str] = []
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(parts)
            continue
        if parts and (need_zero or group < 1000):
            parts.append(digits[0])
        parts.append(_group(group, digits, units) + _GROUPS[index])
        need_zero = False
    text = "".join(parts)
    ten = digits[1] + units[1]
    if short_ten and text.startswith(ten) and groups[-1] < 20:
        text = text[1:]
    return text


def _group(value: int, digits: str, units: tuple[str, ...]) -> str:
    """Four digits (1–9999) with their place words and 零 for inner zeros."""
    text = ""
    zero = False
    for place in range(3, -1, -1):
        digit = value // 10**place % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += digits[0]
            zero = False
        text += digits[digit] + units[place]
    return text


def _digit_by_digit(value: int) -> str:
    return "".join(_DIGITS[int(digit)] for digit in str(value))


def _letters(value: int, upper: bool) -> str:
    """A, B … Z, AA, BB …: Word repeats the letter rather than counting in base 26."""
    if value < 1:
        return str(value)
    letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
    return letter if upper else letter.lower()


def _roman(value: int, upper: bool) -> str:
    if not 0 < value < 4000:
        return str(value)
    text = ""
    for number, symbol in _ROMAN:
        while value >= number:
            text += symbol
            value -= number
    return text if upper else text.lower()


def _enclosed(value: int, first: int, last_value: int) -> str:
    return chr(first + value - 1) if 1 <= value <= last_value else str(value)


def _circled(value: int) -> str:
    if 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if 21 <= value <= 35:
        return chr(0x3251 + value - 21)
    if 36 <= value <= 50:
        return chr(0x32B1 + value - 36)
    return str(value)


def _ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


_FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalFullWidth": str,
    "decimalFullWidth2": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperLetter": lambda n: _letters(n, True),
    "lowerLetter": lambda n: _letters(n, False),
    "upperRoman": lambda n: _roman(n, True),
    "lowerRoman": lambda n: _roman(n, False),
    "chineseCounting": lambda n: chinese_counting(n) if n < 100 else _digit_by_digit(n),
    "chineseCountingThousand": chinese_counting,
    "taiwaneseCounting": lambda n: chinese_counting(n) if n < 100 else _digit_by_digit(n),
    "taiwaneseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "ideographDigital": _digit_by_digit,
    "taiwaneseDigital": _digit_by_digit,
    "chineseLegalSimplified": lambda n: chinese_counting(n, _LEGAL_DIGITS, _LEGAL_UNITS, short_ten=False),
    "ideographLegalTraditional": lambda n: chinese_counting(n, _LEGAL_TRADITIONAL, _LEGAL_UNITS, short_ten=False),
    "ideographTraditional": lambda n: _HEAVENLY_STEMS[(n - 1) % 10] if n >= 1 else str(n),
    "ideographZodiac": lambda n: _EARTHLY_BRANCHES[(n - 1) % 12] if n >= 1 else str(n),
    "decimalEnclosedCircle": _circled,
    "decimalEnclosedCircleChinese": _circled,
    "ideographEnclosedCircle": lambda n: _enclosed(n, 0x3280, 10),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488, 20),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474, 20),
    "ordinal": _ordinal,
    "hex": lambda n: f"{n:X}",
    "none": lambda n: "",
}


def format_number(value: int, num_fmt: str) -> str:
    """Render a list counter in a w:numFmt; unknown formats fall back to decimal, as Word does."""
    return _FORMATS.get(num_fmt, str)(value)
