"""Word list number formats, checked digit by digit because they become task numbers."""

from __future__ import annotations

import pytest

from luoshi.notice.readers.numfmt import chinese_counting, format_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (85, "八十五"), (100, "一百"), (101, "一百零一"),
        (110, "一百一十"), (1010, "一千零一十"), (10001, "一万零一"), (12345, "一万二千三百四十五"),
        (100000, "十万"), (100000000, "一亿"),
    ],
)
def test_chinese_counting_thousand(value, expected):
    assert format_number(value, "chineseCountingThousand") == expected


def test_chinese_counting_switches_to_digits_past_ninety_nine():
    assert [format_number(n, "chineseCounting") for n in (9, 19, 99, 100, 105)] == ["九", "十九", "九十九", "一〇〇", "一〇五"]


def test_legal_and_digit_forms():
    assert format_number(11, "chineseLegalSimplified") == "壹拾壹"
    assert format_number(2018, "ideographDigital") == "二〇一八"
    assert chinese_counting(-3) == "负三"


@pytest.mark.parametrize(
    ("num_fmt", "values", "expected"),
    [
        ("decimal", (1, 85), ["1", "85"]),
        ("decimalZero", (3, 12), ["03", "12"]),
        ("upperLetter", (1, 26, 27, 28), ["A", "Z", "AA", "BB"]),
        ("lowerLetter", (2,), ["b"]),
        ("upperRoman", (4, 9, 14, 2018), ["IV", "IX", "XIV", "MMXVIII"]),
        ("decimalEnclosedCircle", (1, 20, 21, 50, 51), ["①", "⑳", "㉑", "㊿", "51"]),
        ("decimalEnclosedParen", (1, 20, 21), ["⑴", "⒇", "21"]),
        ("decimalEnclosedFullstop", (1,), ["⒈"]),
        ("ideographTraditional", (1, 10, 11), ["甲", "癸", "甲"]),
        ("ideographZodiac", (1, 12), ["子", "亥"]),
        ("ordinal", (1, 2, 3, 11, 22), ["1st", "2nd", "3rd", "11th", "22nd"]),
        ("none", (5,), [""]),
        ("somethingNew", (7,), ["7"]),
    ],
)
def test_other_formats(num_fmt, values, expected):
    assert [format_number(value, num_fmt) for value in values] == expected
