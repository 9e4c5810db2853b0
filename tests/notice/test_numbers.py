"""Reading Chinese and mixed numerals, and taking 万/亿 out of units."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.notice.numbers import apply_multiplier, parse_chinese_number

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int, two: str = "二") -> str:
    """Reference formatter: write n the standard way (一万零五, 十万, 一亿零一十万), 两 optional before 百/千."""
    if n == 0:
        return "零"
    return _group(n, two, leading=True)


def _group(n: int, two: str, leading: bool) -> str:
    for scale, mark in ((10**8, "亿"), (10**4, "万")):
        if n >= scale:
            high, low = divmod(n, scale)
            tail = ""
            if low:
                tail = ("零" if low < scale // 10 else "") + _group(low, two, leading=False)
            return _group(high, two, leading) + mark + tail
    return _below_ten_thousand(n, two, leading)


def _below_ten_thousand(n: int, two: str, leading: bool) -> str:
    out: list[str] = []
    zero_pending = False
    for unit, mark in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        if unit == 10 and digit == 1 and leading and not out:
            out.append("十")  # 十五, not 一十五, at the start of a number
            continue
        out.append((two if digit == 2 and unit >= 100 else DIGITS[digit]) + mark)
    return "".join(out)


def test_reference_formatter_writes_the_standard_forms():
    assert to_chinese(105) == "一百零五"
    assert to_chinese(10) == "十"
    assert to_chinese(15) == "十五"
    assert to_chinese(110) == "一百一十"
    assert to_chinese(10005) == "一万零五"
    assert to_chinese(100000) == "十万"
    assert to_chinese(100100000) == "一亿零一十万"
    assert to_chinese(2000, two="两") == "两千"
    assert to_chinese(10**12) == "一万亿"


@pytest.mark.parametrize(
    "written, value",
    [
        ("1.5万", 15000),
        ("三十六", 36),
        ("两千", 2000),
        ("一百零五", 105),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一千零一十", 1010),
        ("一万零五", 10005),
        ("三万五", 35000),  # colloquial
        ("一百五", 150),  # colloquial
        ("两千三", 2300),  # colloquial
        ("二〇一八", 2018),  # digit by digit
        ("1万5千", 15000),
        ("3万亿", 3 * 10**12),
        ("3.5亿", 350000000),
        ("0.99万", 9900),
        ("6.17万", 61700),
        ("5千", 5000),
        ("1,500", 1500),
        ("2.15", 2.15),
        ("兩萬", 20000),  # traditional
        ("三点五", 3.5),
        ("零", 0),
        ("一亿两千万", 120000000),
        ("十一亿", 1100000000),
        (" 42 ", 42),
    ],
)
def test_reads_numbers_as_notices_write_them(written, value):
    assert parse_chinese_number(written) == pytest.approx(value)


@pytest.mark.parametrize(
    "written",
    ["", "万", "亿", "百", "千", "百万", "十三五", "一二三四五六七八九十", "十百", "5个", "abc", "1.2.3", "三5", "点五", "三点", "万一"],
)
def test_refuses_what_is_not_a_number(written):
    assert parse_chinese_number(written) is None


def test_refuses_non_strings():
    assert parse_chinese_number(None) is None  # type: ignore[arg-type]
    assert parse_chinese_number(15) is None  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["二", "两"]))
def test_round_trips_integers_written_in_chinese(n, two):
    assert parse_chinese_number(to_chinese(n, two)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**8))
def test_round_trips_arabic_with_wan_and_yi(n):
    assert parse_chinese_number(str(n)) == n
    assert parse_chinese_number(f"{n}万") == n * 10**4
    assert parse_chinese_number(f"{n}亿") == n * 10**8


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,零〇一二两三四五六七八九十百千万亿点萬億兩 x", max_size=30))
def test_never_raises_on_numeral_soup(text):
    value = parse_chinese_number(text)
    assert value is None or value >= 0


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (1, "万家", (10000.0, "家")),
        (500, "亿元", (5e10, "元")),
        (200, "万平方米", (2e6, "平方米")),
        (7.8, "万吨", (78000.0, "吨")),
        (16, "万千瓦", (160000.0, "千瓦")),
        (6.17, "万人", (61700.0, "人")),
        (1.5, "万户", (15000.0, "户")),
        (0.99, "万套", (9900.0, "套")),
        (70, "萬人", (700000.0, "人")),
        (3, "千万元", (3e7, "元")),
        (2, "万亿元", (2e12, "元")),
        (3, "千人", (3000.0, "人")),
        (2, "万", (20000.0, "")),
    ],
)
def test_takes_the_multiplier_out_of_the_unit(value, unit, expected):
    base_value, base_unit = apply_multiplier(value, unit)
    assert (base_value, base_unit) == expected


@pytest.mark.parametrize("unit", ["份/千人", "微克/立方米", "千瓦", "千米", "百分点", "个百分点", "%", "家", "公里", ""])
def test_leaves_rates_and_plain_units_alone(unit):
    assert apply_multiplier(4.5, unit) == (4.5, unit)
